//go:build linux

package cli

import (
	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster/embedded"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/node"
)

// newNodeCmd is the hidden command each embedded node runs as, started by the cluster process.
func newNodeCmd(g *globals) *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:    "node",
		Short:  "Run one node of the embedded cluster (started by the cluster process)",
		Hidden: true,
		Args:   noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := g.stateDir
			l := clusterdir.New(dir, embedded.DefaultName)
			meta, err := l.ReadMetadata()
			if err != nil {
				return err
			}
			for _, spec := range node.Specs(meta.Name, meta.Workers) {
				if spec.Name != name {
					continue
				}
				return node.Run(cmd.Context(), node.Config{
					Spec: spec, Paths: node.PathsFor(l, spec.Name), ClusterDNS: "10.96.0.10",
				})
			}
			return usageError{i18n.Errorf("the cluster has no node %q", name)}
		},
	}
	c.Flags().StringVar(&name, "name", "", "node name")
	return c
}
