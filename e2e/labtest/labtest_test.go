package labtest

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLabTestPassesEveryBuiltInLab runs `labs test` on the built-in labs, on the throwaway
// embedded cluster it boots itself: every step must fail before its solution and pass after.
func TestLabTestPassesEveryBuiltInLab(t *testing.T) {
	c := testcluster.NewStateDir(t)
	junitPath := filepath.Join(t.TempDir(), "junit.xml")
	r := c.LabsFor(t, 15*time.Minute, "test", "--junit", junitPath)
	if r.Code != 0 {
		t.Fatalf("labs test: exit %d\n%s", r.Code, r.Combined())
	}
	if !strings.Contains(r.Stdout, "✓ create-namespace") || strings.Contains(r.Stdout, "✗") {
		t.Fatalf("want every step ✓:\n%s", r.Stdout)
	}
	t.Log(r.Stdout)
	var suites junit.Testsuites
	data, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &suites); err != nil || suites.Tests == 0 || suites.Failures != 0 {
		t.Fatalf("JUnit report: %v\n%s", err, data)
	}
	// Nothing of the throwaway cluster is left: its state dir is gone with it.
	if _, err := os.Stat(filepath.Join(c.StateDir, "clusters")); !os.IsNotExist(err) {
		t.Fatalf("labs test used the learner's state dir: %v", err)
	}
}

// TestLabTestCatchesBrokenSteps: a check that holds before its solution, a solution that
// fails, and one that hangs are each reported on their step, and labs test exits 1.
func TestLabTestCatchesBrokenSteps(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	dir := t.TempDir()
	testcluster.WriteLab(t, dir, "broken", `id: broken
title: {en: Broken, zh-TW: 壞掉的}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: holds-already
    title: {en: a, zh-TW: a}
    text: {en: a, zh-TW: a}
    hints: [{en: h, zh-TW: h}]
    solution: "true"
  - id: solution-fails
    title: {en: b, zh-TW: b}
    text: {en: b, zh-TW: b}
    hints: [{en: h, zh-TW: h}]
    solution: |
      echo about to fail
      exit 3
  - id: solution-hangs
    title: {en: c, zh-TW: c}
    text: {en: c, zh-TW: c}
    hints: [{en: h, zh-TW: h}]
    solution: sleep 600
  - id: good
    title: {en: d, zh-TW: d}
    text: {en: d, zh-TW: d}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create configmap good -n `+ns+`
`, `Feature: Broken
  @holds-already
  Scenario: a
    Then namespace "default" is Active
  @solution-fails
  Scenario: b
    Then configmap "b" exists in namespace "`+ns+`"
  @solution-hangs
  Scenario: c
    Then configmap "c" exists in namespace "`+ns+`"
  @good
  Scenario: d
    Then configmap "good" exists in namespace "`+ns+`"
`)
	r := c.Labs(t, "--cluster", "existing", "--kubeconfig", c.Kubeconfig, "test", "--labs-dir", dir, "--step-timeout", "2s", "broken")
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	for _, want := range []string{
		"✗ holds-already", "pass before its solution ran",
		"✗ solution-fails", "exited with status 3", "| about to fail",
		"✗ solution-hangs", "was stopped after 2s",
		"✓ good",
		"3 failed",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs test output lacks %q:\n%s", want, r.Stdout)
		}
	}
}

// TestLabTestRunsMistakesAndAlternatives: labs test runs a step's declared mistakes and
// alternatives from the state before the step: a mistake the checks wrongly pass and an
// alternative they refuse are each a failing line (and JUnit testcase) of their own; a mistake
// that stays red with its reason and an alternative that passes are ✓; the solution passes
// after them all (every undo put the state back).
func TestLabTestRunsMistakesAndAlternatives(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	dir := t.TempDir()
	testcluster.WriteLab(t, dir, "variants", `id: variants
title: {en: Variants, zh-TW: 變化}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: web
    title: {en: a, zh-TW: a}
    text: {en: a, zh-TW: a}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create configmap web -n `+ns+` --from-literal=image=nginx
    mistakes:
      - what: {en: another name, zh-TW: 別的名稱}
        script: kubectl create configmap wbe -n `+ns+` --from-literal=image=nginx
        reason: "wbe: a typo in the name?"
        undo: kubectl delete configmap wbe -n `+ns+`
      - what: {en: a client dry run creates nothing, zh-TW: 用戶端 dry run 不會建立任何東西}
        script: kubectl create configmap web -n `+ns+` --from-literal=image=nginx --dry-run=client
      - what: {en: an extra key (the checks pass it), zh-TW: 多一個鍵}
        script: kubectl create configmap web -n `+ns+` --from-literal=image=nginx --from-literal=extra=x
        undo: kubectl delete configmap web -n `+ns+`
    alternatives:
      - what: {en: apply of a manifest, zh-TW: apply 一份 manifest}
        script: |
          kubectl create configmap web -n `+ns+` --from-literal=image=nginx --dry-run=client -o yaml > web.yaml
          kubectl apply -f web.yaml
        undo: kubectl delete -f web.yaml
      - what: {en: the wrong value (the checks refuse it), zh-TW: 錯誤的值}
        script: kubectl create configmap web -n `+ns+` --from-literal=image=httpd
        undo: kubectl delete configmap web -n `+ns+`
`, `Feature: Variants
  @web
  Scenario: a
    Then configmap "web" in namespace "`+ns+`" matches:
      """
      data:
        image: nginx
      """
`)
	junitPath := filepath.Join(t.TempDir(), "junit.xml")
	r := c.Labs(t, "--cluster", "existing", "--kubeconfig", c.Kubeconfig, "test", "--labs-dir", dir, "--junit", junitPath, "variants")
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	for _, want := range []string{
		"✓ web/mistake-1", "✓ web/mistake-2",
		"✗ web/mistake-3", "the step passes after this mistake",
		"✓ web/alternative-1",
		"✗ web/alternative-2", "the step does not pass after this alternative",
		"✓ web ", "2 failed",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs test output lacks %q:\n%s", want, r.Stdout)
		}
	}
	data, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var suites junit.Testsuites
	if err := xml.Unmarshal(data, &suites); err != nil || suites.Tests != 6 || suites.Failures != 2 {
		t.Fatalf("JUnit: want 6 testcases (the step and its 5 variants), 2 failures: %v\n%s", err, data)
	}
}
