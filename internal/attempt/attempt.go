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
	// RunScript, when set, runs the step scripts instead of script.Run (labs grade: in a
	// sandbox, then cleaning up what the script left).
	RunScript func(context.Context, script.Options) (script.Result, error)

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

	// Variants runs each step's declared mistakes and alternatives (labs test): from the state
	// before the step, a mistake must leave the step red (its reason containing the mistake's
	// reason, when given) and an alternative must pass; each is then undone, and the solution
	// runs last.
	Variants bool
	// VariantTimeout caps every wait of a mistake's check (a mistake is judged red once the
	// cap has passed, or the step's own wait, whichever is shorter); default
	// DefaultVariantTimeout.
	VariantTimeout time.Duration
}

// DefaultVariantTimeout caps the waits of a mistake's check: long enough for what a wrong
// command sets in motion (a Pod starting: ~0.5 s here; a mirror Pod coming back: 2–21 ms) to show, short enough that
// a course with a hundred mistakes (each waits this long to be judged red) is tested in minutes.
const DefaultVariantTimeout = 2 * time.Second

// Variant kinds.
const (
	Mistake     = "mistake"
	Alternative = "alternative"
)

// VariantResult is the outcome of one declared mistake or alternative of a step.
type VariantResult struct {
	// Kind is Mistake or Alternative; N its 1-based position in the step's list.
	Kind string
	N    int
	// What is the variant's description in the run's language.
	What string
	// Passed is true when the variant behaved as declared: a mistake left the step red (with
	// the declared reason), an alternative passed it.
	Passed bool
	// Reason says why it did not behave as declared ("" when it did).
	Reason string
	// Verdict is the step's own reason after the variant ran ("" when the step passed).
	Verdict  string
	Script   *script.Result
	Duration time.Duration
}

// ID is the variant's id in reports: "<step>/mistake-1", "<step>/alternative-2".
func (v VariantResult) ID(step string) string { return fmt.Sprintf("%s/%s-%d", step, v.Kind, v.N) }

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
	// Variants are the step's declared mistakes and alternatives, run before its solution
	// (Options.Variants).
	Variants []VariantResult
}

// VariantsFailed is how many variants of the step did not behave as declared.
func (s StepResult) VariantsFailed() int {
	n := 0
	for _, v := range s.Variants {
		if !v.Passed {
			n++
		}
	}
	return n
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

// VariantsFailed is how many declared mistakes and alternatives did not behave as declared.
func (r *Result) VariantsFailed() int {
	n := 0
	for _, s := range r.Steps {
		n += s.VariantsFailed()
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
	// Step-scoped evidence: what a step is checked by counts from when it became current (its
	// solution's or variant's script start, below), so a later step never passes on an
	// earlier step's requests.
	base.StepSince = map[string]time.Time{}
	// lastScript is when the latest script began: a step without a script of its own (labs
	// grade with one run.sh for the whole lab) is checked on the evidence since then.
	lastScript := res.Started
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
		base.StepSince[st.ID] = start
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
		if o.Variants {
			vs, err := o.runVariants(ctx, &base, st, timeout, loc)
			if err != nil {
				return res, err
			}
			sr.Variants = vs
		}
		if o.Variants {
			// The solution starts from the state before the step, kubectl's cache included: a
			// variant's kubectl explain must not leave the schema the solution's should fetch.
			if err := emptyKubectlCache(o.Environ); err != nil {
				return res, err
			}
		}
		sc := o.ScriptFor(st)
		if sc.Source != "" || sc.File != "" {
			lastScript = time.Now()
		}
		base.StepSince[st.ID] = lastScript
		if sc.Missing {
			sr.Reason = loc.T("no script for this step (%s)", sc.Name)
		} else if sc.Source != "" || sc.File != "" {
			run := script.Run
			if o.RunScript != nil {
				run = o.RunScript
			}
			out, err := run(ctx, script.Options{
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

// runVariants runs the declared mistakes, then the alternatives, of step st, each from the
// state before the step (the previous one's undo put it back), each in an evidence window of
// its own.
func (o Options) runVariants(ctx context.Context, base *checks.Env, st *lab.Step, timeout time.Duration, loc i18n.Localizer) ([]VariantResult, error) {
	type variant struct {
		kind                 string
		what                 lab.Text
		script, reason, undo string
	}
	var vs []variant
	for _, m := range st.Mistakes {
		vs = append(vs, variant{Mistake, m.What, m.Script, m.Reason, m.Undo})
	}
	for _, a := range st.Alternatives {
		vs = append(vs, variant{Alternative, a.What, a.Script, "", a.Undo})
	}
	capWait := o.VariantTimeout
	if capWait <= 0 {
		capWait = DefaultVariantTimeout
	}
	var out []VariantResult
	n := map[string]int{}
	for _, v := range vs {
		n[v.kind]++
		vr := VariantResult{Kind: v.kind, N: n[v.kind], What: v.what.Get(base.Lang)}
		start := time.Now()
		env := *base
		env.StepSince = map[string]time.Time{}
		for k, t := range base.StepSince {
			env.StepSince[k] = t
		}
		env.StepSince[st.ID] = start
		name := fmt.Sprintf("%s %s %d", st.ID, v.kind, vr.N)
		if err := emptyKubectlCache(o.Environ); err != nil {
			return out, err
		}
		res, err := script.Run(ctx, script.Options{Script: v.script, Name: name, Dir: o.Dir, Env: o.Environ, Timeout: timeout})
		if err != nil {
			return out, err
		}
		vr.Script = &res
		// A mistake may fail as a command (kubectl refuses it): what counts is the step.
		if res.TimedOut {
			vr.Reason = loc.T("%s was stopped after %s (it did not finish in time; does it wait for input or run something in the foreground that never ends?)", name, timeout)
		} else {
			if st.Question != nil {
				env.Answers = map[string]string{}
				for k, a := range base.Answers {
					env.Answers[k] = a
				}
				if a := st.Question.Resolve(LastLine(res.Stdout)); a != "" {
					env.Answers[st.ID] = a
				}
			}
			if v.kind == Mistake && (env.MaxTimeout == 0 || env.MaxTimeout > capWait) {
				env.MaxTimeout = capWait
			}
			r, err := checkOne(ctx, &env, o.Lab, st.ID)
			if err != nil {
				return out, err
			}
			vr.Verdict = r.Reason
			switch {
			case v.kind == Mistake && r.Passed:
				vr.Reason = loc.T("the step passes after this mistake: its checks cannot tell it from the solution")
			case v.kind == Mistake && v.reason != "" && !strings.Contains(r.Reason, v.reason):
				vr.Reason = loc.T("the step stays red, but its reason does not contain \"%s\": %s", v.reason, r.Reason)
			case v.kind == Alternative && !r.Passed:
				vr.Reason = loc.T("the step does not pass after this alternative: %s", r.Reason)
				if res.ExitCode != 0 {
					vr.Reason = loc.T("%s exited with status %d", name, res.ExitCode)
				}
			}
		}
		if strings.TrimSpace(v.undo) != "" {
			undoName := name + " undo"
			u, err := script.Run(ctx, script.Options{Script: v.undo, Name: undoName, Dir: o.Dir, Env: o.Environ, Timeout: timeout})
			if err != nil {
				return out, err
			}
			if !u.Passed() && vr.Reason == "" {
				vr.Reason = loc.T("its undo (%s) exited with status %d: the state before the step may not be back", undoName, u.ExitCode)
				vr.Script = &u
			}
		}
		vr.Passed = vr.Reason == ""
		vr.Duration = time.Since(start)
		out = append(out, vr)
	}
	return out, nil
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

// emptyKubectlCache empties the kubectl cache the scripts of environ use (KUBECACHEDIR, which
// labs test sets to a directory of the run's own), so each variant and the solution of a step
// start without what another one's kubectl cached (an OpenAPI document kubectl explain would
// otherwise not request again). Without KUBECACHEDIR there is nothing of labs' own to empty.
func emptyKubectlCache(environ []string) error {
	dir := ""
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "KUBECACHEDIR="); ok {
			dir = v
		}
	}
	if dir == "" {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("emptying the scripts' kubectl cache: %w", err)
	}
	return nil
}
