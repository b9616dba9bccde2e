package grading

import (
	"encoding/json"
	"github.com/labs-dev/labs/e2e/gradetest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/lab"
	labsreport "github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestGradeStaticPodsInTheSandbox: the static-pods reference solutions find the nodes' static
// pod directories with `labs cluster status` inside the sandbox and score full marks; the
// report says which sandbox they ran in.
func TestGradeStaticPodsInTheSandbox(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "static-pods", nil)
	r, rep := gradetest.GradeJSON(t, c, nil, "static-pods", sub)
	if r.Code != 0 || rep.Score.Points != rep.Score.Max {
		t.Fatalf("reference solutions: exit %d, %d/%d", r.Code, rep.Score.Points, rep.Score.Max)
	}
	if rep.Isolation == "" {
		t.Errorf("the report does not say which sandbox the scripts ran in")
	}
	t.Logf("isolation %s %s", rep.Isolation, rep.IsolationNote)
}

// runAll is a whole-lab run.sh of the lab's reference solutions, with step markers or without.
func runAll(t *testing.T, dir, labID string, markers bool) {
	t.Helper()
	l, err := lab.Load(labs.Content(), labID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("#!/usr/bin/env bash\n")
	for _, st := range l.Steps {
		if markers {
			b.WriteString("# labs: step " + st.ID + "\n")
		}
		b.WriteString(st.Solution + "\n")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestGradeWholeLabRunScript: a correct whole-lab run.sh gets full marks: without markers on
// a lab whose steps build on each other (the files the steps hand out are there before it
// runs), and with `# labs: step` markers on pod-lifecycle, whose later steps delete what
// earlier ones made.
func TestGradeWholeLabRunScript(t *testing.T) {
	c := testcluster.NewStateDir(t)
	for _, tc := range []struct {
		lab     string
		markers bool
	}{{"first-pods", false}, {"pod-lifecycle", true}} {
		sub := filepath.Join(t.TempDir(), tc.lab)
		runAll(t, sub, tc.lab, tc.markers)
		r, rep := gradetest.GradeJSON(t, c, nil, tc.lab, sub, "--step-timeout", "2m")
		if r.Code != 0 || rep.Score.Points != rep.Score.Max {
			t.Errorf("%s (markers %v): exit %d, %d/%d", tc.lab, tc.markers, r.Code, rep.Score.Points, rep.Score.Max)
		}
	}
}

// TestGradeParallelAndShards grades a class of 8 serially and with --parallel 4 in one run:
// the same results; and in two shards, which together grade everyone once. It logs the time
// per student of each.
func TestGradeParallelAndShards(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a class of 8 three times")
	}
	c := testcluster.NewStateDir(t)
	class := t.TempDir()
	for i, name := range []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"} {
		override := map[string]string{}
		if i%3 == 1 {
			override["run-web"] = "kubectl run web --image=httpd"
		}
		gradetest.WriteSubmission(t, filepath.Join(class, name), "demo", override)
	}
	grade := func(args ...string) map[string]string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "class.json")
		start := time.Now()
		r := gradetest.LabsEnv(t, c, nil, append([]string{"grade", "demo", "--class", class, "--json", out}, args...)...)
		t.Logf("%v: exit %d in %.1fs", args, r.Code, time.Since(start).Seconds())
		var reps []labsreport.Report
		data, _ := os.ReadFile(out)
		if err := json.Unmarshal(data, &reps); err != nil {
			var one labsreport.Report
			if json.Unmarshal(data, &one) != nil {
				t.Fatalf("%v: %v\n%s", args, err, r.Combined())
			}
			reps = []labsreport.Report{one}
		}
		got := map[string]string{}
		for _, rep := range reps {
			var st []string
			for _, s := range rep.Steps {
				st = append(st, s.Status)
			}
			got[rep.Student] = strings.Join(st, " ")
		}
		return got
	}
	start := time.Now()
	serial := grade("--parallel", "1")
	serialTime := time.Since(start)
	start = time.Now()
	parallel := grade("--parallel", "4")
	parallelTime := time.Since(start)
	t.Logf("class of 8: serial %.1fs (%.1fs per student), --parallel 4 %.1fs (%.1fs per student)",
		serialTime.Seconds(), serialTime.Seconds()/8, parallelTime.Seconds(), parallelTime.Seconds()/8)
	if len(serial) != 8 {
		t.Fatalf("serial graded %d", len(serial))
	}
	for name, want := range serial {
		if parallel[name] != want {
			t.Errorf("%s: parallel %q, serial %q", name, parallel[name], want)
		}
	}
	shards := map[string]string{}
	for _, s := range []string{"1/2", "2/2"} {
		for name, got := range grade("--shard", s, "--parallel", "2") {
			if _, dup := shards[name]; dup {
				t.Errorf("%s graded in two shards", name)
			}
			shards[name] = got
		}
	}
	for name, want := range serial {
		if shards[name] != want {
			t.Errorf("%s: shards %q, serial %q", name, shards[name], want)
		}
	}
}

// TestGradeSaysCRLFAndStopsFloods: a script saved with Windows line endings fails with a
// reason that says so; a script that floods its output is stopped long before its time limit.
func TestGradeSaysCRLFAndStopsFloods(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{
		"create-namespace": "kubectl create namespace demo\r\nkubectl get namespace demo\r\n",
		"run-web":          "yes 'a line of a flood'\n",
	})
	start := time.Now()
	_, rep := gradetest.GradeJSON(t, c, nil, "demo", sub, "--step-timeout", "5m")
	if s := gradetest.StepOf(t, rep, "create-namespace"); s.Status == labsreport.Pass || s.Script == nil || !strings.Contains(s.Script.Output, "CRLF") {
		t.Errorf("CRLF script: %+v %+v", s, s.Script)
	}
	if s := gradetest.StepOf(t, rep, "run-web"); s.Status == labsreport.Pass || s.Script == nil || !strings.Contains(s.Script.Output, "stopped after printing more than") {
		t.Errorf("flood: %+v", s)
	}
	if d := time.Since(start); d > 3*time.Minute {
		t.Errorf("the flood was not stopped early: %s", d)
	}
}

// TestGradeFallbackSandboxes: where the kernel refuses user namespaces, the weaker sandboxes
// still grade the reference solutions right and the report names the one used; in each, the
// grader's secrets stay out of the script's environment.
func TestGradeFallbackSandboxes(t *testing.T) {
	c := testcluster.NewStateDir(t)
	modes := []string{"process-group"}
	if os.Geteuid() == 0 {
		modes = append(modes, "mount-pid-namespaces")
	}
	for _, mode := range modes {
		sub := filepath.Join(t.TempDir(), mode)
		gradetest.WriteSubmission(t, sub, "static-pods", map[string]string{"setup": "env | grep -q s3cr3t && exit 7\nkubectl create namespace static-pods\nkubectl config set-context --current --namespace static-pods\nkubectl run web1 --image nginx\n"})
		r, rep := gradetest.GradeJSON(t, c, []string{"LABS_SANDBOX=" + mode, "LABS_SECRET=s3cr3t"}, "static-pods", sub)
		if r.Code != 0 || rep.Score.Points != rep.Score.Max || rep.Isolation != mode {
			t.Errorf("%s: exit %d, %d/%d, isolation %q", mode, r.Code, rep.Score.Points, rep.Score.Max, rep.Isolation)
		}
	}
}
