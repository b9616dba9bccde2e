package cli

import (
	"os"
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
				if p, err := g.provider(); err == nil {
					if kc, err := p.Kubeconfig(); err == nil {
						if _, err := os.Stat(kc); err == nil {
							_ = os.Setenv("KUBECONFIG", kc)
						}
					}
				}
			}
			kubectl.Main(args)
		},
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
