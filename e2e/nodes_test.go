package e2e

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/testcluster"
)

// processesWith lists the pids whose command line contains marker: how tests find the host
// processes of their containers.
func processesWith(marker string) []int { return processesWhere("cmdline", marker) }

// marker is a word unique to one test, passed as $0 of a container's `sh -c` so that its
// process can be found on the host.
func marker(ns, what string) string { return "labs-e2e-" + what + "-" + ns }

func getPod(t *testing.T, c *testcluster.Cluster, ns, name string) *corev1.Pod {
	t.Helper()
	p, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("getting pod %s: %v", name, err)
	}
	return p
}

// waitPod polls pod ns/name until cond holds.
func waitPod(t *testing.T, c *testcluster.Cluster, ns, name string, timeout time.Duration, what string, cond func(*corev1.Pod) bool) *corev1.Pod {
	t.Helper()
	var last *corev1.Pod
	deadline := time.Now().Add(timeout)
	for {
		p, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil {
			last = p
			if cond(p) {
				return p
			}
		}
		if time.Now().After(deadline) {
			b, _ := json.MarshalIndent(last.Status, "", "  ")
			t.Fatalf("pod %s/%s: timed out after %s waiting for %s; status:\n%s", ns, name, timeout, what, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func running(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, cs := range p.Status.ContainerStatuses {
		if !cs.Ready {
			return false
		}
	}
	return true
}

func applyManifest(t *testing.T, c *testcluster.Cluster, ns, manifest string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "manifest.yaml")
	if err := os.WriteFile(path, []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	mustKubectl(t, c, "apply", "-n", ns, "-f", path)
}

func TestNodesAreReadyWithRoles(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	r := mustKubectl(t, c, "get", "nodes", "-o", "wide")
	for _, want := range []string{
		`(?m)^labs-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.37\.2\s+127\.0\.10\.1\s`,
		`(?m)^labs-worker\s+Ready\s+<none>\s+\S+\s+v1\.37\.2\s+127\.0\.10\.2\s`,
		`(?m)^labs-worker2\s+Ready\s+<none>\s+\S+\s+v1\.37\.2\s+127\.0\.10\.3\s`,
	} {
		if !regexp.MustCompile(want).MatchString(r.Stdout) {
			t.Errorf("get nodes -o wide does not match %s:\n%s", want, r.Stdout)
		}
	}
	cp, err := c.Client.CoreV1().Nodes().Get(context.Background(), "labs-control-plane", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tainted := false
	for _, taint := range cp.Spec.Taints {
		if taint.Key == "node-role.kubernetes.io/control-plane" && taint.Effect == corev1.TaintEffectNoSchedule {
			tainted = true
		}
	}
	if !tainted {
		t.Errorf("labs-control-plane lacks the control-plane NoSchedule taint: %v", cp.Spec.Taints)
	}
	if cp.Status.Capacity.StorageEphemeral().IsZero() {
		t.Errorf("node reports no ephemeral storage: %v", cp.Status.Capacity)
	}

	// The kubelet serves HTTPS on the node's loopback address and refuses anonymous requests.
	kubelet := fmt.Sprintf("https://%s:%d/pods", cp.Status.Addresses[0].Address, cp.Status.DaemonEndpoints.KubeletEndpoint.Port)
	insecure := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := insecure.Get(kubelet)
	if err != nil {
		t.Fatalf("GET %s: %v", kubelet, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous GET %s: %s, want 401", kubelet, resp.Status)
	}

	var st cluster.Status
	if err := json.Unmarshal([]byte(mustLabs(t, c, "cluster", "status", "-o", "json").Stdout), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Nodes) != 3 {
		t.Fatalf("cluster status lists %d nodes, want 3", len(st.Nodes))
	}
	for _, n := range st.Nodes {
		if !n.Ready || n.PID == 0 || n.RuntimeMode == "" {
			t.Errorf("cluster status node %+v: want Ready, a process and a runtime mode", n)
		}
		if fi, err := os.Stat(n.StaticPodPath); err != nil || !fi.IsDir() {
			t.Errorf("node %s static pod path %q: %v", n.Name, n.StaticPodPath, err)
		}
	}
}

func mustLabs(t *testing.T, c *testcluster.Cluster, args ...string) testcluster.Result {
	t.Helper()
	r := c.Labs(t, args...)
	if r.Code != 0 {
		t.Fatalf("labs %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Combined())
	}
	return r
}

// mayBindPort80 reports whether processes of this user may listen on port 80 of the host's
// network.
func mayBindPort80() bool {
	if os.Geteuid() == 0 {
		return true
	}
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		return false
	}
	start, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return err == nil && start <= 80
}

func TestRunNginxServesAndLogs(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	start := time.Now()
	mustKubectl(t, c, "run", "web", "--image=nginx", "-n", ns)
	p := waitPod(t, c, ns, "web", 30*time.Second, "Running and ready", running)
	t.Logf("kubectl run to Running and ready: %s", time.Since(start).Round(time.Millisecond))

	r := mustKubectl(t, c, "get", "pods", "-o", "wide", "-n", ns)
	if !regexp.MustCompile(`(?m)^web\s+1/1\s+Running\s+0\s+\S+\s+127\.\d+\.\d+\.\d+\s+labs-worker2?\s`).MatchString(r.Stdout) {
		t.Errorf("get pods -o wide:\n%s", r.Stdout)
	}
	waitFor(t, 10*time.Second, "the Started event", func() bool {
		return strings.Contains(c.Kubectl(t, "describe", "pod", "web", "-n", ns).Stdout, "Started")
	})
	desc := mustKubectl(t, c, "describe", "pod", "web", "-n", ns).Stdout
	for _, reason := range []string{"Scheduled", "Pulling", "Pulled", "Created", "Started"} {
		if !regexp.MustCompile(`(?m)^\s+Normal\s+` + reason + `\s`).MatchString(desc) {
			t.Errorf("describe pod web lacks the %s event:\n%s", reason, desc)
		}
	}
	if strings.Contains(desc, "Warning") {
		t.Errorf("describe pod web shows a warning:\n%s", desc)
	}

	// Where this user may not bind port 80, the stand-in serves on 8080 (port-forward still
	// reaches it on 80, below).
	direct := net.JoinHostPort(p.Status.PodIP, "80")
	if !mayBindPort80() {
		direct = net.JoinHostPort(p.Status.PodIP, "8080")
	}
	resp, err := http.Get("http://" + direct + "/")
	if err != nil {
		t.Fatalf("GET the nginx pod at %s: %v", direct, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Welcome to nginx!") {
		t.Errorf("nginx pod serves:\n%s", body)
	}
	// port-forward reaches the pod through the API server, the kubelet and the runtime.
	addr := serving(t, c, `Forwarding from (127\.0\.0\.1:\d+) -> 80`, "kubectl", "port-forward", "pod/web", ":80", "-n", ns)
	resp, err = http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("GET through port-forward: %v", err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Welcome to nginx!") {
		t.Errorf("through port-forward the pod serves:\n%s", body)
	}

	// The kubelet's legacy log links live in the node's directory, not in /var/log/containers.
	links, _ := filepath.Glob(filepath.Join(c.StateDir, "clusters", "labs", "nodes", p.Spec.NodeName, "containers", "web_"+ns+"_web-*.log"))
	if len(links) != 1 {
		t.Errorf("legacy log links of web in the node's directory: %v", links)
	}
	if links, _ := filepath.Glob("/var/log/containers/web_" + ns + "_web-*.log"); len(links) != 0 {
		t.Errorf("the node wrote outside the state directory: %v", links)
	}
	waitFor(t, 5*time.Second, "the access log line", func() bool {
		return strings.Contains(c.Kubectl(t, "logs", "web", "-n", ns).Stdout, `"GET / HTTP/1.1" 200 615`)
	})
}

func TestUnknownImageFailsToPull(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	mustKubectl(t, c, "run", "apache", "--image=httpd", "-n", ns)
	p := waitPod(t, c, ns, "apache", 30*time.Second, "ImagePullBackOff", func(p *corev1.Pod) bool {
		for _, cs := range p.Status.ContainerStatuses {
			if w := cs.State.Waiting; w != nil && w.Reason == "ImagePullBackOff" {
				return true
			}
		}
		return false
	})
	msg := p.Status.ContainerStatuses[0].State.Waiting.Message
	if !strings.Contains(msg, "httpd") {
		t.Errorf("ImagePullBackOff message does not name the image: %q", msg)
	}
	events, err := c.Client.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events.Items {
		if e.Type == corev1.EventTypeWarning && strings.Contains(e.Message, "has no such image") && strings.Contains(e.Message, "busybox") {
			found = true
		}
	}
	if !found {
		t.Errorf("no event explains that the embedded runtime lacks httpd and which images it has")
	}
}

const myPod = `apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  containers:
  - name: nginx
    image: nginx
  - name: busybox
    image: busybox
    command: ["sh", "-c", "sleep 1000000"]
`

func TestTwoContainerPodAndExec(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	applyManifest(t, c, ns, myPod)
	mustKubectl(t, c, "run", "client", "--image=busybox", "-n", ns, "--", "sleep", "1000000")
	waitPod(t, c, ns, "my-pod", 30*time.Second, "READY 2/2", running)
	waitPod(t, c, ns, "client", 30*time.Second, "Running", running)
	if r := mustKubectl(t, c, "get", "pod", "my-pod", "-n", ns); !regexp.MustCompile(`my-pod\s+2/2\s+Running`).MatchString(r.Stdout) {
		t.Errorf("get pod my-pod:\n%s", r.Stdout)
	}

	r := mustKubectl(t, c, "exec", "client", "-n", ns, "--", "date")
	if _, err := time.Parse("Mon Jan _2 15:04:05 MST 2006", strings.TrimSpace(r.Stdout)); err != nil {
		t.Errorf("exec client -- date printed %q: %v", r.Stdout, err)
	}

	r = mustKubectl(t, c, "exec", "my-pod", "-n", ns, "--", "sh", "-c", "echo from-default")
	if !strings.HasPrefix(r.Stderr, `Defaulted container "nginx" out of: nginx, busybox`) || strings.TrimSpace(r.Stdout) != "from-default" {
		t.Errorf("exec without -c: stdout %q stderr %q", r.Stdout, r.Stderr)
	}
	// -c selects the container: its environment is the busybox one (no NGINX_VERSION).
	r = mustKubectl(t, c, "exec", "my-pod", "-c", "busybox", "-n", ns, "--", "sh", "-c", "echo nginx=${NGINX_VERSION:-none}")
	if strings.TrimSpace(r.Stdout) != "nginx=none" || strings.Contains(r.Stderr, "Defaulted") {
		t.Errorf("exec -c busybox: stdout %q stderr %q", r.Stdout, r.Stderr)
	}
	r = mustKubectl(t, c, "exec", "my-pod", "-c", "nginx", "-n", ns, "--", "sh", "-c", "echo nginx=$NGINX_VERSION")
	if !strings.HasPrefix(strings.TrimSpace(r.Stdout), "nginx=1.") {
		t.Errorf("exec -c nginx: stdout %q", r.Stdout)
	}

	r = c.Kubectl(t, "exec", "client", "-n", ns, "--", "sh", "-c", "exit 3")
	if r.Code != 3 {
		t.Errorf("exec -- sh -c 'exit 3': kubectl exit %d, want 3\n%s", r.Code, r.Combined())
	}
	r = c.Kubectl(t, "exec", "client", "-n", ns, "--", "no-such-program")
	if r.Code == 0 || !strings.Contains(r.Combined(), "executable file not found") {
		t.Errorf("exec of a missing program: exit %d\n%s", r.Code, r.Combined())
	}

	// stdin without a terminal.
	r = c.LabsStdin(t, "hello from stdin\n", "kubectl", "exec", "-i", "client", "-n", ns, "--", "cat")
	if r.Code != 0 || strings.TrimSpace(r.Stdout) != "hello from stdin" {
		t.Errorf("exec -i cat: exit %d stdout %q stderr %q", r.Code, r.Stdout, r.Stderr)
	}

	// An interactive shell through a terminal.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := c.Command(ctx, "kubectl", "exec", "-it", "client", "-n", ns, "--", "sh")
	ptmx, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	out := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(ptmx)
		out <- string(b)
	}()
	fmt.Fprint(ptmx, "echo tty=$(tty)\r")
	fmt.Fprint(ptmx, "exit 7\r")
	err = cmd.Wait()
	ptmx.Close()
	got := <-out
	if !regexp.MustCompile(`tty=/dev/pts/\d+`).MatchString(got) {
		t.Errorf("exec -it sh is not on a terminal:\n%s", got)
	}
	if cmd.ProcessState.ExitCode() != 7 {
		t.Errorf("exec -it sh then exit 7: kubectl exit %d (%v)\n%s", cmd.ProcessState.ExitCode(), err, got)
	}
}

func TestLogsFollowAttachAndPrevious(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	mustKubectl(t, c, "run", "counter", "--image=busybox", "-n", ns, "--", "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done")
	waitPod(t, c, ns, "counter", 30*time.Second, "Running", running)

	for _, args := range [][]string{{"logs", "-f", "counter"}, {"attach", "counter"}} {
		ctx, cancel := context.WithCancel(context.Background())
		cmd := c.Command(ctx, append(append([]string{"kubectl"}, args...), "-n", ns)...)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Following means new lines keep arriving: two that were not there when it began.
		var seen []string
		deadline := time.After(15 * time.Second)
	collect:
		for len(seen) < 12 {
			select {
			case l, ok := <-lines:
				if !ok {
					break collect
				}
				if strings.HasPrefix(l, "tick ") {
					seen = append(seen, l)
				}
			case <-deadline:
				break collect
			}
		}
		cancel()
		_ = cmd.Wait()
		if len(seen) < 12 {
			t.Errorf("kubectl %s: only %d tick lines: %v", strings.Join(args, " "), len(seen), seen)
		}
	}

	// --previous after a restart.
	m := marker(ns, "restarter")
	mustKubectl(t, c, "run", "restarter", "--image=busybox", "--restart=Always", "-n", ns, "--", "sh", "-c", `echo "run at $(date +%s%N)"; sleep 1; exit 1`, m)
	waitPod(t, c, ns, "restarter", 60*time.Second, "a restart", func(p *corev1.Pod) bool {
		return len(p.Status.ContainerStatuses) == 1 && p.Status.ContainerStatuses[0].RestartCount >= 1
	})
	r := mustKubectl(t, c, "logs", "restarter", "--previous", "-n", ns)
	if !strings.HasPrefix(r.Stdout, "run at ") {
		t.Errorf("logs --previous: %q", r.Stdout)
	}
}

const initPod = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
spec:
  containers:
  - name: myapp-container
    image: nginx
  initContainers:
  - name: init-myservice
    image: busybox
    command: ['sh', '-c', "echo The app is running! && sleep 4"]
  - name: init-mydb
    image: busybox
    command: ['sh', '-c', "echo init-mydb is running! && sleep 4"]
`

func TestInitContainersRunInOrder(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	cmd := c.Command(ctx, "kubectl", "get", "pod", "myapp-pod", "-n", ns, "--watch", "--no-headers")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	applyManifest(t, c, ns, initPod)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 {
			continue
		}
		if len(statuses) == 0 || statuses[len(statuses)-1] != f[2] {
			statuses = append(statuses, f[2])
		}
		if f[2] == "Running" {
			break
		}
	}
	cancel()
	_ = cmd.Wait()
	want := []string{"Init:0/2", "Init:1/2", "PodInitializing", "Running"}
	if strings.Join(statuses, " ") != strings.Join(want, " ") {
		// A watch may start after the first state; it must never go out of order.
		if !isSubsequence(statuses, want) || len(statuses) < 3 {
			t.Errorf("watch saw %v, want %v", statuses, want)
		}
	}
	p := getPod(t, c, ns, "myapp-pod")
	first, second := p.Status.InitContainerStatuses[0].State.Terminated, p.Status.InitContainerStatuses[1].State.Terminated
	if first == nil || second == nil {
		t.Fatalf("init containers not terminated: %+v", p.Status.InitContainerStatuses)
	}
	if second.StartedAt.Before(&first.FinishedAt) {
		t.Errorf("init-mydb started at %s, before init-myservice finished at %s", second.StartedAt, first.FinishedAt)
	}
	if r := mustKubectl(t, c, "logs", "myapp-pod", "-c", "init-myservice", "-n", ns); strings.TrimSpace(r.Stdout) != "The app is running!" {
		t.Errorf("logs of the first init container: %q", r.Stdout)
	}
}

func isSubsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
			continue
		}
		// Anything seen must be one of the wanted states, at or after the current one.
		ok := false
		for _, w := range want[max(i-1, 0):] {
			ok = ok || g == w
		}
		if !ok {
			return false
		}
	}
	return i > 0 && want[len(want)-1] == got[len(got)-1]
}

func TestGracePeriodAndForceDelete(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	m := marker(ns, "stubborn")
	manifest := fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata:
  name: stubborn
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: sh
    image: busybox
    command: ["sh", "-c", "while true; do sleep 1; done", %q]
`, m)
	applyManifest(t, c, ns, manifest)
	waitPod(t, c, ns, "stubborn", 30*time.Second, "Running", running)
	if len(processesWith(m)) != 1 {
		t.Fatalf("want one host process for the container, found %v", processesWith(m))
	}
	start := time.Now()
	mustKubectl(t, c, "delete", "pod", "stubborn", "-n", ns)
	took := time.Since(start)
	// sh as PID 1 ignores SIGTERM: the kubelet waits the whole grace period, then kills.
	if took < 9*time.Second || took > 16*time.Second {
		t.Errorf("kubectl delete took %s, want about the 10s grace period", took)
	}
	if pids := processesWith(m); len(pids) != 0 {
		t.Errorf("container processes survive the deletion: %v", pids)
	}

	applyManifest(t, c, ns, manifest)
	waitPod(t, c, ns, "stubborn", 30*time.Second, "Running", running)
	start = time.Now()
	mustKubectl(t, c, "delete", "pod", "stubborn", "-n", ns, "--grace-period=0", "--force")
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("force delete took %s", took)
	}
	if _, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), "stubborn", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("pod still exists after a force delete: %v", err)
	}
	waitFor(t, 10*time.Second, "the force-deleted container's process to go", func() bool { return len(processesWith(m)) == 0 })
}

func TestRestartPolicies(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	mustKubectl(t, c, "run", "default-policy", "--image=busybox", "-n", ns, "--", "sleep", "100000")
	if p := getPod(t, c, ns, "default-policy"); p.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		t.Errorf("default restart policy %q", p.Spec.RestartPolicy)
	}
	mustKubectl(t, c, "run", "onfailure-fail", "--image=busybox", "--restart=OnFailure", "-n", ns, "--", "sh", "-c", "exit 1")
	mustKubectl(t, c, "run", "never-fail", "--image=busybox", "--restart=Never", "-n", ns, "--", "sh", "-c", "exit 1")
	mustKubectl(t, c, "run", "onfailure-ok", "--image=busybox", "--restart=OnFailure", "-n", ns, "--", "sh", "-c", "exit 0")

	waitPod(t, c, ns, "never-fail", 30*time.Second, "phase Failed", func(p *corev1.Pod) bool { return p.Status.Phase == corev1.PodFailed })
	waitPod(t, c, ns, "onfailure-ok", 30*time.Second, "phase Succeeded", func(p *corev1.Pod) bool { return p.Status.Phase == corev1.PodSucceeded })
	p := waitPod(t, c, ns, "onfailure-fail", 60*time.Second, "two restarts", func(p *corev1.Pod) bool {
		return len(p.Status.ContainerStatuses) == 1 && p.Status.ContainerStatuses[0].RestartCount >= 2
	})
	if p.Status.Phase == corev1.PodFailed || p.Status.Phase == corev1.PodSucceeded {
		t.Errorf("OnFailure pod that keeps failing is %s", p.Status.Phase)
	}
	if p.Status.ContainerStatuses[0].LastTerminationState.Terminated.ExitCode != 1 {
		t.Errorf("last termination: %+v", p.Status.ContainerStatuses[0].LastTerminationState)
	}
	waitFor(t, 30*time.Second, "a BackOff event", func() bool {
		events, err := c.Client.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{FieldSelector: "involvedObject.name=onfailure-fail"})
		if err != nil {
			return false
		}
		for _, e := range events.Items {
			if e.Reason == "BackOff" && strings.Contains(e.Message, "Back-off restarting failed container") {
				return true
			}
		}
		return false
	})
}

func TestStaticPodOnWorker(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	dir := filepath.Join(c.StateDir, "clusters", "labs", "nodes", "labs-worker2", "manifests")
	file := filepath.Join(dir, ns+".yaml")
	manifest := fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\n  namespace: %s\nspec:\n  containers:\n  - name: web\n    image: nginx\n", ns)
	if err := os.WriteFile(file, []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(file)
	start := time.Now()
	p := waitPod(t, c, ns, "static-web-labs-worker2", 60*time.Second, "the mirror pod running", running)
	t.Logf("static pod file to running mirror pod: %s", time.Since(start).Round(time.Millisecond))
	if src := p.Annotations["kubernetes.io/config.source"]; src != "file" {
		t.Errorf("config.source annotation %q", src)
	}
	if len(p.OwnerReferences) != 1 || p.OwnerReferences[0].Kind != "Node" || p.OwnerReferences[0].Name != "labs-worker2" {
		t.Errorf("owner references %+v", p.OwnerReferences)
	}
	uid := p.UID
	start = time.Now()
	mustKubectl(t, c, "delete", "pod", "static-web-labs-worker2", "-n", ns)
	t.Logf("kubectl delete of the mirror pod: %s", time.Since(start).Round(time.Millisecond))
	waitPod(t, c, ns, "static-web-labs-worker2", 30*time.Second, "the mirror pod to come back", func(p *corev1.Pod) bool { return p.UID != uid })
	t.Logf("mirror pod back after: %s", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the mirror pod to go with its file", func() bool {
		_, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), "static-web-labs-worker2", metav1.GetOptions{})
		return apierrors.IsNotFound(err)
	})
	t.Logf("mirror pod gone after its file: %s", time.Since(start).Round(time.Millisecond))
}

func TestNoMissingClusterDNSWarnings(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	mustKubectl(t, c, "run", "quiet", "--image=busybox", "-n", ns, "--", "sleep", "100000")
	waitPod(t, c, ns, "quiet", 30*time.Second, "Running", running)
	waitFor(t, 10*time.Second, "the Started event", func() bool {
		return strings.Contains(c.Kubectl(t, "get", "events", "-n", ns).Stdout, "Started")
	})
	events, err := c.Client.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events.Items {
		if e.Type == corev1.EventTypeWarning {
			t.Errorf("warning event %s: %s", e.Reason, e.Message)
		}
	}
}

// TestNodeCrashLeavesNoOrphans kills a node process; its containers die with it and come back
// exactly once when the supervisor restarts it. It runs on a cluster of its own.
// nodeReadiness records the successive statuses of a node's Ready condition, from a watch.
type nodeReadiness struct {
	mu       sync.Mutex
	statuses []corev1.ConditionStatus
	from     int // statuses before this index were matched by an earlier seen
	changed  chan struct{}
}

func watchNodeReady(t *testing.T, c *testcluster.Cluster, name string) *nodeReadiness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := c.Client.CoreV1().Nodes().Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + name})
	if err != nil {
		t.Fatal(err)
	}
	r := &nodeReadiness{changed: make(chan struct{})}
	go func() {
		defer w.Stop()
		for ev := range w.ResultChan() {
			n, ok := ev.Object.(*corev1.Node)
			if !ok {
				continue
			}
			for _, cond := range n.Status.Conditions {
				if cond.Type != corev1.NodeReady {
					continue
				}
				r.mu.Lock()
				if len(r.statuses) == 0 || r.statuses[len(r.statuses)-1] != cond.Status {
					r.statuses = append(r.statuses, cond.Status)
					close(r.changed)
					r.changed = make(chan struct{})
				}
				r.mu.Unlock()
			}
		}
	}()
	return r
}

// seen is closed once the Ready condition has had status want after every status already
// waited for (so Unknown then True means in that order).
func (r *nodeReadiness) seen(want corev1.ConditionStatus) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for {
			r.mu.Lock()
			for i := r.from; i < len(r.statuses); i++ {
				if r.statuses[i] == want {
					r.from = i + 1
					r.mu.Unlock()
					close(done)
					return
				}
			}
			changed := r.changed
			r.mu.Unlock()
			<-changed
		}
	}()
	return done
}

func (r *nodeReadiness) history() []corev1.ConditionStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]corev1.ConditionStatus(nil), r.statuses...)
}

func TestNodeCrashLeavesNoOrphans(t *testing.T) {
	t.Parallel()
	c := testcluster.NewStateDir(t)
	c.Up(t)
	ns := c.Namespace(t)
	m := marker(ns, "survivor")
	mustKubectl(t, c, "run", "survivor", "--image=busybox", "-n", ns, "--overrides",
		`{"spec":{"nodeName":"labs-worker"}}`, "--", "sh", "-c", "while true; do sleep 1; done", m)
	waitPod(t, c, ns, "survivor", 30*time.Second, "Running", running)
	before := processesWith(m)
	if len(before) != 1 {
		t.Fatalf("want one container process, found %v", before)
	}

	killNodeAndWaitReady(t, c, "labs-worker")
	waitFor(t, 5*time.Second, "the container to die with its node", func() bool {
		for _, p := range processesWith(m) {
			if p == before[0] {
				return false
			}
		}
		return true
	})
	waitFor(t, 60*time.Second, "the restarted node to run the container again", func() bool {
		return len(processesWith(m)) == 1
	})
	waitPod(t, c, ns, "survivor", 60*time.Second, "Running again", running)
	// A duplicate would show up within a PLEG relist or two.
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if pids := processesWith(m); len(pids) != 1 {
			t.Fatalf("after the node restart the container runs %d times: %v", len(pids), pids)
		}
	}
	node, err := c.Client.CoreV1().Nodes().Get(context.Background(), "labs-worker", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cond := range node.Status.Conditions {
		if cond.Type == corev1.NodeReady && cond.Status != corev1.ConditionTrue {
			t.Errorf("labs-worker is %s after its restart", cond.Status)
		}
	}

	// down leaves no node or container process behind.
	mustLabs(t, c, "cluster", "down")
	if pids := processesWith(m); len(pids) != 0 {
		t.Errorf("container processes survive cluster down: %v", pids)
	}
	if pids := processesOf(c.StateDir); len(pids) != 0 {
		t.Errorf("processes of the cluster survive cluster down: %v", pids)
	}
}

// TestNodeRestartsAfterTheBinaryIsGone: `go run` deletes the binary that started the cluster
// when its command exits. A node process killed after that must still come back Ready.
func TestNodeRestartsAfterTheBinaryIsGone(t *testing.T) {
	t.Parallel()
	c := testcluster.NewStateDir(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "labs-go-run")
	if err := os.WriteFile(tmp, data, 0o755); err != nil {
		t.Fatal(err)
	}
	up := exec.Command(tmp, "cluster", "up")
	up.Env = c.Env()
	if out, err := up.CombinedOutput(); err != nil {
		t.Fatalf("cluster up from a copy: %v\n%s", err, out)
	}
	if err := os.Remove(tmp); err != nil {
		t.Fatal(err)
	}
	c.Up(t) // reuses the running cluster and connects the client
	killNodeAndWaitReady(t, c, "labs-worker")
}

// killNodeAndWaitReady SIGKILLs the node's process and waits until the node is seen NotReady
// (the kill is noticed at once, not after the 40 s grace), then Ready again once its kubelet is
// back.
func killNodeAndWaitReady(t *testing.T, c *testcluster.Cluster, node string) {
	t.Helper()
	var st cluster.Status
	if err := json.Unmarshal([]byte(mustLabs(t, c, "cluster", "status", "-o", "json").Stdout), &st); err != nil {
		t.Fatal(err)
	}
	pid := 0
	for _, n := range st.Nodes {
		if n.Name == node {
			pid = n.PID
		}
	}
	if pid == 0 {
		t.Fatalf("cluster status has no process for %s: %+v", node, st.Nodes)
	}
	readiness := watchNodeReady(t, c, node)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for _, want := range []corev1.ConditionStatus{corev1.ConditionUnknown, corev1.ConditionTrue} {
		select {
		case <-readiness.seen(want):
		case <-time.After(30 * time.Second):
			t.Fatalf("%s's Ready condition never became %s after its process was killed; saw %v", node, want, readiness.history())
		}
	}
}
