package walkthrough

import (
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func TestWrapNeverSplitsWords(t *testing.T) {
	text := "Create the namespace with the API server and go to the [p] previous step when needed."
	for _, w := range []int{20, 33, 59} {
		for _, l := range wrap(text, w) {
			if runewidth.StringWidth(l) > w {
				t.Errorf("width %d: line %q is wider", w, l)
			}
		}
		got := strings.Join(wrap(text, w), " ")
		if got != text {
			t.Errorf("width %d: words changed: %q", w, got)
		}
	}
	// Chinese breaks between characters, never before a full-width comma.
	for _, l := range wrap("使用 `kubectl run` 建立名為 web 的 Pod，映像檔為 nginx，然後等待它執行。", 12) {
		if strings.HasPrefix(l, "，") || runewidth.StringWidth(l) > 12 {
			t.Errorf("bad line %q", l)
		}
	}
}

func TestBurstIsStrayTyping(t *testing.T) {
	now := time.Now()
	var b burst
	b.buf = []byte("kubectl get pods\r")
	if _, v := b.end(now); v != strayTyping {
		t.Fatalf("a typed command: %v, want stray", v)
	}
	// A deliberate key right after stray typing does not act either...
	b.buf = []byte("c")
	if _, v := b.end(now.Add(100 * time.Millisecond)); v != strayTyping {
		t.Fatalf("c right after typing: %v, want stray", v)
	}
	// ...but after a pause it does.
	b.buf = []byte("c")
	if k, v := b.end(now.Add(2 * time.Second)); v != keyPress || k != 'c' {
		t.Fatalf("c after a pause: %q %v", k, v)
	}
	b.buf = []byte("\x1b[A")
	if _, v := b.end(now.Add(4 * time.Second)); v != ignoreBurst {
		t.Fatalf("an arrow key: %v", v)
	}
	b.buf = []byte("x")
	if _, v := b.end(now.Add(6 * time.Second)); v != strayTyping {
		t.Fatalf("a lone letter that is no key: %v", v)
	}
}

func TestMarkdownWrapsToTheTerminal(t *testing.T) {
	s := &screen{width: func() int { return 41 }}
	out := s.Markdown("Look at `kubectl config set-context --help` and the API server.\n\n- a list item that is long enough to wrap onto a second line\n\n```\nkubectl get pods\n```")
	for _, l := range strings.Split(out, "\n") {
		if runewidth.StringWidth(l) > 40 {
			t.Errorf("line wider than the terminal: %q", l)
		}
	}
	for _, want := range []string{"set-context", "`kubectl", "• a list item", "  kubectl get pods", "\n  wrap onto"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// TestTypingAnAnswerEditsOneLine: in the answer prompt bytes are text, however fast; backspace
// removes a whole character (a wide one too), Ctrl-U the line, and arrows type nothing.
func TestTypingAnAnswerEditsOneLine(t *testing.T) {
	var out strings.Builder
	s := &session{scr: &screen{out: &out}, loc: i18n.New(i18n.EN), input: &answerInput{}}
	for _, chunk := range []string{"節點x\x7f\x7f", "\x1b[D", "ab", "\x15", "labs-worker2"} {
		if quit, err := s.typeAnswer([]byte(chunk)); quit || err != nil {
			t.Fatalf("%q: quit %v, %v", chunk, quit, err)
		}
	}
	if got := string(s.input.buf); got != "labs-worker2" {
		t.Errorf("typed %q", got)
	}
	if !strings.Contains(out.String(), "Your answer (Enter to check it, Esc to cancel): 節▏") {
		t.Errorf("the prompt did not show the line as typed:\n%s", out.String())
	}
}

// The previous step's kubectl request, its audit event read only after the next step was shown,
// is no action for that step: its failure stays quiet. A later action, or a file event, is one.
func TestActionBeforeTheStepIsNotForIt(t *testing.T) {
	s := &session{}
	s.shownAt = time.Now()
	tr := newTrigger()
	tr.act(s.shownAt.Add(-200 * time.Millisecond))
	if c := tr.take(); !c.acted || s.actedOnThisStep(c) {
		t.Fatalf("an action from before the step counted for it: %+v", c)
	}
	tr.act(s.shownAt.Add(-time.Second))
	tr.act(s.shownAt.Add(50 * time.Millisecond))
	tr.act(s.shownAt.Add(-time.Second)) // read late, yet the newest action still counts
	if c := tr.take(); !s.actedOnThisStep(c) {
		t.Fatalf("an action after the step was shown did not count: %+v", c)
	}
	if c := tr.take(); c.acted || !c.actedAt.IsZero() {
		t.Fatalf("take did not clear the action: %+v", c)
	}
}
