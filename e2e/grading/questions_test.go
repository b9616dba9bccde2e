package grading

import (
	"encoding/json"
	"github.com/labs-dev/labs/e2e/gradetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLabTestAnswersQuestionsFromSolutions: labs test answers each question step from its
// solution's stdout, after the step failed for want of an answer.
func TestLabTestAnswersQuestionsFromSolutions(t *testing.T) {
	c := testcluster.NewStateDir(t)
	r := c.Labs(t, "test", "api-objects", "pod-basics")
	if r.Code != 0 {
		t.Fatalf("labs test: exit %d\n%s", r.Code, r.Combined())
	}
	t.Log(r.Stdout)
	for _, want := range []string{
		`✓ node-scope               fails before, passes after (answer "no"`,
		`✓ deploy-group             fails before, passes after (answer "apps"`,
		`✓ client-node              fails before, passes after (answer "labs-worker`,
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("no %q in:\n%s", want, r.Stdout)
		}
	}
}

// TestGradeChecksTheAnswersFile: a submission's answers.yaml answers the question steps; a
// wrong answer fails exactly its step, a missing file fails each question naming it, and
// --init writes it with the questions and choices as comments.
func TestGradeChecksTheAnswersFile(t *testing.T) {
	c := testcluster.NewStateDir(t)
	class := t.TempDir()
	initDir := filepath.Join(t.TempDir(), "init")
	if r := c.Labs(t, "grade", "api-objects", "--init", initDir); r.Code != 0 {
		t.Fatalf("grade --init: %d\n%s", r.Code, r.Combined())
	}
	tmpl, err := os.ReadFile(filepath.Join(initDir, "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Is a Node a namespaced object?", "#   2) no  No: a Node belongs to the whole cluster", "\nnode-scope:\n", "# Which API group serves Deployments?", "\ndeploy-group:\n"} {
		if !strings.Contains(string(tmpl), want) {
			t.Errorf("answers.yaml template lacks %q:\n%s", want, tmpl)
		}
	}
	if _, err := os.Stat(filepath.Join(initDir, "steps", "node-scope.sh")); !os.IsNotExist(err) {
		t.Errorf("a question step got a script: %v", err)
	}
	noScripts := map[string]string{"node-scope": "", "deploy-group": ""}
	for name, answers := range map[string]string{
		"right":   "node-scope: 2\ndeploy-group: ' Apps '\n",
		"wrong":   "node-scope: 'yes'\ndeploy-group: apps\n",
		"missing": "-",
		// Keys that are no question of the lab: warnings, not failures.
		"extra": "node-scope: 2\ndeploy-group: apps\nfavourite-colour: blue\nfavourite-food: rice\n",
	} {
		dir := filepath.Join(class, name)
		gradetest.WriteSubmission(t, dir, "api-objects", noScripts)
		if answers != "-" {
			if err := os.WriteFile(filepath.Join(dir, "answers.yaml"), []byte(answers), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out := filepath.Join(t.TempDir(), "report.json")
	r := gradetest.LabsEnv(t, c, nil, "grade", "api-objects", "--class", class, "--json", out)
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var reps []struct {
		Student  string
		Steps    []struct{ ID, Status, Reason string }
		Warnings []string
	}
	if err := json.Unmarshal(data, &reps); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, rep := range reps {
		if rep.Student == "extra" && (len(rep.Warnings) != 2 || !strings.Contains(strings.Join(rep.Warnings, "\n"), `"favourite-colour" is not a question of lab api-objects`)) {
			t.Errorf("extra: warnings %q", rep.Warnings)
		}
		got[rep.Student] = map[string]string{}
		for _, s := range rep.Steps {
			got[rep.Student][s.ID] = s.Status
			if s.Status != "pass" {
				got[rep.Student][s.ID] += ": " + s.Reason
			}
		}
	}
	t.Logf("%+v", got)
	for _, s := range []string{"api-resources", "node-scope", "explain-pods", "group-version", "deploy-group"} {
		for _, student := range []string{"right", "extra"} {
			if got[student][s] != "pass" {
				t.Errorf("%s/%s: %s", student, s, got[student][s])
			}
		}
	}
	if w := got["wrong"]; !strings.HasPrefix(w["node-scope"], `fail: your answer 1, "Yes: every Node is in a namespace" is not right`) || w["deploy-group"] != "pass" || w["api-resources"] != "pass" {
		t.Errorf("wrong: %+v", w)
	}
	m := got["missing"]
	for _, s := range []string{"node-scope", "deploy-group"} {
		if want := "fail: no answer to this question in answers.yaml: add a line `" + s + ": your answer`"; m[s] != want {
			t.Errorf("missing/%s: %q, want %q", s, m[s], want)
		}
	}
	if m["group-version"] != "pass" {
		t.Errorf("missing/group-version: %s", m["group-version"])
	}
}
