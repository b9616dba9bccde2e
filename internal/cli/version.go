package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/version"
)

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the labs version and the Kubernetes version it embeds",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(g.stdout, "labs %s\n", version.String())
			return nil
		},
	}
}
