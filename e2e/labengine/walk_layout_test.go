package labengine

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

var escapes = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// screenLines is the output as lines of text, escape sequences removed.
func screenLines(out string) []string {
	out = escapes.ReplaceAllString(out, "")
	return strings.Split(strings.ReplaceAll(out, "\r", ""), "\n")
}

// TestWalkWrapsToTheTerminal is issue 8 item 10: at 60 columns no line is wider and no word
// is split (the key help's "[p] previous", the text's "API server"), the step text is rendered
// as Markdown (a list, a code block, code spans keep their backquotes without colour), and a
// resize draws the step again at the new width.
func TestWalkWrapsToTheTerminal(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	testcluster.WriteLab(t, labs, "layout", `id: layout
title: {en: Layout, zh-TW: 版面}
summary: {en: s, zh-TW: s}
minutes: 1
steps:
  - id: c1
    title: {en: Create configmap c1, zh-TW: 建立 configmap c1}
    text:
      en: |
        Ask the API server for a ConfigMap with `+"`kubectl create configmap c1`"+`, then look at what the API server stored for it:

        - its name, c1
        - its namespace

        `+"```"+`
        kubectl get configmap c1 -o yaml
        `+"```"+`
      zh-TW: 建立它。
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create configmap c1
`, fmt.Sprintf("Feature: layout\n  @c1\n  Scenario: c1\n    Then configmap \"c1\" exists in namespace %q\n", ns))
	t.Cleanup(func() { _ = progress.Forget(c.StateDir, lab.ProgressKeyFor("layout", labs)) })

	s := startSessionSize(t, c, &pty.Winsize{Cols: 60, Rows: 40}, "layout", "--labs-dir", labs, "--work-dir", t.TempDir())
	s.expect("Waiting for your change", time.Minute)
	time.Sleep(300 * time.Millisecond)
	// The walkthrough's screen, from the lab's title (cluster up's lines before it are not ours).
	out := s.all()
	lines := screenLines(out[strings.Index(out, "Layout"):])
	text := strings.Join(lines, "\n")
	for _, l := range lines {
		if w := runewidth.StringWidth(l); w > 60 {
			t.Errorf("line of %d columns on a 60-column terminal: %q", w, l)
		}
	}
	for _, want := range []string{"[p] previous", "API server", "`kubectl create configmap c1`", "• its name, c1", "  kubectl get configmap c1 -o yaml"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q on screen (split, or not rendered):\n%s", want, text)
		}
	}

	// Wider: the kernel sends SIGWINCH, and the step is drawn again for 120 columns, where the
	// first paragraph fits on one line.
	if err := pty.Setsize(s.tty, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	s.expect("\x1b[2J", 5*time.Second)
	s.expect("Waiting for your change", 5*time.Second)
	redrawn := screenLines(s.all()[strings.LastIndex(s.all(), "\x1b[2J"):])
	found := false
	for _, l := range redrawn {
		if strings.HasPrefix(l, "Ask the API server") && strings.Contains(l, "stored for it:") {
			found = true
		}
	}
	if !found {
		t.Errorf("the text was not drawn again at 120 columns:\n%s", strings.Join(redrawn, "\n"))
	}
}
