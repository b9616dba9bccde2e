package cli

import (
	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/kubectl"
)

func newKubectlCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "kubectl [args...]",
		Short:              "Run the kubectl built into labs (same version as the embedded cluster)",
		DisableFlagParsing: true,
		Run: func(cmd *cobra.Command, args []string) {
			kubectl.Main(args)
		},
	}
}
