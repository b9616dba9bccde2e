package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/kubectl"
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
				useLabsKubeconfig(g)
			}
			kubectl.Main(args)
		},
	}
}

// useLabsKubeconfig points kubectl at the labs cluster. Without one, kubectl falls back to
// ~/.kube/config, or else to localhost:8080 with a screenful of "connection refused": say
// first what is missing.
func useLabsKubeconfig(g *globals) {
	p, err := g.provider()
	if err != nil {
		return
	}
	kc, err := p.Kubeconfig()
	if err == nil {
		if _, statErr := os.Stat(kc); statErr == nil {
			_ = os.Setenv("KUBECONFIG", kc)
			return
		}
	}
	if home, herr := os.UserHomeDir(); herr == nil {
		if _, serr := os.Stat(filepath.Join(home, ".kube", "config")); serr == nil {
			return // the user's own cluster
		}
	}
	if err != nil {
		fmt.Fprintf(g.stderr, "labs: %v\n", err)
	}
}

func hasKubeconfigFlag(args []string) bool {
	for _, a := range args {
		if a == "--kubeconfig" || strings.HasPrefix(a, "--kubeconfig=") {
			return true
		}
	}
	return false
}
