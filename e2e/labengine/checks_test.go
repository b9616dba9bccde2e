package labengine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/testcluster"
)

func checkEnv(t *testing.T, c *testcluster.Cluster, lang i18n.Lang) *checks.Env {
	t.Helper()
	env, err := checks.NewEnv(c.Config)
	if err != nil {
		t.Fatal(err)
	}
	env.Lang = lang
	env.Kubeconfig = c.Kubeconfig
	env.AuditLog = filepath.Join(c.StateDir, "clusters", "labs", "audit", "audit.log")
	env.WorkDir = t.TempDir()
	// Short, so the many expected failures of these tests do not wait long.
	env.Timeout = 500 * time.Millisecond
	return env
}

// scenario is one Scenario of a generated feature and how it must come out.
type scenario struct {
	tag, steps string
	pass       bool
	reason     string // part of the failure reason
}

func runScenarios(t *testing.T, env *checks.Env, scs []scenario) {
	t.Helper()
	var f strings.Builder
	f.WriteString("Feature: checks\n")
	var ids []string
	for _, s := range scs {
		fmt.Fprintf(&f, "\n  @%s\n  Scenario: %s\n%s\n", s.tag, s.tag, s.steps)
		ids = append(ids, s.tag)
	}
	results, err := checks.Run(context.Background(), env, "features/checks.feature", []byte(f.String()), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		s := scs[i]
		if r.Passed != s.pass {
			t.Errorf("@%s: passed=%v, want %v (reason: %s)", s.tag, r.Passed, s.pass, r.Reason)
			continue
		}
		if !s.pass && !strings.Contains(r.Reason, s.reason) {
			t.Errorf("@%s: reason %q, want it to contain %q", s.tag, r.Reason, s.reason)
		}
	}
}

// TestStepLibrary runs the step library against real objects: what passes passes, and every
// failure names the expected, the found and the likely cause.
func TestStepLibrary(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	ctx := context.Background()
	// A pod no node can take: it stays Pending with an Unschedulable condition.
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "stuck", Labels: map[string]string{"app": "stuck"}},
		Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			NodeSelector:  map[string]string{"labs.test/nowhere": "true"},
			InitContainers: []corev1.Container{
				{Name: "first", Image: "busybox", Command: []string{"true"}},
				{Name: "second", Image: "busybox", Command: []string{"true"}},
			},
			Containers: []corev1.Container{{Name: "main", Image: "nginx:latest", Command: []string{"sh", "-c"}, Args: []string{"sleep 1000"}}},
		},
	}
	if _, err := c.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cfg"}, Data: map[string]string{"color": "blue", "size": "3"}}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	env := checkEnv(t, c, "en")
	if err := os.WriteFile(filepath.Join(env.WorkDir, "pod.yaml"), []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(env.WorkDir, "bad.yaml"), []byte("apiVersion: v2\nkind: Pod\nmetadata:\n  name: web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env.Since = time.Now().Add(-time.Second)
	if r := c.Kubectl(t, "cluster-info"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	q := func(s string) string { return `"` + s + `"` }
	then := func(s string) string { return "    Then " + s }

	runScenarios(t, env, []scenario{
		{"ns-active", then("namespace " + q(ns) + " is Active"), true, ""},
		{"ns-missing", then(`namespace "nope-nope" exists`), false, "expected namespace nope-nope to exist, but there is no such namespace"},
		{"exists", then("configmap " + q("cfg") + " exists in namespace " + q(ns)), true, ""},
		{"exists-kind", then("ConfigMap " + q("cfg") + " exists in namespace " + q(ns)), true, ""},
		{"exists-typo", then("configmap " + q("cgf") + " exists in namespace " + q(ns)), false, "expected configmap cgf in namespace " + ns + ", but there is none; found: cfg"},
		{"exists-no-ns", then(`configmap "cfg" exists in namespace "nope-nope"`), false, "but namespace nope-nope does not exist"},
		{"exists-unknown-kind", then(`gizmo "x" exists in namespace "default"`), false, `this cluster has no resource "gizmo"`},
		{"absent", then("pod " + q("ghost") + " is absent from namespace " + q(ns)), true, ""},
		{"absent-fail", then("configmap " + q("cfg") + " is absent from namespace " + q(ns)), false, "expected no configmap cfg in namespace " + ns + ", but it exists"},
		{"match", then("configmap "+q("cfg")+" in namespace "+q(ns)+" matches:") + "\n      \"\"\"\n      data:\n        color: blue\n      \"\"\"", true, ""},
		{"match-fail", then("pod "+q("stuck")+" in namespace "+q(ns)+" matches:") + "\n      \"\"\"\n      spec:\n        containers:\n        - name: main\n          image: httpd\n      \"\"\"", false, "pod stuck exists but spec.containers[name=main].image is nginx:latest, not httpd"},
		{"phase", then("pod " + q("stuck") + " in namespace " + q(ns) + " is Running"), false, "pod stuck exists but is Pending, not Running: no node has been assigned (Unschedulable:"},
		{"ready", then("pod " + q("stuck") + " in namespace " + q(ns) + " has 1 ready container"), false, "pod stuck has 0 of 1 containers ready, expected 1: no node has been assigned"},
		{"image", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has a container with image "nginx"`), true, ""},
		{"image-fail", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has a container with image "httpd"`), false, "pod stuck exists but runs nginx:latest, not httpd"},
		{"image-re", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has a container with image matching "^nginx(:latest)?$"`), true, ""},
		{"command", then("pod " + q("stuck") + " in namespace " + q(ns) + ` runs the command "sh -c sleep 1000" in container "main"`), true, ""},
		{"command-fail", then("pod " + q("stuck") + " in namespace " + q(ns) + ` runs the command "sleep 1000"`), false, `pod stuck exists but runs main: sh -c sleep 1000, not "sleep 1000"`},
		{"restart", then("pod " + q("stuck") + " in namespace " + q(ns) + " has restart policy Never"), true, ""},
		{"restart-fail", then("pod " + q("stuck") + " in namespace " + q(ns) + " has restart policy Always"), false, "pod stuck has restart policy Never, not Always"},
		{"restarts", then("pod " + q("stuck") + " in namespace " + q(ns) + " has restarted at least 1 time"), false, "pod stuck restarted 0 times, expected at least 1"},
		{"init-order", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has init containers "first, second" in that order`), true, ""},
		{"init-order-fail", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has init containers "second, first" in that order`), false, "pod stuck has init containers first, second, expected second, first in that order"},
		{"init-done", then("pod " + q("stuck") + " in namespace " + q(ns) + " has completed its init containers"), false, "init container first of pod stuck has not completed: no node has been assigned"},
		{"node", then("pod " + q("stuck") + " in namespace " + q(ns) + ` runs on node "labs-worker"`), false, "pod stuck is not on node labs-worker: no node has been assigned"},
		{"static", then("pod " + q("stuck") + " in namespace " + q(ns) + " is a static pod mirror"), false, "pod stuck exists but is not a static pod"},
		{"event", then(`an event with reason "FailedScheduling" was recorded for pod "stuck" in namespace ` + q(ns) + " within 30s"), true, ""},
		{"event-fail", then(`an event with reason "Pulled" was recorded for pod "stuck" in namespace ` + q(ns)), false, "pod stuck has events FailedScheduling, but none with reason Pulled"},
		{"manifest", then(`the file "pod.yaml" in the work directory is a manifest of kind "Pod" named "web"`), true, ""},
		{"manifest-missing", then(`the file "nope.yaml" in the work directory is a manifest of kind "Pod" named "web"`), false, "expected a file nope.yaml in"},
		{"manifest-name", then(`the file "pod.yaml" in the work directory is a manifest of kind "Pod" named "db"`), false, "pod.yaml holds Pod/web, not Pod/db"},
		{"manifest-version", then(`the file "bad.yaml" in the work directory is a manifest of kind "Pod" named "web"`), false, "the cluster does not serve Pod in apiVersion v2"},
		{"audit-path", then(`kubectl requested the path "/api/v1/namespaces/kube-system/services"`), true, ""},
		{"audit-verb", then(`kubectl sent a list request for services in namespace "kube-system"`), true, ""},
		{"audit-dry-run", then("kubectl sent a server-side dry run for pods in namespace " + q(ns)), false, "no server-side dry run for pods in namespace " + ns},
		{"kubeconfig", then(`the kubeconfig's current namespace is "nope-nope"`), false, "the current context uses namespace"},
		{"second-step-fails", then("namespace "+q(ns)+" is Active") + "\n" + then(`pod "stuck" in namespace `+q(ns)+` has a container with image "httpd"`), false, "runs nginx:latest, not httpd"},
	})

	// The same failures in Chinese.
	zh := checkEnv(t, c, "zh-TW")
	runScenarios(t, zh, []scenario{
		{"phase", then("pod " + q("stuck") + " in namespace " + q(ns) + " is Running"), false, "Pod stuck 存在，但狀態是 Pending 而不是 Running：還沒有分配到節點"},
		{"image-fail", then("pod " + q("stuck") + " in namespace " + q(ns) + ` has a container with image "httpd"`), false, "Pod stuck 存在，但執行的是 nginx:latest 而不是 httpd"},
	})
}

// TestThenWaits checks that a Then waits for its condition instead of failing at once: the
// object appears after the check started, within the step's own timeout.
func TestThenWaits(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	env := checkEnv(t, c, "en")
	go func() {
		time.Sleep(1500 * time.Millisecond)
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "late"}}
		_, _ = c.Client.CoreV1().ConfigMaps(ns).Create(context.Background(), cm, metav1.CreateOptions{})
	}()
	start := time.Now()
	runScenarios(t, env, []scenario{{"late", `    Then configmap "late" exists in namespace "` + ns + `" within 20s`, true, ""}})
	if d := time.Since(start); d < time.Second || d > 10*time.Second {
		t.Errorf("waited %s", d)
	}
	// Without "within", the default timeout (500ms here) ends the wait with the last reason.
	start = time.Now()
	runScenarios(t, env, []scenario{{"never", `    Then configmap "never" exists in namespace "` + ns + `"`, false, "but there is none"}})
	if d := time.Since(start); d < 500*time.Millisecond || d > 5*time.Second {
		t.Errorf("default timeout took %s", d)
	}
}

// TestPodRunsOnANode needs worker nodes: with them pods run, and the phase, readiness, node,
// init container, restart and static pod checks pass (and fail with the container's reason).
func TestPodRunsOnANode(t *testing.T) {
	c := testcluster.Shared(t)
	nodes, err := c.Client.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes.Items) == 0 {
		t.Skip("the cluster has no nodes; pods cannot run")
	}
	ns := c.Namespace(t)
	if r := c.Kubectl(t, "run", "web", "--image=nginx", "-n", ns); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	env := checkEnv(t, c, "en")
	p := `pod "web" in namespace "` + ns + `" `
	runScenarios(t, env, []scenario{
		{"running", "    Then " + p + "is Running within 60s\n    And " + p + "has 1 ready container within 30s", true, ""},
		{"scheduled", `    Then an event with reason "Scheduled" was recorded for pod "web" in namespace "` + ns + `"`, true, ""},
	})
	pod, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runScenarios(t, env, []scenario{
		{"node", "    Then " + p + `runs on node "` + pod.Spec.NodeName + `"`, true, ""},
		{"other-node", "    Then " + p + `runs on node "elsewhere"`, false, "pod web runs on node " + pod.Spec.NodeName + ", not elsewhere"},
		{"not-static", "    Then " + p + "is a static pod mirror", false, "pod web exists but is not a static pod"},
	})

	// Init containers run in order and complete; a crashing container restarts.
	ctx := context.Background()
	app := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "app"},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{
				{Name: "first", Image: "busybox", Command: []string{"true"}},
				{Name: "second", Image: "busybox", Command: []string{"true"}},
			},
			Containers: []corev1.Container{{Name: "main", Image: "busybox", Command: []string{"sh", "-c", "exit 1"}}},
		},
	}
	if _, err := c.Client.CoreV1().Pods(ns).Create(ctx, app, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	a := `pod "app" in namespace "` + ns + `" `
	runScenarios(t, env, []scenario{
		{"init", "    Then " + a + "has completed its init containers within 60s", true, ""},
		{"restarts", "    Then " + a + "has restarted at least 1 time within 60s", true, ""},
	})
	// An image that does not exist: the reason names the container and why it waits.
	if r := c.Kubectl(t, "run", "broken", "--image=labs.invalid/none:1", "-n", ns); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	b := `pod "broken" in namespace "` + ns + `" `
	runScenarios(t, env, []scenario{
		{"pull", "    Then " + b + "has 1 ready container within 3s", false, "pod broken has 0 of 1 containers ready, expected 1: container broken is waiting: "},
	})

	// A manifest in a node's static pod directory shows up as a mirror pod of that node.
	dir := filepath.Join(c.StateDir, "clusters", "labs", "nodes", "labs-worker", "manifests")
	manifest := filepath.Join(dir, "static-web.yaml")
	if err := os.WriteFile(manifest, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\n  namespace: "+ns+"\nspec:\n  containers:\n  - name: web\n    image: nginx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(manifest) })
	runScenarios(t, env, []scenario{
		{"static", `    Then pod "static-web-labs-worker" in namespace "` + ns + `" is a static pod mirror of node "labs-worker" within 60s`, true, ""},
		{"static-node", `    Then pod "static-web-labs-worker" in namespace "` + ns + `" is a static pod mirror of node "labs-worker2"`, false, "static pod static-web-labs-worker belongs to node labs-worker, not labs-worker2"},
	})
}

// TestCheckOnAnExistingCluster runs the checks through --cluster existing: they work from the
// kubeconfig alone, and the steps that need the audit log say why they cannot pass.
func TestCheckOnAnExistingCluster(t *testing.T) {
	c := testcluster.Shared(t)
	r := c.Labs(t, "--cluster", "existing", "--kubeconfig", c.Kubeconfig, "check", "demo", "--timeout", "100ms", "-o", "json")
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1 (the demo lab is not done here)\n%s", r.Code, r.Combined())
	}
	if !strings.Contains(r.Stdout, `"id": "create-namespace"`) || !strings.Contains(r.Stdout, `"kind": "check"`) {
		t.Errorf("no result for create-namespace:\n%s", r.Stdout)
	}
	env := checkEnv(t, c, "en")
	env.AuditLog = "" // what an existing cluster offers
	runScenarios(t, env, []scenario{
		{"audit", `    Then kubectl requested the path "/api"`, false, "this cluster offers no audit log"},
	})
}
