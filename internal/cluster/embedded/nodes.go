//go:build linux

package embedded

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/controlplane"
	"github.com/labs-dev/labs/internal/cri"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/node"
	"github.com/labs-dev/labs/internal/state"
)

// defaultWorkers matches the course note's cluster: one control-plane node and two workers.
const defaultWorkers = 2

// prepareNode writes a node's credentials: a client certificate for system:node:<name> and a
// serving certificate for its IP, both from the cluster CA (the API server verifies kubelets).
func prepareNode(l clusterdir.Layout, spec node.Spec, apiPort int) error {
	paths := node.PathsFor(l, spec.Name)
	if _, err := os.Stat(paths.Kubeconfig); err == nil {
		// Keep existing credentials; only the API server's port may have moved.
		return kubeconfig.SetServer(paths.Kubeconfig, controlplane.ClusterName, controlplane.APIServerURL(apiPort))
	}
	client, serving, caPEM, err := controlplane.IssueNodeCredentials(l, spec.Name, spec.IP())
	if err != nil {
		return fmt.Errorf("node %s credentials: %w", spec.Name, err)
	}
	pkiDir := filepath.Dir(paths.ClientCert)
	if err := client.Save(pkiDir, "kubelet-client"); err != nil {
		return err
	}
	if err := serving.Save(pkiDir, "kubelet"); err != nil {
		return err
	}
	if err := state.WriteFileAtomic(paths.CA, caPEM, 0o600); err != nil {
		return err
	}
	if err := os.MkdirAll(paths.StaticPods, 0o700); err != nil {
		return err
	}
	return kubeconfig.Write(paths.Kubeconfig, kubeconfig.Spec{
		Server: controlplane.APIServerURL(apiPort), CAPEM: caPEM, CertPEM: client.CertPEM, KeyPEM: client.KeyPEM,
		Cluster: controlplane.ClusterName, User: "system:node:" + spec.Name, Context: controlplane.ContextName,
	})
}

// supervisor runs each node as a child process of the cluster process and restarts it when it
// dies; nodes die with the cluster process (parent-death signal), and their containers with them.
type supervisor struct {
	layout clusterdir.Layout
	exe    string
	userNS bool // unprivileged user namespaces work here
	// exited is told when a node process dies on its own, before it is restarted.
	exited func(name string, err error)
	log    log.Logger
	wg     sync.WaitGroup
}

func startNodes(ctx context.Context, l clusterdir.Layout, specs []node.Spec, apiPort int, exited func(name string, err error), logger log.Logger) (*supervisor, error) {
	exe, err := selfExe()
	if err != nil {
		return nil, err
	}
	s := &supervisor{layout: l, exe: exe, userNS: cri.DetectMode() == cri.ModeNamespaces, exited: exited, log: logger}
	for _, spec := range specs {
		if err := prepareNode(l, spec, apiPort); err != nil {
			return nil, err
		}
	}
	for _, spec := range specs {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.run(ctx, spec)
		}()
	}
	return s, nil
}

// wait blocks until every node process has stopped.
func (s *supervisor) wait() { s.wg.Wait() }

func (s *supervisor) run(ctx context.Context, spec node.Spec) {
	backoff := time.Second
	for ctx.Err() == nil {
		started := time.Now()
		err := s.runOnce(ctx, spec)
		if ctx.Err() != nil {
			return
		}
		s.log.Warnf("labs: node %s exited (%v); restarting it in %s", spec.Name, err, backoff)
		if s.exited != nil {
			s.exited(spec.Name, err)
		}
		if time.Since(started) > time.Minute {
			backoff = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

func (s *supervisor) runOnce(ctx context.Context, spec node.Spec) error {
	paths := node.PathsFor(s.layout, spec.Name)
	logFile, err := openLog(paths.Log)
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(s.exe, "node", "--name", spec.Name)
	cmd.Env = append(os.Environ(), state.EnvStateDir+"="+filepath.Dir(filepath.Dir(s.layout.Root)), cluster.EnvName+"=embedded")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if os.Geteuid() != 0 && s.userNS {
		// The kubelet wants to be root: an unprivileged user's node is root of a user
		// namespace of its own, mapped to that user and nothing more.
		cmd.SysProcAttr.Cloneflags = syscall.CLONE_NEWUSER
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	pidFile := filepath.Join(paths.Root, "node.pid")
	_ = state.WriteFileAtomic(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o600)
	defer os.Remove(pidFile)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Stopping: the node stops its containers, then exits.
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		return <-done
	}
}

// nodePID is the running process of a node, or 0.
func nodePID(l clusterdir.Layout, name string) int {
	b, err := os.ReadFile(filepath.Join(node.PathsFor(l, name).Root, "node.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// selfExe is what node processes are started (and restarted) from: /proc/self/exe, which is
// the running binary even after its file is gone — `go run` deletes its build when the command
// that started the cluster exits, and a node restarted later must still start.
func selfExe() (string, error) {
	const self = "/proc/self/exe"
	if _, err := os.Stat(self); err == nil {
		return self, nil
	}
	return os.Executable()
}
