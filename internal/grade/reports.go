package grade

import (
	"encoding/csv"
	"fmt"
	"strings"
	"sync"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/state"
)

// Reports are the files a run writes (each "" for none) and whether to print the Classroom line.
type Reports struct {
	JUnit, JSON, Markdown, CSV string
	Classroom                  bool
}

// writer writes the reports: only the grader does, only once a submission's scripts have all
// ended, and to paths no sandbox shows.
type writer struct {
	o       Options
	loc     i18n.Localizer
	class   bool
	mu      sync.Mutex
	reports []*report.Report
}

// done records a finished submission: its text on Out and, in class mode, every report file
// rewritten with the results so far (a grade stopped later keeps them).
func (w *writer) done(i int, r *report.Report) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reports[i] = r
	if err := r.WriteText(w.o.Out, w.loc); err != nil {
		fmt.Fprintln(w.o.Err, err)
	}
	if w.class {
		if err := w.files(); err != nil {
			fmt.Fprintln(w.o.Err, err)
		}
	}
}

// final writes the report files and GitHub's: the step summary and, for one submission, the
// Classroom result.
func (w *writer) final() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	rs := w.finished()
	if len(rs) == 0 {
		return nil
	}
	if err := w.files(); err != nil {
		return err
	}
	if p := w.o.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := report.AppendFile(p, w.markdown(rs)); err != nil {
			return err
		}
	}
	if !w.class {
		line, err := rs[0].ClassroomOutput()
		if err != nil {
			return err
		}
		if p := w.o.Getenv("GITHUB_OUTPUT"); p != "" {
			if err := report.AppendFile(p, line); err != nil {
				return err
			}
		}
		if w.o.Reports.Classroom {
			fmt.Fprint(w.o.Out, line)
		}
	}
	return nil
}

func (w *writer) finished() []*report.Report {
	var rs []*report.Report
	for _, r := range w.reports {
		if r != nil {
			rs = append(rs, r)
		}
	}
	return rs
}

func (w *writer) files() error {
	rs := w.finished()
	if len(rs) == 0 {
		return nil
	}
	f := w.o.Reports
	if f.Markdown != "" {
		if err := state.WriteFileAtomic(f.Markdown, []byte(w.markdown(rs)), 0o644); err != nil {
			return fmt.Errorf("writing the Markdown report: %w", err)
		}
	}
	if f.JUnit != "" {
		var b strings.Builder
		if err := report.WriteJUnit(&b, rs...); err != nil {
			return err
		}
		if err := state.WriteFileAtomic(f.JUnit, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("writing the JUnit report: %w", err)
		}
	}
	if f.JSON != "" {
		var b strings.Builder
		if w.class {
			b.WriteString("[\n")
			for i, r := range rs {
				if i > 0 {
					b.WriteString(",\n")
				}
				if err := r.WriteJSON(&b); err != nil {
					return err
				}
			}
			b.WriteString("]\n")
		} else if err := rs[0].WriteJSON(&b); err != nil {
			return err
		}
		if err := state.WriteFileAtomic(f.JSON, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("writing the JSON report: %w", err)
		}
	}
	if f.CSV != "" {
		var b strings.Builder
		if err := writeClassCSV(&b, rs); err != nil {
			return err
		}
		if err := state.WriteFileAtomic(f.CSV, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("writing the class CSV: %w", err)
		}
	}
	return nil
}

func (w *writer) markdown(rs []*report.Report) string {
	var md strings.Builder
	if w.class {
		writeClassMarkdown(&md, w.o.Lab.ID, rs)
	}
	for _, r := range rs {
		_ = r.WriteMarkdown(&md)
	}
	return md.String()
}

func stepIDs(rs []*report.Report) []string {
	var ids []string
	for _, s := range rs[0].Steps {
		ids = append(ids, s.ID)
	}
	return ids
}

func writeClassMarkdown(b *strings.Builder, labID string, rs []*report.Report) {
	ids := stepIDs(rs)
	fmt.Fprintf(b, "# %s: class results\n\n| Student | Score | %s |\n|---|---|%s\n", report.MarkdownCell(labID), strings.Join(ids, " | "), strings.Repeat("---|", len(ids)))
	for _, r := range sortedNames(rs) {
		cells := make([]string, 0, len(r.Steps))
		for _, s := range r.Steps {
			cells = append(cells, map[string]string{report.Pass: "✅", report.Fail: "❌", report.Error: "⚠️"}[s.Status])
		}
		fmt.Fprintf(b, "| %s | %d/%d | %s |\n", report.MarkdownCell(r.Student), r.Score.Points, r.Score.Max, strings.Join(cells, " | "))
	}
	b.WriteString("\n")
}

func writeClassCSV(b *strings.Builder, rs []*report.Report) error {
	cw := csv.NewWriter(b)
	_ = cw.Write(append([]string{"student", "points", "max", "percent"}, stepIDs(rs)...))
	for _, r := range rs {
		row := []string{csvText(r.Student), fmt.Sprint(r.Score.Points), fmt.Sprint(r.Score.Max), fmt.Sprintf("%.1f", r.Score.Percent)}
		for _, s := range r.Steps {
			row = append(row, s.Status)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the class CSV: %w", err)
	}
	return nil
}

// csvText keeps a cell from being read as a formula by a spreadsheet.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
