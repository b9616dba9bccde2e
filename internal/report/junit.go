package report

import (
	"fmt"
	"io"

	"github.com/jstemmer/go-junit-report/v2/junit"
)

// WriteJUnit writes reports as JUnit XML: one testsuite per report (lab, and student when
// grading), one testcase per step; a failed step's failure message is the learner-facing
// reason, its body the tail of the step script's output.
func WriteJUnit(w io.Writer, reports ...*Report) error {
	var suites junit.Testsuites
	for _, r := range reports {
		name := r.Lab
		if r.Student != "" {
			name = r.Student + "/" + r.Lab
		}
		ts := junit.Testsuite{Name: name, Time: seconds(r.DurationSeconds)}
		ts.SetTimestamp(r.Started)
		ts.AddProperty("score", fmt.Sprintf("%d/%d", r.Score.Points, r.Score.Max))
		for _, s := range r.Steps {
			tc := junit.Testcase{Name: s.ID, Classname: name, Time: seconds(s.DurationSeconds)}
			var body string
			if s.Script != nil {
				body = s.Script.Output
			}
			switch s.Status {
			case Fail:
				tc.Failure = &junit.Result{Message: s.Reason, Type: "StepFailed", Data: body}
			case Error:
				tc.Error = &junit.Result{Message: s.Reason, Type: "StepError", Data: body}
			case NotCheckable:
				tc.Skipped = &junit.Result{Message: s.Reason}
			}
			ts.AddTestcase(tc)
		}
		suites.AddSuite(ts)
	}
	return suites.WriteXML(w)
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }
