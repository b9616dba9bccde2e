package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster/providers"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/state"
)

func newKubectlCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "kubectl [args...]",
		Short: "Run the kubectl built into labs (same version as the embedded cluster)",
		Long: `Run the kubectl built into labs. Without KUBECONFIG or --kubeconfig it talks to the cluster
labs manages, so 'labs kubectl get pods' works in any shell.`,
		DisableFlagParsing: true,
		Run: func(cmd *cobra.Command, args []string) {
			if os.Getenv("KUBECONFIG") == "" && !hasKubeconfigFlag(args) {
				useLabsKubeconfig(g, contactsServer(args))
			}
			kubectl.RefusedHint = refusedHint(g.stateDir, g.localizer())
			kubectl.Main(args)
		},
	}
}

// refusedHint is what kubectl says after a refused connection to the labs cluster (its
// kubeconfig is KUBECONFIG): it is not running, and how to start it. "" for another cluster.
func refusedHint(stateDir string, loc i18n.Localizer) string {
	if stateDir == "" {
		return ""
	}
	kc := providers.OwnKubeconfig(stateDir)
	for _, p := range filepath.SplitList(os.Getenv("KUBECONFIG")) {
		if p == kc {
			labsbin.Use(stateDir)
			return loc.T("labs: the labs cluster is not running; `%s` starts it again (its objects are kept).", labsbin.Run("cluster", "up"))
		}
	}
	return ""
}

// useLabsKubeconfig points kubectl at the labs cluster. Without one, kubectl falls back to
// ~/.kube/config, or else to localhost:8080 with a screenful of "connection refused": say
// first what is missing, when the command will talk to a server (warn).
func useLabsKubeconfig(g *globals, warn bool) {
	p, err := g.provider()
	if err != nil {
		return
	}
	kc, err := p.Kubeconfig()
	if err == nil {
		if _, statErr := os.Stat(kc); statErr == nil {
			_ = os.Setenv("KUBECONFIG", kc)
			if os.Getenv("KUBECACHEDIR") == "" {
				_ = os.Setenv("KUBECACHEDIR", state.KubectlCacheDir(g.stateDir))
			}
			return
		}
	}
	if home, herr := os.UserHomeDir(); herr == nil {
		if _, serr := os.Stat(filepath.Join(home, ".kube", "config")); serr == nil {
			return // the user's own cluster
		}
	}
	if err != nil && warn {
		fmt.Fprintf(g.stderr, "labs: %v\n", err)
	}
}

// offline are the kubectl commands that never contact an API server; `config` edits the
// kubeconfig only (labs' own, when there is one).
var offline = map[string]bool{"help": true, "completion": true, "options": true, "plugin": true, "config": true, "kustomize": true}

// contactsServer reports whether kubectl with args will talk to an API server: not for help
// (a bare kubectl prints it too), `version --client`, or the commands in offline.
func contactsServer(args []string) bool {
	verb := ""
	for _, a := range args {
		switch {
		case a == "-h" || a == "--help":
			return false
		case a == "--client" || a == "--client=true":
			if verb == "version" {
				return false
			}
		case verb == "" && !strings.HasPrefix(a, "-"):
			verb = a
		}
	}
	return verb != "" && !offline[verb]
}

func hasKubeconfigFlag(args []string) bool {
	for _, a := range args {
		if a == "--kubeconfig" || strings.HasPrefix(a, "--kubeconfig=") {
			return true
		}
	}
	return false
}
