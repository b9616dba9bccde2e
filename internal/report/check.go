package report

import (
	"fmt"
	"io"

	"github.com/fatih/color"

	"github.com/labs-dev/labs/internal/i18n"
)

// WriteCheckStep writes one step of `labs check` for a terminal, as soon as it is decided:
// PASS or FAIL, the step's id and title, and under a failed step the reason.
func WriteCheckStep(w io.Writer, loc i18n.Localizer, s Step) error {
	if s.Status == Pass {
		_, err := fmt.Fprintf(w, "%s %s: %s\n", color.GreenString(loc.T("PASS")), s.ID, Clean(s.Title))
		return err
	}
	_, err := fmt.Fprintf(w, "%s %s: %s\n     %s\n", color.RedString(loc.T("FAIL")), s.ID, Clean(s.Title), Clean(s.Reason))
	return err
}
