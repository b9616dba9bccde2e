// Package gradetest holds what the e2e tests of labs grade share (e2e/grading, e2e/hostile):
// writing submissions from the reference solutions, running labs with GitHub Actions' files,
// and reading the reports.
package gradetest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/lab"
	labsreport "github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/testcluster"
)

// WriteSubmission writes steps/<id>.sh for each step: the lab's reference solution, unless
// override has the step (then its script; "" leaves the step's script out).
func WriteSubmission(t *testing.T, dir, labID string, override map[string]string) {
	t.Helper()
	l, err := lab.Load(labs.Content(), labID)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range l.Steps {
		src, ok := override[st.ID]
		if !ok {
			src = st.Solution
		}
		if ok && src == "" {
			continue
		}
		p := filepath.Join(dir, "steps", st.ID+".sh")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// LabsEnv runs labs with extra environment variables (GitHub Actions' files), none of the
// caller's own GITHUB_* leaking in.
func LabsEnv(t *testing.T, c *testcluster.Cluster, extra []string, args ...string) testcluster.Result {
	t.Helper()
	cmd := c.Command(t.Context(), args...)
	env := cmd.Env[:0:0]
	for _, kv := range cmd.Env {
		if !strings.HasPrefix(kv, "GITHUB_OUTPUT=") && !strings.HasPrefix(kv, "GITHUB_STEP_SUMMARY=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, extra...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
	}
	return testcluster.Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}

// ReadCSV is a helper of the grading e2e tests.
func ReadCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 5 {
		t.Fatalf("class CSV: %v, %d rows", err, len(rows))
	}
	return rows
}

// GradeJSON grades sub with extra environment and returns the result and the JSON report.
func GradeJSON(t *testing.T, c *testcluster.Cluster, extra []string, labID, sub string, args ...string) (testcluster.Result, labsreport.Report) {
	t.Helper()
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	r := LabsEnv(t, c, extra, append([]string{"grade", labID, "--submission", sub, "--step-timeout", "20s", "--json", jsonPath}, args...)...)
	t.Log(r.Combined())
	var rep labsreport.Report
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatalf("no JSON report (exit %d): %v\n%s", r.Code, err, r.Combined())
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return r, rep
}

// StepOf is a helper of the grading e2e tests.
func StepOf(t *testing.T, rep labsreport.Report, id string) labsreport.Step {
	t.Helper()
	for _, s := range rep.Steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no step %s in the report", id)
	return labsreport.Step{}
}
