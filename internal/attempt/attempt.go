// Package attempt is one run of a lab's steps in order, the engine `labs test` and `labs grade`
// share: for each step, run its script (bash, KUBECONFIG set, this binary first on PATH, in
// its own process group, with a time limit), then check the step against the cluster. In test
// mode every step's checks must also fail before its script runs: a check that already holds
// teaches nothing.
package attempt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/script"
)

// DefaultStepTimeout bounds one step's script.
const DefaultStepTimeout = 2 * time.Minute

// Script is what runs for one step.
type Script struct {
	// Source is the bash source; "" with Missing false means "nothing to run".
	Source string
	// Name is how errors name it (e.g. "steps/run-web.sh").
	Name string
	// File, when set, is the script's file relative to the work directory; it runs from there
	// (Source is ignored), so bash names the file and line of a syntax error.
	File string
	// Missing is true when the step has no script at all (a submission without it).
	Missing bool
}

// Options configure an attempt.
type Options struct {
	Lab *lab.Lab
	// Env is connected to the cluster; the attempt sets its Since to the attempt's start.
	Env *checks.Env
	// RequireFailBefore checks each step before its script and fails the step if it already
	// passes (labs test).
	RequireFailBefore bool
	// ScriptFor returns the script of a step.
	ScriptFor func(*lab.Step) Script
	// Dir is the scripts' working directory; Environ their environment.
	Dir     string
	Environ []string
	// DirName, when set, is how reasons and script output name Dir: labs grade runs the
	// scripts in a copy of the student's submission, and names the submission instead, so a
	// missing file reads as the student knows it.
	DirName string
	// StepTimeout bounds each script (default DefaultStepTimeout).
	StepTimeout time.Duration
	// OnStep, when set, is called after each step with its result (live output).
	OnStep func(StepResult)

	// Answers are the answers to the lab's question steps, by step id (labs grade: the
	// submission's answers file, named by AnswersFile in the reason of a missing answer).
	Answers     map[string]string
	AnswersFile string
	// AnswersErr, when set, is why the answers file could not be read: every question step
	// fails with it.
	AnswersErr string
	// AnswerFromScript answers a question step that Answers does not with the last non-empty
	// line its script printed on stdout (labs test: questions are answered from the solution;
	// labs grade: a submission's step script may print its answer too).
	AnswerFromScript bool
}

// StepResult is the outcome of one step.
type StepResult struct {
	Step  string
	Title string
	// Points is the step's weight (1 unless the lab says otherwise).
	Points int
	Passed bool
	// Reason says why the step failed, for the learner.
	Reason string
	// FailedBefore is the reason the check gave before the script ran (test mode).
	FailedBefore string
	// Answer is the answer a question step was checked with ("" none).
	Answer string
	// Script is how the step's script ended; nil when there was none.
	Script *script.Result
	// CheckTime is how long the checks after the script took.
	CheckTime time.Duration
	Duration  time.Duration
}

// Result is a whole attempt.
type Result struct {
	Lab      string
	Started  time.Time
	Duration time.Duration
	Steps    []StepResult
}

// Score is the passed points and the total.
func (r *Result) Score() (passed, total int) {
	for _, s := range r.Steps {
		total += s.Points
		if s.Passed {
			passed += s.Points
		}
	}
	return passed, total
}

// Failed is how many steps failed.
func (r *Result) Failed() int {
	n := 0
	for _, s := range r.Steps {
		if !s.Passed {
			n++
		}
	}
	return n
}

// Run runs every step of the lab in order. Its error is for what stops the attempt itself
// (the checks cannot run, ctx ends); a step that fails is a StepResult.
func Run(ctx context.Context, o Options) (*Result, error) {
	res := &Result{Lab: o.Lab.ID, Started: time.Now()}
	timeout := o.StepTimeout
	if timeout <= 0 {
		timeout = DefaultStepTimeout
	}
	// The attempt's window: evidence from before it does not count. Audit timestamps have
	// microsecond precision; a second's margin back would let earlier requests in.
	base := *o.Env
	base.Since = res.Started
	base.Lab, base.Questions = o.Lab.ID, o.Lab.Questions()
	// The answers given so far: a question step is checked before its script without its own.
	base.Answers = map[string]string{}
	if o.DirName != "" && base.WorkDirName == "" {
		base.WorkDirName = o.DirName
	}
	loc := i18n.New(base.Lang)
	for i := range o.Lab.Steps {
		st := &o.Lab.Steps[i]
		sr := StepResult{Step: st.ID, Title: st.Title.Get(base.Lang), Points: 1}
		start := time.Now()
		// As the walkthrough does when a step starts: the files it hands the learner.
		if err := provideFiles(o.Dir, st); err != nil {
			return res, err
		}
		if o.RequireFailBefore {
			before := base
			before.NoWait = true
			r, err := checkOne(ctx, &before, o.Lab, st.ID)
			if err != nil {
				return res, err
			}
			if r.Passed {
				sr.Reason = loc.T("the step's checks pass before its solution ran: they cannot tell whether the learner did anything")
				sr.Duration = time.Since(start)
				res.Steps = append(res.Steps, sr)
				o.notify(sr)
				continue
			}
			sr.FailedBefore = r.Reason
		}
		sc := o.ScriptFor(st)
		if sc.Missing {
			sr.Reason = loc.T("no script for this step (%s)", sc.Name)
		} else if sc.Source != "" || sc.File != "" {
			out, err := script.Run(ctx, script.Options{
				Script: sc.Source, File: sc.File, Name: sc.Name, Dir: o.Dir, Env: o.Environ, Timeout: timeout,
			})
			if err != nil {
				return res, err
			}
			sr.Script = &out
			switch {
			case out.TimedOut:
				sr.Reason = loc.T("%s was stopped after %s (it did not finish in time; does it wait for input or run something in the foreground that never ends?)", sc.Name, timeout)
			case out.ExitCode != 0:
				sr.Reason = loc.T("%s exited with status %d", sc.Name, out.ExitCode)
			}
		}
		if st.Question != nil && sr.Reason == "" {
			sr.Answer, sr.Reason = o.answer(st, sr.Script, sc.Name, loc)
			if sr.Answer != "" {
				base.Answers[st.ID] = sr.Answer
			}
		}
		if sr.Reason == "" {
			checkStart := time.Now()
			r, err := checkOne(ctx, &base, o.Lab, st.ID)
			if err != nil {
				return res, err
			}
			sr.CheckTime = time.Since(checkStart)
			sr.Passed, sr.Reason = r.Passed, r.Reason
		}
		sr.Duration = time.Since(start)
		o.rename(&sr)
		res.Steps = append(res.Steps, sr)
		o.notify(sr)
	}
	res.Duration = time.Since(res.Started)
	return res, nil
}

// answer is the answer of question step st: from its script's stdout or from Answers; else
// the reason it has none.
func (o Options) answer(st *lab.Step, out *script.Result, name string, loc i18n.Localizer) (answer, reason string) {
	if o.AnswersErr != "" {
		return "", o.AnswersErr
	}
	answer = o.Answers[st.ID]
	if answer == "" && o.AnswerFromScript && out != nil {
		answer = LastLine(out.Stdout)
	}
	answer = st.Question.Resolve(answer)
	switch {
	case answer != "":
		return answer, ""
	case o.AnswersFile != "":
		return "", loc.T("no answer to this question in %[1]s: add a line `%[2]s: your answer`", o.AnswersFile, st.ID)
	case o.AnswerFromScript:
		return "", loc.T("%s printed no answer: a question step's script prints its answer on stdout (e.g. `echo SIGTERM`)", name)
	}
	return "", ""
}

// LastLine is the last non-empty line of out, trimmed: the answer a script printed.
func LastLine(out string) string {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return ""
}

// rename names Dir as DirName in what a step's result says: the script's output (a student's
// `cat "$PWD/web2.yaml"` fails naming the copy) and the reasons.
func (o Options) rename(sr *StepResult) {
	if o.DirName == "" || o.Dir == "" || o.DirName == o.Dir {
		return
	}
	sr.Reason = strings.ReplaceAll(sr.Reason, o.Dir, o.DirName)
	sr.FailedBefore = strings.ReplaceAll(sr.FailedBefore, o.Dir, o.DirName)
	if sr.Script != nil {
		out := *sr.Script
		out.Output = strings.ReplaceAll(out.Output, o.Dir, o.DirName)
		sr.Script = &out
	}
}

func (o Options) notify(sr StepResult) {
	if o.OnStep != nil {
		o.OnStep(sr)
	}
}

func checkOne(ctx context.Context, env *checks.Env, l *lab.Lab, step string) (checks.Result, error) {
	rs, err := checks.Run(ctx, env, l.FeaturePath, l.Feature, []string{step})
	if err != nil {
		return checks.Result{}, fmt.Errorf("checking step %s of lab %s: %w", step, l.ID, err)
	}
	return rs[0], nil
}

// provideFiles writes the step's files into dir, keeping any that already exist there.
func provideFiles(dir string, st *lab.Step) error {
	if dir == "" {
		return nil
	}
	for _, f := range st.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("providing %s of step %s: %w", f.Path, st.ID, err)
		}
		if err := os.WriteFile(p, []byte(f.Content), 0o644); err != nil {
			return fmt.Errorf("providing %s of step %s: %w", f.Path, st.ID, err)
		}
	}
	return nil
}
