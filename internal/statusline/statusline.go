// Package statusline prints kind-style progress lines (" ✓ Starting control plane 🕹").
package statusline

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// Status prints one step at a time. On a terminal the running step shows as " • step ..." and
// is replaced by its outcome; elsewhere only outcomes are printed, one line each.
type Status struct {
	w       io.Writer
	tty     bool
	current string
	started time.Time
}

// New returns a Status writing to w; a nil w discards everything.
func New(w io.Writer) *Status {
	if w == nil {
		w = io.Discard
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &Status{w: w, tty: tty}
}

// Printf prints a plain line.
func (s *Status) Printf(format string, args ...any) {
	fmt.Fprintf(s.w, format+"\n", args...)
}

// Start begins a step, ending the previous one as successful.
func (s *Status) Start(step string) {
	s.End(true)
	s.current, s.started = step, time.Now()
	if s.tty {
		fmt.Fprintf(s.w, " • %s ...", step)
	}
}

// End finishes the current step, if any, as done or failed.
func (s *Status) End(ok bool) {
	if s.current == "" {
		return
	}
	mark := "✓"
	if !ok {
		mark = "✗"
	}
	prefix := ""
	if s.tty {
		prefix = "\r\033[K"
	}
	fmt.Fprintf(s.w, "%s %s %s (%s)\n", prefix, mark, s.current, time.Since(s.started).Round(10*time.Millisecond))
	s.current = ""
}
