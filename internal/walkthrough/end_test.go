package walkthrough

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHintsRunOutQuietly (issue 20 item 4): past the last hint, h says so once, then once
// differently, then nothing more.
func TestHintsRunOutQuietly(t *testing.T) {
	p := startPty(t, nil)
	p.expect("Waiting for your change")
	p.key("h")
	p.expect("Hint 1/1:")
	p.key("h")
	p.expect("No more hints; s shows the solution.")
	p.key("h")
	p.expect("That was the last hint (1 of 1)")
	p.key("h")
	p.key("h")
	time.Sleep(300 * time.Millisecond)
	if rest := p.rest(); strings.Contains(rest, "No more hints") || strings.Contains(rest, "last hint") {
		t.Errorf("h keeps repeating itself:\n%s", rest)
	}
}

// TestSkippedLabDoesNotReadAsFinished (issue 20 item 4): a lab ended with steps skipped says
// which and how to go back, not "🎉 Lab complete"; a lab complete names the next one.
func TestSkippedLabDoesNotReadAsFinished(t *testing.T) {
	p := startPty(t, nil, func(o *Options) { o.Next, o.NextTitle = "`labs start next-lab`", "The next lab" })
	p.expect("Waiting for your change")
	p.key("n")
	p.expect("Step 2/2")
	p.key("n")
	p.expect("Lab ended with 0 of 2 steps passed; skipped: 1, 2. `labs start shell` takes you back to them.")
	p.waitEnd("the walkthrough did not end")
	if strings.Contains(p.out.String(), "Lab complete") || strings.Contains(p.out.String(), "Next in the course") {
		t.Errorf("a skipped lab reads as complete:\n%s", p.out.String())
	}
}

// TestLabCompleteNamesTheNextLab (issue 20 item 4): 🎉 Lab complete names the next lab in the
// course, with the command that starts it.
func TestLabCompleteNamesTheNextLab(t *testing.T) {
	p := startPty(t, nil, func(o *Options) { o.Next, o.NextTitle = "`labs start next-lab`", "The next lab" })
	p.expect("Waiting for your change")
	waitIdle(t, p)
	for _, n := range []string{"f1", "f2"} {
		if err := os.WriteFile(filepath.Join(p.work, n+".yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "+n+"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.expect("🎉 Lab complete: 2 of 2 steps passed.")
	p.expect("Next in the course: The next lab, `labs start next-lab`.")
	p.waitEnd("the walkthrough did not end")
}
