package labengine

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestCheckPrintsEachStepAsItIsDecided (issue 20 item 4: `labs check` printed nothing for
// 20-75 s while a slow step waited): a step decided at once is on the screen while a later
// step still waits out its "within 6s".
func TestCheckPrintsEachStepAsItIsDecided(t *testing.T) {
	c := testcluster.Shared(t)
	labs := t.TempDir()
	testcluster.WriteLab(t, labs, "slow", `id: slow
title: {en: Slow, zh-TW: 慢}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: quick
    title: {en: Quick, zh-TW: 快}
    text: {en: Nothing to do., zh-TW: 不用做什麼。}
    hints: [{en: h, zh-TW: h}]
    solution: "true"
  - id: waits
    title: {en: Waits, zh-TW: 等待}
    text: {en: Nothing to do., zh-TW: 不用做什麼。}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create namespace never-made-by-slow
`, `Feature: slow
  @quick
  Scenario: kube-system is there
    Then namespace "kube-system" is Active
  @waits
  Scenario: a namespace nobody makes
    Then namespace "never-made-by-slow" is Active within 6s
`)
	key := lab.ProgressKeyFor("slow", labs)
	t.Cleanup(func() {
		_ = progress.Forget(c.StateDir, key)
		_ = os.Remove(labctx.Path(c.StateDir, "embedded", key))
	})

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, "check", "slow", "--labs-dir", labs)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var quickAt time.Duration
	var lines []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.HasPrefix(sc.Text(), "PASS quick") {
			quickAt = time.Since(start)
		}
	}
	_ = cmd.Wait()
	total := time.Since(start)
	out := strings.Join(lines, "\n")
	if quickAt == 0 || !strings.Contains(out, "FAIL waits") {
		t.Fatalf("labs check slow printed:\n%s", out)
	}
	t.Logf("PASS quick after %s, the command ended after %s", quickAt.Round(time.Millisecond), total.Round(time.Millisecond))
	// The waiting step alone takes 6 s: the quick one must have been printed well before.
	if total-quickAt < 5*time.Second {
		t.Errorf("PASS quick came %s before the end: it waited for the slow step", (total - quickAt).Round(time.Millisecond))
	}
}
