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

// TestLearnerStartFirstScreen: without --work-dir the lab gets its own work directory under the
// state dir, printed on the first screen with commands naming the bin dir's labs (no labs is
// on the test's PATH), and the attempt and the cluster are recorded.
func TestLearnerStartFirstScreen(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() { c.Labs(t, "reset", "demo", "--clear-files") })
	before, _ := progress.Load(c.StateDir, "demo")

	work := progress.WorkDirFor(c.StateDir, "demo")
	bin := filepath.Join(c.StateDir, "bin")
	s := startSession(t, c, "demo", "--lang", "en")
	s.expect("`"+filepath.Join(bin, "labs")+" shell`", 2*time.Minute)
	s.expect(`eval "$(`+filepath.Join(bin, "labs")+` cluster env)"`, time.Second)
	s.expect("Your files go in "+work+".", time.Second)
	s.expect("Step 1/4", 10*time.Second)
	s.key("q")
	// The quit message names labs as the first screen does, so it works when pasted.
	s.expect("Progress saved; `"+filepath.Join(bin, "labs")+" start demo` continues here.", 5*time.Second)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d after q", code)
	}
	if fi, err := os.Stat(work); err != nil || !fi.IsDir() {
		t.Fatalf("the default work dir %s was not made: %v", work, err)
	}
	prog, err := progress.Load(c.StateDir, "demo")
	if err != nil || prog.WorkDir != work || prog.Cluster == "" || !prog.Window().Equal(before.Window()) {
		t.Fatalf("progress after start: %+v %v (window before: %s)", prog, err, before.Window())
	}

	s = startSession(t, c, "demo", "--lang", "zh-TW")
	s.expect("在另一個終端機執行 `"+filepath.Join(bin, "labs")+" shell`", 2*time.Minute)
	s.expect("你的檔案請放在 "+work+"。", time.Second)
	s.key("q")
	s.wait(10 * time.Second)
}

// TestLearnerProgressFromAnotherCluster: progress made on another cluster (its kube-system UID
// differs, as after labs cluster delete and a new up) is noticed by start and check; without a
// terminal start re-checks the steps done and keeps only those that pass; on a terminal s starts
// over.
func TestLearnerProgressFromAnotherCluster(t *testing.T) {
	c := testcluster.Shared(t)
	resetDemo(t, c)
	t.Cleanup(func() { c.Labs(t, "reset", "demo", "--clear-files") })
	// Namespace demo exists here; the kubeconfig's namespace is not demo: of the two steps
	// "done" on the old cluster only the first still holds.
	mustKubectl(t, c, "create", "namespace", "demo")
	old := func() {
		t.Helper()
		p, err := progress.Load(c.StateDir, "demo")
		if err != nil {
			t.Fatal(err)
		}
		p.Cluster = "uid-of-a-deleted-cluster"
		p.Started = time.Now().Add(-time.Hour)
		p.Current = "run-web"
		p.Done["create-namespace"] = time.Now().Add(-time.Hour)
		p.Done["set-namespace"] = time.Now().Add(-time.Hour)
		if err := p.Save(c.StateDir); err != nil {
			t.Fatal(err)
		}
	}
	old()
	if r := c.Labs(t, "check", "demo", "--step", "create-namespace"); !strings.Contains(r.Stderr, "made on another cluster") {
		t.Errorf("labs check does not warn of progress from another cluster:\n%s", r.Combined())
	}

	r := c.LabsStdin(t, "q", "start", "demo", "--lang", "en")
	for _, want := range []string{"made on another cluster", "Not a terminal: re-checking", "Make demo your default namespace is to do again", "1 of the 2 steps you did still pass.", "Step 2/4"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs start says no %q:\n%s", want, r.Combined())
		}
	}
	prog, err := progress.Load(c.StateDir, "demo")
	if err != nil || prog.OtherCluster("") || prog.Cluster == "uid-of-a-deleted-cluster" || len(prog.Done) != 1 || prog.Done["create-namespace"].IsZero() {
		t.Fatalf("progress after the re-check: %+v %v", prog, err)
	}

	old()
	s := startSession(t, c, "demo", "--lang", "en")
	s.expect("[s] start over, [r] re-check", 2*time.Minute)
	s.key("s")
	s.expect("Starting over: a new attempt begins now.", 5*time.Second)
	s.expect("Step 1/4", 10*time.Second)
	s.key("q")
	s.wait(10 * time.Second)
	prog, err = progress.Load(c.StateDir, "demo")
	// The walkthrough passes step 1 again at once (namespace demo exists), not step 2.
	if _, kept := prog.Done["set-namespace"]; err != nil || kept || time.Since(prog.Window()) > time.Minute {
		t.Fatalf("progress after starting over: %+v %v", prog, err)
	}
}

// TestLearnerRecreatedClusterIsNoticed: after labs cluster delete and a new up, the cluster's
// identity differs and labs start says so (rather than resuming at a step whose objects are gone).
func TestLearnerRecreatedClusterIsNoticed(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	mustKubectl(t, c, "create", "namespace", "demo")
	if r := c.LabsStdin(t, "q", "start", "demo", "--lang", "en"); r.Code != 0 {
		t.Fatalf("labs start demo: exit %d\n%s", r.Code, r.Combined())
	}
	p, err := progress.Load(c.StateDir, "demo")
	if err != nil || p.Cluster == "" {
		t.Fatalf("labs start recorded no cluster: %+v %v", p, err)
	}
	first := p.Cluster
	p.Done["create-namespace"] = time.Now()
	p.Current = "set-namespace"
	if err := p.Save(c.StateDir); err != nil {
		t.Fatal(err)
	}
	if r := c.Labs(t, "cluster", "delete"); r.Code != 0 {
		t.Fatalf("labs cluster delete: exit %d\n%s", r.Code, r.Combined())
	}
	c.Up(t)
	r := c.LabsStdin(t, "q", "start", "demo", "--lang", "en")
	for _, want := range []string{"made on another cluster", "0 of the 1 steps you did still pass.", "Step 1/4"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs start on the new cluster says no %q:\n%s", want, r.Combined())
		}
	}
	if p, err := progress.Load(c.StateDir, "demo"); err != nil || p.Cluster == first || len(p.Done) != 0 {
		t.Errorf("progress on the new cluster: %+v %v", p, err)
	}
}
