package grading

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLabTestPassesEveryBuiltInLab runs `labs test` on the built-in labs, on the throwaway
// embedded cluster it boots itself: every step must fail before its solution and pass after.
func TestLabTestPassesEveryBuiltInLab(t *testing.T) {
	c := testcluster.NewStateDir(t)
	junitPath := filepath.Join(t.TempDir(), "junit.xml")
	r := c.Labs(t, "test", "--junit", junitPath)
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
