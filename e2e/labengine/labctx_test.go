package labengine

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// labKubeconfig is the KUBECONFIG of lab's shells on the shared (embedded) cluster: its own
// context file, then the cluster's kubeconfig (internal/labctx).
func labKubeconfig(c *testcluster.Cluster, lab string) string {
	return labctx.Chain(labctx.Path(c.StateDir, "embedded", lab), c.Kubeconfig)
}

// labKubectl runs kubectl as a learner does in lab's shell: with the lab's KUBECONFIG.
func labKubectl(t *testing.T, c *testcluster.Cluster, lab string, args ...string) time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, append([]string{"kubectl"}, args...)...)
	cmd.Env = append(cmd.Env, "KUBECONFIG="+labKubeconfig(c, lab))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kubectl %s (lab %s): %v\n%s", strings.Join(args, " "), lab, err, out)
	}
	return time.Now()
}

// inLabShell types script into `labs shell --lab lab` (bash), as a learner in that lab's
// window, and returns what the shell printed.
func inLabShell(t *testing.T, c *testcluster.Cluster, lab, script string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, "shell", "--lab", lab)
	cmd.Env = append(cmd.Env, "SHELL=/bin/bash", "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader(script + "\nexit\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("labs shell --lab %s: %v\n%s", lab, err, out)
	}
	return string(out)
}

// TestLabContextsDoNotInterfere is issue 15 point 3: a step of one lab done in another window
// (its shell's `kubectl config set-context --current --namespace ...`) changed the namespace
// under a lab running in the first, and broke that lab's next step. Now each lab has a context
// of its own: demo runs in a walkthrough, first-pods' shell sets its namespace, and demo's
// context, its set-namespace step and its next step (a Pod run without -n) are untouched.
func TestLabContextsDoNotInterfere(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() {
		c.Labs(t, "reset", "demo", "--clear-files")
		// The walkthrough recorded its --work-dir (a temporary directory) in demo's progress;
		// the next test's demo starts in the default one.
		_ = progress.Forget(c.StateDir, "demo")
	})
	if r := c.Labs(t, "reset", "first-pods", "--clear-files"); r.Code != 0 {
		t.Fatalf("labs reset first-pods: exit %d\n%s", r.Code, r.Combined())
	}
	t.Cleanup(func() { c.Labs(t, "reset", "first-pods", "--clear-files") })
	work := t.TempDir()

	s := startSession(t, c, "demo", "--lang", "en", "--work-dir", work)
	s.expect("Step 1/4", 2*time.Minute)
	// The first screen says why a shell of another lab does not do here (wrapped to the terminal).
	if first := strings.Join(strings.Fields(s.all()), " "); !strings.Contains(first, "kubectl there uses this lab's own context (namespace default now)") {
		t.Errorf("the first screen does not say the lab has its own context:\n%s", s.all())
	}
	inLabShell(t, c, "demo", "kubectl create namespace demo\nkubectl config set-context --current --namespace demo")
	s.expect("✓ Step 2/4 done", 30*time.Second)
	s.expect("Step 3/4", 5*time.Second)

	// Another window, another lab: first-pods' first step sets its own namespace.
	out := inLabShell(t, c, "first-pods", "kubectl create namespace first-pods\nkubectl config set-context --current --namespace first-pods\nkubectl config view --minify -o jsonpath='ns={..namespace}'; echo")
	if !strings.Contains(out, "kubectl here uses the context of lab first-pods, its own (namespace default now)") || !strings.Contains(out, "ns=first-pods") {
		t.Fatalf("first-pods' shell does not use its namespace:\n%s", out)
	}
	if r := c.Labs(t, "check", "first-pods", "--step", "setup"); r.Code != 0 {
		t.Errorf("first-pods' setup step fails although its shell set it up: exit %d\n%s", r.Code, r.Combined())
	}
	// And a terminal of the learner's own, set up for first-pods as the first screen says.
	env := c.Labs(t, "cluster", "env", "--lab", "first-pods")
	if env.Code != 0 {
		t.Fatalf("labs cluster env --lab first-pods: %s", env.Combined())
	}
	cmd := exec.Command("bash", "-c", env.Stdout+"\nkubectl config set-context --current --namespace kube-public >/dev/null && kubectl config view --minify -o jsonpath='{..namespace}'")
	cmd.Env = c.Env()
	if b, err := cmd.CombinedOutput(); err != nil || strings.TrimSpace(string(b)) != "kube-public" {
		t.Fatalf("a terminal set up by cluster env --lab first-pods: %v\n%s", err, b)
	}
	// Even the cluster's own kubeconfig, changed directly, is no lab's.
	mustKubectl(t, c, "config", "set-context", "--current", "--namespace", "kube-system")
	t.Cleanup(func() { c.Kubectl(t, "config", "set-context", "--current", "--namespace", "default") })

	if ns, err := kubeconfig.CurrentNamespace(labKubeconfig(c, "demo")); err != nil || ns != "demo" {
		t.Fatalf("demo's context has namespace %q (%v) after first-pods set its own", ns, err)
	}
	if r := c.Labs(t, "check", "demo", "--step", "set-namespace", "--work-dir", work); r.Code != 0 || !strings.Contains(r.Stdout, "PASS set-namespace") {
		t.Errorf("demo's set-namespace step no longer passes: exit %d\n%s", r.Code, r.Combined())
	}
	// demo's next step, done in its shell without -n, goes to demo and turns green.
	inLabShell(t, c, "demo", "kubectl run web --image=nginx")
	s.expect("✓ Step 3/4 done", 30*time.Second)
	s.key("q")
	s.expect("Progress saved", 10*time.Second)
	s.wait(10 * time.Second)
}

// TestLabContextReasonNamesTheClusterKubeconfig: a namespace set in the cluster's kubeconfig
// (a terminal with KUBECONFIG pointed at it) is not the lab's, and the step says where it went
// and where to set it; labs reset starts the lab's context afresh and says so.
func TestLabContextReasonNamesTheClusterKubeconfig(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() { c.Labs(t, "reset", "demo", "--clear-files") })
	mustKubectl(t, c, "create", "namespace", "demo")
	mustKubectl(t, c, "config", "set-context", "--current", "--namespace", "demo")
	r := c.Labs(t, "check", "demo", "--step", "set-namespace", "--timeout", "500ms")
	if r.Code != 1 || !strings.Contains(r.Stdout, "this lab's context uses namespace default, not demo: demo was set in the cluster's kubeconfig "+c.Kubeconfig) {
		t.Fatalf("labs check after a set-context in the cluster's kubeconfig: exit %d\n%s", r.Code, r.Combined())
	}
	labKubectl(t, c, "demo", "config", "set-context", "--current", "--namespace", "demo")
	if r := c.Labs(t, "check", "demo", "--step", "set-namespace"); r.Code != 0 {
		t.Fatalf("set in demo's own context, the step fails: %s", r.Combined())
	}
	r = c.Labs(t, "reset", "demo", "--keep-files")
	if r.Code != 0 || !strings.Contains(r.Stdout, "labs set the lab's context back to default (it was demo)") {
		t.Fatalf("labs reset demo does not start its context afresh: exit %d\n%s", r.Code, r.Combined())
	}
	if ns, _ := kubeconfig.CurrentNamespace(labKubeconfig(c, "demo")); ns != "default" {
		t.Fatalf("demo's context after reset: %q", ns)
	}
	// `labs kubectl` in a terminal without KUBECONFIG uses the context of the lab worked on
	// last (demo, just reset), as its shells do.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := c.Command(ctx, "kubectl", "config", "set-context", "--current", "--namespace", "demo")
	cmd.Env = append(cmd.Env, "KUBECONFIG=", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("labs kubectl without KUBECONFIG: %v\n%s", err, out)
	}
	if ns, _ := kubeconfig.CurrentNamespace(labKubeconfig(c, "demo")); ns != "demo" {
		t.Errorf("labs kubectl without KUBECONFIG did not set demo's context: %q", ns)
	}
	if ns, _ := kubeconfig.CurrentNamespace(c.Kubeconfig); ns != "default" {
		t.Errorf("labs kubectl without KUBECONFIG set the cluster's kubeconfig: %q", ns)
	}
}

// labKubectlResult runs kubectl with lab's KUBECONFIG and returns its result.
func labKubectlResult(t *testing.T, c *testcluster.Cluster, lab string, args ...string) testcluster.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, append([]string{"kubectl"}, args...)...)
	cmd.Env = append(cmd.Env, "KUBECONFIG="+labKubeconfig(c, lab))
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		code = -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
	}
	return testcluster.Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}
