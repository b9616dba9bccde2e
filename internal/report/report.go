// Package report renders the results of checking a lab's steps — `labs check`, `labs test` and
// `labs grade` alike — as text for a terminal, JSON (a versioned schema, docs/report.schema.json),
// JUnit XML, Markdown (also for $GITHUB_STEP_SUMMARY) and the GitHub Classroom reporter's result.
package report

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// SchemaVersion is the version of the JSON report; it changes only when a field changes
// meaning or goes away (new fields may appear in the same version).
const SchemaVersion = 1

// Status of a step.
const (
	Pass  = "pass"
	Fail  = "fail"
	Error = "error"
	// NotCheckable is a step labs cannot check on the cluster it ran on (it needs what the
	// provider does not offer, e.g. the nodes' files): neither passed nor a failure of the lab.
	NotCheckable = "not-checkable"
)

// Report is the outcome of checking one lab once (for one student, in grading).
type Report struct {
	SchemaVersion int `json:"schemaVersion"`
	// Kind is what produced it: "check", "test" or "grade".
	Kind    string `json:"kind"`
	Lab     string `json:"lab"`
	Title   string `json:"title"`
	Student string `json:"student,omitempty"`
	// Cluster is the provider the steps ran on.
	Cluster         string    `json:"cluster,omitempty"`
	Started         time.Time `json:"started"`
	DurationSeconds float64   `json:"durationSeconds"`
	Score           Score     `json:"score"`
	Steps           []Step    `json:"steps"`
	// Error is set when the run could not finish (the cluster did not start, ...): every step
	// not run is then an error.
	Error string `json:"error,omitempty"`
	// Isolation is the sandbox the step scripts ran in (labs grade): "namespaces",
	// "mount-pid-namespaces" or "process-group"; IsolationNote says why a stronger one was
	// refused on this machine.
	Isolation     string `json:"isolation,omitempty"`
	IsolationNote string `json:"isolationNote,omitempty"`
	// Warnings are problems of the submission that fail no step (files left out of the copy,
	// an answers.yaml key that is no question).
	Warnings []string `json:"warnings,omitempty"`
}

// Score is the passed points over the total.
type Score struct {
	Points  int     `json:"points"`
	Max     int     `json:"max"`
	Percent float64 `json:"percent"`
}

// Step is one step's result.
type Step struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	// Points is the step's weight; Awarded is Points when it passed, else 0.
	Points  int `json:"points"`
	Awarded int `json:"awarded"`
	// Reason says, for the learner, why the step failed.
	Reason string `json:"reason,omitempty"`
	// Variant, in labs test, marks a declared mistake or alternative of step Of ("mistake",
	// "alternative"); its ID is "<step>/<variant>-<n>" and its Title what the variant is.
	Variant         string  `json:"variant,omitempty"`
	Of              string  `json:"of,omitempty"`
	DurationSeconds float64 `json:"durationSeconds"`
	// Script is how the step's script ended, when one ran.
	Script *Script `json:"script,omitempty"`
}

// Script is a step script's outcome.
type Script struct {
	Name     string `json:"name,omitempty"`
	ExitCode int    `json:"exitCode"`
	TimedOut bool   `json:"timedOut,omitempty"`
	// Output is the tail of the script's output.
	Output string `json:"output,omitempty"`
}

// Finish computes the score from the steps, and makes every text safe to render: what a
// student's script printed reaches no terminal, XML or Markdown with its control characters.
func (r *Report) Finish() {
	r.SchemaVersion = SchemaVersion
	r.Student, r.Title, r.Error = Clean(r.Student), Clean(r.Title), Clean(r.Error)
	for i := range r.Warnings {
		r.Warnings[i] = Clean(r.Warnings[i])
	}
	for i := range r.Steps {
		s := &r.Steps[i]
		s.Title, s.Reason = Clean(s.Title), Clean(s.Reason)
		if s.Script != nil {
			s.Script.Output, s.Script.Name = Clean(s.Script.Output), Clean(s.Script.Name)
		}
	}
	r.Score = Score{}
	for i := range r.Steps {
		s := &r.Steps[i]
		if s.Points == 0 {
			s.Points = 1
		}
		s.Awarded = 0
		if s.Status == Pass {
			s.Awarded = s.Points
		}
		r.Score.Points += s.Awarded
		r.Score.Max += s.Points
	}
	if r.Score.Max > 0 {
		r.Score.Percent = float64(int(float64(r.Score.Points)*1000/float64(r.Score.Max)+0.5)) / 10
	}
}

// Failed is how many steps did not pass.
func (r *Report) Failed() int {
	n := 0
	for _, s := range r.Steps {
		if s.Status != Pass && s.Status != NotCheckable {
			n++
		}
	}
	return n
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Classroom is the result GitHub Classroom's grading reporter
// (classroom-resources/autograding-grading-reporter) reads from `<RUNNER>_RESULTS`, base64
// encoded: one test per step, scored in points.
type Classroom struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"`
	MaxScore int             `json:"max_score"`
	Tests    []ClassroomTest `json:"tests"`
}

// ClassroomTest is one step in the Classroom result.
type ClassroomTest struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Score   int    `json:"score"`
	Message string `json:"message,omitempty"`
}

// Classroom converts the report.
func (r *Report) Classroom() Classroom {
	c := Classroom{Version: 1, Status: Pass, MaxScore: r.Score.Max, Tests: []ClassroomTest{}}
	for _, s := range r.Steps {
		c.Tests = append(c.Tests, ClassroomTest{Name: s.ID + ": " + s.Title, Status: s.Status, Score: s.Awarded, Message: s.Reason})
		switch {
		case s.Status == Error:
			c.Status = Error
		case s.Status == Fail && c.Status == Pass:
			c.Status = Fail
		}
	}
	if r.Error != "" {
		c.Status = Error
	}
	return c
}

// ClassroomOutput is the line a grading step writes to $GITHUB_OUTPUT:
// result=<base64 of the Classroom JSON>.
func (r *Report) ClassroomOutput() (string, error) {
	data, err := json.Marshal(r.Classroom())
	if err != nil {
		return "", err
	}
	return "result=" + base64.StdEncoding.EncodeToString(data) + "\n", nil
}

// AppendFile appends text to the file at path (for $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY).
func AppendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("appending to %s: %w", path, err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("appending to %s: %w", path, err)
	}
	return f.Close()
}

// Save writes the report in format ("json", "junit", "markdown") to path.
func Save(r *Report, format, path string) error {
	var b strings.Builder
	var err error
	switch format {
	case "json":
		err = r.WriteJSON(&b)
	case "junit":
		err = WriteJUnit(&b, r)
	case "markdown":
		err = r.WriteMarkdown(&b)
	default:
		return fmt.Errorf("unknown report format %q", format)
	}
	if err != nil {
		return fmt.Errorf("rendering the %s report: %w", format, err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing the %s report: %w", format, err)
	}
	return nil
}

// NotChecked is the number of steps that could not be checked on the cluster.
func (r *Report) NotChecked() int {
	n := 0
	for _, s := range r.Steps {
		if s.Status == NotCheckable {
			n++
		}
	}
	return n
}

// Clean makes text from anywhere (a script's output) safe for a terminal, XML and Markdown:
// invalid UTF-8 becomes U+FFFD; a carriage return a line break; tabs and line breaks stay; every
// other control character (escape sequences' ESC included) is shown as \xNN instead.
func Clean(s string) string {
	clean := true
	for _, c := range s {
		if c == utf8.RuneError || (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, c := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case c == '\r':
			b.WriteByte('\n')
		case c == '\n' || c == '\t':
			b.WriteRune(c)
		case c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff:
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
