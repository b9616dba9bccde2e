// Package providers links every cluster provider into labs (each registers itself with
// internal/cluster when imported) and holds what the CLI needs that only one provider has, so
// the CLI names no provider: it chooses through the registry and asks here.
package providers

import (
	"context"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/cluster/embedded"
	"github.com/labs-dev/labs/internal/cluster/existing"
	_ "github.com/labs-dev/labs/internal/cluster/kind" // registers itself
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/i18n"
)

// RunNode runs one node of labs' own cluster (the hidden `labs node --name N` each node
// process is, started by the cluster process). An unknown node is an error matching
// cluster.ErrUsage.
func RunNode(ctx context.Context, stateDir, name string, loc i18n.Localizer) error {
	return embedded.RunNode(ctx, stateDir, name, loc)
}

// OwnKubeconfig is the kubeconfig of labs' own cluster in stateDir: kubectl, finding it in
// KUBECONFIG after a refused connection, says how to start that cluster again.
func OwnKubeconfig(stateDir string) string {
	return clusterdir.New(stateDir, embedded.DefaultName).Kubeconfig()
}

// Title is how a sentence names p's cluster in the learner's language: "embedded", in zh-TW
// 「內建」 (as the labs' texts say 內建叢集); a provider without a title of its own, by its name.
func Title(loc i18n.Localizer, p cluster.Provider) string {
	switch p.(type) {
	case *embedded.Provider:
		return loc.T("embedded")
	case *existing.Provider:
		return loc.T("existing")
	}
	return p.Name()
}
