package node

import (
	"context"

	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/moby/sys/userns"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	kubeletapp "k8s.io/kubernetes/cmd/kubelet/app"
	"k8s.io/kubernetes/cmd/kubelet/app/options"
	"k8s.io/kubernetes/pkg/features"
	"k8s.io/kubernetes/pkg/kubelet"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	"k8s.io/kubernetes/pkg/kubelet/cm"
	kubeletutil "k8s.io/kubernetes/pkg/kubelet/util"
	"k8s.io/kubernetes/pkg/kubelet/watchdog"
	"k8s.io/kubernetes/pkg/util/oom"
	"k8s.io/kubernetes/pkg/volume"
	"k8s.io/kubernetes/pkg/volume/configmap"
	"k8s.io/kubernetes/pkg/volume/downwardapi"
	"k8s.io/kubernetes/pkg/volume/emptydir"
	"k8s.io/kubernetes/pkg/volume/hostpath"
	"k8s.io/kubernetes/pkg/volume/projected"
	"k8s.io/kubernetes/pkg/volume/secret"
	"k8s.io/kubernetes/pkg/volume/util/hostutil"
	"k8s.io/kubernetes/pkg/volume/util/subpath"
	"k8s.io/mount-utils"

	"github.com/labs-dev/labs/internal/cri"
)

// Labels the node sets on itself; the cluster's node controller reads them.
const (
	LabelRole        = "node.labs.dev/role"
	LabelRuntimeMode = "node.labs.dev/runtime-mode"
	// TaintUninitialized is the taint a kubelet with an external cloud provider registers with,
	// until the cluster's node controller has set its address.
	TaintUninitialized = "node.cloudprovider.kubernetes.io/uninitialized"
)

// Config is everything one node needs.
type Config struct {
	Spec  Spec
	Paths Paths
	// ClusterDNS is only written into pods' DNS settings (the runtime never uses it): without
	// one, the kubelet warns on every pod.
	ClusterDNS string
}

// Run starts the kubelet and its runtime and blocks until ctx ends; then it stops every
// container before returning, so nothing outlives the node.
func Run(ctx context.Context, cfg Config) error {
	logger := klog.FromContext(ctx)
	// The kubelet creates this directory at start-up, whatever the OS interface says.
	kubelet.ContainerLogsDir = filepath.Join(cfg.Paths.Root, "containers")
	if userns.RunningInUserNS() {
		// Started by an unprivileged user, the node runs as root of its own user namespace; the
		// kubelet then tolerates what it cannot do there (read /dev/kmsg, set kernel flags).
		if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(map[string]bool{string(features.KubeletInUserNamespace): true}); err != nil {
			return err
		}
	}
	for _, d := range []string{cfg.Paths.Root, cfg.Paths.StaticPods, cfg.Paths.PodLogs, cfg.Paths.Runtime} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	restCfg, err := clientcmd.BuildConfigFromFlags("", cfg.Paths.Kubeconfig)
	if err != nil {
		return fmt.Errorf("loading the node kubeconfig: %w", err)
	}
	restCfg.QPS, restCfg.Burst = 50, 100
	// Nodes start with the control plane: their requests wait for the API server to listen
	// rather than back off (UntilServing says why).
	restCfg.Wrap(UntilServing)
	client, err := clientset.NewForConfig(restCfg)
	if err != nil {
		return err
	}
	hbCfg := *restCfg
	hbCfg.Timeout = 10 * time.Second
	hbCfg.QPS = -1
	heartbeat, err := clientset.NewForConfig(&hbCfg)
	if err != nil {
		return err
	}

	rt, err := cri.New(cri.Config{
		Dir: cfg.Paths.Runtime, PodIPs: cfg.Spec.PodIPs(),
		StreamAddr: net.JoinHostPort(cfg.Spec.IP().String(), "0"),
		// The cluster's directory (audit log, PKI, every node's files) is no container's
		// business; the pods' volumes below this node's kubelet directory are theirs.
		Hide:       []string{filepath.Dir(filepath.Dir(cfg.Paths.Root))},
		VolumesDir: filepath.Join(cfg.Paths.Root, "pods"),
		// As on a real node, a (privileged) Pod may mount the static pod directory: how labs
		// reaches it when it uses this cluster through a kubeconfig alone (--cluster existing).
		Mountable: []string{cfg.Paths.StaticPods},
	})
	if err != nil {
		return fmt.Errorf("starting the container runtime: %w", err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = rt.Close(closeCtx)
	}()
	logger.Info("Container runtime started", "mode", rt.Mode())
	if fb := rt.Fallback(); fb != "" {
		logger.Info("Containers share the host's filesystem (no mount namespace of their own): " + fb)
	}

	s, err := serverOptions(cfg, rt.Mode())
	if err != nil {
		return err
	}
	health, err := watchdog.NewHealthChecker(logger)
	if err != nil {
		return err
	}
	deps := &kubelet.Dependencies{
		KubeClient:                client,
		HeartbeatClient:           heartbeat,
		EventClient:               client.CoreV1(),
		OnHeartbeatFailure:        func() {},
		RemoteRuntimeService:      rt,
		RemoteImageService:        rt,
		CAdvisorInterface:         hostCadvisor{root: cfg.Paths.Root},
		ContainerManager:          containerManager{ContainerManager: cm.NewStubContainerManager(), root: cfg.Paths.Root},
		OSInterface:               nodeOS{containersDir: filepath.Join(cfg.Paths.Root, "containers")},
		VolumePlugins:             volumePlugins(),
		OOMAdjuster:               oom.NewFakeOOMAdjuster(),  // containers are plain processes: no OOM scores to set
		Mounter:                   mount.NewFakeMounter(nil), // volumes are directories, bound into containers by the runtime; nothing is mounted on the host
		Subpather:                 &subpath.FakeSubpath{},
		HostUtil:                  hostUtil{hostutil.NewHostUtil()},
		PodStartupLatencyTracker:  kubeletutil.NewPodStartupLatencyTracker(),
		NodeStartupLatencyTracker: kubeletutil.NewNodeStartupLatencyTracker(logger),
		TracerProvider:            noopoteltrace.NewTracerProvider(),
		HealthChecker:             health,
	}
	deps.TLSOptions, err = kubeletapp.InitializeTLS(ctx, &s.KubeletFlags, &s.KubeletConfiguration)
	if err != nil {
		return fmt.Errorf("kubelet TLS: %w", err)
	}
	auth, runCAReload, err := kubeletapp.BuildAuth(types.NodeName(cfg.Spec.Name), client, s.KubeletConfiguration)
	if err != nil {
		return fmt.Errorf("kubelet authentication: %w", err)
	}
	deps.Auth = auth
	runCAReload(ctx.Done())
	health.Start(ctx)

	if err := publishConfigz(&s.KubeletConfiguration); err != nil {
		logger.Error(err, "the kubelet's /configz is not served")
	}
	go annotateStaticPodPath(ctx, client, cfg.Spec.Name, s.KubeletConfiguration.StaticPodPath)
	if err := kubeletapp.RunKubelet(ctx, s, deps); err != nil {
		return fmt.Errorf("running the kubelet: %w", err)
	}
	<-ctx.Done()
	return nil
}

// serverOptions is the kubelet's configuration: the defaults of `kubelet` with the node's paths,
// and everything that would touch the host (cgroups, iptables, swap, OOM scores) turned off.
func serverOptions(cfg Config, mode cri.Mode) (*options.KubeletServer, error) {
	s, err := options.NewKubeletServer()
	if err != nil {
		return nil, err
	}
	f := &s.KubeletFlags
	f.HostnameOverride = cfg.Spec.Name
	// No --node-ip: the kubelet refuses loopback addresses. With an external cloud provider it
	// leaves the addresses to the cluster's node controller, as to a cloud controller manager.
	f.CloudProvider = "external"
	s.KubeletConfiguration.ProviderID = "labs://" + cfg.Spec.Name
	f.RootDirectory = cfg.Paths.Root
	f.CertDirectory = cfg.Paths.Root + "/pki"
	s.KubeletConfiguration.RegisterNode = true
	f.NodeLabels = map[string]string{LabelRuntimeMode: string(mode)}
	if cfg.Spec.ControlPlane {
		f.NodeLabels[LabelRole] = "control-plane"
		s.KubeletConfiguration.RegisterWithTaints = []v1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: v1.TaintEffectNoSchedule}}
	}
	f.MaxContainerCount = 100
	f.MaxPerPodContainerCount = 2
	f.MinimumGCAge = metav1.Duration{Duration: time.Minute}

	c := &s.KubeletConfiguration
	c.Address = cfg.Spec.IP().String()
	c.Port = int32(kubeletPort(cfg.Spec.IP()))
	c.ReadOnlyPort = 0
	c.TLSCertFile, c.TLSPrivateKeyFile = cfg.Paths.ServingCert, cfg.Paths.ServingKey
	c.Authentication.Anonymous.Enabled = false
	c.Authentication.Webhook.Enabled = true
	c.Authentication.X509.ClientCAFile = cfg.Paths.CA
	c.Authorization.Mode = kubeletconfig.KubeletAuthorizationModeWebhook
	c.StaticPodPath = cfg.Paths.StaticPods
	c.FileCheckFrequency = metav1.Duration{Duration: 5 * time.Second}
	c.PodLogsDir = cfg.Paths.PodLogs
	c.ClusterDNS = []string{cfg.ClusterDNS}
	c.ClusterDomain = "cluster.local"
	c.CgroupsPerQOS = false
	c.CgroupRoot = ""
	c.CgroupDriver = "cgroupfs"
	c.EnforceNodeAllocatable = nil
	c.KubeletCgroups, c.SystemCgroups = "", ""
	c.MakeIPTablesUtilChains = false
	c.FailSwapOn = false
	c.ProtectKernelDefaults = false
	c.EvictionHard = map[string]string{"memory.available": "50Mi"}
	c.EvictionPressureTransitionPeriod = metav1.Duration{Duration: 30 * time.Second}
	c.ImageGCHighThresholdPercent, c.ImageGCLowThresholdPercent = 100, 99 // images are built in: nothing to collect
	c.SerializeImagePulls = false
	c.ResolverConfig = ""
	c.HairpinMode = kubeletconfig.HairpinNone
	c.NodeStatusUpdateFrequency = metav1.Duration{Duration: 10 * time.Second}
	// The periodic sync is the only time a deleted mirror pod is replaced (v1.37's kubelet
	// drops the mirror's own update: it looks for the allocation under the mirror's UID), and
	// `kubectl delete` of a static pod waits for it: 3 s instead of 10 s brings that wait from
	// 11–13 s to 2–3 s, at no idle CPU cost measurable with a handful of pods.
	c.SyncFrequency = metav1.Duration{Duration: 3 * time.Second}
	c.LocalStorageCapacityIsolation = true
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		// The kubelet sets the whole process's open-file limit to this.
		c.MaxOpenFiles = int64(lim.Max)
	}
	return s, nil
}

// kubeletPort is 10250 on the node's own loopback address unless something holds it.
func kubeletPort(ip net.IP) int {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "10250"))
	if err == nil {
		ln.Close()
		return 10250
	}
	ln, err = net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return 10250
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func volumePlugins() []volume.VolumePlugin {
	var all []volume.VolumePlugin
	all = append(all, emptydir.ProbeVolumePlugins()...)
	all = append(all, hostpath.ProbeVolumePlugins(volume.VolumeConfig{})...)
	all = append(all, secret.ProbeVolumePlugins()...)
	all = append(all, configmap.ProbeVolumePlugins()...)
	all = append(all, downwardapi.ProbeVolumePlugins()...)
	all = append(all, projected.ProbeVolumePlugins()...)
	return all
}

// hostUtil is the kubelet's host utilities minus the one that changes the host: the kubelet
// makes its root directory a shared bind mount, which nothing of ours needs.
type hostUtil struct{ hostutil.HostUtils }

func (hostUtil) MakeRShared(path string) error { return nil }

// containerManager is the kubelet's stub container manager (no cgroups), except that it reports
// the node's real ephemeral storage instead of zero.
type containerManager struct {
	cm.ContainerManager
	root string
}

// GetPodCgroupRoot names the (virtual) container of all pods, which the eviction manager needs.
func (c containerManager) GetPodCgroupRoot() string { return podsCgroup }

func (c containerManager) GetCapacity(logger klog.Logger, localStorageCapacityIsolation bool) v1.ResourceList {
	rl := c.ContainerManager.GetCapacity(logger, localStorageCapacityIsolation)
	if rl == nil {
		rl = v1.ResourceList{}
	}
	if localStorageCapacityIsolation {
		fs := hostCadvisor{root: c.root}.fsInfo()
		rl[v1.ResourceEphemeralStorage] = *resource.NewQuantity(int64(fs.Capacity), resource.BinarySI)
	}
	return rl
}

// NewPodContainerManager returns the stub's, except that pods' resource configs read as empty
// rather than failing: the kubelet logs that failure for every running pod on every sync.
func (c containerManager) NewPodContainerManager() cm.PodContainerManager {
	return podContainerManager{c.ContainerManager.NewPodContainerManager()}
}

type podContainerManager struct{ cm.PodContainerManager }

func (podContainerManager) GetPodCgroupConfig(pod *v1.Pod, resource v1.ResourceName) (*cm.ResourceConfig, error) {
	// Zero means "no limit read": the kubelet then reports the pod's own spec.
	var memory, quota int64 = 0, -1
	var shares, period uint64 = 0, 0
	return &cm.ResourceConfig{Memory: &memory, CPUShares: &shares, CPUQuota: &quota, CPUPeriod: &period}, nil
}
