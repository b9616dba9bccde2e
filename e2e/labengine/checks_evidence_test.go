package labengine

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/creack/pty"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/testcluster"
)

// sleeper is a pod whose containers (busybox, sh as PID 1: it ignores SIGTERM, so a plain
// delete takes the whole grace period) run until deleted.
func sleeper(name string, containers ...string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}
	for _, c := range containers {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: c, Image: "busybox", Command: []string{"sh", "-c", "sleep 1000"}})
	}
	return p
}

func needNodes(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	nodes, err := c.Client.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes.Items) == 0 {
		t.Skip("the cluster has no nodes; pods cannot run")
	}
}

// TestChecksForceDeleteOfANamedPod: the real kubectl against the real API server and its audit
// log. The force-delete step fails before anything was done, for a delete of another pod and for
// a plain delete, and passes for `--grace-period=0 --force`; "was deleted" fails where the pod
// never existed and passes once it was deleted.
func TestChecksForceDeleteOfANamedPod(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	ctx := context.Background()
	for _, p := range []*corev1.Pod{sleeper("old", "app"), sleeper("other", "app")} {
		if _, err := c.Client.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	env := checkEnv(t, c, "en")
	env.Since = time.Now()
	q := `"` + ns + `"`
	force := `    Then kubectl deleted pod "old" in namespace ` + q + ` with --grace-period=0 --force`
	named := `    Then kubectl deleted pod "old" in namespace ` + q
	deleted := `    Then pod "old" was deleted from namespace ` + q
	never := `    Then pod "never" was deleted from namespace ` + q

	runScenarios(t, env, []scenario{
		{"force-before", force, false, "kubectl sent no delete for pod old in namespace " + ns},
		{"deleted-before", deleted, false, "pod old still exists in namespace " + ns},
		{"never-existed", never, false, "it is absent, but it was never deleted here"},
	})

	if r := c.Kubectl(t, "delete", "pod", "other", "-n", ns, "--wait=false"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"named-other", named, false, "kubectl deleted pod other in namespace " + ns + ", not pod old"},
	})

	// A plain delete: 30 s of grace, so the pod is still terminating for the force delete below.
	if r := c.Kubectl(t, "delete", "pod", "old", "-n", ns, "--wait=false"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"named-plain", named, true, ""},
		{"force-plain", force, false, "kubectl deleted pod old with the default grace period, not --grace-period=0 --force"},
		{"deleted-plain", deleted, true, ""},
	})

	if r := c.Kubectl(t, "delete", "pod", "old", "-n", ns, "--grace-period=0", "--force"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"force", force, true, ""},
		{"force-only", `    Then kubectl deleted pod "old" in namespace ` + q + ` with --force`, true, ""},
		{"deleted", deleted, true, ""},
		{"absent", `    Then pod "old" is absent from namespace ` + q, true, ""},
	})
}

// TestChecksExecIntoANamedContainer: bundled kubectl v1.37 sends exec as GET over websocket;
// the step fails before any exec, for the other container (naming it), and passes for the
// right one.
func TestChecksExecIntoANamedContainer(t *testing.T) {
	c := testcluster.Shared(t)
	needNodes(t, c)
	ns := c.Namespace(t)
	if _, err := c.Client.CoreV1().Pods(ns).Create(context.Background(), sleeper("cart", "app", "sidecar"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	env := checkEnv(t, c, "en")
	env.Since = time.Now()
	q := `"` + ns + `"`
	step := `    Then kubectl executed a command in container "sidecar" of pod "cart" in namespace ` + q
	runScenarios(t, env, []scenario{
		{"running", `    Then pod "cart" in namespace ` + q + ` has 2 ready containers within 60s`, true, ""},
		{"exec-before", step, false, "no kubectl exec into pod cart in namespace " + ns},
	})

	if r := c.Kubectl(t, "exec", "cart", "-n", ns, "-c", "app", "--", "true"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"exec-other", step, false, "kubectl exec into pod cart used container app, not sidecar"},
		{"exec-any", `    Then kubectl executed a command in pod "cart" in namespace ` + q, true, ""},
	})

	if r := c.Kubectl(t, "exec", "cart", "-n", ns, "-c", "sidecar", "--", "true"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"exec", step, true, ""},
		// Without a terminal kubectl sends no tty, so -it is not satisfied.
		{"exec-it", step + " with -it", false, "ran without -it"},
		{"exec-path", `    Then kubectl requested the path "/api/v1/namespaces/` + ns + `/pods/cart/exec?container=sidecar"`, true, ""},
	})

	// With a terminal, -it sends stdin and a tty.
	execInPty(t, c, "exec", "-it", "cart", "-n", ns, "-c", "sidecar", "--", "true")
	runScenarios(t, env, []scenario{
		{"exec-it-pty", step + " with -it", true, ""},
	})
}

// execInPty runs the bundled kubectl with a terminal, as a learner's shell would.
func execInPty(t *testing.T, c *testcluster.Cluster, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := c.Command(ctx, append([]string{"kubectl"}, args...)...)
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, tty); close(done) }()
	err = cmd.Wait()
	tty.Close()
	<-done
	if err != nil {
		t.Fatalf("kubectl %v: %v\n%s", args, err, out.String())
	}
}

// TestChecksMaxTimeoutCapsWithin: with Env.MaxTimeout (labs check --timeout) a failing step's
// own "within 30s" waits no longer than the cap.
func TestChecksMaxTimeoutCapsWithin(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	env := checkEnv(t, c, "en")
	env.MaxTimeout = 300 * time.Millisecond
	start := time.Now()
	runScenarios(t, env, []scenario{
		{"capped", `    Then configmap "never" exists in namespace "` + ns + `" within 30s`, false, "but there is none"},
		{"capped-too", `    Then pod "never" in namespace "` + ns + `" is Running within 1m`, false, "but there is none"},
	})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("two capped steps took %s; each must stop after 300ms", d)
	}
}
