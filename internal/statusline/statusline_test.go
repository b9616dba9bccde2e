package statusline

import (
	"regexp"
	"strings"
	"testing"
)

// The TTY flag, not the writer's type, decides: a terminal reached through a wrapper (as
// `labs start` passes stderr) still gets lines redrawn in place.
func TestTTYRedrawsInPlace(t *testing.T) {
	var b strings.Builder
	s := New(&b, true)
	s.Start("Starting control plane")
	if got := b.String(); got != " • Starting control plane ..." {
		t.Fatalf("running step on a terminal = %q", got)
	}
	s.End(true)
	if !regexp.MustCompile(`^ • Starting control plane \.\.\.\r\x1b\[K ✓ Starting control plane \(\d.*\)\n$`).MatchString(b.String()) {
		t.Fatalf("ended step on a terminal = %q", b.String())
	}
}

func TestNoTTYPrintsOutcomesOnly(t *testing.T) {
	var b strings.Builder
	s := New(&b, false)
	s.Start("one")
	s.Start("two")
	s.End(false)
	s.Println("done")
	if strings.ContainsAny(b.String(), "\r\x1b•") {
		t.Fatalf("escape codes or running steps without a terminal: %q", b.String())
	}
	if !regexp.MustCompile(`^ ✓ one \(.*\)\n ✗ two \(.*\)\ndone\n$`).MatchString(b.String()) {
		t.Fatalf("got %q", b.String())
	}
}

func TestNilWriterDiscards(t *testing.T) {
	s := New(nil, true)
	s.Start("x")
	s.End(true)
	s.Println("y")
}
