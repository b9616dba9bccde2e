package kind

import (
	"fmt"
	"strings"

	kindlog "sigs.k8s.io/kind/pkg/log"

	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/statusline"
)

// kindLogger turns what kind says into labs' own status lines: kind's " • Step ..." starts a
// step, " ✓ Step" and " ✗ Step" end it; other user-facing lines are printed as they are; kind's
// debug output (V(1) and above) is dropped.
type kindLogger struct {
	out *statusline.Status
	log log.Logger
}

func newKindLogger(out *statusline.Status, l log.Logger) kindLogger {
	return kindLogger{out: out, log: log.OrNoOp(l)}
}

var _ kindlog.Logger = kindLogger{}

func (k kindLogger) Warn(message string)               { k.line(message) }
func (k kindLogger) Warnf(format string, args ...any)  { k.line(fmt.Sprintf(format, args...)) }
func (k kindLogger) Error(message string)              { k.line(message) }
func (k kindLogger) Errorf(format string, args ...any) { k.line(fmt.Sprintf(format, args...)) }
func (k kindLogger) V(level kindlog.Level) kindlog.InfoLogger {
	if level > 0 {
		return debugLogger{k.log}
	}
	return infoLogger{k}
}

// line is one user-facing line of kind's.
func (k kindLogger) line(s string) {
	s = strings.TrimRight(s, "\n")
	t := strings.TrimSpace(s)
	switch {
	case t == "":
	case strings.HasPrefix(t, "• "):
		step := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, "• "), "..."))
		k.out.Start(step)
	case strings.HasPrefix(t, "✓ "):
		k.out.End(true)
	case strings.HasPrefix(t, "✗ "):
		k.out.End(false)
	default:
		k.out.Println(t)
	}
}

type infoLogger struct{ k kindLogger }

func (i infoLogger) Info(message string)              { i.k.line(message) }
func (i infoLogger) Infof(format string, args ...any) { i.k.line(fmt.Sprintf(format, args...)) }
func (i infoLogger) Enabled() bool                    { return true }

// debugLogger drops kind's debug lines: labs' log is for what a learner may need, and kind's
// errors carry their own detail.
type debugLogger struct{ l log.Logger }

func (d debugLogger) Info(string)          {}
func (d debugLogger) Infof(string, ...any) {}
func (d debugLogger) Enabled() bool        { return false }
