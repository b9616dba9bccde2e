package labengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestAnswerThenCheck is the two-terminal flow: labs answer saves, labs check judges; an
// answers file is used over the saved answers; a live question reads the kubeconfig.
func TestAnswerThenCheck(t *testing.T) {
	c := testcluster.Shared(t)
	for _, id := range []string{"api-objects", "api-server"} {
		t.Cleanup(func() {
			_ = progress.Forget(c.StateDir, id)
			_ = os.Remove(progress.AnswersPath(c.StateDir, id))
		})
	}
	if r := c.Labs(t, "answer", "api-server", "cluster-info", "x"); r.Code != 2 || !strings.Contains(r.Stderr, "asks no question") {
		t.Errorf("answering a step without a question: %d\n%s", r.Code, r.Combined())
	}
	if r := c.Labs(t, "answer", "api-objects", "node-scope", "maybe"); r.Code != 2 || !strings.Contains(r.Stderr, "1) yes") {
		t.Errorf("an answer that is no choice: %d\n%s", r.Code, r.Combined())
	}
	check := func(lab, step string, extra ...string) (int, string) {
		r := c.Labs(t, append([]string{"check", lab, "--step", step}, extra...)...)
		return r.Code, r.Stdout
	}
	if code, out := check("api-objects", "node-scope"); code != 1 || !strings.Contains(out, "not answered yet") || !strings.Contains(out, " answer api-objects node-scope \"your answer\"`") {
		t.Errorf("unanswered: %d\n%s", code, out)
	}
	if r := c.Labs(t, "answer", "api-objects", "node-scope", "1"); r.Code != 0 || !strings.Contains(r.Stdout, `Saved your answer to node-scope: 1) Yes: every Node is in a namespace.`) {
		t.Fatalf("labs answer: %d\n%s", r.Code, r.Combined())
	}
	if code, out := check("api-objects", "node-scope"); code != 1 || !strings.Contains(out, `your answer 1, "`) {
		t.Errorf("a wrong answer: %d\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(file, []byte("node-scope: \"no\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := check("api-objects", "node-scope", "--answers", file); code != 0 || !strings.Contains(out, "PASS node-scope") {
		t.Errorf("--answers: %d\n%s", code, out)
	}
	if r := c.Labs(t, "answer", "api-objects", "node-scope", "No"); r.Code != 0 {
		t.Fatalf("labs answer: %d\n%s", r.Code, r.Combined())
	}
	if code, out := check("api-objects", "node-scope"); code != 0 {
		t.Errorf("the right answer saved: %d\n%s", code, out)
	}
	if err := os.WriteFile(file, []byte("nodes: no\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := c.Labs(t, "check", "api-objects", "--answers", file); r.Code != 2 || !strings.Contains(r.Stderr, file+`:1: lab api-objects has no step "nodes"`) {
		t.Errorf("a bad answers file: %d\n%s", r.Code, r.Combined())
	}

	ctxName, err := kubeconfig.CurrentContext(c.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Labs(t, "answer", "api-server", "context-name", "not-"+ctxName); r.Code != 0 {
		t.Fatalf("labs answer: %d\n%s", r.Code, r.Combined())
	}
	if code, out := check("api-server", "context-name"); code != 1 || !strings.Contains(out, "`kubectl config current-context` shows it") {
		t.Errorf("a wrong context: %d\n%s", code, out)
	}
	if r := c.Labs(t, "answer", "api-server", "context-name", ctxName); r.Code != 0 {
		t.Fatalf("labs answer: %d\n%s", r.Code, r.Combined())
	}
	if code, out := check("api-server", "context-name"); code != 0 {
		t.Errorf("the current context: %d\n%s", code, out)
	}
}

// TestWalkAnswersAQuestion: in the walkthrough a number picks a choice and a opens a line to
// type an answer; a wrong answer says so, the answer survives a restart, and one given with
// labs answer in another terminal is checked at once.
func TestWalkAnswersAQuestion(t *testing.T) {
	c := testcluster.Shared(t)
	labs := t.TempDir()
	testcluster.WriteLab(t, labs, "quiz", `id: quiz
title: {en: Quiz, zh-TW: 小測驗}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: signal
    title: {en: Signal, zh-TW: 訊號}
    text: {en: Think., zh-TW: 想一想。}
    hints: [{en: h, zh-TW: h}]
    solution: echo SIGTERM
    question:
      prompt: {en: Which signal can a process catch, zh-TW: 行程可以攔截哪個訊號}
      choices:
        - {value: SIGTERM, en: the polite one, zh-TW: 客氣的}
        - {value: SIGKILL, en: the kernel's, zh-TW: 核心的}
  - id: group
    title: {en: Group, zh-TW: 群組}
    text: {en: Think again., zh-TW: 再想一想。}
    hints: [{en: h, zh-TW: h}]
    solution: echo apps
    question:
      prompt: {en: Which group serves Deployments, zh-TW: Deployment 由哪個群組提供}
`, `Feature: quiz
  @signal
  Scenario: SIGTERM
    Then the answer is "SIGTERM"
  @group
  Scenario: apps
    Then the answer is "apps"
`)
	key := lab.ProgressKeyFor("quiz", labs)
	t.Cleanup(func() {
		_ = progress.Forget(c.StateDir, key)
		_ = os.Remove(progress.AnswersPath(c.StateDir, key))
	})
	work := t.TempDir()

	s := startSession(t, c, "quiz", "--labs-dir", labs, "--work-dir", work)
	s.expect("Step 1/2", time.Minute)
	s.expect("? Which signal can a process catch", 5*time.Second)
	s.expect("2) the kernel's", 5*time.Second)
	s.expect("[1-2] pick a choice  [a] type an answer", 5*time.Second)
	s.expect("Waiting for your answer", 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	s.key("2")
	s.expect("Your answer: 2) the kernel's", 5*time.Second)
	s.expect(`✗ your answer 2, "the kernel's`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	s.key("q")
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d after q", code)
	}

	// A restart shows the saved answer as it was picked (issue 20: not the value it is saved
	// as, SIGKILL); the right pick moves on.
	s = startSession(t, c, "quiz", "--labs-dir", labs, "--work-dir", work)
	s.expect("Your answer so far: 2) the kernel's", time.Minute)
	time.Sleep(300 * time.Millisecond)
	s.key("1")
	s.expect("✓ Step 1/2 done", 5*time.Second)
	s.expect("? Which group serves Deployments", 5*time.Second)
	s.expect("[a] type your answer", 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	s.key("a")
	s.expect("Your answer (Enter to check it, Esc to cancel)", 5*time.Second)
	// Typed fast, a line is an answer here, not stray typing; backspace edits it.
	s.key("cored\x7f\r")
	s.expect(`✗ your answer "core" is not right`, 5*time.Second)

	// The other terminal answers: the walkthrough checks it at once.
	if r := c.Labs(t, "answer", "quiz", "group", "Apps", "--labs-dir", labs); r.Code != 0 {
		t.Fatalf("labs answer: %d\n%s", r.Code, r.Combined())
	}
	s.expect("Lab complete: 2 of 2 steps passed", 5*time.Second)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("labs start exited %d", code)
	}
	answers, err := progress.LoadAnswers(c.StateDir, key, mustWindow(t, c.StateDir, key))
	if err != nil || answers["signal"] != "SIGTERM" || answers["group"] != "Apps" {
		t.Errorf("saved answers: %v %v", answers, err)
	}
}

func mustWindow(t *testing.T, stateDir, key string) time.Time {
	t.Helper()
	p, err := progress.Load(stateDir, key)
	if err != nil {
		t.Fatal(err)
	}
	return p.Window()
}
