package labengine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// report logs a measurement and appends it to $LABS_LATENCY_OUT (hack/measure-lab-latency.sh).
func report(t *testing.T, what string, lat []time.Duration) {
	t.Helper()
	slices.Sort(lat)
	p50, p95 := lat[(len(lat)+1)/2-1], lat[(len(lat)*95+99)/100-1]
	line := fmt.Sprintf("%s over %d: p50=%s p95=%s max=%s", what, len(lat),
		p50.Round(100*time.Microsecond), p95.Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond))
	t.Log(line)
	if out := os.Getenv("LABS_LATENCY_OUT"); out != "" {
		if f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, line)
			f.Close()
		}
	}
}

// TestWalkShowsWhyAWrongChangeFails is issue 8 item 3: a change the step watches that still
// fails shows its reason at once, without a key, in the status line; 20 more wrong changes
// each update that line, and the change-to-verdict latency is reported (not asserted).
func TestWalkShowsWhyAWrongChangeFails(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	testcluster.WriteLab(t, labs, "wrongpod", `id: wrongpod
title: {en: Wrong pod, zh-TW: 錯的 Pod}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: run-web
    title: {en: Run web with nginx, zh-TW: 用 nginx 執行 web}
    text: {en: Run it., zh-TW: 執行它。}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl run web --image=nginx
`, fmt.Sprintf(`Feature: wrong pod
  @run-web
  Scenario: web runs nginx
    Then pod "web" in namespace %q has a container with image "nginx"
`, ns))
	t.Cleanup(func() { _ = progress.Forget(c.StateDir, lab.ProgressKeyFor("wrongpod", labs)) })

	s := startSession(t, c, "wrongpod", "--labs-dir", labs, "--work-dir", t.TempDir())
	s.expect("Step 1/1", time.Minute)
	s.expect("Waiting for your change", 5*time.Second)
	// The first check found nothing: no verdict is pushed at a learner who did nothing yet.
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(s.rest(), "✗") {
		t.Fatalf("a verdict before any change:\n%s", s.rest())
	}

	ctx := context.Background()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Name: "web", Image: "httpd"}},
	}}
	if _, err := c.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	s.expect("✗ pod web exists but runs httpd, not nginx", 5*time.Second)

	var lat []time.Duration
	for i := 1; i <= 20; i++ {
		img := fmt.Sprintf("wrong%d", i)
		patch := fmt.Sprintf(`{"spec":{"containers":[{"name":"web","image":%q}]}}`, img)
		if _, err := c.Client.CoreV1().Pods(ns).Patch(ctx, "web", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		changed := time.Now()
		shown := s.expect("✗ pod web exists but runs "+img+", not nginx", 5*time.Second)
		lat = append(lat, max(shown.Sub(changed), 0))
	}
	report(t, "wrong change to verdict on screen", lat)
	// One status line, rewritten in place: the waiting line was replaced, not followed.
	if strings.Count(s.all(), "Waiting for your change") != 1 {
		t.Errorf("the waiting line was printed more than once:\n%s", s.all())
	}
}

// TestWalkBackToADoneStepKeepsIt is item 9: p back to a completed step shows its ✓, keeps it
// done in the saved progress, and n goes on.
func TestWalkBackToADoneStepKeepsIt(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	writeConfigMapLab(t, labs, "goback", ns, 2)
	key := lab.ProgressKeyFor("goback", labs)
	t.Cleanup(func() { _ = progress.Forget(c.StateDir, key) })

	s := startSession(t, c, "goback", "--labs-dir", labs, "--work-dir", t.TempDir())
	s.expect("Step 1/2", time.Minute)
	mustKubectl(t, c, "create", "configmap", "c1", "-n", ns)
	s.expect("✓ Step 1/2 done", 5*time.Second)
	s.expect("Step 2/2", time.Second)
	time.Sleep(200 * time.Millisecond)
	s.key("p")
	s.expect("Step 1/2", 5*time.Second)
	s.expect("✓ Done. [n] goes on to the next step.", 5*time.Second)
	prog, err := progress.Load(c.StateDir, key)
	if err != nil || prog.Current != "c1" {
		t.Fatalf("progress after p: %+v %v", prog, err)
	}
	if _, done := prog.Done["c1"]; !done {
		t.Fatalf("p forgot that step 1 is done: %+v", prog)
	}
	time.Sleep(200 * time.Millisecond)
	s.key("n")
	s.expect("Step 2/2", 5*time.Second)
	if strings.Contains(s.all(), "Skipped step 1") {
		t.Errorf("n on a done step marked it skipped")
	}
}

// TestWalkIgnoresTypingMeantForAShell is item 5: "kubectl get pods⏎" typed into the
// walkthrough (one burst) runs no check, goes back no step, opens no solution prompt and
// answers none; the screen says where commands go. Single deliberate keys still work, the
// solution needs a deliberate y, and q's resume line keeps --labs-dir (item 20).
func TestWalkIgnoresTypingMeantForAShell(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	writeConfigMapLab(t, labs, "stray", ns, 3)
	key := lab.ProgressKeyFor("stray", labs)
	t.Cleanup(func() { _ = progress.Forget(c.StateDir, key) })

	s := startSession(t, c, "stray", "--labs-dir", labs, "--work-dir", t.TempDir())
	s.expect("Commands go in your shell: press t to open one here, or use another terminal.", time.Minute)
	s.expect("Step 1/3", 5*time.Second)
	s.expect("[t] shell for", 5*time.Second)
	mustKubectl(t, c, "create", "configmap", "c1", "-n", ns)
	s.expect("Step 2/3", 5*time.Second)
	// A wrong configmap makes a check's failure visible if c were taken as a key.
	time.Sleep(300 * time.Millisecond)

	s.key("kubectl get pods\r")
	s.expect("Keys typed here do not run. Commands go in your shell", 5*time.Second)
	time.Sleep(time.Second)
	out := s.rest()
	for _, bad := range []string{"Step 1/3", "Show the solution", "Solution:", "✗", "Skipped", "Hint"} {
		if strings.Contains(out, bad) {
			t.Errorf("stray typing acted (%q on screen):\n%s", bad, out)
		}
	}
	if prog, err := progress.Load(c.StateDir, key); err != nil || prog.Current != "c2" || prog.Solutions["c2"] {
		t.Fatalf("progress after stray typing: %+v %v", prog, err)
	}

	// Deliberate keys, one at a time, work.
	s.key("h")
	s.expect("Hint 1/1: kubectl create configmap", 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	s.key("s")
	s.expect("Show the solution? [y/N]", 5*time.Second)
	// A line typed at the prompt does not answer it, even one starting with y.
	time.Sleep(200 * time.Millisecond)
	s.key("yes\r")
	time.Sleep(time.Second)
	if out := s.rest(); strings.Contains(out, "kubectl create configmap c2") || strings.Contains(out, "stays hidden") {
		t.Fatalf("typing answered the solution prompt:\n%s", out)
	}
	s.key("y")
	s.expect("kubectl create configmap c2 -n "+ns, 5*time.Second)

	time.Sleep(200 * time.Millisecond)
	s.key("q")
	// The command works when pasted: labs' own copy (labs is not on this test's PATH).
	s.expect("Progress saved; `"+filepath.Join(c.StateDir, "bin", "labs")+" start stray --labs-dir", 5*time.Second)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d after q", code)
	}
}
