// Package cri is the container runtime of the embedded nodes: it implements the CRI
// RuntimeService and ImageManagerService in-process, and runs each container as a host process,
// PID 1 of its own user and PID namespaces where the kernel allows it. No images are downloaded:
// a small built-in catalogue maps images to programs that stand in for them.
package cri

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
	"k8s.io/cri-streaming/pkg/streaming"
)

// Mode says how containers are isolated on this host.
type Mode string

const (
	// ModeNamespaces runs each container as PID 1 of a new user+PID namespace: signals, the
	// grace period and the death of every process of a container behave as in a real one.
	ModeNamespaces Mode = "namespaces"
	// ModeFilesystem is ModeNamespaces plus a mount and UTS namespace: the container gets a
	// filesystem of its own (the host's directories read-only under a private writable layer,
	// its volumes at their paths, the labs state directory and the user's home absent).
	ModeFilesystem Mode = "namespaces-fs"
	// ModeProcessGroup is the fallback where user namespaces are not allowed: a process group,
	// with PID 1's signal rule emulated.
	ModeProcessGroup Mode = "process-group"
)

// Config is what a node tells its runtime.
type Config struct {
	// Dir holds the runtime's per-container scratch directories.
	Dir string
	// PodIPs is the range pod IPs come from; it must lie in 127.0.0.0/8.
	PodIPs *net.IPNet
	// StreamAddr is host:port the exec/attach/port-forward server listens on (127.0.0.1:0 is fine).
	StreamAddr string
	// Hide are host paths containers must not see, besides those the environment names (the
	// labs state directory, the user's home) and Dir.
	Hide []string
	// VolumesDir is the kubelet's directory of pods' volumes: mounts from below it are allowed
	// although it lies in a hidden path.
	VolumesDir string
	// Mountable are more host paths below hidden ones that hostPath volumes may mount (the
	// node's static pod directory: a Pod mounts it on a real node too).
	Mountable []string
}

// Runtime is an in-process CRI runtime whose containers are host processes.
type Runtime struct {
	cfg  Config
	mode Mode
	// fallback says why containers share the host's filesystem, when they do.
	fallback string
	// exe is this binary, opened: exec into a container runs it from inside the container,
	// where its path may be hidden.
	exe    *os.File
	images imageStore
	stream streaming.Server

	mu         sync.Mutex
	sandboxes  map[string]*sandbox
	containers map[string]*container
	nextIP     uint32
}

type sandbox struct {
	id      string
	config  *runtimeapi.PodSandboxConfig
	ip      string
	created time.Time
	ready   bool
	dir     string
}

// New starts a runtime and its streaming server.
func New(cfg Config) (*Runtime, error) {
	if cfg.PodIPs == nil || !cfg.PodIPs.IP.IsLoopback() {
		return nil, fmt.Errorf("pod IP range %v is not inside 127.0.0.0/8", cfg.PodIPs)
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	r := &Runtime{
		cfg:        cfg,
		mode:       DetectMode(),
		images:     imageStore{pulled: map[string]bool{}},
		sandboxes:  map[string]*sandbox{},
		containers: map[string]*container{},
	}
	r.cfg.Hide = append(append([]string(nil), cfg.Hide...), cfg.Dir)
	if r.mode == ModeNamespaces {
		r.detectFilesystem()
	} else {
		r.fallback = "the kernel refuses unprivileged user namespaces"
	}
	ln, err := net.Listen("tcp", cfg.StreamAddr)
	if err != nil {
		return nil, fmt.Errorf("streaming server: %w", err)
	}
	sc := streaming.DefaultConfig
	sc.Addr = ln.Addr().String()
	r.stream, err = streaming.NewServer(sc, streamRuntime{r})
	if err != nil {
		ln.Close()
		return nil, err
	}
	go func() { _ = serve(ln, r.stream) }()
	return r, nil
}

// Mode reports how containers are isolated.
func (r *Runtime) Mode() Mode { return r.mode }

// Fallback says, in one line, why containers share the host's filesystem; empty when they
// have their own.
func (r *Runtime) Fallback() string { return r.fallback }

// detectFilesystem starts a probe container with a filesystem of its own and switches to
// ModeFilesystem when it works. Where the kernel refuses (no mount namespace or overlay in a
// user namespace), containers run as before and the reason is kept for the node's log.
func (r *Runtime) detectFilesystem() {
	exe, err := os.Open("/proc/self/exe")
	if err == nil {
		r.exe = exe
		err = r.probeFilesystem()
	}
	if err != nil {
		if exe != nil {
			exe.Close()
			r.exe = nil
		}
		r.fallback = strings.ReplaceAll(err.Error(), "\n", "; ") // one line in the node's log
		return
	}
	r.mode = ModeFilesystem
}

// namespaced reports whether containers are PID 1 of namespaces of their own.
func (m Mode) namespaced() bool { return m == ModeNamespaces || m == ModeFilesystem }

// DetectMode tries a user+PID namespace once: Ubuntu 24.04 and later restrict them by default,
// and some kernels disable them.
func DetectMode() Mode {
	probe := "/bin/true"
	if _, err := os.Stat(probe); err != nil {
		probe = "/usr/bin/true"
	}
	attr := &os.ProcAttr{Sys: namespaceAttr()}
	p, err := os.StartProcess(probe, []string{"true"}, attr)
	if err != nil {
		return ModeProcessGroup
	}
	st, err := p.Wait()
	if err != nil || !st.Success() {
		return ModeProcessGroup
	}
	return ModeNamespaces
}

func namespaceAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		GidMappingsEnableSetgroups: false,
		Setsid:                     true,
		Pdeathsig:                  syscall.SIGKILL,
	}
}

func newID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func notFound(kind, id string) error {
	return status.Errorf(codes.NotFound, "%s %q not found", kind, id)
}

// Version implements cri.RuntimeVersioner. The kubelet insists on API version 0.1.0.
func (r *Runtime) Version(ctx context.Context, apiVersion string) (*runtimeapi.VersionResponse, error) {
	return &runtimeapi.VersionResponse{Version: "0.1.0", RuntimeName: "labs", RuntimeVersion: "1.0.0", RuntimeApiVersion: "v1"}, nil
}

// Status implements cri.RuntimeService.
func (r *Runtime) Status(ctx context.Context, verbose bool) (*runtimeapi.StatusResponse, error) {
	return &runtimeapi.StatusResponse{Status: &runtimeapi.RuntimeStatus{Conditions: []*runtimeapi.RuntimeCondition{
		{Type: runtimeapi.RuntimeReady, Status: true},
		{Type: runtimeapi.NetworkReady, Status: true},
	}}}, nil
}

// RuntimeConfig implements cri.RuntimeService.
func (r *Runtime) RuntimeConfig(ctx context.Context) (*runtimeapi.RuntimeConfigResponse, error) {
	return &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_CGROUPFS}}, nil
}

// UpdateRuntimeConfig implements cri.RuntimeService; the pod CIDR is ours to choose.
func (r *Runtime) UpdateRuntimeConfig(ctx context.Context, c *runtimeapi.RuntimeConfig) error {
	return nil
}

// Close stops every container and the streaming server.
func (r *Runtime) Close(ctx context.Context) error {
	r.mu.Lock()
	var running []*container
	for _, c := range r.containers {
		running = append(running, c)
	}
	r.mu.Unlock()
	for _, c := range running {
		c.kill()
	}
	if r.exe != nil {
		r.exe.Close()
	}
	if r.stream != nil {
		return r.stream.Stop()
	}
	return nil
}

// RunPodSandbox implements cri.PodSandboxManager. A sandbox is only an IP address and a
// directory: containers share the host network namespace and listen on the pod's loopback IP.
func (r *Runtime) RunPodSandbox(ctx context.Context, config *runtimeapi.PodSandboxConfig, runtimeHandler string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// A retried RunPodSandbox for the same pod attempt returns the same sandbox.
	for _, s := range r.sandboxes {
		m := s.config.GetMetadata()
		if m.GetUid() == config.GetMetadata().GetUid() && m.GetAttempt() == config.GetMetadata().GetAttempt() {
			s.ready = true
			return s.id, nil
		}
	}
	id := newID()
	dir := filepath.Join(r.cfg.Dir, "pods", id[:12])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if ld := config.GetLogDirectory(); ld != "" {
		if err := os.MkdirAll(ld, 0o755); err != nil {
			return "", err
		}
	}
	ip := "127.0.0.1"
	if config.GetLinux().GetSecurityContext().GetNamespaceOptions().GetNetwork() != runtimeapi.NamespaceMode_NODE {
		ip = r.allocateIP()
	}
	r.sandboxes[id] = &sandbox{id: id, config: config, ip: ip, created: time.Now(), ready: true, dir: dir}
	return id, nil
}

// allocateIP hands out the next free address of the pod range (r.mu held).
func (r *Runtime) allocateIP() string {
	base := ipToUint(r.cfg.PodIPs.IP.To4())
	ones, bits := r.cfg.PodIPs.Mask.Size()
	size := uint32(1) << (bits - ones)
	used := map[string]bool{}
	for _, s := range r.sandboxes {
		used[s.ip] = true
	}
	for i := uint32(0); i < size-2; i++ {
		r.nextIP = (r.nextIP % (size - 2)) + 1
		ip := uintToIP(base + r.nextIP).String()
		if !used[ip] {
			return ip
		}
	}
	return uintToIP(base + 1).String()
}

func ipToUint(ip net.IP) uint32 {
	return uint32(ip[0])<<24 | uint32(ip[1])<<16 | uint32(ip[2])<<8 | uint32(ip[3])
}

func uintToIP(v uint32) net.IP { return net.IPv4(byte(v>>24), byte(v>>16), byte(v>>8), byte(v)) }

// StopPodSandbox implements cri.PodSandboxManager: it kills what still runs in the sandbox.
func (r *Runtime) StopPodSandbox(ctx context.Context, id string) error {
	r.mu.Lock()
	s, ok := r.sandboxes[id]
	var cs []*container
	for _, c := range r.containers {
		if c.sandboxID == id {
			cs = append(cs, c)
		}
	}
	r.mu.Unlock()
	if !ok {
		return nil
	}
	for _, c := range cs {
		c.kill()
	}
	r.mu.Lock()
	s.ready = false
	r.mu.Unlock()
	return nil
}

// RemovePodSandbox implements cri.PodSandboxManager.
func (r *Runtime) RemovePodSandbox(ctx context.Context, id string) error {
	if err := r.StopPodSandbox(ctx, id); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sandboxes[id]
	if !ok {
		return nil
	}
	for cid, c := range r.containers {
		if c.sandboxID == id {
			c.removeFiles()
			delete(r.containers, cid)
		}
	}
	_ = os.RemoveAll(s.dir)
	delete(r.sandboxes, id)
	return nil
}

func (s *sandbox) state() runtimeapi.PodSandboxState {
	if s.ready {
		return runtimeapi.PodSandboxState_SANDBOX_READY
	}
	return runtimeapi.PodSandboxState_SANDBOX_NOTREADY
}

// PodSandboxStatus implements cri.PodSandboxManager.
func (r *Runtime) PodSandboxStatus(ctx context.Context, id string, verbose bool) (*runtimeapi.PodSandboxStatusResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sandboxes[id]
	if !ok {
		return nil, notFound("pod sandbox", id)
	}
	return &runtimeapi.PodSandboxStatusResponse{Status: &runtimeapi.PodSandboxStatus{
		Id:          s.id,
		Metadata:    s.config.GetMetadata(),
		State:       s.state(),
		CreatedAt:   s.created.UnixNano(),
		Network:     &runtimeapi.PodSandboxNetworkStatus{Ip: s.ip},
		Linux:       &runtimeapi.LinuxPodSandboxStatus{Namespaces: &runtimeapi.Namespace{Options: s.config.GetLinux().GetSecurityContext().GetNamespaceOptions()}},
		Labels:      s.config.GetLabels(),
		Annotations: s.config.GetAnnotations(),
	}}, nil
}

// ListPodSandbox implements cri.PodSandboxManager.
func (r *Runtime) ListPodSandbox(ctx context.Context, filter *runtimeapi.PodSandboxFilter) ([]*runtimeapi.PodSandbox, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*runtimeapi.PodSandbox
	for _, s := range r.sandboxes {
		if filter != nil {
			if filter.Id != "" && filter.Id != s.id {
				continue
			}
			if filter.State != nil && filter.State.State != s.state() {
				continue
			}
			if !labelsMatch(s.config.GetLabels(), filter.LabelSelector) {
				continue
			}
		}
		out = append(out, &runtimeapi.PodSandbox{
			Id: s.id, Metadata: s.config.GetMetadata(), State: s.state(), CreatedAt: s.created.UnixNano(),
			Labels: s.config.GetLabels(), Annotations: s.config.GetAnnotations(),
		})
	}
	return out, nil
}

func labelsMatch(labels, selector map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// PortForward implements cri.PodSandboxManager.
func (r *Runtime) PortForward(ctx context.Context, req *runtimeapi.PortForwardRequest) (*runtimeapi.PortForwardResponse, error) {
	r.mu.Lock()
	_, ok := r.sandboxes[req.GetPodSandboxId()]
	r.mu.Unlock()
	if !ok {
		return nil, notFound("pod sandbox", req.GetPodSandboxId())
	}
	return r.stream.GetPortForward(req)
}

// UpdatePodSandboxResources implements cri.PodSandboxManager; there are no cgroups to update.
func (r *Runtime) UpdatePodSandboxResources(ctx context.Context, req *runtimeapi.UpdatePodSandboxResourcesRequest) (*runtimeapi.UpdatePodSandboxResourcesResponse, error) {
	return &runtimeapi.UpdatePodSandboxResourcesResponse{}, nil
}

// CheckpointPod implements cri.PodSandboxManager.
func (r *Runtime) CheckpointPod(ctx context.Context, options *runtimeapi.CheckpointPodRequest) error {
	return status.Error(codes.Unimplemented, "checkpointing is not supported by the labs runtime")
}

// RestorePod implements cri.PodSandboxManager.
func (r *Runtime) RestorePod(ctx context.Context, options *runtimeapi.RestorePodRequest) (*runtimeapi.RestorePodResponse, error) {
	return nil, status.Error(codes.Unimplemented, "restoring is not supported by the labs runtime")
}

// fsUsage reports the node directory's filesystem, for the kubelet's image GC and eviction.
func (r *Runtime) fsUsage() *runtimeapi.FilesystemUsage {
	var st syscall.Statfs_t
	var used, inodes uint64
	if syscall.Statfs(r.cfg.Dir, &st) == nil {
		used = (st.Blocks - st.Bfree) * uint64(st.Bsize)
		inodes = st.Files - st.Ffree
	}
	return &runtimeapi.FilesystemUsage{
		Timestamp:  time.Now().UnixNano(),
		FsId:       &runtimeapi.FilesystemIdentifier{Mountpoint: r.cfg.Dir},
		UsedBytes:  &runtimeapi.UInt64Value{Value: used},
		InodesUsed: &runtimeapi.UInt64Value{Value: inodes},
	}
}
