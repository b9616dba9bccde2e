package cri

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

func TestReference(t *testing.T) {
	for _, tc := range []struct{ in, repo, tag string }{
		{"nginx", "docker.io/library/nginx", ":latest"},
		{"nginx:1.27", "docker.io/library/nginx", ":1.27"},
		{"library/busybox:1.36", "docker.io/library/busybox", ":1.36"},
		{"docker.io/library/alpine", "docker.io/library/alpine", ":latest"},
		{"registry.k8s.io/pause:3.10", "registry.k8s.io/pause", ":3.10"},
		{"localhost:5000/app", "localhost:5000/app", ":latest"},
		{"nginx@sha256:abc", "docker.io/library/nginx", "@sha256:abc"},
	} {
		repo, tag := reference(tc.in)
		if repo != tc.repo || tag != tc.tag {
			t.Errorf("reference(%q) = %q %q, want %q %q", tc.in, repo, tag, tc.repo, tc.tag)
		}
	}
}

func TestResolveArgvFollowsKubernetesRules(t *testing.T) {
	busybox := catalogue["docker.io/library/busybox"]
	nginx := catalogue["docker.io/library/nginx"]
	argv, err := resolveArgv(busybox, nil, nil)
	if err != nil || filepath.Base(argv[0]) != "sh" || len(argv) != 1 {
		t.Errorf("busybox default: %v %v", argv, err)
	}
	argv, err = resolveArgv(busybox, []string{"sleep"}, []string{"5"})
	if err != nil || filepath.Base(argv[0]) != "sleep" || argv[1] != "5" {
		t.Errorf("command and args: %v %v", argv, err)
	}
	// nginx's own program is the stand-in: a placeholder process that stops on SIGTERM.
	argv, err = resolveArgv(nginx, nil, nil)
	if err != nil || argv[len(argv)-1] != placeholderScript {
		t.Errorf("nginx default: %v %v", argv, err)
	}
	// A command for nginx replaces its program, as in a real container.
	argv, err = resolveArgv(nginx, []string{"sh", "-c", "true"}, nil)
	if err != nil || filepath.Base(argv[0]) != "sh" {
		t.Errorf("nginx with a command: %v %v", argv, err)
	}
	if _, err := resolveArgv(busybox, []string{"no-such-program-labs"}, nil); err == nil || !strings.Contains(err.Error(), "executable file not found") {
		t.Errorf("missing program: %v", err)
	}
}

func TestPullUnknownImageNamesTheCatalogue(t *testing.T) {
	r := newRuntime(t)
	_, err := r.PullImage(context.Background(), &runtimeapi.ImageSpec{Image: "httpd:2.4"}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "httpd:2.4") || !strings.Contains(err.Error(), "busybox, nginx, pause") {
		t.Errorf("pulling httpd: %v", err)
	}
	ref, err := r.PullImage(context.Background(), &runtimeapi.ImageSpec{Image: "nginx"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := r.ImageStatus(context.Background(), &runtimeapi.ImageSpec{Image: ref}, false)
	if err != nil || st.Image == nil {
		t.Errorf("status of the pulled image by its id: %+v %v", st, err)
	}
}

func newRuntime(t *testing.T) *Runtime {
	t.Helper()
	r, err := New(Config{Dir: t.TempDir(), PodIPs: &net.IPNet{IP: net.IPv4(127, 99, 0, 0).To4(), Mask: net.CIDRMask(16, 32)}, StreamAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return r
}

// startContainer runs one busybox container in a new sandbox and returns its id and log path.
func startContainer(t *testing.T, r *Runtime, command ...string) (string, string) {
	t.Helper()
	ctx := context.Background()
	logDir := t.TempDir()
	sb := &runtimeapi.PodSandboxConfig{
		Metadata:     &runtimeapi.PodSandboxMetadata{Name: "p", Namespace: "ns", Uid: t.Name()},
		LogDirectory: logDir,
	}
	sid, err := r.RunPodSandbox(ctx, sb, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &runtimeapi.ContainerConfig{
		Metadata: &runtimeapi.ContainerMetadata{Name: "c"},
		Image:    &runtimeapi.ImageSpec{Image: "busybox"},
		Command:  command,
		LogPath:  "c/0.log",
	}
	if err := os.MkdirAll(filepath.Join(logDir, "c"), 0o755); err != nil {
		t.Fatal(err)
	}
	id, err := r.CreateContainer(ctx, sid, cfg, sb)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.StartContainer(ctx, id); err != nil {
		t.Fatal(err)
	}
	return id, filepath.Join(logDir, "c", "0.log")
}

func waitExited(t *testing.T, r *Runtime, id string, timeout time.Duration) *runtimeapi.ContainerStatus {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := r.ContainerStatus(context.Background(), id, false)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status.State == runtimeapi.ContainerState_CONTAINER_EXITED {
			return st.Status
		}
		if time.Now().After(deadline) {
			t.Fatalf("container still %s after %s", st.Status.State, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestContainerExitCodeAndCRILog(t *testing.T) {
	r := newRuntime(t)
	id, logPath := startContainer(t, r, "sh", "-c", "echo out; echo err >&2; exit 3")
	st := waitExited(t, r, id, 10*time.Second)
	if st.ExitCode != 3 || st.Reason != "Error" {
		t.Errorf("exit code %d reason %q, want 3 Error", st.ExitCode, st.Reason)
	}
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`(?m)^\S+Z stdout F out$`, `(?m)^\S+Z stderr F err$`} {
		if !regexp.MustCompile(want).Match(b) {
			t.Errorf("log lacks %s:\n%s", want, b)
		}
	}
}

func TestStopWaitsForTheGracePeriodWhenPID1IgnoresSIGTERM(t *testing.T) {
	r := newRuntime(t)
	if !r.Mode().namespaced() {
		t.Skip("user namespaces are not available here")
	}
	id, _ := startContainer(t, r, "sh", "-c", "while true; do sleep 1; done")
	start := time.Now()
	if err := r.StopContainer(context.Background(), id, 2); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	st := waitExited(t, r, id, 5*time.Second)
	if took < 1900*time.Millisecond || took > 4*time.Second {
		t.Errorf("stop took %s, want the 2s grace period", took)
	}
	if st.ExitCode != 137 {
		t.Errorf("exit code %d, want 137 (SIGKILL)", st.ExitCode)
	}

	// A process that handles SIGTERM stops at once.
	id, _ = startContainer(t, r, "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done")
	c, _ := r.container(id)
	for deadline := time.Now().Add(5 * time.Second); !handlesSignal(c.cmd.Process.Pid, 15); {
		if time.Now().After(deadline) {
			t.Fatal("sh never installed its SIGTERM trap")
		}
		time.Sleep(10 * time.Millisecond)
	}
	start = time.Now()
	if err := r.StopContainer(context.Background(), id, 10); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("stop of a SIGTERM-handling container took %s", took)
	}
	if st := waitExited(t, r, id, 5*time.Second); st.ExitCode != 0 {
		t.Errorf("exit code %d, want 0", st.ExitCode)
	}
}
