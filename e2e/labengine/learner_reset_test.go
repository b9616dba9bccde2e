package labengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLearnerResetStartsANewAttempt: right after `labs reset demo`, the dry-run step does not
// pass from the audit events of the attempt before, `labs check` counts evidence of the
// attempt only, and labs list names the current step by its title.
func TestLearnerResetStartsANewAttempt(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() { c.Labs(t, "reset", "demo", "--clear-files") })
	work := progress.WorkDirFor(c.StateDir, "demo")

	doDemo := func(dryRun bool) {
		t.Helper()
		labKubectl(t, c, "demo", "create", "namespace", "demo")
		labKubectl(t, c, "demo", "config", "set-context", "--current", "--namespace", "demo")
		labKubectl(t, c, "demo", "run", "web", "--image=nginx")
		r := labKubectlResult(t, c, "demo", "run", "web2", "--image=nginx", "--dry-run=client", "-o", "yaml")
		if r.Code != 0 {
			t.Fatal(r.Combined())
		}
		if err := os.MkdirAll(work, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "web2.yaml"), []byte(r.Stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		if dryRun {
			labKubectl(t, c, "demo", "apply", "-f", filepath.Join(work, "web2.yaml"), "--dry-run=server")
		}
	}
	doDemo(true)
	if r := c.Labs(t, "check", "demo", "--work-dir", work); r.Code != 0 || strings.Count(r.Stdout, "PASS") != 4 {
		t.Fatalf("labs check with every step done: exit %d\n%s", r.Code, r.Combined())
	}

	start := time.Now()
	r := c.Labs(t, "reset", "demo", "--keep-files")
	t.Logf("labs reset demo took %s:\n%s", time.Since(start).Round(10*time.Millisecond), r.Stdout)
	if r.Code != 0 {
		t.Fatalf("labs reset demo: exit %d\n%s", r.Code, r.Combined())
	}
	for _, want := range []string{"Deleting namespace demo...", "Namespace demo is gone", "kept", "a new attempt begins now"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs reset says no %q:\n%s", want, r.Stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "web2.yaml")); err != nil {
		t.Errorf("--keep-files did not keep the work files: %v", err)
	}
	prog, err := progress.Load(c.StateDir, "demo")
	if err != nil || len(prog.Done) != 0 || prog.Window().Before(start) || prog.Cluster == "" {
		t.Fatalf("progress after reset is not a new attempt on this cluster: %+v %v", prog, err)
	}

	// Everything again but the server-side dry run: the one from before the reset must not count.
	doDemo(false)
	r = c.Labs(t, "check", "demo", "--work-dir", work, "--timeout", "1s")
	if r.Code != 1 || !strings.Contains(r.Stdout, "FAIL dry-run") || strings.Count(r.Stdout, "PASS") != 3 {
		t.Fatalf("labs check after reset passed the dry-run step from old evidence: exit %d\n%s", r.Code, r.Combined())
	}
	if !strings.Contains(r.Stderr, "1 of 4 steps fail") {
		t.Errorf("no count of failing steps:\n%s", r.Stderr)
	}
	r = c.Labs(t, "check", "demo", "--work-dir", work, "--timeout", "1s", "--lang", "zh-TW")
	if !strings.Contains(r.Stderr, "4 個步驟中有 1 個沒有通過") {
		t.Errorf("the count of failing steps is not in zh-TW:\n%s", r.Stderr)
	}

	// labs list shows the step by its title.
	p, _ := progress.Load(c.StateDir, "demo")
	p.Started = time.Now()
	p.Current = "run-web"
	if err := p.Save(c.StateDir); err != nil {
		t.Fatal(err)
	}
	if r := c.Labs(t, "list"); !strings.Contains(r.Stdout, `0/4, at "Run a Pod named web from the nginx image"`) {
		t.Errorf("labs list does not name the current step:\n%s", r.Combined())
	}
	if r := c.Labs(t, "list", "--lang", "zh-TW"); !strings.Contains(r.Stdout, "0/4，目前在「用 nginx 映像檔執行名為 web 的 Pod」") || !strings.Contains(r.Stdout, "實作練習") {
		t.Errorf("labs list is not in zh-TW:\n%s", r.Combined())
	}

	// --clear-files empties the lab's own work directory; in zh-TW every line is Chinese.
	if r := c.Labs(t, "reset", "demo", "--clear-files", "--lang", "zh-TW"); r.Code != 0 || !strings.Contains(r.Stdout, "正在刪除命名空間 demo…") || !strings.Contains(r.Stdout, "已清空") || !strings.Contains(r.Stdout, "實作練習 demo 已重設") {
		t.Fatalf("labs reset --clear-files: exit %d\n%s", r.Code, r.Combined())
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("work dir not cleared: %v", entries)
	}
	// A measurement, not an assertion: every step fails, each waiting up to --timeout.
	start = time.Now()
	r = c.Labs(t, "check", "demo", "--timeout", "1s")
	t.Logf("labs check demo --timeout 1s with %d failing steps took %s", strings.Count(r.Stdout, "FAIL"), time.Since(start).Round(10*time.Millisecond))
}
