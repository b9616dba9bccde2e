// Package statusline prints kind-style progress lines (" ✓ Starting control plane 🕹").
package statusline

import (
	"fmt"
	"io"
	"time"
)

// Status prints one step at a time. On a terminal the running step shows as " • step ..." and
// is replaced by its outcome; elsewhere only outcomes are printed, one line each.
type Status struct {
	w       io.Writer
	tty     bool
	current string
	started time.Time
}

// New returns a Status writing to w, redrawing lines in place when tty says w is a terminal
// (the caller knows; a wrapped writer cannot be asked). A nil w discards everything.
func New(w io.Writer, tty bool) *Status {
	if w == nil {
		w, tty = io.Discard, false
	}
	return &Status{w: w, tty: tty}
}

// Println prints a plain line, ending the current step first as successful.
func (s *Status) Println(line string) {
	s.End(true)
	fmt.Fprintln(s.w, line)
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
