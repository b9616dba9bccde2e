package attempt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

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

const questionLab = `id: q
title: {en: Q, zh-TW: Q}
summary: {en: S, zh-TW: S}
steps:
  - id: group
    title: {en: Group, zh-TW: 群組}
    text: {en: "Which group?", zh-TW: "哪個群組？"}
    hints: [{en: H, zh-TW: 提示}]
    solution: "echo noise >&2; echo; echo '  APPS  '; echo"
    question: {prompt: {en: Which group, zh-TW: 哪個群組}}
  - id: signal
    title: {en: Signal, zh-TW: 訊號}
    text: {en: "Which signal?", zh-TW: "哪個訊號？"}
    hints: [{en: H, zh-TW: 提示}]
    solution: echo 2
    question:
      prompt: {en: Which signal, zh-TW: 哪個訊號}
      choices:
        - {value: SIGKILL, en: SIGKILL, zh-TW: SIGKILL}
        - {value: SIGTERM, en: SIGTERM, zh-TW: SIGTERM}
  - id: silent
    title: {en: Silent, zh-TW: 安靜}
    text: {en: Say nothing, zh-TW: 不說}
    hints: [{en: H, zh-TW: 提示}]
    solution: "true"
    question: {prompt: {en: Anything, zh-TW: 隨便}}
`

const questionFeature = `Feature: q
  @group
  Scenario: g
    Then the answer is "apps"
  @signal
  Scenario: s
    Then the answer is "SIGTERM"
  @silent
  Scenario: x
    Then the answer is "x"
`

func loadQuestionLab(t *testing.T) *lab.Lab {
	t.Helper()
	l, err := lab.Load(fstest.MapFS{
		"scenarios/q.yaml":   {Data: []byte(questionLab)},
		"features/q.feature": {Data: []byte(questionFeature)},
	}, "q")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// labs test: a question is answered from its solution's stdout, and fails before it.
func TestQuestionsAnsweredFromTheSolution(t *testing.T) {
	l := loadQuestionLab(t)
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en"}, RequireFailBefore: true, AnswerFromScript: true,
		Dir: t.TempDir(), Environ: os.Environ(),
		ScriptFor: func(st *lab.Step) Script { return Script{Source: st.Solution, Name: st.ID + " solution"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	g, s, x := res.Steps[0], res.Steps[1], res.Steps[2]
	if !g.Passed || g.Answer != "APPS" || !strings.Contains(g.FailedBefore, "not answered yet") {
		t.Errorf("group: %+v", g)
	}
	if !s.Passed || s.Answer != "SIGTERM" {
		t.Errorf("signal (choice 2 picked by number): %+v", s)
	}
	if x.Passed || !strings.Contains(x.Reason, "silent solution printed no answer") {
		t.Errorf("silent: %+v", x)
	}
}

// labs grade: answers come from the answers file; a missing one names it.
func TestQuestionsAnsweredFromAnAnswersFile(t *testing.T) {
	l := loadQuestionLab(t)
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en"}, Dir: t.TempDir(), Environ: os.Environ(),
		Answers: map[string]string{"group": "apps", "silent": "y"}, AnswersFile: "answers.yaml",
		ScriptFor: func(st *lab.Step) Script { return Script{} },
	})
	if err != nil {
		t.Fatal(err)
	}
	g, s, x := res.Steps[0], res.Steps[1], res.Steps[2]
	if !g.Passed {
		t.Errorf("group: %+v", g)
	}
	if s.Passed || s.Reason != "no answer to this question in answers.yaml: add a line `signal: your answer`" {
		t.Errorf("signal: %+v", s)
	}
	if x.Passed || !strings.Contains(x.Reason, `your answer "y" is not right`) {
		t.Errorf("silent: %+v", x)
	}
}

func TestLastLine(t *testing.T) {
	for in, want := range map[string]string{"a\nb\n\n": "b", "  x  ": "x", "\n \n": "", "": ""} {
		if got := LastLine(in); got != want {
			t.Errorf("LastLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// labs grade: a question the answers file leaves out may be answered by its step's script;
// the file wins over the script.
func TestAnswersFileOverTheScript(t *testing.T) {
	l := loadQuestionLab(t)
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en"}, Dir: t.TempDir(), Environ: os.Environ(),
		Answers: map[string]string{"group": "apps"}, AnswersFile: "answers.yaml", AnswerFromScript: true,
		ScriptFor: func(st *lab.Step) Script {
			switch st.ID {
			case "group":
				return Script{Source: "echo core", Name: "steps/group.sh"}
			case "signal":
				return Script{Source: "echo SIGTERM", Name: "steps/signal.sh"}
			}
			return Script{}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	g, s, x := res.Steps[0], res.Steps[1], res.Steps[2]
	if !g.Passed || g.Answer != "apps" || !s.Passed || s.Answer != "SIGTERM" {
		t.Errorf("group %+v, signal %+v", g, s)
	}
	if x.Passed || !strings.Contains(x.Reason, "no answer to this question in answers.yaml") {
		t.Errorf("silent: %+v", x)
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

const variantsLab = `id: v
title: {en: V, zh-TW: V}
summary: {en: S, zh-TW: S}
steps:
  - id: write
    title: {en: Write, zh-TW: 寫}
    text: {en: "Write nginx into web.txt", zh-TW: "把 nginx 寫進 web.txt"}
    hints: [{en: H, zh-TW: 提示}]
    solution: echo nginx > web.txt
    mistakes:
      - what: {en: httpd is not nginx, zh-TW: httpd 不是 nginx}
        script: echo httpd > web.txt
        reason: does not contain "nginx"
        undo: rm -f web.txt
      - what: {en: nothing at all, zh-TW: 什麼都沒做}
        script: "true"
        reason: there is none
      - what: {en: nginx-ish passes (a wrong pass the lab must fix), zh-TW: nginx-ish}
        script: echo nginx-ish > web.txt
        undo: rm -f web.txt
      - what: {en: the reason is not the declared one, zh-TW: 原因不同}
        script: echo apache > web.txt
        reason: no such text
        undo: rm -f web.txt
    alternatives:
      - what: {en: printf works too, zh-TW: printf 也可以}
        script: printf 'nginx\n' > web.txt
        undo: rm -f web.txt
      - what: {en: the undo fails, zh-TW: 復原失敗}
        script: echo nginx > web.txt
        undo: "rm web.txt; false"
      - what: {en: an alternative that does not pass, zh-TW: 不通過}
        script: echo caddy > web.txt
        undo: rm -f web.txt
`

const variantsFeature = `Feature: v
  @write
  Scenario: w
    Then the file "web.txt" in the work directory contains "nginx"
`

// labs test runs a step's mistakes and alternatives from the state before the step, each
// judged as declared and undone, then the solution.
func TestVariantsRunFromTheStateBeforeTheStep(t *testing.T) {
	l, err := lab.Load(fstest.MapFS{
		"scenarios/v.yaml":   {Data: []byte(variantsLab)},
		"features/v.feature": {Data: []byte(variantsFeature)},
	}, "v")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en", WorkDir: dir, NoWait: true}, RequireFailBefore: true, Variants: true,
		Dir: dir, Environ: os.Environ(),
		ScriptFor: func(st *lab.Step) Script { return Script{Source: st.Solution, Name: st.ID + " solution"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	sr := res.Steps[0]
	if !sr.Passed {
		t.Fatalf("the solution must pass after the variants: %+v", sr)
	}
	want := []struct {
		id     string
		passed bool
		reason string
	}{
		{"write/mistake-1", true, ""},
		{"write/mistake-2", true, ""},
		{"write/mistake-3", false, "the step passes after this mistake"},
		{"write/mistake-4", false, `its reason does not contain "no such text": web.txt does not contain "nginx"`},
		{"write/alternative-1", true, ""},
		{"write/alternative-2", false, "its undo (write alternative 2 undo) exited with status 1"},
		{"write/alternative-3", false, `the step does not pass after this alternative: web.txt does not contain "nginx"`},
	}
	if len(sr.Variants) != len(want) {
		t.Fatalf("got %d variants, want %d: %+v", len(sr.Variants), len(want), sr.Variants)
	}
	for i, w := range want {
		v := sr.Variants[i]
		if v.ID("write") != w.id || v.Passed != w.passed || !strings.Contains(v.Reason, w.reason) {
			t.Errorf("variant %d = %s passed=%v reason %q; want %s passed=%v reason containing %q", i, v.ID("write"), v.Passed, v.Reason, w.id, w.passed, w.reason)
		}
	}
	if sr.Variants[0].What != "httpd is not nginx" || sr.VariantsFailed() != 4 || res.VariantsFailed() != 4 {
		t.Errorf("what %q, failed %d", sr.Variants[0].What, sr.VariantsFailed())
	}
}

// Evidence is step-scoped: a request made for step one does not pass step two, which checks
// the same request, in labs test (the step's window starts when it becomes current).
func TestEvidenceIsStepScoped(t *testing.T) {
	const y = `id: e
title: {en: E, zh-TW: E}
summary: {en: S, zh-TW: S}
steps:
  - id: one
    title: {en: One, zh-TW: 一}
    text: {en: List pods, zh-TW: 列出 Pod}
    hints: [{en: H, zh-TW: 提示}]
    solution: list
  - id: two
    title: {en: Two, zh-TW: 二}
    text: {en: List pods again, zh-TW: 再列出 Pod}
    hints: [{en: H, zh-TW: 提示}]
    solution: "true"
`
	const f = `Feature: e
  @one
  Scenario: one
    Then kubectl sent a list request for pods in namespace "x"
  @two
  Scenario: two
    Then kubectl sent a list request for pods in namespace "x"
`
	l, err := lab.Load(fstest.MapFS{"scenarios/e.yaml": {Data: []byte(y)}, "features/e.feature": {Data: []byte(f)}}, "e")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	auditLog := filepath.Join(dir, "audit.log")
	if err := os.WriteFile(auditLog, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// "list" appends a kubectl list of pods in x to the audit log, as the API server would.
	list := `printf '{"stage":"ResponseComplete","verb":"list","requestURI":"/api/v1/namespaces/x/pods","userAgent":"kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef","objectRef":{"resource":"pods","namespace":"x","apiVersion":"v1"},"responseStatus":{"code":200},"requestReceivedTimestamp":"%s"}\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)" >> ` + auditLog
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en", AuditLog: auditLog, NoWait: true}, RequireFailBefore: true,
		Dir: dir, Environ: os.Environ(),
		ScriptFor: func(st *lab.Step) Script {
			src := st.Solution
			if src == "list" {
				src = list
			}
			return Script{Source: src, Name: st.ID}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	one, two := res.Steps[0], res.Steps[1]
	if !one.Passed {
		t.Fatalf("step one: %+v", one)
	}
	if two.Passed || two.FailedBefore == "" || !strings.Contains(two.Reason, "list") {
		t.Fatalf("step two must fail before and after its empty solution, on its own window: %+v", two)
	}
}

// labs grade with one run.sh for the whole lab: the steps after the first have no script of
// their own and are checked on the evidence since run.sh began, not since their turn came.
func TestWholeLabScriptEvidenceCountsForEveryStep(t *testing.T) {
	const y = `id: w
title: {en: W, zh-TW: W}
summary: {en: S, zh-TW: S}
steps:
  - id: one
    title: {en: One, zh-TW: 一}
    text: {en: One, zh-TW: 一}
    hints: [{en: H, zh-TW: 提示}]
    solution: "true"
  - id: two
    title: {en: Two, zh-TW: 二}
    text: {en: List pods, zh-TW: 列出 Pod}
    hints: [{en: H, zh-TW: 提示}]
    solution: "true"
`
	const f = `Feature: w
  @one
  Scenario: one
    Then the file "one.txt" in the work directory contains "1"
  @two
  Scenario: two
    Then kubectl sent a list request for pods in namespace "x"
`
	l, err := lab.Load(fstest.MapFS{"scenarios/w.yaml": {Data: []byte(y)}, "features/w.feature": {Data: []byte(f)}}, "w")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	auditLog := filepath.Join(dir, "audit.log")
	if err := os.WriteFile(auditLog, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	runAll := `echo 1 > one.txt; printf '{"stage":"ResponseComplete","verb":"list","requestURI":"/api/v1/namespaces/x/pods","userAgent":"kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef","objectRef":{"resource":"pods","namespace":"x","apiVersion":"v1"},"responseStatus":{"code":200},"requestReceivedTimestamp":"%s"}\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)" >> ` + auditLog
	first := true
	res, err := Run(context.Background(), Options{
		Lab: l, Env: &checks.Env{Lang: "en", AuditLog: auditLog, WorkDir: dir, NoWait: true},
		Dir: dir, Environ: os.Environ(),
		ScriptFor: func(st *lab.Step) Script {
			if !first {
				return Script{}
			}
			first = false
			return Script{Source: runAll, Name: "run.sh"}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Steps {
		if !s.Passed {
			t.Errorf("step %s: %s", s.Step, s.Reason)
		}
	}
}
