// Package kind is the cluster provider that runs labs' cluster with kind (sigs.k8s.io/kind, used
// as a library) on the Docker engine: cluster "labs", nodes labs-control-plane, labs-worker and
// labs-worker2, the same names as the embedded cluster's. Its kubeconfig and audit log live under
// labs' state directory; ~/.kube/config is never touched.
package kind

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	kindcluster "sigs.k8s.io/kind/pkg/cluster"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/controlplane"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/statusline"
)

// Name is the cluster's name for kind; its nodes are Name-control-plane, Name-worker, Name-worker2.
const Name = "labs"

// EnvImage picks the node image when --kind-image is not given.
const EnvImage = "LABS_KIND_IMAGE"

// DefaultImage is kind's own default node image for the kind version labs is built with.
const DefaultImage = defaults.Image

// StaticPodDir is the kubelets' static pod directory on every kind node (kubeadm's).
const StaticPodDir = "/etc/kubernetes/manifests"

// Caps are the kind provider's capabilities: labs owns it, reads its audit log (a host directory
// mounted into the control-plane node) and reaches the nodes' files with docker exec. It is not
// thrown away for labs test: node containers' names are global to the Docker engine.
var Caps = cluster.Capabilities{Owned: true}

// Provider runs the "labs" kind cluster.
type Provider struct {
	stateDir string
	image    string
	log      log.Logger
	loc      i18n.Localizer
	// docker is the docker binary's name (tests put a fake one on PATH).
	docker string
}

// New returns the kind provider keeping its files under stateDir; image "" means $LABS_KIND_IMAGE,
// else kind's default.
func New(stateDir, image string, opts ...cluster.Option) *Provider {
	o := cluster.Apply(opts)
	if image == "" {
		image = os.Getenv(EnvImage)
	}
	if image == "" {
		image = DefaultImage
	}
	return &Provider{stateDir: stateDir, image: image, log: o.Logger, loc: o.Loc, docker: "docker"}
}

var _ cluster.Provider = (*Provider)(nil)

// flagImage is --kind-image.
var flagImage string

func init() {
	cluster.Register(cluster.Registration{
		Name: "kind",
		// Where the embedded cluster cannot run (macOS), kind on Docker Desktop is the way in.
		Default: runtime.GOOS != "linux",
		Summary: "kind on Docker: --kind-image, else $" + EnvImage + ", else kind's default",
		Caps:    Caps,
		Flags: func(fs *pflag.FlagSet) {
			fs.StringVar(&flagImage, "kind-image", "", "node image of --cluster kind (default $"+EnvImage+", else "+DefaultImage+")")
		},
		New: func(c cluster.Config) (cluster.Provider, error) {
			o := cluster.Apply(c.Options)
			if c.Kubeconfig != "" {
				return nil, cluster.UsageError(o.Loc.Err("--kubeconfig applies to --cluster existing; the kind cluster has its own (labs cluster env)"))
			}
			return New(c.StateDir, flagImage, c.Options...), nil
		},
	})
}

// Name implements cluster.Provider.
func (p *Provider) Name() string { return "kind" }

// Image is the node image a new cluster is created with.
func (p *Provider) Image() string { return p.image }

// dir is where labs keeps the kind cluster's files: kubeconfig, audit policy and log.
func (p *Provider) dir() string { return filepath.Join(p.stateDir, "kind", Name) }

func (p *Provider) kubeconfigPath() string { return filepath.Join(p.dir(), "kubeconfig") }

// AuditDir is the host directory the control-plane node writes its audit log into.
func (p *Provider) AuditDir() string { return filepath.Join(p.dir(), "audit") }

// AuditLog is the API server's audit log, on this host.
func (p *Provider) AuditLog() string { return filepath.Join(p.AuditDir(), "audit.log") }

// Capabilities implements cluster.Provider.
func (p *Provider) Capabilities() cluster.Capabilities {
	caps := Caps
	caps.AuditLog = p.AuditLog()
	caps.NodeFiles = &nodeFiles{p: p}
	return caps
}

// Kubeconfig implements cluster.Provider.
func (p *Provider) Kubeconfig() (string, error) {
	if _, err := os.Stat(p.kubeconfigPath()); err != nil {
		return "", p.loc.Err("the kind cluster has not been created yet: run `labs --cluster kind cluster up`")
	}
	return p.kubeconfigPath(), nil
}

// nodeNames are the cluster's nodes, control plane first.
func nodeNames() []string {
	return []string{Name + "-control-plane", Name + "-worker", Name + "-worker2"}
}

// kindProvider is kind's library provider, its status lines going to out.
func (p *Provider) kindProvider(out *statusline.Status) *kindcluster.Provider {
	return kindcluster.NewProvider(kindcluster.ProviderWithDocker(), kindcluster.ProviderWithLogger(newKindLogger(out, p.log)))
}

// exists says whether kind knows the cluster (its containers exist, running or not).
func (p *Provider) exists(kp *kindcluster.Provider) (bool, error) {
	names, err := kp.List()
	if err != nil {
		return false, p.dockerError(err)
	}
	return slices.Contains(names, Name), nil
}

// Up implements cluster.Provider: it creates the cluster, or starts its stopped nodes, or reuses
// it, then waits until every node is Ready and the default ServiceAccount exists.
func (p *Provider) Up(ctx context.Context, opts cluster.UpOptions) error {
	if opts.Wait <= 0 {
		opts.Wait = 5 * time.Minute
	}
	if err := p.CheckDocker(ctx); err != nil {
		return err
	}
	out := statusline.New(opts.Out, opts.TTY)
	kp := p.kindProvider(out)
	ok, err := p.exists(kp)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(p.AuditDir(), 0o700); err != nil {
		return err
	}
	if ok {
		stopped, err := p.stoppedNodes(ctx)
		if err != nil {
			return err
		}
		if len(stopped) == 0 {
			out.Println(p.loc.T("The kind cluster %q is already running; reusing it.", Name))
		} else {
			out.Start(p.loc.T("Starting the stopped nodes %s", strings.Join(stopped, ", ")))
			if _, err := p.run(ctx, append([]string{"start"}, stopped...)...); err != nil {
				out.End(false)
				return err
			}
			out.End(true)
		}
		if err := kp.ExportKubeConfig(Name, p.kubeconfigPath(), false); err != nil {
			return fmt.Errorf("writing the kind cluster's kubeconfig: %w", err)
		}
	} else {
		cfg, err := p.config(ctx)
		if err != nil {
			return err
		}
		start := time.Now()
		err = kp.Create(Name,
			kindcluster.CreateWithV1Alpha4Config(cfg),
			kindcluster.CreateWithNodeImage(p.image),
			kindcluster.CreateWithKubeconfigPath(p.kubeconfigPath()),
			kindcluster.CreateWithWaitForReady(opts.Wait),
			kindcluster.CreateWithDisplayUsage(false),
			kindcluster.CreateWithDisplaySalutation(false),
			// LABS_KIND_RETAIN=1 keeps the nodes of a failed create, to look into them.
			kindcluster.CreateWithRetain(os.Getenv("LABS_KIND_RETAIN") == "1"),
		)
		out.End(err == nil)
		if err != nil {
			return fmt.Errorf("%s: %w", p.loc.T("creating the kind cluster %q with image %s", Name, p.image), err)
		}
		p.log.Infof("kind cluster %s created in %s", Name, time.Since(start).Round(time.Second))
	}
	out.Start(p.loc.T("Waiting for the nodes to be Ready"))
	err = p.waitReady(ctx, opts.Wait)
	out.End(err == nil)
	return err
}

// stoppedNodes are the cluster's node containers that exist but do not run.
func (p *Provider) stoppedNodes(ctx context.Context) ([]string, error) {
	states, err := p.nodeStates(ctx)
	if err != nil {
		return nil, err
	}
	var stopped []string
	for _, n := range nodeNames() {
		if s, ok := states[n]; ok && s != "running" {
			stopped = append(stopped, n)
		}
	}
	return stopped, nil
}

// nodeStates maps each of the cluster's node containers to its docker state ("running", "exited").
func (p *Provider) nodeStates(ctx context.Context) (map[string]string, error) {
	outp, err := p.run(ctx, "ps", "-a", "--filter", "label=io.x-k8s.kind.cluster="+Name, "--format", "{{.Names}} {{.State}}")
	if err != nil {
		return nil, err
	}
	states := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(outp), "\n") {
		if name, state, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			states[name] = state
		}
	}
	return states, nil
}

// waitReady waits until every node is Ready and the default ServiceAccount exists.
func (p *Provider) waitReady(ctx context.Context, wait time.Duration) error {
	client, err := p.client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	var last string
	for {
		last = p.notReady(ctx, client)
		if last == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return p.loc.Err("the kind cluster is not ready after %s: %s", wait, last)
		case <-time.After(time.Second):
		}
	}
}

// notReady says what is not ready yet, "" when all is.
func (p *Provider) notReady(ctx context.Context, client kubernetes.Interface) string {
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err.Error()
	}
	ready := map[string]bool{}
	for _, n := range nodes.Items {
		for _, c := range n.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				ready[n.Name] = true
			}
		}
	}
	for _, n := range nodeNames() {
		if !ready[n] {
			return p.loc.T("node %s is not Ready", n)
		}
	}
	if _, err := client.CoreV1().ServiceAccounts(corev1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{}); err != nil {
		return p.loc.T("the default ServiceAccount is missing")
	}
	return ""
}

// Down implements cluster.Provider: it stops the node containers; Up starts them again.
func (p *Provider) Down(ctx context.Context) error {
	if err := p.CheckDocker(ctx); err != nil {
		return err
	}
	states, err := p.nodeStates(ctx)
	if err != nil {
		return err
	}
	var running []string
	for _, n := range nodeNames() {
		if states[n] == "running" {
			running = append(running, n)
		}
	}
	if len(running) == 0 {
		return fmt.Errorf("the kind cluster %s: %w", Name, cluster.ErrNotRunning)
	}
	_, err = p.run(ctx, append([]string{"stop"}, running...)...)
	return err
}

// Delete implements cluster.Provider: kind deletes the node containers and their volumes; labs
// removes the "kind" network when nothing else uses it, and its own files of the cluster.
func (p *Provider) Delete(ctx context.Context) error {
	if err := p.CheckDocker(ctx); err != nil {
		return err
	}
	kp := p.kindProvider(statusline.New(nil, false))
	if err := kp.Delete(Name, p.kubeconfigPath()); err != nil {
		return fmt.Errorf("deleting the kind cluster %s: %w", Name, err)
	}
	// kind keeps its network for the next cluster; labs leaves none behind when it is unused.
	if outp, err := p.run(ctx, "network", "inspect", "kind", "--format", "{{len .Containers}}"); err == nil && strings.TrimSpace(outp) == "0" {
		_, _ = p.run(ctx, "network", "rm", "kind")
	}
	return os.RemoveAll(p.dir())
}

// Status implements cluster.Provider.
func (p *Provider) Status(ctx context.Context) (*cluster.Status, error) {
	st := &cluster.Status{Provider: p.Name(), Name: Name, StateDir: p.dir()}
	if err := p.CheckDocker(ctx); err != nil {
		return st, err
	}
	states, err := p.nodeStates(ctx)
	if err != nil {
		return st, err
	}
	if len(states) == 0 {
		return st, nil
	}
	if kc, err := p.Kubeconfig(); err == nil {
		st.Kubeconfig = kc
		st.AuditLog = p.AuditLog()
	}
	running := states[nodeNames()[0]] == "running"
	if !running || st.Kubeconfig == "" {
		for _, n := range nodeNames() {
			if s, ok := states[n]; ok {
				st.Nodes = append(st.Nodes, cluster.NodeStatus{Name: n, Roles: "(" + s + ")", StaticPodPath: StaticPodDir})
			}
		}
		return st, nil
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", st.Kubeconfig)
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
		ns.StaticPodPath = StaticPodDir
		st.Nodes = append(st.Nodes, ns)
	}
	return st, nil
}

func (p *Provider) client() (*kubernetes.Clientset, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", p.kubeconfigPath())
	if err != nil {
		return nil, fmt.Errorf("loading kubeconfig %s: %w", p.kubeconfigPath(), err)
	}
	cfg.Timeout = 10 * time.Second
	cfg.UserAgent = "labs-kind"
	return kubernetes.NewForConfig(cfg)
}

// run runs docker with args and returns its standard output.
func (p *Provider) run(ctx context.Context, args ...string) (string, error) {
	return p.runIn(ctx, nil, args...)
}

// runIn is run with stdin.
func (p *Provider) runIn(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, p.docker, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if err := cmd.Run(); err != nil {
		return stdout.String(), &DockerError{Args: args, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	}
	return stdout.String(), nil
}

// DockerError is a docker command that failed.
type DockerError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *DockerError) Error() string {
	msg := e.Stderr
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("docker %s: %s", strings.Join(e.Args, " "), msg)
}

func (e *DockerError) Unwrap() error { return e.Err }

// dockerError turns what kind says when docker fails ("failed to get docker info", "exit
// status 1") into the one line CheckDocker would give.
func (p *Provider) dockerError(err error) error {
	if cerr := p.CheckDocker(context.Background()); cerr != nil {
		return cerr
	}
	return err
}

// ErrNoDocker means Docker cannot be used: no docker binary, its daemon down, or its socket not
// permitted. It is a usage error (exit 2): --cluster embedded needs no Docker.
var ErrNoDocker = errors.New("docker is not usable")

// CheckDocker fails with one line, matching ErrNoDocker and cluster.ErrUsage, when Docker cannot
// be used.
func (p *Provider) CheckDocker(ctx context.Context) error {
	if _, err := exec.LookPath(p.docker); err != nil {
		return p.noDocker(p.loc.T("--cluster kind needs Docker, and there is no `docker` on PATH; use --cluster embedded (it needs no Docker), or install Docker"))
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err := p.run(ctx, "info", "--format", "{{.ServerVersion}}")
	if err == nil {
		return nil
	}
	var de *DockerError
	stderr := ""
	if errors.As(err, &de) {
		stderr = strings.ToLower(de.Stderr)
	}
	switch {
	case strings.Contains(stderr, "permission denied"):
		return p.noDocker(p.loc.T("--cluster kind needs Docker, and this user may not use the Docker daemon's socket (permission denied; the docker group?); use --cluster embedded (it needs no Docker)"))
	case strings.Contains(stderr, "cannot connect"), strings.Contains(stderr, "is the docker daemon running"), strings.Contains(stderr, "no such file"), strings.Contains(stderr, "connection refused"):
		return p.noDocker(p.loc.T("--cluster kind needs Docker, and the Docker daemon is not running; start it, or use --cluster embedded (it needs no Docker)"))
	}
	return p.noDocker(p.loc.T("--cluster kind needs Docker, and `docker info` fails (%s); use --cluster embedded (it needs no Docker)", firstLine(err.Error())))
}

func (p *Provider) noDocker(msg string) error {
	return cluster.UsageError(fmt.Errorf("%s%w", msg, errNoDockerSilent))
}

// errNoDockerSilent matches ErrNoDocker and adds nothing to the message.
var errNoDockerSilent = silent{ErrNoDocker}

type silent struct{ err error }

func (s silent) Error() string { return "" }
func (s silent) Unwrap() error { return s.err }

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// imageLabels are the node image's labels, nil when docker does not have it (yet).
func (p *Provider) imageLabels(ctx context.Context) map[string]string {
	outp, err := p.run(ctx, "image", "inspect", p.image, "--format", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}")
	if err != nil {
		return nil
	}
	labels := map[string]string{}
	for _, line := range strings.Split(outp, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			labels[k] = v
		}
	}
	return labels
}

// config is the kind cluster configuration: three nodes; the API server's audit policy and log
// through kubeadm config patches and a mount of a host directory under the state dir (read by
// the same evidence code as the embedded cluster's); kubelets that accept cgroup v1.
func (p *Provider) config(ctx context.Context) (*v1alpha4.Cluster, error) {
	policy := filepath.Join(p.dir(), "audit-policy.yaml")
	if err := os.WriteFile(policy, []byte(AuditPolicy), 0o644); err != nil {
		return nil, err
	}
	return clusterConfig(p.AuditDir(), policy, p.imageLabels(ctx)), nil
}

// Paths inside the control-plane node.
const (
	nodeAuditDir    = "/var/log/kubernetes/audit"
	nodeAuditPolicy = "/etc/kubernetes/audit/policy.yaml"
)

// clusterConfig is the kind configuration for the given host paths; labels are the node image's
// (labs' offline image asks, with labels, for kube-proxy and coredns to be skipped).
func clusterConfig(auditDir, policy string, labels map[string]string) *v1alpha4.Cluster {
	cfg := &v1alpha4.Cluster{
		TypeMeta: v1alpha4.TypeMeta{Kind: "Cluster", APIVersion: "kind.x-k8s.io/v1alpha4"},
		Name:     Name,
		Nodes: []v1alpha4.Node{
			{Role: v1alpha4.ControlPlaneRole, ExtraMounts: []v1alpha4.Mount{
				{HostPath: auditDir, ContainerPath: nodeAuditDir},
				{HostPath: policy, ContainerPath: nodeAuditPolicy, Readonly: true},
			}},
			{Role: v1alpha4.WorkerRole},
			{Role: v1alpha4.WorkerRole},
		},
		KubeadmConfigPatches: []string{`kind: ClusterConfiguration
apiServer:
  extraArgs:
    - name: audit-policy-file
      value: ` + nodeAuditPolicy + `
    - name: audit-log-path
      value: ` + nodeAuditDir + `/audit.log
    - name: audit-log-format
      value: json
    - name: audit-log-mode
      value: blocking
    - name: audit-log-maxsize
      value: "20"
    - name: audit-log-maxbackup
      value: "2"
  extraVolumes:
    - name: audit-policy
      hostPath: ` + nodeAuditPolicy + `
      mountPath: ` + nodeAuditPolicy + `
      readOnly: true
      pathType: File
    - name: audit-log
      hostPath: ` + nodeAuditDir + `
      mountPath: ` + nodeAuditDir + `
      readOnly: false
      pathType: DirectoryOrCreate
`, `kind: KubeletConfiguration
failCgroupV1: false
`},
	}
	if labels["dev.labs.kind.kube-proxy-mode"] == "none" {
		cfg.Networking.KubeProxyMode = noProxy
	}
	if skip := labels["dev.labs.kind.skip-phases"]; skip != "" {
		phases := []string{"preflight"}
		if cfg.Networking.KubeProxyMode == noProxy {
			phases = append(phases, "addon/kube-proxy")
		}
		phases = append(phases, strings.Split(skip, ",")...)
		cfg.KubeadmConfigPatches = append(cfg.KubeadmConfigPatches, "kind: InitConfiguration\nskipPhases: ["+strings.Join(phases, ", ")+"]\n")
	}
	return cfg
}

// AuditPolicy is the embedded cluster's audit policy: the same evidence on both.
const AuditPolicy = controlplane.AuditPolicy

// noProxy is kind's kube-proxy mode "none" (no kube-proxy addon).
const noProxy = v1alpha4.ProxyMode("none")
