//go:build linux

// Package embedded is the default cluster provider: a real Kubernetes control plane (and, with
// nodes, real kubelets) run by this very binary as a background process, with all its state
// in one directory.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/controlplane"
	"github.com/labs-dev/labs/internal/flock"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/node"
	"github.com/labs-dev/labs/internal/nodeinit"
	"github.com/labs-dev/labs/internal/procstat"
	"github.com/labs-dev/labs/internal/state"
	"github.com/labs-dev/labs/internal/statusline"
	"github.com/labs-dev/labs/internal/version"
)

// DefaultName is the name of the embedded cluster (it shows in kubeconfig and node names).
const DefaultName = controlplane.ClusterName

// EnvDaemonized marks the background cluster process started by `labs cluster up`; it must not
// take the cluster lock (its parent holds it) nor pick ports (its parent did).
const EnvDaemonized = "LABS_CLUSTER_DAEMONIZED"

// Provider runs the embedded cluster.
type Provider struct {
	stateDir string
	name     string
	layout   clusterdir.Layout
	log      log.Logger
	loc      i18n.Localizer
	// upBegan is when Up began, for the boot timeline in the log.
	upBegan time.Time
}

// New returns the provider of the embedded cluster kept under stateDir. Its log lines go to the
// logger opts give (in the cluster process, that is its log file), its status lines to
// UpOptions.Out.
func New(stateDir string, opts ...cluster.Option) *Provider {
	o := cluster.Apply(opts)
	return &Provider{stateDir: stateDir, name: DefaultName, layout: clusterdir.New(stateDir, DefaultName), log: o.Logger, loc: o.Loc}
}

var _ cluster.Provider = (*Provider)(nil)

// Name implements cluster.Provider.
func (p *Provider) Name() string { return "embedded" }

// Layout is where the cluster keeps its files.
func (p *Provider) Layout() clusterdir.Layout { return p.layout }

// Kubeconfig implements cluster.Provider.
func (p *Provider) Kubeconfig() (string, error) {
	if _, err := p.layout.ReadMetadata(); err != nil {
		if errors.Is(err, clusterdir.ErrNotExist) {
			return "", p.loc.Err("the embedded cluster has not been created yet: run `%s`", labsbin.Run("cluster", "up"))
		}
		return "", err
	}
	return p.layout.Kubeconfig(), nil
}

// Capabilities implements cluster.Provider: labs owns it, can make throwaway ones, reads its
// audit log and its nodes' static pod directories (host directories).
func (p *Provider) Capabilities() cluster.Capabilities {
	caps := Caps
	caps.AuditLog = p.layout.AuditLog()
	caps.NodeFiles = nodeFiles{p.layout}
	return caps
}

// Caps are the embedded provider's capabilities known before one is made.
var Caps = cluster.Capabilities{Owned: true, Throwaway: true}

// nodeFiles are the nodes' static pod directories on this host, per the cluster's metadata.
type nodeFiles struct{ layout clusterdir.Layout }

func (n nodeFiles) dirs() cluster.HostDirs {
	dirs := cluster.HostDirs{}
	meta, err := n.layout.ReadMetadata()
	if err != nil {
		return dirs
	}
	for _, spec := range node.Specs(meta.Name, meta.Workers) {
		dirs[spec.Name] = n.layout.StaticPods(spec.Name)
	}
	return dirs
}

func (n nodeFiles) StaticPodDirs(ctx context.Context) (map[string]string, error) {
	return n.dirs().StaticPodDirs(ctx)
}

func (n nodeFiles) ReadDir(ctx context.Context, nodeName, dir string) ([]string, error) {
	return n.dirs().ReadDir(ctx, nodeName, dir)
}

func (n nodeFiles) ReadFile(ctx context.Context, nodeName, path string) ([]byte, error) {
	return n.dirs().ReadFile(ctx, nodeName, path)
}

func (n nodeFiles) Remove(ctx context.Context, nodeName, path string) error {
	return n.dirs().Remove(ctx, nodeName, path)
}

// Up implements cluster.Provider.
func (p *Provider) Up(ctx context.Context, opts cluster.UpOptions) error {
	p.upBegan = time.Now()
	if opts.Wait <= 0 {
		opts.Wait = 2 * time.Minute
	}
	out := statusline.New(opts.Out, opts.TTY)
	daemonized := os.Getenv(EnvDaemonized) == "1"
	if daemonized {
		meta, err := p.layout.ReadMetadata()
		if err != nil {
			return err
		}
		return p.serve(ctx, meta, out)
	}

	if err := state.EnsureDir(p.layout.Root); err != nil {
		return err
	}
	unlock, err := p.lock()
	if err != nil {
		return err
	}
	defer unlock()

	meta, err := p.layout.ReadMetadata()
	creating := errors.Is(err, clusterdir.ErrNotExist)
	if err != nil && !creating {
		return err
	}
	rec, ok, stale, err := readPIDFile(p.layout.PIDFile())
	if err != nil {
		return err
	}
	if ok && !stale {
		out.Println(p.loc.T("Cluster %q is already running (pid %d, %s); reusing it.", p.name, rec.PID, controlplane.APIServerURL(meta.Ports.APIServer)))
		// A process that was killed can still look alive for a moment while the kernel tears it
		// down; if it goes while we wait, start a new one instead of waiting for the timeout.
		watchCtx, stopWatching := context.WithCancel(ctx)
		err := p.waitReady(ctx, opts.Wait, watchProcess(watchCtx, rec), out)
		stopWatching()
		if !errors.Is(err, errProcessExited) {
			out.End(err == nil)
			return err
		}
		out.End(false)
		out.Println(p.loc.T("The cluster process (pid %d) is gone; starting a new one.", rec.PID))
		stale = true
	}
	if ok && stale {
		out.Println(p.loc.T("Removing the stale pid file of a cluster process that is gone (pid %d).", rec.PID))
		if err := os.Remove(p.layout.PIDFile()); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}

	if err := p.checkSocketPaths(); err != nil {
		return err
	}
	if creating {
		out.Println(p.loc.T("Creating cluster %q ...", p.name))
		meta = &clusterdir.Metadata{Name: p.name, Created: time.Now().UTC(), Kubernetes: version.Kubernetes, Workers: defaultWorkers}
		if opts.Workers >= 0 {
			meta.Workers = opts.Workers
		}
	} else {
		out.Println(p.loc.T("Starting cluster %q ...", p.name))
	}
	if err := p.choosePorts(meta, opts.APIPort, out); err != nil {
		return err
	}
	out.Start(p.loc.T("Preparing certificates and kubeconfigs 🔐"))
	if err := controlplane.Bootstrap(p.layout, meta.Ports.APIServer); err != nil {
		out.End(false)
		return fmt.Errorf("%s%w", p.loc.T("preparing the cluster: "), err)
	}
	if err := p.layout.WriteMetadata(meta); err != nil {
		out.End(false)
		return err
	}
	out.End(true)

	if opts.Foreground {
		return p.serve(ctx, meta, out)
	}
	return p.spawn(ctx, opts, out)
}

// choosePorts keeps the cluster's previous ports when they are free, so kubeconfigs stay valid;
// a port asked for explicitly must be free.
func (p *Provider) choosePorts(meta *clusterdir.Metadata, apiPort int, out *statusline.Status) error {
	if apiPort != 0 {
		if !portFree(apiPort) {
			return p.loc.Err("port %d on 127.0.0.1 is already in use by another program: free it or choose another with --api-port", apiPort)
		}
		meta.Ports.APIServer = apiPort
	}
	need := 0
	for _, port := range []*int{&meta.Ports.APIServer, &meta.Ports.EtcdClient, &meta.Ports.EtcdPeer} {
		if *port != 0 && !portFree(*port) {
			if *port == meta.Ports.APIServer {
				out.Println(p.loc.T("Port %d of the API server is taken by another program; moving to a free one (kubeconfig updated).", *port))
			}
			*port = 0
		}
		if *port == 0 {
			need++
		}
	}
	if need == 0 {
		return nil
	}
	free, err := freePorts(need)
	if err != nil {
		return err
	}
	for _, port := range []*int{&meta.Ports.APIServer, &meta.Ports.EtcdClient, &meta.Ports.EtcdPeer} {
		if *port == 0 {
			*port, free = free[0], free[1:]
		}
	}
	return nil
}

// spawn starts the cluster as a background process of this binary, in its own session so it
// outlives the command (as kind's containers do), and waits until it is ready.
func (p *Provider) spawn(ctx context.Context, opts cluster.UpOptions, out *statusline.Status) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locating the labs binary: %w", err)
	}
	if err := state.EnsureDir(p.layout.Logs()); err != nil {
		return err
	}
	logFile, err := openLog(p.layout.ControlPlaneLog())
	if err != nil {
		return err
	}
	defer logFile.Close()

	cmd := exec.Command(exe, "cluster", "up", "--foreground")
	cmd.Env = append(os.Environ(), EnvDaemonized+"=1", state.EnvStateDir+"="+p.stateDir, cluster.EnvName+"=embedded")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Dir = "/"
	closeInheritedOnExec()
	// The boot timeline's first and last lines: the cluster process counts from its own start.
	fmt.Fprintf(logFile, "labs: boot (%s) `cluster up` began; it starts the cluster process %.3fs later\n",
		p.upBegan.Format("15:04:05.000"), time.Since(p.upBegan).Seconds())
	out.Start(p.loc.T("Starting control plane 🕹"))
	if err := cmd.Start(); err != nil {
		out.End(false)
		return fmt.Errorf("starting the cluster process: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	if err := p.waitReady(ctx, opts.Wait, exited, out); err != nil {
		out.End(false)
		if !errors.Is(err, errProcessExited) {
			_ = syscall.Kill(cmd.Process.Pid, syscall.SIGTERM)
		}
		return fmt.Errorf("%w\n%s\n%s", err, p.loc.T("last lines of %s:", p.layout.ControlPlaneLog()), tail(p.layout.ControlPlaneLog(), 15))
	}
	fmt.Fprintf(logFile, "labs: boot (%s) `cluster up` saw the cluster ready, %.3fs after it began\n",
		time.Now().Format("15:04:05.000"), time.Since(p.upBegan).Seconds())
	out.End(true)
	p.printReady(out)
	return nil
}

var errProcessExited = errors.New("the cluster process exited before the cluster was ready")

// serve runs the cluster in this process until ctx ends or a component fails.
func (p *Provider) serve(ctx context.Context, meta *clusterdir.Metadata, out *statusline.Status) error {
	daemonized := os.Getenv(EnvDaemonized) == "1"
	if !daemonized {
		// In the foreground the components' logs go to the log file, as in the background;
		// the terminal gets only progress and errors.
		restore, err := redirectStderr(p.layout.ControlPlaneLog())
		if err != nil {
			return err
		}
		defer restore()
	}
	if err := writePIDFile(p.layout.PIDFile(), os.Getpid()); err != nil {
		return err
	}
	defer removeOwnPIDFile(p.layout.PIDFile())

	tl := newTimeline(p.log)
	tl.mark("cluster process running")
	restoreGC := relaxGCWhileBooting()
	stopProfile := profileBoot(p.log)
	defer stopProfile()
	cp, err := controlplane.Start(ctx, controlplane.Config{Layout: p.layout, Ports: meta.Ports, Mark: tl.mark})
	if err != nil {
		return err
	}
	defer cp.Stop()

	// Without the node controller no node would ever take pods: fail now, not at the timeout.
	// It starts before the API server listens, so its requests wait for it (node.UntilServing);
	// they are bounded by their contexts, not by a client timeout, which would cut its watch
	// every few seconds.
	adminCfg, err := p.restConfig()
	if err != nil {
		return fmt.Errorf("node controller: %w", err)
	}
	adminCfg.Wrap(node.UntilServing)
	// client-go's default of 5 requests a second would space the node controller's requests
	// 200 ms apart at boot, when it initialises three nodes at once.
	adminCfg.QPS, adminCfg.Burst = 50, 100
	admin, err := kubernetes.NewForConfig(adminCfg)
	if err != nil {
		return fmt.Errorf("node controller: %w", err)
	}
	// The boot timeline has a client of its own, unthrottled, so it delays nothing it watches.
	timelineCfg := rest.CopyConfig(adminCfg)
	timelineCfg.QPS = -1
	timelineClient, err := kubernetes.NewForConfig(timelineCfg)
	if err != nil {
		return fmt.Errorf("boot timeline: %w", err)
	}
	// Nodes start with the control plane, which saves their start-up time from the wait: their
	// requests wait until the API server listens (node.UntilServing), so each kubelet registers
	// the moment it can.
	nodeCtx, stopNodes := context.WithCancel(context.Background())
	specs := node.Specs(p.name, meta.Workers)
	nodeExited := func(name string, err error) {
		why := "exited"
		if err != nil {
			why = err.Error()
		}
		markCtx, cancel := context.WithTimeout(nodeCtx, 5*time.Second)
		defer cancel()
		if err := nodeinit.MarkDown(markCtx, admin, name, why); err != nil {
			p.log.Warnf("labs: %v", err)
		}
	}
	nodes, err := startNodes(nodeCtx, p.layout, specs, meta.Ports.APIServer, nodeExited, p.log)
	if err != nil {
		stopNodes()
		return err
	}
	tl.mark("node processes started")
	timelineCtx, stopTimeline := context.WithTimeout(nodeCtx, 2*time.Minute)
	defer stopTimeline()
	go func() {
		tl.watch(timelineCtx, timelineClient, len(specs))
		restoreGC()
	}()
	defer func() {
		// Nodes stop before the control plane, so kubelets can stop their containers.
		stopNodes()
		nodes.wait()
	}()
	ips := map[string]string{}
	for _, s := range specs {
		ips[s.Name] = s.IP().String()
	}
	go nodeinit.Run(nodeCtx, admin, ips)

	failed := make(chan error, 1)
	go func() {
		select {
		case err := <-cp.Err():
			failed <- err
		case <-ctx.Done():
		}
	}()
	if !daemonized {
		out.Start(p.loc.T("Starting control plane 🕹"))
		if err := p.waitReady(ctx, 2*time.Minute, failed, out); err != nil {
			out.End(false)
			return err
		}
		out.End(true)
		p.printReady(out)
		out.Println(p.loc.T("Running in the foreground; press Ctrl+C to stop."))
	}
	p.log.Infof("labs: cluster process %d serving %s", os.Getpid(), controlplane.APIServerURL(meta.Ports.APIServer))
	select {
	case <-ctx.Done():
		p.log.Infof("labs: stopping the cluster")
		return nil
	case err := <-failed:
		return err
	}
}

// printReady says the cluster is ready and how to use it, with commands that work when pasted
// (labsbin.Command: the state dir's bin/labs unless labs on PATH is this binary).
func (p *Provider) printReady(out *statusline.Status) {
	labs := labsbin.Command(p.stateDir)
	cmds := []string{`eval "$(` + labs + ` cluster env)"`, labs + " shell"}
	notes := []string{p.loc.T("then kubectl ..."), p.loc.T("or a shell with kubectl set up")}
	width := max(len(cmds[0]), len(cmds[1]))
	var b strings.Builder
	for i, c := range cmds {
		fmt.Fprintf(&b, "\n  %-*s   # %s", width, c, notes[i])
	}
	out.Println(p.loc.T("Cluster %q is ready. Use it with:", p.name) + "\n" + b.String())
}

// waitReady polls until the API server reports ready and the default ServiceAccount exists (pods
// cannot be created before it does). exited, when not nil, reports that the cluster process died.
func (p *Provider) waitReady(ctx context.Context, timeout time.Duration, exited <-chan error, out *statusline.Status) error {
	cfg, err := p.restConfig()
	if err != nil {
		return err
	}
	cfg.Timeout = 5 * time.Second
	// Unthrottled: at client-go's default of 5 requests a second, a boot's worth of polls
	// makes each later one wait 200 ms for its turn.
	cfg.QPS = -1
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	wantNodes := defaultWorkers + 1
	if meta, err := p.layout.ReadMetadata(); err == nil {
		wantNodes = meta.Workers + 1
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	phase := "api"
	var ready int
	for {
		select {
		case err := <-exited:
			if err == nil {
				return errProcessExited
			}
			return fmt.Errorf("%w: %w", errProcessExited, err)
		case <-ctx.Done():
			switch phase {
			case "api":
				return p.loc.Err("the API server was not ready after %s", timeout)
			case "sa":
				return p.loc.Err("the default ServiceAccount did not appear within %s", timeout)
			default:
				return p.loc.Err("only %d of %d nodes were Ready after %s (node logs: %s)", ready, wantNodes, timeout, p.layout.Logs())
			}
		case <-tick.C:
		}
		switch phase {
		case "api":
			var status int
			client.CoreV1().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
			if status != 200 {
				continue
			}
			phase = "sa"
			out.Start(p.loc.T("Waiting for the default ServiceAccount ⏳"))
			fallthrough
		case "sa":
			if _, err := client.CoreV1().ServiceAccounts(corev1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{}); err != nil {
				continue
			}
			phase = "nodes"
			out.Start(p.loc.T("Waiting for %d nodes to be Ready 📦", wantNodes))
			fallthrough
		case "nodes":
			if ready = readyNodes(ctx, client); ready >= wantNodes {
				return nil
			}
		}
	}
}

// readyNodes counts the nodes whose Ready condition is True and that take pods (initialised).
func readyNodes(ctx context.Context, client kubernetes.Interface) int {
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0
	}
	return countReady(nodes.Items)
}

// countReady counts the nodes whose Ready condition is True and that take pods (initialised).
func countReady(nodes []corev1.Node) int {
	n := 0
	for _, nd := range nodes {
		initialised := true
		for _, t := range nd.Spec.Taints {
			if t.Key == node.TaintUninitialized {
				initialised = false
			}
		}
		for _, c := range nd.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue && initialised {
				n++
			}
		}
	}
	return n
}

// lock takes the cluster's lock, so two `labs cluster` commands never start or stop the same
// cluster at once; it says so when it has to wait for another one.
func (p *Provider) lock() (unlock func(), err error) {
	return flock.Lock(p.layout.Lock(), func() {
		p.log.Warnf("%s", p.loc.T("Waiting for another labs command that is starting or stopping this cluster ..."))
	})
}

// restConfig is the admin kubeconfig's client configuration.
func (p *Provider) restConfig() (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", p.layout.Kubeconfig())
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", p.layout.Kubeconfig(), err)
	}
	return cfg, nil
}

func (p *Provider) client() (*kubernetes.Clientset, error) {
	cfg, err := p.restConfig()
	if err != nil {
		return nil, err
	}
	cfg.Timeout = 5 * time.Second
	// Not the binary's name: run as a test binary, the cluster's own requests would look like
	// a learner's program in the audit log.
	cfg.UserAgent = "labs-cluster"
	return kubernetes.NewForConfig(cfg)
}

// Down implements cluster.Provider.
func (p *Provider) Down(ctx context.Context) error {
	if _, err := p.layout.ReadMetadata(); err != nil {
		if errors.Is(err, clusterdir.ErrNotExist) {
			return cluster.ErrNotRunning
		}
		return err
	}
	unlock, err := p.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return p.stop(ctx)
}

func (p *Provider) stop(ctx context.Context) error {
	rec, ok, stale, err := readPIDFile(p.layout.PIDFile())
	if err != nil {
		return err
	}
	if !ok || stale {
		if ok {
			_ = os.Remove(p.layout.PIDFile())
		}
		return cluster.ErrNotRunning
	}
	if err := syscall.Kill(rec.PID, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("stopping cluster process %d: %w", rec.PID, err)
	}
	if waitGone(ctx, rec, 20*time.Second) {
		return nil
	}
	// It did not stop in time: kill its whole session (nodes and containers included).
	if pgid, err := syscall.Getpgid(rec.PID); err == nil && pgid == rec.PID {
		_ = syscall.Kill(-rec.PID, syscall.SIGKILL)
	} else {
		_ = syscall.Kill(rec.PID, syscall.SIGKILL)
	}
	if !waitGone(ctx, rec, 5*time.Second) {
		return fmt.Errorf("cluster process %d did not stop", rec.PID)
	}
	_ = os.Remove(p.layout.PIDFile())
	return nil
}

func waitGone(ctx context.Context, rec pidRecord, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if tick, err := procstat.StartTick(rec.PID); err != nil || tick != rec.StartTick {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// Delete implements cluster.Provider.
func (p *Provider) Delete(ctx context.Context) error {
	if _, err := p.layout.ReadMetadata(); err != nil {
		if errors.Is(err, clusterdir.ErrNotExist) {
			return os.RemoveAll(p.layout.Root)
		}
		return err // a foreign directory is never removed
	}
	unlock, err := p.lock()
	if err != nil {
		return err
	}
	defer unlock()
	if err := p.stop(ctx); err != nil && !errors.Is(err, cluster.ErrNotRunning) {
		return err
	}
	if err := os.RemoveAll(p.layout.Root); err != nil {
		return fmt.Errorf("removing %s: %w", p.layout.Root, err)
	}
	return nil
}

// Status implements cluster.Provider.
func (p *Provider) Status(ctx context.Context) (*cluster.Status, error) {
	st := &cluster.Status{Provider: p.Name(), Name: p.name, StateDir: p.layout.Root}
	meta, err := p.layout.ReadMetadata()
	if errors.Is(err, clusterdir.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	st.Kubeconfig = p.layout.Kubeconfig()
	st.Endpoint = controlplane.APIServerURL(meta.Ports.APIServer)
	st.Logs = p.layout.ControlPlaneLog()
	st.AuditLog = p.layout.AuditLog()
	rec, ok, stale, err := readPIDFile(p.layout.PIDFile())
	if err != nil {
		return nil, err
	}
	if !ok || stale {
		return st, nil
	}
	st.Running, st.PID, st.Started = true, rec.PID, rec.Started
	st.Uptime = time.Since(rec.Started).Round(time.Second)
	st.UptimeSecs = st.Uptime.Seconds()

	client, err := p.client()
	if err != nil {
		return st, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if v, err := client.Discovery().ServerVersion(); err == nil {
		st.Version = v.GitVersion
	}
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return st, nil
	}
	for _, n := range nodes.Items {
		st.Nodes = append(st.Nodes, nodeStatus(&n, p.layout))
	}
	return st, nil
}

func nodeStatus(n *corev1.Node, l clusterdir.Layout) cluster.NodeStatus {
	ns := cluster.NodeStatusOf(n)
	ns.StaticPodPath, ns.Log = l.StaticPods(n.Name), l.NodeLog(n.Name)
	ns.RuntimeMode = n.Labels[node.LabelRuntimeMode]
	ns.PID = nodePID(l, n.Name)
	return ns
}

func removeOwnPIDFile(path string) {
	rec, ok, _, _ := readPIDFile(path)
	if ok && rec.PID == os.Getpid() {
		_ = os.Remove(path)
	}
}

// redirectStderr points file descriptor 2 at a fresh log file and returns a function that
// restores the original. Redirecting the descriptor (not os.Stderr) also captures what etcd,
// klog and the Go runtime write there.
func redirectStderr(path string) (restore func(), err error) {
	if err := state.EnsureDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	logFile, err := openLog(path)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		return nil, fmt.Errorf("redirecting stderr: %w", err)
	}
	if err := syscall.Dup3(int(logFile.Fd()), 2, 0); err != nil {
		syscall.Close(saved)
		return nil, fmt.Errorf("redirecting stderr: %w", err)
	}
	return func() {
		_ = syscall.Dup3(saved, 2, 0)
		syscall.Close(saved)
	}, nil
}

// openLog opens a fresh log file, keeping the previous run's log as <name>.prev.
func openLog(path string) (*os.File, error) {
	if _, err := os.Stat(path); err == nil {
		_ = os.Rename(path, path+".prev")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening log %s: %w", path, err)
	}
	return f, nil
}

// tail returns the last n lines of a file, indented, for error messages.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return "  (no log)"
	}
	defer f.Close()
	const max = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > max {
		_, _ = f.Seek(st.Size()-max, io.SeekStart)
	}
	data, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + strings.Join(lines, "\n  ")
}

// maxSocketPath is the longest path a unix socket can have on Linux: sun_path holds 108 bytes,
// the terminating NUL included.
const maxSocketPath = 107

// checkSocketPaths refuses a state directory so deep that the kubelets' unix sockets (the
// longest is the control-plane node's pod-resources socket) cannot be created there: the
// kubelet would fail with a bare "bind: invalid argument" minutes later.
func (p *Provider) checkSocketPaths() error {
	longest := filepath.Join(p.layout.Node(node.Specs(p.name, 0)[0].Name), "pod-resources", "kubelet.sock")
	if len(longest) <= maxSocketPath {
		return nil
	}
	return p.loc.Err("the state directory is too deep for the nodes' unix sockets (%s is %d bytes, at most %d can be): set %s to a shorter directory, such as ~/.labs (the throwaway clusters of labs test and labs grade live under TMPDIR), and run the command again",
		longest, len(longest), maxSocketPath, state.EnvStateDir)
}

func init() {
	cluster.Register(cluster.Registration{
		Name:    "embedded",
		Summary: "labs' own cluster, run by this binary",
		Default: true, // on Linux, where it runs (the stand-in of other systems is not)
		Caps:    Caps,
		New: func(c cluster.Config) (cluster.Provider, error) {
			o := cluster.Apply(c.Options)
			if c.Kubeconfig != "" {
				return nil, cluster.UsageError(o.Loc.Err("--kubeconfig applies to --cluster existing; the embedded cluster has its own (labs cluster env)"))
			}
			return New(c.StateDir, c.Options...), nil
		},
	})
}
