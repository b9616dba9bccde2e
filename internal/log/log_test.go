package log

import (
	"strings"
	"testing"
)

func TestWriterOneLinePerMessage(t *testing.T) {
	var b strings.Builder
	l := New(&b)
	l.Warnf("waiting for %s", "x")
	l.Infof("done\n")
	if got, want := b.String(), "waiting for x\ndone\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestOrNoOp(t *testing.T) {
	OrNoOp(nil).Warnf("dropped %d", 1) // must not panic
	var b strings.Builder
	OrNoOp(New(&b)).Infof("kept")
	if b.String() != "kept\n" {
		t.Fatalf("got %q", b.String())
	}
}
