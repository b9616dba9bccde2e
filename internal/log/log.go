// Package log is the tiny logger library code gets passed in (in the style of kind's pkg/log),
// so no package below the CLI writes to os.Stderr itself: the CLI decides where lines go (the
// terminal for a command, the log file for the cluster process).
package log

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// Logger receives the lines a library has to say outside its return values.
type Logger interface {
	// Warnf says something the reader should know about (a wait, a restart, a failure that
	// was handled).
	Warnf(format string, args ...any)
	// Infof records what happened, for the log.
	Infof(format string, args ...any)
}

// NoOp discards everything; it is the default where no Logger is given.
type NoOp struct{}

// Warnf implements Logger.
func (NoOp) Warnf(string, ...any) {}

// Infof implements Logger.
func (NoOp) Infof(string, ...any) {}

// New returns a Logger that writes each message to w as one line; writes from several
// goroutines do not interleave.
func New(w io.Writer) Logger { return &writer{w: w} }

type writer struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *writer) Warnf(format string, args ...any) { l.line(format, args...) }
func (l *writer) Infof(format string, args ...any) { l.line(format, args...) }

func (l *writer) line(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, s)
}

// OrNoOp is l, or NoOp when l is nil.
func OrNoOp(l Logger) Logger {
	if l == nil {
		return NoOp{}
	}
	return l
}
