// Package runner is how a lab is run against a cluster for a learner: an attempt at the lab is
// begun or resumed (its evidence window, the lab's kubeconfig context, kubectl's cache), the
// steps to check are chosen, and they are checked with the learner's answers in the attempt's
// window; progress made on another cluster is checked again. `labs start` and `labs check`
// call it; the CLI only parses flags and renders.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/report"
)

// Runner runs labs on one cluster for one learner.
type Runner struct {
	// StateDir holds the learner's progress and kubectl's cache.
	StateDir string
	// Env is connected to the cluster; the runner sets its per-attempt fields (Since,
	// StepSince, Answers, WorkDir from the progress).
	Env *checks.Env
	// Cluster is the provider's name, as reports name it.
	Cluster string
	Loc     i18n.Localizer
}

// UsageError is a mistake in what the runner was asked (a step the lab does not have, an
// answers file that cannot be read): the CLI exits with its usage code.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ClusterID is the identity of the cluster env talks to, the kube-system namespace's UID (a
// deleted and re-created cluster has a new one); "" when it cannot be read.
func ClusterID(ctx context.Context, env *checks.Env) string {
	ns, err := env.Client.CoreV1().Namespaces().Get(ctx, "kube-system", metav1.GetOptions{})
	if err != nil {
		return ""
	}
	return string(ns.UID)
}

// establishContext starts the lab's own context afresh (labctx.Begin: in the namespace its
// scenario's context: declares, else default), saying so on out.
func (r *Runner) establishContext(l *lab.Lab, out io.Writer) error {
	msg, err := labctx.Begin(r.Env.Kubeconfig, l, r.Loc)
	if msg != "" {
		fmt.Fprintln(out, msg)
	}
	return err
}

// newAttempt begins a new attempt in prog, whose lock the caller holds and which it saves: the
// evidence window and kubectl's cache start over (progress.Progress.Begin), and the learner's
// kubeconfig is set to the context the lab starts from.
func (r *Runner) newAttempt(prog *progress.Progress, l *lab.Lab, out io.Writer) error {
	if err := prog.Begin(r.StateDir, "", time.Now()); err != nil {
		return err
	}
	return r.establishContext(l, out)
}

// Begin readies the learner's progress for a walkthrough (labs start): it records where they
// work (r.Env.WorkDir) and which labs directory and cluster the lab is on, begins the first
// attempt, and, when the progress was made on another cluster, asks whether to start over or
// re-check the steps done. ask asks a one-key question (true: start over); nil when there is no
// terminal to ask on, and the steps are re-checked. What it says goes to out.
func (r *Runner) Begin(ctx context.Context, l *lab.Lab, labsDir string, out io.Writer, ask func(question string) bool) error {
	loc := r.Loc
	id := ClusterID(ctx, r.Env)
	release, err := progress.Lock(r.StateDir, l.Key())
	if errors.Is(err, progress.ErrBusy) {
		return loc.Err("lab %[1]s already runs in another terminal: quit it there (q) first", l.ID)
	}
	if err != nil {
		return err
	}
	// The walkthrough takes the lock itself: hand it over.
	defer release()
	prog, err := progress.Load(r.StateDir, l.Key())
	if err != nil {
		return err
	}
	if prog.OtherCluster(id) && (len(prog.Done) > 0 || len(prog.Skipped) > 0) {
		fmt.Fprintln(out, loc.T("Your progress in lab %s was made on another cluster (it was deleted and created anew since): what the earlier steps created is gone.", l.ID))
		startOver := false
		if ask != nil {
			startOver = ask(loc.T("[s] start over, [r] re-check the steps you did (keep those that still pass)? "))
		} else {
			fmt.Fprintln(out, loc.T("Not a terminal: re-checking the steps you did."))
		}
		if startOver {
			if err := r.newAttempt(prog, l, out); err != nil {
				return err
			}
			fmt.Fprintln(out, loc.T("Starting over: a new attempt begins now."))
		} else if err := r.Recheck(ctx, l, prog, out); err != nil {
			return err
		}
	}
	if id != "" {
		prog.Cluster = id
	}
	if prog.Window().IsZero() {
		if err := r.newAttempt(prog, l, out); err != nil {
			return err
		}
	}
	if prog.Started.IsZero() {
		prog.Started = prog.Window()
	}
	prog.WorkDir = r.Env.WorkDir
	prog.LabsDir = ""
	if labsDir != "" {
		if prog.LabsDir, err = filepath.Abs(labsDir); err != nil {
			return err
		}
	}
	return prog.Save(r.StateDir)
}

// Recheck runs the checks of the steps prog says are done, once, and keeps only those that
// pass; the current step becomes the first one left. It says on out what is to do again.
func (r *Runner) Recheck(ctx context.Context, l *lab.Lab, prog *progress.Progress, out io.Writer) error {
	loc := r.Loc
	var ids []string
	for _, s := range l.Steps {
		if _, ok := prog.Done[s.ID]; ok {
			ids = append(ids, s.ID)
		}
	}
	e := *r.Env
	e.NoWait = true
	e.Since = prog.Window()
	// Questions answered in that attempt keep their answers.
	answers, err := progress.LoadAnswers(r.StateDir, l.Key(), prog.Window())
	if err != nil {
		return err
	}
	e.Answers, e.Lab, e.Questions = answers, l.ID, l.Questions()
	results, err := checks.Run(ctx, &e, l.FeaturePath, l.Feature, ids)
	if err != nil {
		return err
	}
	kept := 0
	for _, res := range results {
		if res.Passed {
			kept++
			continue
		}
		delete(prog.Done, res.Step)
		fmt.Fprintln(out, loc.T("  %[1]s is to do again: %[2]s", l.Step(res.Step).Title.Get(r.Env.Lang), res.Reason))
	}
	prog.Skipped = map[string]bool{}
	prog.Current = ""
	prog.Completed = time.Time{}
	fmt.Fprintln(out, loc.T("%[1]d of the %[2]d steps you did still pass.", kept, len(ids)))
	return nil
}

// Resume points r.Env at the lab's attempt (labs check): its evidence window, the steps'
// windows and its work directory. With no attempt yet it begins one now (said on out);
// progress made on another cluster is warned about.
func (r *Runner) Resume(ctx context.Context, l *lab.Lab, out io.Writer) error {
	loc := r.Loc
	prog, err := progress.Load(r.StateDir, l.Key())
	if err != nil {
		return err
	}
	id := ClusterID(ctx, r.Env)
	if prog.Window().IsZero() {
		if prog, err = progress.BeginAttempt(r.StateDir, l.Key(), id, time.Now()); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("No attempt at lab %[1]s yet: one begins now, and only what you do from now on counts as evidence.", l.ID))
		if err := r.establishContext(l, out); err != nil {
			return err
		}
	} else if prog.OtherCluster(id) {
		fmt.Fprintln(out, loc.T("Warning: your progress in lab %[1]s was made on another cluster; %[2]s offers to start over or re-check the steps you did.", l.ID, prog.Command("start")))
	}
	if err := labctx.Ensure(r.Env.Kubeconfig, labctx.Declared(l)); err != nil {
		return err
	}
	r.Env.Since = prog.Window()
	r.Env.StepSince = prog.StepWindows(l)
	if prog.WorkDir != "" {
		r.Env.WorkDir = prog.WorkDir
	}
	return nil
}

// Answers gives r.Env the learner's answers to l's questions: those saved in the attempt
// (labs answer, the walkthrough), and over them those of file (YAML, step-id: answer), when
// given. A file that cannot be read or parsed is a *UsageError.
func (r *Runner) Answers(l *lab.Lab, file string) error {
	prog, err := progress.Load(r.StateDir, l.Key())
	if err != nil {
		return err
	}
	answers, err := progress.LoadAnswers(r.StateDir, l.Key(), prog.Window())
	if err != nil {
		return err
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return &UsageError{r.Loc.Err("--answers: %v", err)}
		}
		fromFile, err := lab.ParseAnswers(l, file, data)
		if err != nil {
			return &UsageError{err}
		}
		for k, v := range fromFile {
			answers[k] = v
		}
	}
	r.Env.Answers, r.Env.Lab, r.Env.Questions = answers, l.ID, l.Questions()
	return nil
}

// SelectSteps are the ids of the steps to check: step alone when given (a *UsageError when l
// has no such step), else every step of l in order.
func SelectSteps(loc i18n.Localizer, l *lab.Lab, step string) ([]string, error) {
	all := make([]string, 0, len(l.Steps))
	for _, s := range l.Steps {
		all = append(all, s.ID)
	}
	if step == "" {
		return all, nil
	}
	if l.Step(step) == nil {
		return nil, &UsageError{loc.Err("lab %[1]s has no step %[2]q (steps: %[3]s)", l.ID, step, strings.Join(all, ", "))}
	}
	return []string{step}, nil
}

// Check checks the steps ids of l once, in r.Env's attempt (see Resume and Answers), into a
// report (kind "check"). With each set, every step is checked on its own and passed to each
// as soon as it is decided: a step that waits (within 30s) does not keep the others from the
// screen.
func (r *Runner) Check(ctx context.Context, l *lab.Lab, ids []string, each func(report.Step) error) (*report.Report, error) {
	start := time.Now()
	rep := &report.Report{Kind: "check", Lab: l.ID, Title: l.Title.Get(r.Env.Lang), Cluster: r.Cluster, Started: start.UTC()}
	batches := [][]string{ids}
	if each != nil {
		batches = batches[:0]
		for _, id := range ids {
			batches = append(batches, []string{id})
		}
	}
	for _, batch := range batches {
		results, err := checks.Run(ctx, r.Env, l.FeaturePath, l.Feature, batch)
		if err != nil {
			return nil, err
		}
		for _, res := range results {
			st := l.Step(res.Step)
			s := report.Step{ID: res.Step, Title: st.Title.Get(r.Env.Lang), Status: report.Fail, Points: st.Points, Reason: res.Reason}
			if res.Passed {
				s.Status = report.Pass
			}
			if each != nil {
				if err := each(s); err != nil {
					return nil, err
				}
			}
			rep.Steps = append(rep.Steps, s)
		}
	}
	rep.DurationSeconds = time.Since(start).Seconds()
	rep.Finish()
	return rep, nil
}

// Window is the start of the learner's attempt at l, for an answer saved outside a
// walkthrough (labs answer): with no attempt yet it begins one now, said on out, without a
// cluster to record or a context to set.
func Window(stateDir string, l *lab.Lab, loc i18n.Localizer, out io.Writer) (time.Time, error) {
	prog, err := progress.Load(stateDir, l.Key())
	if err != nil {
		return time.Time{}, err
	}
	if w := prog.Window(); !w.IsZero() {
		return w, nil
	}
	if prog, err = progress.BeginAttempt(stateDir, l.Key(), "", time.Now()); err != nil {
		return time.Time{}, err
	}
	fmt.Fprintln(out, loc.T("No attempt at lab %[1]s yet: one begins now, and only what you do from now on counts as evidence.", l.ID))
	return prog.Window(), nil
}

// CheckOptions are what `labs check` asks of one check of a lab.
type CheckOptions struct {
	// Steps are the ids to check (SelectSteps).
	Steps []string
	// AnswersFile, when set, answers questions over the answers saved in the attempt.
	AnswersFile string
	// WorkDir, when set, is where the learner's files are, over the attempt's work directory.
	WorkDir string
	// Timeout is how long each check waits at most; MaxTimeout, when set, caps the steps that
	// say "within D" too.
	Timeout, MaxTimeout time.Duration
	// Notes gets what is said about the attempt (begun now, made on another cluster).
	Notes io.Writer
	// Each, when set, gets every step as soon as it is decided (see Check).
	Each func(report.Step) error
}

// CheckAttempt checks the steps of l once in the learner's attempt, begun now when there is
// none (Resume), with their answers (Answers), into a report.
func (r *Runner) CheckAttempt(ctx context.Context, l *lab.Lab, o CheckOptions) (*report.Report, error) {
	r.Env.Timeout = o.Timeout
	if o.MaxTimeout > 0 {
		r.Env.MaxTimeout = o.MaxTimeout
	}
	if err := r.Resume(ctx, l, o.Notes); err != nil {
		return nil, err
	}
	if err := r.Answers(l, o.AnswersFile); err != nil {
		return nil, err
	}
	if o.WorkDir != "" {
		dir, err := filepath.Abs(o.WorkDir)
		if err != nil {
			return nil, err
		}
		r.Env.WorkDir = dir
	}
	return r.Check(ctx, l, o.Steps, o.Each)
}
