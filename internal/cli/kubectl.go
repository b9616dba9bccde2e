package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/labs-dev/labs/internal/cluster/providers"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/state"
)

// runKubectl runs the bundled kubectl; it never returns (tests replace it).
var runKubectl = kubectl.Main

func newKubectlCmd(g *globals) *cobra.Command {
	// kubectl's arguments: everything after the word kubectl. cobra hands the command labs'
	// own flags given before it too (`labs --cluster kind kubectl get pods`), unparsed, as
	// flag parsing is off so that kubectl sees its flags (kubectl has a --cluster of its own).
	var kubectlArgs []string
	return &cobra.Command{
		Use:   "kubectl [args...]",
		Short: "Run the kubectl built into labs (same version as the embedded cluster)",
		Long: `Run the kubectl built into labs. Without KUBECONFIG or --kubeconfig it talks to the cluster
labs manages (the one --cluster selects), so 'labs kubectl get pods' works in any shell, in the
context of the lab you are doing (a walkthrough runs, else the last one): each lab has a context
of its own.`,
		DisableFlagParsing: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			lead, rest, ok := splitAtKubectl(cmd.Root().PersistentFlags(), g.args)
			if !ok {
				lead, rest = nil, args
			}
			kubectlArgs = rest
			if err := cmd.Root().PersistentFlags().Parse(lead); err != nil {
				return usageError{err}
			}
			// The root's checks (--lang, --cluster, the state directory), now with those flags.
			return cmd.Root().PersistentPreRunE(cmd, args)
		},
		Run: func(cmd *cobra.Command, args []string) {
			if os.Getenv("KUBECONFIG") == "" && !hasKubeconfigFlag(kubectlArgs) {
				useLabsKubeconfig(g, contactsServer(kubectlArgs))
			}
			kubectl.RefusedHint = refusedHint(g.stateDir, g.localizer())
			runKubectl(kubectlArgs)
		},
	}
}

// splitAtKubectl splits a labs command line at its subcommand kubectl: labs' flags before it
// (lead, flags of fs) and kubectl's arguments after it (rest). ok is false when args do not
// start with labs flags followed by the word kubectl.
func splitAtKubectl(fs *pflag.FlagSet, args []string) (lead, rest []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "kubectl":
			return args[:i], args[i+1:], true
		case a == "--" || a == "-" || !strings.HasPrefix(a, "-"):
			return nil, nil, false
		}
		name, short := strings.TrimPrefix(a, "--"), false
		if !strings.HasPrefix(a, "--") {
			name, short = a[1:], true
		}
		if strings.Contains(name, "=") {
			continue // --flag=value
		}
		var f *pflag.Flag
		if short {
			if len(name) != 1 {
				return nil, nil, false // -xvalue or combined shorthands: labs has none
			}
			f = fs.ShorthandLookup(name)
		} else {
			f = fs.Lookup(name)
		}
		if f == nil {
			return nil, nil, false
		}
		if f.NoOptDefVal == "" {
			i++ // its value is the next argument
		}
	}
	return nil, nil, false
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
			// The context of the lab the learner is doing (a walkthrough runs, else the last
			// one), as in its shells: a namespace set here is that lab's (internal/labctx).
			if lkc, lerr := g.labKubeconfig(p, nil, currentLab(g.stateDir)); lerr == nil {
				kc = lkc
			}
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
