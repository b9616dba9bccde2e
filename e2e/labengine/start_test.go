package labengine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

func mustKubectl(t *testing.T, c *testcluster.Cluster, args ...string) time.Time {
	t.Helper()
	r := c.Kubectl(t, args...)
	if r.Code != 0 {
		t.Fatalf("kubectl %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Combined())
	}
	return time.Now()
}

// resetDemo runs `labs reset demo` and checks it removed what the demo lab made.
func resetDemo(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	r := c.Labs(t, "reset", "demo")
	if r.Code != 0 {
		t.Fatalf("labs reset demo: exit %d\n%s", r.Code, r.Combined())
	}
	if _, err := c.Client.CoreV1().Namespaces().Get(context.Background(), "demo", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("namespace demo still there after reset: %v", err)
	}
	if ns, err := kubeconfig.CurrentNamespace(c.Kubeconfig); err != nil || ns != "default" {
		t.Fatalf("kubeconfig namespace after reset: %q %v", ns, err)
	}
	if prog, err := progress.Load(c.StateDir, "demo"); err != nil || len(prog.Done) != 0 || prog.Current != "" || prog.Window().IsZero() {
		t.Fatalf("progress after reset is not a new attempt: %+v %v", prog, err)
	}
}

// TestStartWalksThroughTheDemoLab is a learner's session: correct actions turn steps green by
// themselves, a wrong one is explained on c, q and start resume at the same step, h and s
// show hints and the solution in the chosen language.
func TestStartWalksThroughTheDemoLab(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() { c.Labs(t, "reset", "demo") })
	work := t.TempDir()

	s := startSession(t, c, "demo", "--lang", "en", "--work-dir", work)
	s.expect("labs shell", 2*time.Minute)
	s.expect("Step 1/4", 10*time.Second)
	s.expect("Create the namespace demo", time.Second)

	// Correct action: green within a second, and the next step appears.
	acted := labKubectl(t, c, "demo", "create", "namespace", "demo")
	green := s.expect("✓ Step 1/4 done", 5*time.Second)
	if d := green.Sub(acted); d > time.Second {
		t.Errorf("step 1 turned green %s after kubectl returned, want under 1s", d)
	}
	s.expect("Step 2/4", time.Second)

	// Hints one by one, then the solution after a confirmation; "n" keeps it hidden.
	s.key("h")
	s.expect("Hint 1/2: The namespace is a property of a context", 5*time.Second)
	s.key("h")
	s.expect("Hint 2/2: `--current` changes the context", 5*time.Second)
	s.key("s")
	s.expect("Show the solution? [y/N]", 5*time.Second)
	s.key("n")
	s.expect("Solution stays hidden.", 5*time.Second)
	s.key("s")
	s.expect("Show the solution? [y/N]", 5*time.Second)
	s.key("y")
	s.expect("kubectl config set-context --current --namespace demo", 5*time.Second)

	acted = labKubectl(t, c, "demo", "config", "set-context", "--current", "--namespace", "demo")
	green = s.expect("✓ Step 2/4 done", 5*time.Second)
	if d := green.Sub(acted); d > time.Second {
		t.Errorf("step 2 turned green %s after kubectl returned, want under 1s", d)
	}
	s.expect("Step 3/4", time.Second)

	// A wrong action does not pass, and c says what differs.
	labKubectl(t, c, "demo", "run", "web", "--image=httpd")
	s.key("c")
	s.expect("✗ pod web exists but runs httpd, not nginx", 5*time.Second)

	// q saves and quits; start resumes at the same step, now in Chinese.
	s.key("q")
	s.expect("Progress saved", 5*time.Second)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d after q", code)
	}
	prog, err := progress.Load(c.StateDir, "demo")
	if err != nil || prog.Current != "run-web" || len(prog.Done) != 2 || prog.Hints["set-namespace"] != 2 || !prog.Solutions["set-namespace"] {
		t.Fatalf("saved progress: %+v %v", prog, err)
	}

	s = startSession(t, c, "demo", "--lang", "zh-TW", "--work-dir", work)
	s.expect("步驟 3/4", 30*time.Second)
	s.expect("用 nginx 映像檔執行名為 web 的 Pod", time.Second)
	s.key("c")
	s.expect("Pod web 存在，但執行的是 httpd 而不是 nginx", 5*time.Second)
	s.key("h")
	s.expect("提示 1/2：`kubectl run` 依名稱和映像檔建立 Pod。", 5*time.Second)
	s.key("s")
	s.expect("要顯示解答嗎？[y/N]", 5*time.Second)
	s.key("y")
	s.expect("kubectl run web --image=nginx", 5*time.Second)

	labKubectl(t, c, "demo", "delete", "pod", "web", "--grace-period=0", "--force", "--wait")
	acted = labKubectl(t, c, "demo", "run", "web", "--image=nginx")
	green = s.expect("✓ 步驟 3/4 完成", 5*time.Second)
	if d := green.Sub(acted); d > time.Second {
		t.Errorf("step 3 turned green %s after kubectl returned, want under 1s", d)
	}
	s.expect("步驟 4/4", time.Second)

	// The last step needs a file in the work directory and audit evidence of a server-side
	// dry run: a client-side one is not enough.
	r := labKubectlResult(t, c, "demo", "run", "web2", "--image=nginx", "--dry-run=client", "-o", "yaml")
	if r.Code != 0 {
		t.Fatal(r.Combined())
	}
	manifest := filepath.Join(work, "web2.yaml")
	if err := os.WriteFile(manifest, []byte(r.Stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	labKubectl(t, c, "demo", "apply", "-f", manifest, "--dry-run=client")
	s.key("c")
	s.expect("自實作練習開始以來，沒有看到對命名空間 demo 中 Pod web2 的伺服器端 dry run", 5*time.Second)
	acted = labKubectl(t, c, "demo", "apply", "-f", manifest, "--dry-run=server")
	green = s.expect("✓ 步驟 4/4 完成", 5*time.Second)
	if d := green.Sub(acted); d > time.Second {
		t.Errorf("step 4 turned green %s after kubectl returned, want under 1s", d)
	}
	s.expect("實作練習完成：4/4", time.Second)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d at the end", code)
	}

	// labs check and labs list agree.
	if r := c.Labs(t, "check", "demo"); r.Code != 0 || strings.Count(r.Stdout, "PASS") != 4 {
		t.Errorf("labs check after the lab: exit %d\n%s", r.Code, r.Combined())
	}
	var report struct {
		SchemaVersion int
		Score         struct{ Points, Max int }
	}
	if r := c.Labs(t, "check", "demo", "-o", "json"); r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &report) != nil || report.SchemaVersion != 1 || report.Score.Points != 4 || report.Score.Max != 4 {
		t.Errorf("labs check -o json: exit %d\n%s", r.Code, r.Combined())
	}
	if r := c.Labs(t, "list"); r.Code != 0 || !strings.Contains(r.Stdout, "done 4/4") {
		t.Errorf("labs list: exit %d\n%s", r.Code, r.Combined())
	}
	// An instructor's copy of the lab in a directory has progress of its own.
	copyDir := t.TempDir()
	for _, f := range []string{"scenarios/demo.yaml", "features/demo.feature"} {
		data, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(copyDir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(copyDir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := c.Labs(t, "list", "--labs-dir", copyDir); r.Code != 0 || !strings.Contains(r.Stdout, "demo") || strings.Contains(r.Stdout, "done") {
		t.Errorf("labs list --labs-dir with a copy of demo shares the built-in lab's progress: exit %d\n%s", r.Code, r.Combined())
	}
}
