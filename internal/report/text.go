package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/labs-dev/labs/internal/i18n"
)

// WriteText writes the report for a terminal: a line per step (✓/✗, id, title, reason), the
// failed scripts' output tails, and the score. Colour follows fatih/color (NO_COLOR,
// --no-color, not a terminal).
func (r *Report) WriteText(w io.Writer, loc i18n.Localizer) error {
	who := r.Lab
	if r.Student != "" {
		who = r.Student + " · " + r.Lab
	}
	fmt.Fprintf(w, "%s %s\n", color.New(color.Bold).Sprint(Clean(who)), Clean(r.Title))
	for _, s := range r.Steps {
		mark := color.GreenString("✓")
		if s.Status != Pass {
			mark = color.RedString("✗")
		}
		fmt.Fprintf(w, "  %s %s: %s\n", mark, s.ID, Clean(s.Title))
		if s.Status == Pass {
			continue
		}
		fmt.Fprintf(w, "      %s\n", Clean(s.Reason))
		if s.Script != nil && s.Script.Output != "" {
			for _, line := range strings.Split(strings.TrimRight(Clean(s.Script.Output), "\n"), "\n") {
				fmt.Fprintf(w, "      %s %s\n", color.New(color.Faint).Sprint("│"), line)
			}
		}
	}
	if r.Error != "" {
		fmt.Fprintf(w, "  %s %s\n", color.RedString("!"), Clean(r.Error))
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "  %s %s\n", color.YellowString("!"), Clean(warning))
	}
	if r.Isolation != "" && r.Isolation != "namespaces" {
		fmt.Fprintf(w, "  %s %s\n", color.YellowString("!"), loc.T("the scripts ran without a full sandbox (%s): %s", r.Isolation, Clean(r.IsolationNote)))
	}
	fmt.Fprintln(w, loc.T("Score: %d/%d (%.1f%%), %d of %d steps passed", r.Score.Points, r.Score.Max, r.Score.Percent, len(r.Steps)-r.Failed(), len(r.Steps)))
	return nil
}
