// Package controlplane runs a real Kubernetes control plane inside this process: embedded etcd,
// kube-apiserver, kube-controller-manager and kube-scheduler, all from the Kubernetes source
// (k8s.io/kubernetes as a library), listening on loopback only.
package controlplane

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/client/pkg/v3/transport"
	"go.etcd.io/etcd/server/v3/embed"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	apiserveroptions "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
	cm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	cmconfig "k8s.io/kubernetes/cmd/kube-controller-manager/app/config"
	cmoptions "k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	scheduleroptions "k8s.io/kubernetes/cmd/kube-scheduler/app/options"

	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/pki"
	_ "github.com/labs-dev/labs/internal/version" // stamps v1.37.2 into the components
)

// Config says where the control plane keeps its data and which ports it listens on.
type Config struct {
	Layout clusterdir.Layout
	Ports  clusterdir.Ports
	// Mark, when set, is told each milestone of the start-up (for the boot timeline).
	Mark func(what string)
}

func (c Config) mark(what string) {
	if c.Mark != nil {
		c.Mark(what)
	}
}

// ControlPlane is a running control plane.
type ControlPlane struct {
	etcd   *embed.Etcd
	cancel context.CancelFunc
	// errs carries the first failure of any component; nil on a clean stop.
	errs chan error
	done []chan struct{}
}

// shutdownDeadline bounds how long Stop waits for the API server to drain. The in-process
// controller manager and scheduler hold watches open, and an unbounded graceful shutdown waits
// for them for about a minute (measured); nothing is lost by cutting it short, because etcd
// has already fsynced every write.
const shutdownDeadline = 2 * time.Second

// Start brings up etcd, then the API server, controller manager and scheduler. It returns once
// all are started (not yet ready, etcd perhaps not yet elected); Err reports a component that
// fails later.
func Start(ctx context.Context, cfg Config) (*ControlPlane, error) {
	ctx, cancel := context.WithCancel(ctx)
	cp := &ControlPlane{cancel: cancel, errs: make(chan error, 4)}

	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	// Build every component's configuration before starting anything: a mistake then fails
	// cleanly instead of tearing down a half-started API server.
	apiOpts, err := apiServerOptions(ctx, cfg)
	if err != nil {
		cancel()
		return nil, err
	}
	cmConfig, err := controllerManagerConfig(ctx, cfg)
	if err != nil {
		cancel()
		return nil, err
	}
	schedOpts, err := schedulerOptions(cfg)
	if err != nil {
		cancel()
		return nil, err
	}

	cfg.mark("control plane configured")
	e, err := startEtcd(cfg)
	if err != nil {
		cancel()
		return nil, err
	}
	cp.etcd = e
	go func() {
		if err, ok := <-e.Err(); ok && err != nil {
			cp.fail(fmt.Errorf("etcd: %w", err))
		}
	}()
	// The API server builds its configuration while etcd elects itself (both take a few
	// hundred milliseconds), and waits for etcd only before it creates its storage.
	etcdReady := func() error {
		if err := waitEtcd(ctx, e); err != nil {
			return err
		}
		cfg.mark("etcd ready")
		return nil
	}
	cp.run("kube-apiserver", func() error { return runAPIServer(ctx, apiOpts, cfg.mark, etcdReady) })
	// The controller manager and scheduler start once the API server is ready: started
	// together, the controller manager polls /healthz only once a second (and gives up after
	// 10 s on a slow machine), and the scheduler logs RBAC errors until the bootstrap roles exist.
	cp.run("kube-controller-manager", func() error {
		if err := waitAPIServerReady(ctx, cmConfig.Kubeconfig); err != nil {
			return err
		}
		cfg.mark("kube-controller-manager starting")
		return cm.Run(ctx, cmConfig.Complete())
	})
	cp.run("kube-scheduler", func() error {
		if err := waitAPIServerReady(ctx, cmConfig.Kubeconfig); err != nil {
			return err
		}
		cfg.mark("kube-scheduler starting")
		cc, sched, err := scheduler.Setup(ctx, schedOpts)
		if err != nil {
			return err
		}
		return scheduler.Run(ctx, cc, sched)
	})
	return cp, nil
}

// Err delivers the first component failure.
func (cp *ControlPlane) Err() <-chan error { return cp.errs }

// Stop shuts the control plane down within a bounded time.
func (cp *ControlPlane) Stop() {
	cp.cancel()
	deadline := time.After(shutdownDeadline)
	for _, d := range cp.done {
		select {
		case <-d:
		case <-deadline:
		}
	}
	if cp.etcd != nil {
		// Server.Stop, not Close: Close waits for every open watch stream of the API server.
		cp.etcd.Server.Stop()
	}
}

func (cp *ControlPlane) run(name string, fn func() error) {
	done := make(chan struct{})
	cp.done = append(cp.done, done)
	go func() {
		defer close(done)
		if err := fn(); err != nil {
			cp.fail(fmt.Errorf("%s: %w", name, err))
		}
	}()
}

func (cp *ControlPlane) fail(err error) {
	select {
	case cp.errs <- err:
	default:
	}
}

// waitAPIServerReady polls /readyz until it answers 200 or ctx ends.
func waitAPIServerReady(ctx context.Context, cfg *rest.Config) error {
	cfg = rest.CopyConfig(cfg)
	cfg.Timeout = 2 * time.Second
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		var status int
		client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
		if status == 200 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func startEtcd(cfg Config) (*embed.Etcd, error) {
	l := cfg.Layout
	ec := embed.NewConfig()
	ec.Name = "labs"
	ec.Dir = l.Etcd()
	clientURL := url.URL{Scheme: "https", Host: "127.0.0.1:" + strconv.Itoa(cfg.Ports.EtcdClient)}
	peerURL := url.URL{Scheme: "https", Host: "127.0.0.1:" + strconv.Itoa(cfg.Ports.EtcdPeer)}
	ec.ListenClientUrls, ec.AdvertiseClientUrls = []url.URL{clientURL}, []url.URL{clientURL}
	ec.ListenPeerUrls, ec.AdvertisePeerUrls = []url.URL{peerURL}, []url.URL{peerURL}
	ec.InitialCluster = ec.InitialClusterFromName(ec.Name)
	// Mutual TLS on both listeners: loopback is shared with every local user, and etcd holds
	// the whole cluster, so only our API server may talk to it.
	certFile, keyFile := pki.Paths(l.PKI(), certEtcdServer)
	caFile, _ := pki.Paths(l.PKI(), certEtcdCA)
	tls := embedTLS(certFile, keyFile, caFile)
	ec.ClientTLSInfo, ec.PeerTLSInfo = tls, tls
	ec.LogLevel = "warn"
	ec.Logger = "zap"
	ec.LogOutputs = []string{"stderr"}
	// A learner's laptop, not a production cluster: a small backend and prompt compaction keep
	// the data directory and memory small.
	ec.QuotaBackendBytes = 512 << 20
	// A single member elects itself after 1 to 10 ticks of an election timeout's 10 (the first
	// 9 skipped): 0.1–1.1 s at etcd's 100 ms tick. Five ticks of 50 ms make it 50–250 ms,
	// with 20 idle wake-ups a second instead of 10.
	ec.TickMs, ec.ElectionMs = 50, 250
	ec.AutoCompactionMode = "periodic"
	ec.AutoCompactionRetention = "5m"
	ec.SnapshotCount = 10000

	e, err := embed.StartEtcd(ec)
	if err != nil {
		return nil, fmt.Errorf("starting etcd: %w", err)
	}
	return e, nil
}

// waitEtcd waits until the started etcd serves (it has elected itself).
func waitEtcd(ctx context.Context, e *embed.Etcd) error {
	select {
	case <-e.Server.ReadyNotify():
		return nil
	case err := <-e.Err():
		return fmt.Errorf("starting etcd: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(60 * time.Second):
		return errors.New("starting etcd: not ready after 60s")
	}
}

func apiServerOptions(ctx context.Context, cfg Config) (apiserveroptions.CompletedOptions, error) {
	l := cfg.Layout
	p := func(name string) (string, string) { return pki.Paths(l.PKI(), name) }
	caCert, _ := p(certCA)
	etcdCA, _ := p(certEtcdCA)
	tlsCert, tlsKey := p(certAPIServer)
	etcdCert, etcdKey := p(certAPIServerEtcd)
	kubeletCert, kubeletKey := p(certAPIServerKubelet)
	saPub, saKey := p(keyServiceAccount)

	s := apiserveroptions.NewServerRunOptions()
	args := []string{
		"--advertise-address=127.0.0.1",
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cfg.Ports.APIServer),
		"--etcd-servers=https://127.0.0.1:" + strconv.Itoa(cfg.Ports.EtcdClient),
		"--etcd-cafile=" + etcdCA,
		"--etcd-certfile=" + etcdCert,
		"--etcd-keyfile=" + etcdKey,
		"--client-ca-file=" + caCert,
		"--tls-cert-file=" + tlsCert,
		"--tls-private-key-file=" + tlsKey,
		"--kubelet-client-certificate=" + kubeletCert,
		"--kubelet-client-key=" + kubeletKey,
		"--kubelet-certificate-authority=" + caCert,
		// Never resolve node names through the system resolver: nodes have loopback InternalIPs.
		"--kubelet-preferred-address-types=InternalIP",
		"--service-account-issuer=" + ServiceAccountIssuer,
		"--service-account-key-file=" + saPub,
		"--service-account-signing-key-file=" + saKey,
		"--service-cluster-ip-range=" + ServiceCIDR,
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		"--anonymous-auth=false",
		"--allow-privileged=true",
		"--profiling=false",
		// The endpoint reconciler would publish 127.0.0.1 for the kubernetes Service, which
		// Endpoints validation rejects (loopback), logging an error every few seconds.
		"--endpoint-reconciler-type=none",
		"--audit-policy-file=" + l.AuditPolicy(),
		"--audit-log-path=" + l.AuditLog(),
		"--audit-log-format=json",
		"--audit-log-mode=blocking",
		"--audit-log-maxsize=20",
		"--audit-log-maxbackup=2",
		"--cert-dir=" + l.PKI(),
	}
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return apiserveroptions.CompletedOptions{}, fmt.Errorf("kube-apiserver flags: %w", err)
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return apiserveroptions.CompletedOptions{}, fmt.Errorf("kube-apiserver feature gates: %w", err)
	}
	completed, err := s.Complete(ctx)
	if err != nil {
		return apiserveroptions.CompletedOptions{}, fmt.Errorf("kube-apiserver options: %w", err)
	}
	if errs := completed.Validate(); len(errs) > 0 {
		return apiserveroptions.CompletedOptions{}, fmt.Errorf("kube-apiserver options: %w", utilerrors.NewAggregate(errs))
	}
	return completed, nil
}

func runAPIServer(ctx context.Context, opts apiserveroptions.CompletedOptions, mark func(string), etcdReady func() error) error {
	if opts.InformerName == nil {
		name, err := cache.NewInformerName("kube-apiserver")
		if err != nil {
			return err
		}
		opts.InformerName = name
	}
	config, err := apiserver.NewConfig(opts)
	if err != nil {
		return err
	}
	completed, err := config.Complete()
	if err != nil {
		return err
	}
	mark("kube-apiserver config built")
	if err := etcdReady(); err != nil {
		return err
	}
	server, err := apiserver.CreateServerChain(completed)
	if err != nil {
		return err
	}
	prepared, err := server.PrepareRun()
	if err != nil {
		return err
	}
	mark("kube-apiserver prepared, starting to serve")
	return prepared.Run(ctx)
}

func controllerManagerConfig(ctx context.Context, cfg Config) (*cmconfig.Config, error) {
	l := cfg.Layout
	caCert, caKey := pki.Paths(l.PKI(), certCA)
	_, saKey := pki.Paths(l.PKI(), keyServiceAccount)
	s, err := cmoptions.NewKubeControllerManagerOptions()
	if err != nil {
		return nil, fmt.Errorf("kube-controller-manager options: %w", err)
	}
	kubeconfig := l.ComponentKubeconfig("controller-manager")
	args := []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--secure-port=0",
		"--leader-elect=false",
		// All controllers under the controller manager's own identity, which is in the group
		// system:masters, rather than each under a service account of its own as kubeadm runs
		// them: those cost about 40 service accounts, token requests and TLS connections at
		// every start (0.3-1.3 s before the default ServiceAccount exists, on two loaded cores)
		// and a client each for good. The controllers run in the API server's own process with
		// a key that sits beside the admin's, so separate identities protect nothing here. The
		// audit policy leaves system:kube-controller-manager's requests out, as it left the
		// controllers' service accounts out.
		"--use-service-account-credentials=false",
		"--kube-api-qps=100",
		"--kube-api-burst=200",
		"--service-account-private-key-file=" + saKey,
		"--root-ca-file=" + caCert,
		"--cluster-signing-cert-file=" + caCert,
		"--cluster-signing-key-file=" + caKey,
		"--cluster-name=" + ClusterName,
		"--allocate-node-cidrs=false",
		"--profiling=false",
	}
	all, disabled, aliases := cm.KnownControllers(), cm.ControllersDisabledByDefault(), cm.ControllerAliases()
	fs := pflag.NewFlagSet("kube-controller-manager", pflag.ContinueOnError)
	for _, f := range s.Flags(all, disabled, aliases).FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("kube-controller-manager flags: %w", err)
	}
	c, err := s.Config(ctx, all, disabled, aliases)
	if err != nil {
		return nil, fmt.Errorf("kube-controller-manager config: %w", err)
	}
	return c, nil
}

func schedulerOptions(cfg Config) (*scheduleroptions.Options, error) {
	kubeconfig := cfg.Layout.ComponentKubeconfig("scheduler")
	o := scheduleroptions.NewOptions()
	args := []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--secure-port=0",
		"--leader-elect=false",
		"--profiling=false",
	}
	fs := pflag.NewFlagSet("kube-scheduler", pflag.ContinueOnError)
	for _, f := range o.Flags.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("kube-scheduler flags: %w", err)
	}
	name, err := cache.NewInformerName("kube-scheduler")
	if err != nil {
		return nil, err
	}
	o.InformerName = name
	return o, nil
}

func init() {
	// Components log through klog to the process's stderr (the cluster log file).
	klog.SetOutput(os.Stderr)
}

func embedTLS(certFile, keyFile, caFile string) transport.TLSInfo {
	return transport.TLSInfo{
		CertFile:       certFile,
		KeyFile:        keyFile,
		TrustedCAFile:  caFile,
		ClientCertAuth: true,
	}
}
