// Package existing is the cluster provider for a cluster labs does not run: any cluster a
// kubeconfig reaches. labs can use it but never starts, stops or deletes it.
package existing

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// Provider uses the cluster of a kubeconfig.
type Provider struct {
	kubeconfig string
	loc        i18n.Localizer
	files      *nodeFiles
}

// New returns a provider for the kubeconfig at path; "" means $KUBECONFIG, else ~/.kube/config.
func New(path string, opts ...cluster.Option) *Provider {
	if path == "" {
		path = ""
		for _, f := range filepath.SplitList(os.Getenv("KUBECONFIG")) {
			// A lab's own context file (internal/labctx: <state>/contexts/<provider>/<lab>.kubeconfig,
			// first in the KUBECONFIG `labs cluster env` exports) holds no cluster: the
			// cluster's kubeconfig is the next one.
			if strings.HasSuffix(f, ".kubeconfig") && filepath.Base(filepath.Dir(filepath.Dir(f))) == "contexts" {
				continue
			}
			path = f
			break
		}
	}
	if path == "" {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, ".kube", "config")
		}
	}
	p := &Provider{kubeconfig: path, loc: cluster.Apply(opts).Loc}
	p.files = newNodeFiles(p)
	return p
}

var _ cluster.Provider = (*Provider)(nil)

// Name implements cluster.Provider.
func (p *Provider) Name() string { return "existing" }

// Kubeconfig implements cluster.Provider.
func (p *Provider) Kubeconfig() (string, error) {
	if _, err := os.Stat(p.kubeconfig); err != nil {
		return "", fmt.Errorf("%s: %w", p.loc.T("kubeconfig %s cannot be read (pass --kubeconfig or set KUBECONFIG)", p.kubeconfig), err)
	}
	return p.kubeconfig, nil
}

// Capabilities implements cluster.Provider: the API, and the nodes' static pod directories
// through Pods on the nodes (nodefiles.go). Evidence of requests comes from what labs' own
// kubectl records: there is no audit log to read.
func (p *Provider) Capabilities() cluster.Capabilities {
	caps := Caps
	caps.NodeFiles = p.files
	return caps
}

// Caps are the existing provider's capabilities known before one is made: borrowed, no audit
// log; Capabilities adds the node files.
var Caps = cluster.Capabilities{}

func init() {
	cluster.Register(cluster.Registration{
		Name:    "existing",
		Summary: "the cluster of --kubeconfig, else $KUBECONFIG",
		Caps:    Caps,
		New: func(c cluster.Config) (cluster.Provider, error) {
			return New(c.Kubeconfig, c.Options...), nil
		},
	})
}

// Up checks that the cluster answers and can run pods.
func (p *Provider) Up(ctx context.Context, opts cluster.UpOptions) error {
	client, err := p.client()
	if err != nil {
		return err
	}
	v, err := client.Discovery().ServerVersion()
	if err != nil {
		return fmt.Errorf("%s: %w", p.loc.T("the cluster of %s does not answer", p.kubeconfig), err)
	}
	if _, err := client.CoreV1().ServiceAccounts(corev1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{}); err != nil {
		return fmt.Errorf("%s: %w", p.loc.T("the cluster of %s answers (%s) but its default ServiceAccount is missing", p.kubeconfig, v.GitVersion), err)
	}
	if opts.Out != nil {
		fmt.Fprintln(opts.Out, p.loc.T("Using the existing cluster of %s (Kubernetes %s).", p.kubeconfig, v.GitVersion))
	}
	return nil
}

// Down is not supported: labs does not own the cluster.
func (p *Provider) Down(context.Context) error {
	return fmt.Errorf("stopping an existing cluster: %w", cluster.ErrUnsupported)
}

// Delete is not supported: labs does not own the cluster.
func (p *Provider) Delete(context.Context) error {
	return fmt.Errorf("deleting an existing cluster: %w", cluster.ErrUnsupported)
}

// Status implements cluster.Provider.
func (p *Provider) Status(ctx context.Context) (*cluster.Status, error) {
	st := &cluster.Status{Provider: p.Name(), Kubeconfig: p.kubeconfig}
	cfg, err := clientcmd.BuildConfigFromFlags("", p.kubeconfig)
	if err != nil {
		return st, nil
	}
	st.Endpoint = cfg.Host
	client, err := p.client()
	if err != nil {
		return st, nil
	}
	for _, n := range cluster.ServerNodes(ctx, st, client) {
		ns := cluster.NodeStatusOf(&n)
		// What the kubelet says; "" when it does not answer or labs may not ask.
		ns.StaticPodPath, _ = kubeletStaticPodPath(ctx, client, n.Name)
		if ns.StaticPodPath == "" {
			ns.StaticPodPath = n.Annotations[cluster.AnnotationStaticPodPath]
		}
		st.Nodes = append(st.Nodes, ns)
	}
	return st, nil
}

func (p *Provider) client() (*kubernetes.Clientset, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", p.kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("loading kubeconfig %s: %w", p.kubeconfig, err)
	}
	cfg.Timeout = 10 * time.Second
	cfg.UserAgent = "labs-existing" // not a learner's program in the evidence
	return kubernetes.NewForConfig(cfg)
}
