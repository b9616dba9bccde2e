package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/fatih/color"

	"github.com/labs-dev/labs/internal/golden"
	"github.com/labs-dev/labs/internal/i18n"
)

// checkSample is what `labs check` reports of a lab with a step done and a step to do: fixed,
// so the outputs of a command that needs a cluster are golden-tested without one.
func checkSample() *Report {
	r := &Report{
		Kind: "check", Lab: "pods", Title: "Pods", Cluster: "embedded",
		Started: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DurationSeconds: 0.25,
		Steps: []Step{
			{ID: "run-web", Title: "Run a Pod called web", Status: Pass},
			{ID: "two-containers", Title: "Two containers in one Pod", Status: Fail, Points: 2,
				Reason: `pod "duo" in namespace "pods" has 1 container, not 2`},
		},
	}
	r.Finish()
	return r
}

// noColor renders without escape sequences for the test, as --no-color does.
func noColor(t *testing.T) {
	old := color.NoColor
	color.NoColor = true
	t.Cleanup(func() { color.NoColor = old })
}

// TestGoldenCheck: `labs check` as text (step by step) and as JSON, in both languages.
func TestGoldenCheck(t *testing.T) {
	noColor(t)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		t.Run(string(lang), func(t *testing.T) {
			var b bytes.Buffer
			for _, s := range checkSample().Steps {
				if err := WriteCheckStep(&b, i18n.New(lang), s); err != nil {
					t.Fatal(err)
				}
			}
			golden.Check(t, "check-text."+string(lang), b.String())
		})
	}
	var b bytes.Buffer
	if err := checkSample().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	// JSON is for programs: one language, the schema's field names.
	golden.Check(t, "check-json", b.String())
}

// gradeSample is a graded submission with a pass, a failure with the script's output, an
// error, a warning and a weaker sandbox.
func gradeSample() *Report {
	r := sample()
	r.Warnings = []string{"answers.yaml: extra is no question of lab pods"}
	r.Isolation, r.IsolationNote = "process-group", "user namespaces are disabled"
	r.Finish()
	return r
}

// TestGoldenGrade: `labs grade`'s text for the terminal in both languages, and its Markdown
// report (the step summary), which has one language: WriteMarkdown takes no localizer.
func TestGoldenGrade(t *testing.T) {
	noColor(t)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		t.Run(string(lang), func(t *testing.T) {
			var b bytes.Buffer
			if err := gradeSample().WriteText(&b, i18n.New(lang)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "grade-text."+string(lang), b.String())
		})
	}
	var b bytes.Buffer
	if err := gradeSample().WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "grade-markdown", b.String())
}
