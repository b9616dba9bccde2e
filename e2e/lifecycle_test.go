package e2e

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/testcluster"
)

// noStack fails the test if a command printed a Go stack trace or panic.
func noStack(t *testing.T, what string, r testcluster.Result) {
	t.Helper()
	out := r.Combined()
	if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic:") || strings.Contains(out, ".go:") {
		t.Errorf("%s printed a Go stack or source location:\n%s", what, out)
	}
}

func readMeta(t *testing.T, c *testcluster.Cluster) *clusterdir.Metadata {
	t.Helper()
	m, err := clusterdir.New(c.StateDir, "labs").ReadMetadata()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func clusterPID(t *testing.T, c *testcluster.Cluster) int {
	t.Helper()
	r := c.Labs(t, "cluster", "status", "-o", "json")
	var st struct {
		Running bool `json:"running"`
		PID     int  `json:"pid"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &st); err != nil {
		t.Fatalf("cluster status -o json: %v\n%s", err, r.Combined())
	}
	if !st.Running {
		return 0
	}
	return st.PID
}

// listeners lists the processes listening on 127.0.0.1:port, from /proc/net/tcp and the
// sockets in /proc/<pid>/fd. Other test packages run clusters at the same time, and a port one
// cluster gave up may be taken by another: the owner tells them apart.
func listeners(port int) []int {
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return nil
	}
	inodes := map[string]bool{}
	local := fmt.Sprintf("0100007F:%04X", port)
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 9 && f[1] == local && f[3] == "0A" { // 0A: LISTEN
			inodes["socket:["+f[9]+"]"] = true
		}
	}
	if len(inodes) == 0 {
		return nil
	}
	var pids []int
	procs, _ := os.ReadDir("/proc")
	for _, e := range procs {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		fds, _ := os.ReadDir(filepath.Join("/proc", e.Name(), "fd"))
		for _, fd := range fds {
			if target, err := os.Readlink(filepath.Join("/proc", e.Name(), "fd", fd.Name())); err == nil && inodes[target] {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// listeningFor reports whether a process of the cluster in stateDir, or one nobody can tell,
// listens on 127.0.0.1:port.
func listeningFor(stateDir string, port int) bool {
	for _, pid := range listeners(port) {
		env, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "environ"))
		if err != nil || strings.Contains(string(env), "LABS_STATE_DIR="+stateDir+"\x00") || !strings.Contains(string(env), "LABS_STATE_DIR=") {
			return true
		}
	}
	return false
}

// processesOf lists the pids whose environment names the state dir: the cluster process and
// everything it started.
func processesOf(stateDir string) []int {
	return processesWhere("environ", "LABS_STATE_DIR="+stateDir+"\x00")
}

// processesWhere lists the pids (other than this test's) whose /proc/<pid>/<file> contains s.
func processesWhere(file, s string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), file))
		if err == nil && strings.Contains(string(b), s) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func TestUpDownUpKeepsObjectsAndDeleteWipesThem(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	ctx := context.Background()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "survivor"}, Data: map[string]string{"k": "v"}}
	if _, err := c.Client.CoreV1().ConfigMaps("default").Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	ports := readMeta(t, c).Ports
	if !listeningFor(c.StateDir, ports.APIServer) {
		t.Fatalf("the running API server's port %d is not seen listening", ports.APIServer)
	}

	r := c.Labs(t, "cluster", "down")
	if r.Code != 0 {
		t.Fatalf("down: exit %d\n%s", r.Code, r.Combined())
	}
	if pids := processesOf(c.StateDir); len(pids) > 0 {
		t.Errorf("processes left after down: %v", pids)
	}
	for _, p := range []int{ports.APIServer, ports.EtcdClient, ports.EtcdPeer} {
		if listeningFor(c.StateDir, p) {
			t.Errorf("port %d still listening after down", p)
		}
	}

	c.Up(t)
	got, err := c.Client.CoreV1().ConfigMaps("default").Get(ctx, "survivor", metav1.GetOptions{})
	if err != nil || got.Data["k"] != "v" {
		t.Fatalf("configmap after down+up: %v %v", got, err)
	}

	if r := c.Labs(t, "cluster", "delete"); r.Code != 0 {
		t.Fatalf("delete: exit %d\n%s", r.Code, r.Combined())
	}
	if _, err := os.Stat(filepath.Join(c.StateDir, "clusters", "labs")); !os.IsNotExist(err) {
		t.Errorf("cluster directory still exists after delete: %v", err)
	}
	c.Up(t)
	if _, err := c.Client.CoreV1().ConfigMaps("default").Get(ctx, "survivor", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("configmap after delete+up: %v, want NotFound", err)
	}
}

func TestUpTwiceReusesAndDownTwiceIsHarmless(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	pid := clusterPID(t, c)
	r := c.Labs(t, "cluster", "up")
	if r.Code != 0 || !strings.Contains(r.Stdout, "already running") {
		t.Errorf("second up: exit %d\n%s", r.Code, r.Combined())
	}
	if again := clusterPID(t, c); again != pid {
		t.Errorf("second up replaced the cluster process: %d -> %d", pid, again)
	}
	c.Labs(t, "cluster", "down")
	r = c.Labs(t, "cluster", "down")
	if r.Code != 0 || strings.TrimSpace(r.Stdout) != "The cluster is not running; nothing to stop." {
		t.Errorf("down with nothing running: exit %d\n%s", r.Code, r.Combined())
	}
	noStack(t, "down twice", r)
}

func TestStalePIDFileIsReplaced(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	pid := clusterPID(t, c)
	procs := append(processesOf(c.StateDir), pid)
	// Kill the cluster outright, as a crash or reboot would, leaving its pid file behind.
	if err := killGroup(pid); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "cluster processes to die", func() bool {
		for _, p := range procs {
			if !processGone(p) {
				return false
			}
		}
		return true
	})
	r := c.Up(t)
	if !strings.Contains(r.Stdout, "stale pid file") {
		t.Errorf("up after a crash does not mention the stale pid file:\n%s", r.Stdout)
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(context.Background(), "default", metav1.GetOptions{}); err != nil {
		t.Errorf("cluster after restart: %v", err)
	}
}

// A cluster process that dies while `up` waits for it (a crash, or a kill the kernel has not
// finished) must not make `up` wait for its whole timeout: it starts a new cluster instead.
func TestUpStartsAfreshWhenTheRecordedProcessDies(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	c.Labs(t, "cluster", "down")

	// Stand-in for a dying cluster process: alive when `up` reads the pid file, gone soon after.
	dying := exec.Command("sleep", "2")
	if err := dying.Start(); err != nil {
		t.Fatal(err)
	}
	go dying.Wait()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", dying.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	rec := fmt.Sprintf(`{"pid":%d,"startTick":%s}`, dying.Process.Pid, fields[19])
	if err := os.WriteFile(filepath.Join(c.StateDir, "clusters", "labs", "cluster.pid"), []byte(rec), 0o600); err != nil {
		t.Fatal(err)
	}

	r := c.Up(t, "--wait=60s")
	for _, want := range []string{"already running", "is gone; starting a new one", "stale pid file"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("up while the recorded process dies: output lacks %q:\n%s", want, r.Stdout)
		}
	}
	if pid := clusterPID(t, c); pid == 0 || pid == dying.Process.Pid {
		t.Errorf("cluster pid after up = %d, want a new cluster process", pid)
	}
}

func TestTakenPortIsReportedClearly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	c := testcluster.NewStateDir(t)
	r := c.Labs(t, "cluster", "up", fmt.Sprintf("--api-port=%d", port))
	want := fmt.Sprintf("Error: port %d on 127.0.0.1 is already in use by another program", port)
	if r.Code != 1 || !strings.Contains(r.Stderr, want) {
		t.Errorf("up on a taken port: exit %d, want 1 and %q\n%s", r.Code, want, r.Combined())
	}
	noStack(t, "up on a taken port", r)

	// A remembered port that another program took meanwhile moves, and says so.
	c.Up(t)
	old := readMeta(t, c).Ports.APIServer
	c.Labs(t, "cluster", "down")
	squatter, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", old))
	if err != nil {
		t.Fatal(err)
	}
	defer squatter.Close()
	r = c.Up(t)
	if !strings.Contains(r.Stdout, fmt.Sprintf("Port %d of the API server is taken", old)) {
		t.Errorf("up after the port was taken:\n%s", r.Stdout)
	}
	if now := readMeta(t, c).Ports.APIServer; now == old {
		t.Errorf("API server still on taken port %d", old)
	}
}

func TestCorruptOrForeignStateDirIsRefused(t *testing.T) {
	for name, setup := range map[string]func(dir string) error{
		"corrupt": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "cluster.json"), []byte("{not json"), 0o600)
		},
		"foreign": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "important.txt"), []byte("not ours"), 0o600)
		},
		"other-kind": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "cluster.json"), []byte(`{"kind":"something-else"}`), 0o600)
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := testcluster.NewStateDir(t)
			dir := filepath.Join(c.StateDir, "clusters", "labs")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := setup(dir); err != nil {
				t.Fatal(err)
			}
			for _, verb := range []string{"up", "delete", "down"} {
				r := c.Labs(t, "cluster", verb)
				if r.Code != 1 || !strings.Contains(r.Stderr, "is not a labs cluster directory") {
					t.Errorf("cluster %s on a %s dir: exit %d\n%s", verb, name, r.Code, r.Combined())
				}
				if lines := strings.Count(strings.TrimSpace(r.Stderr), "\n") + 1; lines != 1 {
					t.Errorf("cluster %s on a %s dir: %d lines of error, want one:\n%s", verb, name, lines, r.Stderr)
				}
				noStack(t, "cluster "+verb, r)
			}
			if entries, _ := os.ReadDir(dir); len(entries) == 0 {
				t.Errorf("labs removed the contents of a %s directory", name)
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	c := testcluster.NewStateDir(t)
	for _, args := range [][]string{
		{"frobnicate"},
		{"--no-such-flag"},
		{"cluster", "up", "--no-such-flag"},
		{"cluster", "frobnicate"},
		{"cluster", "up", "extra-arg"},
		{"--cluster", "docker", "cluster", "status"},
		{"--lang", "fr", "cluster", "status"},
		{"cluster", "status", "-o", "xml"},
	} {
		r := c.Labs(t, args...)
		if r.Code != 2 {
			t.Errorf("labs %s: exit %d, want 2\n%s", strings.Join(args, " "), r.Code, r.Combined())
		}
		if !strings.HasPrefix(r.Stderr, "Error: ") {
			t.Errorf("labs %s: stderr does not start with a one-line error:\n%s", strings.Join(args, " "), r.Stderr)
		}
		noStack(t, "labs "+strings.Join(args, " "), r)
	}
	// The command it names works when pasted: labs' own copy in the state directory (labs is
	// not on this test's PATH).
	if r := c.Labs(t, "cluster", "env"); r.Code != 1 || !strings.Contains(r.Stderr, "run `"+filepath.Join(c.StateDir, "bin", "labs")+" cluster up`") {
		t.Errorf("cluster env before up: exit %d\n%s", r.Code, r.Combined())
	}
}

func TestSecurityDefaults(t *testing.T) {
	c := testcluster.Shared(t)
	layout := clusterdir.New(c.StateDir, "labs")
	// Kubeconfigs and keys are private to the user.
	files := []string{layout.Kubeconfig(), layout.ComponentKubeconfig("controller-manager")}
	keys, _ := filepath.Glob(filepath.Join(layout.PKI(), "*.key"))
	if len(keys) < 8 {
		t.Errorf("found %d keys in %s", len(keys), layout.PKI())
	}
	for _, f := range append(files, keys...) {
		st, err := os.Stat(f)
		if err != nil {
			t.Error(err)
			continue
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	meta, err := layout.ReadMetadata()
	if err != nil {
		t.Fatal(err)
	}
	// Every listener is on loopback only: nothing answers on another local address.
	if ip := nonLoopbackIP(); ip != nil {
		for _, p := range []int{meta.Ports.APIServer, meta.Ports.EtcdClient, meta.Ports.EtcdPeer} {
			if conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip.String(), fmt.Sprint(p)), time.Second); err == nil {
				conn.Close()
				t.Errorf("port %d answers on %s, want loopback only", p, ip)
			}
		}
	}
	// No anonymous access to the API, and etcd refuses clients without our certificate.
	insecure := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := insecure.Get(fmt.Sprintf("https://127.0.0.1:%d/api/v1/namespaces", meta.Ports.APIServer))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/v1/namespaces: %d, want 401", resp.StatusCode)
	}
	if resp, err := insecure.Get(fmt.Sprintf("https://127.0.0.1:%d/version", meta.Ports.EtcdClient)); err == nil {
		resp.Body.Close()
		t.Errorf("etcd answered a client without a certificate: %d", resp.StatusCode)
	}
}

func nonLoopbackIP() net.IP {
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP
		}
	}
	return nil
}

func TestStatusAndEnv(t *testing.T) {
	c := testcluster.Shared(t)
	r := c.Labs(t, "cluster", "status")
	contains(t, "cluster status", r.Stdout, "State:       running", "API server:  https://127.0.0.1:", "Version:     v1.37.2", "Audit log:")
	r = c.Labs(t, "cluster", "env")
	// The lab worked on last has its own context file first (internal/labctx); the cluster's
	// kubeconfig is last either way.
	if first := strings.TrimSpace(strings.Split(r.Stdout, "\n")[0]); !strings.HasPrefix(first, "export KUBECONFIG=") || !strings.HasSuffix(first, c.Kubeconfig) {
		t.Errorf("cluster env:\n%s", r.Stdout)
	}
}

func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Before any cluster exists, `labs kubectl` says so first, instead of leaving the learner with
// kubectl's screenful of "localhost:8080 connection refused".
func TestKubectlBeforeUpSaysWhatIsMissing(t *testing.T) {
	c := testcluster.NewStateDir(t)
	cmd := c.Command(context.Background(), "kubectl", "get", "pods")
	home := t.TempDir() // no ~/.kube/config of the user's own
	cmd.Env = append(cmd.Env, "HOME="+home, "KUBECONFIG=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatalf("kubectl get pods without a cluster succeeded")
	}
	first, _, _ := strings.Cut(stderr.String(), "\n")
	// The command it names works when pasted (labs is not on this test's PATH).
	if want := "labs: the embedded cluster has not been created yet: run `" + filepath.Join(c.StateDir, "bin", "labs") + " cluster up`"; first != want {
		t.Errorf("first line of stderr = %q, want %q\n%s", first, want, stderr.String())
	}
}
