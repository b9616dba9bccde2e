package cri

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/cri/ctrinit"
	"github.com/labs-dev/labs/internal/procstat"
)

// defaultPath is the PATH of the catalogue's images.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// placeholderScript is the main process of images whose program lives inside the node (nginx)
// or does nothing (pause): it exits at once on the stop signal, as nginx does.
const placeholderScript = `trap 'exit 0' TERM QUIT INT; while :; do sleep 86400 & wait $!; done`

type container struct {
	id        string
	sandboxID string
	config    *runtimeapi.ContainerConfig
	image     image
	imageRef  string
	podIP     string
	dir       string
	logPath   string
	mode      Mode

	mu         sync.Mutex
	state      runtimeapi.ContainerState
	created    time.Time
	started    time.Time
	finished   time.Time
	exitCode   int32
	reason     string
	message    string
	cmd        *exec.Cmd
	done       chan struct{}
	stdin      io.WriteCloser // the container's stdin, when its spec asks for one
	ptyFile    *os.File
	log        *logWriter
	out        fanout
	stopServer func()
	servedPort int // where the in-node server (nginx) really listens, when not on its usual port
	argv       []string
	env        []string
	cwd        string
	// ops build the container's own filesystem (ModeFilesystem).
	ops         []ctrinit.Op
	podHostname string
}

func (c *container) status() *runtimeapi.ContainerStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := &runtimeapi.ContainerStatus{
		Id: c.id, Metadata: c.config.GetMetadata(), State: c.state,
		CreatedAt: c.created.UnixNano(), Image: &runtimeapi.ImageSpec{Image: c.imageRef}, ImageRef: digestRef(c.imageRef), ImageId: imageID(c.imageRef),
		Labels: c.config.GetLabels(), Annotations: c.config.GetAnnotations(), LogPath: c.logPath,
		ExitCode: c.exitCode, Reason: c.reason, Message: c.message,
	}
	if !c.started.IsZero() {
		st.StartedAt = c.started.UnixNano()
	}
	if !c.finished.IsZero() {
		st.FinishedAt = c.finished.UnixNano()
	}
	return st
}

// CreateContainer implements cri.ContainerManager: it resolves what the container will run, so
// a command that does not exist fails here, as on a real runtime.
func (r *Runtime) CreateContainer(ctx context.Context, sandboxID string, config *runtimeapi.ContainerConfig, sandboxConfig *runtimeapi.PodSandboxConfig) (string, error) {
	r.mu.Lock()
	s, ok := r.sandboxes[sandboxID]
	r.mu.Unlock()
	if !ok {
		return "", notFound("pod sandbox", sandboxID)
	}
	ref := config.GetImage().GetUserSpecifiedImage()
	if ref == "" {
		ref = config.GetImage().GetImage()
	}
	img, full, ok := lookupImage(ref)
	if !ok {
		return "", fmt.Errorf("image %q is not present", config.GetImage().GetImage())
	}
	id := newID()
	c := &container{
		id: id, sandboxID: sandboxID, config: config, image: img, imageRef: full, podIP: s.ip,
		dir: filepath.Join(s.dir, config.GetMetadata().GetName()+"-"+id[:8]), mode: r.mode,
		state: runtimeapi.ContainerState_CONTAINER_CREATED, created: time.Now(), done: make(chan struct{}),
	}
	if ld, lp := sandboxConfig.GetLogDirectory(), config.GetLogPath(); ld != "" && lp != "" {
		c.logPath = filepath.Join(ld, lp)
	}
	argv, err := resolveArgv(img, config.GetCommand(), config.GetArgs())
	if err != nil {
		// A program in one of the container's volumes is there only inside the container.
		if c.mode != ModeFilesystem || !inMount(config, argv0(config)) {
			return "", err
		}
		argv = append(append([]string{}, config.GetCommand()...), config.GetArgs()...)
	}
	c.env = containerEnv(img, config, sandboxConfig)
	c.cwd = config.GetWorkingDir()
	if c.mode == ModeFilesystem {
		c.podHostname = sandboxConfig.GetHostname()
		readOnly := config.GetLinux().GetSecurityContext().GetReadonlyRootfs()
		if c.ops, err = r.fsPlan(config.GetMounts(), sandboxConfig.GetHostname(), readOnly); err != nil {
			return "", fmt.Errorf("preparing the container's filesystem: %w", err)
		}
		if c.cwd == "" {
			c.cwd = "/"
		}
	} else if c.cwd == "" || !isDir(c.cwd) {
		c.cwd = c.dir
	}
	c.argv = argv
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return "", err
	}
	r.mu.Lock()
	r.containers[id] = c
	r.mu.Unlock()
	return id, nil
}

// argv0 is the program a container runs when it names one in its command.
func argv0(config *runtimeapi.ContainerConfig) string {
	if len(config.GetCommand()) > 0 {
		return config.GetCommand()[0]
	}
	return ""
}

// inMount reports whether the absolute program path lies in one of the container's mounts: only
// the container can tell whether it is there.
func inMount(config *runtimeapi.ContainerConfig, prog string) bool {
	if !filepath.IsAbs(prog) {
		return false
	}
	for _, m := range config.GetMounts() {
		if within(filepath.Clean(prog), filepath.Clean(m.GetContainerPath())) {
			return true
		}
	}
	return false
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// resolveArgv applies the Kubernetes rules (command replaces the entrypoint, args replace the
// image's cmd) and finds the program on the host.
func resolveArgv(img image, command, args []string) ([]string, error) {
	var argv []string
	switch {
	case len(command) > 0:
		argv = append(append(argv, command...), args...)
	case len(args) > 0:
		argv = append(append(argv, img.entrypoint...), args...)
	default:
		argv = append(append(argv, img.entrypoint...), img.cmd...)
	}
	if len(argv) == 0 {
		return nil, fmt.Errorf("no command specified")
	}
	switch filepath.Base(argv[0]) {
	case "docker-entrypoint.sh", "nginx", "pause":
		if img.repo == "docker.io/library/nginx" || img.repo == "registry.k8s.io/pause" {
			return []string{"/bin/sh", "-c", placeholderScript}, nil
		}
	}
	p, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, fmt.Errorf("exec: %q: executable file not found in $PATH", argv[0])
	}
	argv[0] = p
	return argv, nil
}

func containerEnv(img image, config *runtimeapi.ContainerConfig, sandboxConfig *runtimeapi.PodSandboxConfig) []string {
	env := []string{"PATH=" + defaultPath, "HOSTNAME=" + sandboxConfig.GetHostname(), "HOME=/root"}
	env = append(env, img.env...)
	for _, kv := range config.GetEnvs() {
		env = append(env, kv.GetKey()+"="+string(kv.GetValue()))
	}
	// Later entries win, as in a container; libc's getenv would take the first.
	seen := map[string]int{}
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := seen[k]; ok {
			out[i] = kv
			continue
		}
		seen[k] = len(out)
		out = append(out, kv)
	}
	return out
}

// StartContainer implements cri.ContainerManager.
func (r *Runtime) StartContainer(ctx context.Context, id string) error {
	c, err := r.container(id)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != runtimeapi.ContainerState_CONTAINER_CREATED {
		return fmt.Errorf("container %s is not in created state", id)
	}
	if c.logPath != "" {
		if c.log, err = openLog(c.logPath); err != nil {
			return fmt.Errorf("opening the container log: %w", err)
		}
	} else {
		c.log = &logWriter{}
	}
	var cmd *exec.Cmd
	var initStatusR *os.File
	if c.mode == ModeFilesystem {
		cmd, initStatusR, err = initCommand(ctrinit.Plan{Init: true, Scratch: c.dir, Ops: c.ops,
			Hostname: c.podHostname, Path: c.argv[0], Argv: append([]string{filepath.Base(c.argv[0])}, c.argv[1:]...), Env: c.env, Dir: c.cwd,
			TTY: c.config.GetTty()})
		if err != nil {
			return err
		}
		defer func() {
			cmd.ExtraFiles[0].Close() // the init holds its copy
		}()
	} else {
		cmd = exec.Command(c.argv[0], c.argv[1:]...)
		cmd.Args[0] = filepath.Base(c.argv[0])
		cmd.Env, cmd.Dir = c.env, c.cwd
		cmd.SysProcAttr = processAttr(c.mode)
	}
	var outputs []*os.File
	var ttySocket *os.File // where the init of a container with its own filesystem sends its terminal
	if c.config.GetTty() && c.mode == ModeFilesystem {
		parent, child, err := socketPair()
		if err != nil {
			return err
		}
		defer child.Close()
		defer parent.Close()
		cmd.ExtraFiles = append(cmd.ExtraFiles, child)
		ttySocket = parent
	} else if c.config.GetTty() {
		ptmx, tty, err := pty.Open()
		if err != nil {
			return err
		}
		defer tty.Close()
		cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
		cmd.SysProcAttr.Setctty = true
		c.ptyFile, c.stdin = ptmx, ptmx
		outputs = append(outputs, ptmx)
	} else {
		// Our own pipes, not cmd.StdoutPipe: Wait closes those as soon as PID 1 exits, and
		// output still in the pipe would be lost; these are drained to EOF by the pumps.
		var writers []*os.File
		for range 2 {
			r, w, err := os.Pipe()
			if err != nil {
				return err
			}
			outputs = append(outputs, r)
			writers = append(writers, w)
		}
		cmd.Stdout, cmd.Stderr = writers[0], writers[1]
		defer func() {
			for _, w := range writers {
				w.Close() // the container holds its copies
			}
		}()
		if c.config.GetStdin() {
			if c.stdin, err = cmd.StdinPipe(); err != nil {
				return err
			}
		}
	}
	err = cmd.Start()
	if initStatusR != nil {
		cmd.ExtraFiles[0].Close()
		if err == nil {
			// The init builds the filesystem, then executes the program (or says why not).
			err = initStatus(initStatusR)
			if err == nil && ttySocket != nil {
				var ptmx *os.File
				if ptmx, err = receiveTerminal(ttySocket); err == nil {
					c.ptyFile, c.stdin = ptmx, ptmx
					outputs = append(outputs, ptmx)
				} else {
					_ = cmd.Process.Kill()
				}
			}
			if err != nil {
				_ = cmd.Wait()
			}
		} else {
			initStatusR.Close()
		}
	}
	if err != nil {
		for _, o := range outputs {
			o.Close()
		}
		c.state, c.finished, c.exitCode, c.reason, c.message = runtimeapi.ContainerState_CONTAINER_EXITED, time.Now(), 128, "StartError", err.Error()
		close(c.done)
		return fmt.Errorf("starting container process: %w", err)
	}
	c.cmd, c.state, c.started = cmd, runtimeapi.ContainerState_CONTAINER_RUNNING, time.Now()
	var copies sync.WaitGroup
	tty := c.config.GetTty()
	for i, o := range outputs {
		stream := "stdout"
		if i == 1 {
			stream = "stderr"
		}
		copies.Add(1)
		go func() {
			defer copies.Done()
			c.pump(o, stream)
			if !tty {
				o.Close() // a pipe's read end; the pty is closed when the container ends
			}
		}()
	}
	if c.image.repo == "docker.io/library/nginx" {
		var port int
		c.stopServer, port = startNginx(c.podIP, nginxHTML(c.config.GetMounts()), c.log, &c.out)
		if port != 80 {
			c.servedPort = port
		}
	}
	go c.wait(&copies)
	return nil
}

// nginxHTML is the host directory that a container sees as /usr/share/nginx/html, when one of its
// mounts provides it; the stand-in then serves it.
func nginxHTML(mounts []*runtimeapi.Mount) string {
	const html = "/usr/share/nginx/html"
	best, dir := "", ""
	for _, m := range mounts {
		cp := filepath.Clean("/" + m.GetContainerPath())
		if within(html, cp) && len(cp) > len(best) && isDir(m.GetHostPath()) {
			best, dir = cp, filepath.Join(m.GetHostPath(), rel(cp, html))
		}
	}
	return dir
}

// pump copies one output stream of the container to its log and to attached clients.
func (c *container) pump(r io.Reader, stream string) {
	br := bufio.NewReaderSize(r, 16*1024)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			c.log.write(stream, line)
			c.out.write(stream, line)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return
		}
	}
}

func (c *container) wait(copies *sync.WaitGroup) {
	err := c.cmd.Wait()
	if c.mode == ModeProcessGroup {
		// What PID 1's death does in a PID namespace: nothing of the container outlives it.
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	}
	// The pumps end when the output closes: a pty is drained to EIO first, so no last line is lost.
	copies.Wait()
	c.mu.Lock()
	if c.ptyFile != nil {
		c.ptyFile.Close()
	}
	if c.stopServer != nil {
		c.stopServer()
	}
	code := exitCode(c.cmd.ProcessState, err)
	c.state, c.finished, c.exitCode = runtimeapi.ContainerState_CONTAINER_EXITED, time.Now(), int32(code)
	if code == 0 {
		c.reason = "Completed"
	} else {
		c.reason = "Error"
	}
	c.log.close()
	c.out.close()
	close(c.done)
	c.mu.Unlock()
}

func exitCode(ps *os.ProcessState, err error) int {
	if ps == nil {
		if err != nil {
			return 128
		}
		return 0
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

func processAttr(mode Mode) *syscall.SysProcAttr {
	if mode.namespaced() {
		return namespaceAttr()
	}
	return &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
}

func (r *Runtime) container(id string) (*container, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.containers[id]
	if !ok {
		// The kubelet may pass a unique prefix.
		for cid, cc := range r.containers {
			if strings.HasPrefix(cid, id) && id != "" {
				return cc, nil
			}
		}
		return nil, notFound("container", id)
	}
	return c, nil
}

// StopContainer implements cri.ContainerManager: the stop signal to the main process, then
// SIGKILL for everything in the container when the grace period is over.
func (r *Runtime) StopContainer(ctx context.Context, id string, timeout int64) error {
	c, err := r.container(id)
	if err != nil {
		return err
	}
	c.mu.Lock()
	running := c.state == runtimeapi.ContainerState_CONTAINER_RUNNING
	cmd := c.cmd
	c.mu.Unlock()
	if !running {
		return nil
	}
	pid := cmd.Process.Pid
	if c.mode.namespaced() || handlesSignal(pid, syscall.SIGTERM) {
		// In a PID namespace the kernel itself drops the signal when PID 1 has no handler.
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	select {
	case <-c.done:
		return nil
	case <-time.After(time.Duration(timeout) * time.Second):
	case <-ctx.Done():
	}
	c.kill()
	return nil
}

// kill ends the container's processes at once and waits for it to be reaped.
func (c *container) kill() {
	c.mu.Lock()
	cmd, running := c.cmd, c.state == runtimeapi.ContainerState_CONTAINER_RUNNING
	c.mu.Unlock()
	if !running || cmd == nil {
		return
	}
	if c.mode.namespaced() {
		_ = syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
	} else {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
	}
}

// handlesSignal reads /proc/<pid>/status SigCgt: whether the process installed a handler.
func handlesSignal(pid int, sig syscall.Signal) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "SigCgt:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && mask&(1<<(uint(sig)-1)) != 0
		}
	}
	return false
}

func (c *container) removeFiles() { _ = os.RemoveAll(c.dir) }

// RemoveContainer implements cri.ContainerManager.
func (r *Runtime) RemoveContainer(ctx context.Context, id string) error {
	c, err := r.container(id)
	if err != nil {
		return nil
	}
	c.kill()
	c.removeFiles()
	if c.logPath != "" {
		_ = os.Remove(c.logPath)
	}
	r.mu.Lock()
	delete(r.containers, c.id)
	r.mu.Unlock()
	return nil
}

// ListContainers implements cri.ContainerManager.
func (r *Runtime) ListContainers(ctx context.Context, filter *runtimeapi.ContainerFilter) ([]*runtimeapi.Container, error) {
	r.mu.Lock()
	all := make([]*container, 0, len(r.containers))
	for _, c := range r.containers {
		all = append(all, c)
	}
	r.mu.Unlock()
	var out []*runtimeapi.Container
	for _, c := range all {
		st := c.status()
		if filter != nil {
			if filter.Id != "" && !strings.HasPrefix(c.id, filter.Id) {
				continue
			}
			if filter.PodSandboxId != "" && filter.PodSandboxId != c.sandboxID {
				continue
			}
			if filter.State != nil && filter.State.State != st.State {
				continue
			}
			if !labelsMatch(c.config.GetLabels(), filter.LabelSelector) {
				continue
			}
		}
		out = append(out, &runtimeapi.Container{
			Id: c.id, PodSandboxId: c.sandboxID, Metadata: st.Metadata, Image: st.Image, ImageRef: st.ImageRef, ImageId: st.ImageId,
			State: st.State, CreatedAt: st.CreatedAt, Labels: st.Labels, Annotations: st.Annotations,
		})
	}
	return out, nil
}

// ContainerStatus implements cri.ContainerManager.
func (r *Runtime) ContainerStatus(ctx context.Context, id string, verbose bool) (*runtimeapi.ContainerStatusResponse, error) {
	c, err := r.container(id)
	if err != nil {
		return nil, err
	}
	return &runtimeapi.ContainerStatusResponse{Status: c.status()}, nil
}

// UpdateContainerResources implements cri.ContainerManager; there are no cgroups to update.
func (r *Runtime) UpdateContainerResources(ctx context.Context, id string, resources *runtimeapi.ContainerResources) error {
	return nil
}

// ReopenContainerLog implements cri.ContainerManager, after the kubelet rotated the log.
func (r *Runtime) ReopenContainerLog(ctx context.Context, id string) error {
	c, err := r.container(id)
	if err != nil {
		return err
	}
	return c.log.reopen()
}

// CheckpointContainer implements cri.ContainerManager.
func (r *Runtime) CheckpointContainer(ctx context.Context, options *runtimeapi.CheckpointContainerRequest) error {
	return status.Error(codes.Unimplemented, "checkpointing is not supported by the labs runtime")
}

// GetContainerEvents implements cri.ContainerManager; the kubelet relists instead (Generic PLEG).
func (r *Runtime) GetContainerEvents(ctx context.Context, ch chan *runtimeapi.ContainerEventResponse, cb func(runtimeapi.RuntimeService_GetContainerEventsClient)) error {
	return status.Error(codes.Unimplemented, "container events are not supported by the labs runtime")
}

// ContainerStats implements cri.ContainerStatsManager from /proc.
func (r *Runtime) ContainerStats(ctx context.Context, id string) (*runtimeapi.ContainerStats, error) {
	c, err := r.container(id)
	if err != nil {
		return nil, err
	}
	return c.stats(r.fsUsage()), nil
}

// ListContainerStats implements cri.ContainerStatsManager.
func (r *Runtime) ListContainerStats(ctx context.Context, filter *runtimeapi.ContainerStatsFilter) ([]*runtimeapi.ContainerStats, error) {
	cs, err := r.ListContainers(ctx, &runtimeapi.ContainerFilter{
		Id: filter.GetId(), PodSandboxId: filter.GetPodSandboxId(), LabelSelector: filter.GetLabelSelector(),
		State: &runtimeapi.ContainerStateValue{State: runtimeapi.ContainerState_CONTAINER_RUNNING},
	})
	if err != nil {
		return nil, err
	}
	fs := r.fsUsage()
	var out []*runtimeapi.ContainerStats
	for _, ci := range cs {
		if c, err := r.container(ci.Id); err == nil {
			out = append(out, c.stats(fs))
		}
	}
	return out, nil
}

func (c *container) stats(fs *runtimeapi.FilesystemUsage) *runtimeapi.ContainerStats {
	c.mu.Lock()
	pid := 0
	if c.cmd != nil && c.cmd.Process != nil && c.state == runtimeapi.ContainerState_CONTAINER_RUNNING {
		pid = c.cmd.Process.Pid
	}
	c.mu.Unlock()
	now := time.Now().UnixNano()
	cpu, rss := procUsage(pid)
	return &runtimeapi.ContainerStats{
		Attributes: &runtimeapi.ContainerAttributes{Id: c.id, Metadata: c.config.GetMetadata(), Labels: c.config.GetLabels(), Annotations: c.config.GetAnnotations()},
		Cpu:        &runtimeapi.CpuUsage{Timestamp: now, UsageCoreNanoSeconds: &runtimeapi.UInt64Value{Value: cpu}},
		Memory:     &runtimeapi.MemoryUsage{Timestamp: now, WorkingSetBytes: &runtimeapi.UInt64Value{Value: rss}, RssBytes: &runtimeapi.UInt64Value{Value: rss}},
		WritableLayer: &runtimeapi.FilesystemUsage{Timestamp: now, FsId: fs.FsId,
			UsedBytes: &runtimeapi.UInt64Value{Value: 0}, InodesUsed: &runtimeapi.UInt64Value{Value: 0}},
	}
}

// procUsage reads the CPU time (ns) and resident memory (bytes) of a process.
func procUsage(pid int) (cpuNanos, rssBytes uint64) {
	if pid <= 0 {
		return 0, 0
	}
	if st, err := procstat.Read(pid); err == nil {
		cpuNanos = (st.UTime + st.STime) * uint64(time.Second/100) // USER_HZ is 100 on Linux
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid)); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			rssBytes = pages * uint64(os.Getpagesize())
		}
	}
	return cpuNanos, rssBytes
}

// PodSandboxStats implements cri.ContainerStatsManager; the kubelet then uses its own.
func (r *Runtime) PodSandboxStats(ctx context.Context, id string) (*runtimeapi.PodSandboxStats, error) {
	return nil, status.Error(codes.Unimplemented, "pod sandbox stats are not supported by the labs runtime")
}

// ListPodSandboxStats implements cri.ContainerStatsManager.
func (r *Runtime) ListPodSandboxStats(ctx context.Context, filter *runtimeapi.PodSandboxStatsFilter) ([]*runtimeapi.PodSandboxStats, error) {
	return nil, status.Error(codes.Unimplemented, "pod sandbox stats are not supported by the labs runtime")
}

// ListMetricDescriptors implements cri.ContainerStatsManager.
func (r *Runtime) ListMetricDescriptors(ctx context.Context) ([]*runtimeapi.MetricDescriptor, error) {
	return nil, nil
}

// ListPodSandboxMetrics implements cri.ContainerStatsManager.
func (r *Runtime) ListPodSandboxMetrics(ctx context.Context) ([]*runtimeapi.PodSandboxMetrics, error) {
	return nil, nil
}
