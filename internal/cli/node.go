package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/cluster/providers"
)

// newNodeCmd is the hidden command each node of labs' own cluster runs as, started by the
// cluster process.
func newNodeCmd(g *globals) *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:    "node",
		Short:  "Run one node of the embedded cluster (started by the cluster process)",
		Hidden: true,
		Args:   noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			err := providers.RunNode(cmd.Context(), g.stateDir, name, g.localizer())
			if errors.Is(err, cluster.ErrUsage) {
				return usageError{err}
			}
			return err
		},
	}
	c.Flags().StringVar(&name, "name", "", "node name")
	return c
}
