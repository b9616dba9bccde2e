//go:build !linux

package cli

import (
	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster/embedded"
)

// newNodeCmd is the hidden command of an embedded node, which runs only on Linux.
func newNodeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:    "node",
		Short:  "Run one node of the embedded cluster (Linux only)",
		Hidden: true,
		Args:   noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError{embedded.Supported(g.localizer())}
		},
	}
}
