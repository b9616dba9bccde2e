//go:build !linux

// Package embedded is the cluster labs runs itself on Linux. Its nodes are real kubelets whose
// containers live in Linux namespaces, so on other systems (macOS) it is not built: this file
// is all there is, a provider that says so in one line and names what works instead.
package embedded

import (
	"context"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/i18n"
)

// DefaultName is the name of the embedded cluster (controlplane.ClusterName on Linux).
const DefaultName = "labs"

// Supported says why the embedded cluster cannot run here. The one message every command
// gives on a system other than Linux; name the alternatives here and nowhere else.
func Supported(loc i18n.Localizer) error {
	return loc.Err("the embedded cluster runs only on Linux (its nodes use Linux namespaces): use --cluster kind (Docker Desktop), or --cluster existing with a cluster of your own, or run labs on Linux (a VM, or WSL2 on Windows)")
}

// Provider stands in for the embedded cluster where it cannot run: every operation fails with
// Supported's error.
type Provider struct {
	layout clusterdir.Layout
	loc    i18n.Localizer
}

// New returns the stand-in provider.
func New(stateDir string, opts ...cluster.Option) *Provider {
	o := cluster.Apply(opts)
	return &Provider{layout: clusterdir.New(stateDir, DefaultName), loc: o.Loc}
}

var _ cluster.Provider = (*Provider)(nil)

// Name implements cluster.Provider.
func (p *Provider) Name() string { return "embedded" }

// Layout is where the cluster would keep its files.
func (p *Provider) Layout() clusterdir.Layout { return p.layout }

// Up implements cluster.Provider.
func (p *Provider) Up(context.Context, cluster.UpOptions) error { return Supported(p.loc) }

// Down implements cluster.Provider.
func (p *Provider) Down(context.Context) error { return Supported(p.loc) }

// Delete implements cluster.Provider.
func (p *Provider) Delete(context.Context) error { return Supported(p.loc) }

// Status implements cluster.Provider.
func (p *Provider) Status(context.Context) (*cluster.Status, error) { return nil, Supported(p.loc) }

// Kubeconfig implements cluster.Provider.
func (p *Provider) Kubeconfig() (string, error) { return "", Supported(p.loc) }

// Capabilities implements cluster.Provider.
func (p *Provider) Capabilities() cluster.Capabilities { return cluster.Capabilities{} }

func init() {
	// Registered so that --cluster embedded names the reason it cannot run here, not "unknown".
	cluster.Register(cluster.Registration{
		Name:    "embedded",
		Summary: "labs' own cluster (Linux only)",
		New: func(c cluster.Config) (cluster.Provider, error) {
			return nil, cluster.UsageError(Supported(cluster.Apply(c.Options).Loc))
		},
	})
}
