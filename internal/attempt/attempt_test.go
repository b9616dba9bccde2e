package attempt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/lab"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func TestScore(t *testing.T) {
	r := &Result{Steps: []StepResult{{Points: 1, Passed: true}, {Points: 2}, {Points: 3, Passed: true}}}
	if p, tot := r.Score(); p != 4 || tot != 6 || r.Failed() != 1 {
		t.Fatalf("score %d/%d failed %d", p, tot, r.Failed())
	}
}

// A step's files reach the work directory before its script runs, as in the walkthrough, and a
// file the learner already has is kept.
func TestProvideFilesKeepsExisting(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.yml"), []byte("learner's"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := &lab.Step{ID: "s", Files: []lab.File{{Path: "mine.yml", Content: "lab's"}, {Path: "sub/new.yml", Content: "new"}}}
	if err := provideFiles(dir, st); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"mine.yml": "learner's", "sub/new.yml": "new"} {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
}

// In a copy of a submission (labs grade), a script's output and the step's reason name the
// student's directory, not the copy: `cat "$PWD/web2.yaml"` fails naming alice/web2.yaml.
func TestReasonsNameTheSubmissionNotItsCopy(t *testing.T) {
	copyDir := t.TempDir()
	l := &lab.Lab{ID: "x", Steps: []lab.Step{{ID: "s"}}}
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{}, Dir: copyDir, DirName: "alice",
		ScriptFor: func(*lab.Step) Script {
			return Script{Name: "steps/s.sh", Source: `cat "$PWD/web2.yaml"`}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	sr := res.Steps[0]
	if sr.Passed || sr.Script == nil || !strings.Contains(sr.Script.Output, "alice/web2.yaml") || strings.Contains(sr.Script.Output, copyDir) {
		t.Fatalf("script output %q (reason %q) must name alice/web2.yaml, not the copy %s", sr.Script.Output, sr.Reason, copyDir)
	}
}
