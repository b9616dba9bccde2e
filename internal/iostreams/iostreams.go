// Package iostreams is where a command's input and output go (in the style of kind's
// IOStreams): the CLI builds one from the process's terminal and passes it down, so library
// code never writes to os.Stdout or os.Stderr, and tests pass buffers.
package iostreams

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/labs-dev/labs/internal/i18n"
)

// IOStreams are a command's standard streams, what they are, and the learner's language.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY and ErrOutTTY say whether Out and ErrOut are terminals (progress lines are
	// redrawn in place on a terminal, printed once each elsewhere).
	OutTTY, ErrOutTTY bool
	// Loc renders every line a learner reads.
	Loc i18n.Localizer
}

// System is the process's own streams, speaking loc.
func System(loc i18n.Localizer) IOStreams {
	return IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		OutTTY: IsTerminal(os.Stdout), ErrOutTTY: IsTerminal(os.Stderr),
		Loc: loc,
	}
}

// IsTerminal reports whether w is a terminal; only an *os.File can be one.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
