package embedded

import (
	"context"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/node"
)

// clusterDNS is the Service IP of the cluster's DNS, which every kubelet hands its Pods.
const clusterDNS = "10.96.0.10"

// RunNode runs node name of the embedded cluster whose state is in stateDir, until ctx ends:
// what each node process the cluster process starts (`labs node --name N`) does. A name the
// cluster has no node of is an error matching cluster.ErrUsage.
func RunNode(ctx context.Context, stateDir, name string, _ i18n.Localizer) error {
	l := clusterdir.New(stateDir, DefaultName)
	meta, err := l.ReadMetadata()
	if err != nil {
		return err
	}
	for _, spec := range node.Specs(meta.Name, meta.Workers) {
		if spec.Name != name {
			continue
		}
		return node.Run(ctx, node.Config{Spec: spec, Paths: node.PathsFor(l, spec.Name), ClusterDNS: clusterDNS})
	}
	return cluster.UsageError(i18n.Errorf("the cluster has no node %q", name))
}
