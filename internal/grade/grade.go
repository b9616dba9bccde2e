// Package grade is `labs grade`: a student's submission graded on a fresh cluster of its own,
// its scripts in a sandbox (internal/sandbox) that can neither forge the evidence or the score
// nor reach the grader, other students or the reports; one submission never breaks the run
// for the others; class mode in parallel and in shards.
package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/labs-dev/labs/internal/attempt"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/sandbox"
	"github.com/labs-dev/labs/internal/script"
)

// Cluster is a fresh cluster for one submission.
type Cluster struct {
	// Provider is its provider's name ("embedded").
	Provider string
	Env      *checks.Env
	// StateDir is a throwaway embedded cluster's state directory ("" for an existing cluster):
	// scripts see a view of it (the nodes' static pod directories) for `labs cluster status`.
	StateDir string
	// Delete removes the cluster (nil: nothing to remove).
	Delete func(context.Context) error
}

// Options configure a grading run.
type Options struct {
	Lab         *lab.Lab
	Submissions []Submission
	StepTimeout time.Duration
	Lang        i18n.Lang
	// Out gets each student's text report as it finishes; Err the progress lines.
	Out, Err io.Writer
	Reports  Reports
	// Getenv reads the grader's environment ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY);
	// Environ is the grader's whole environment, of which scripts get an allow-list only.
	Getenv  func(string) string
	Environ []string
	// Exe is the labs binary (scripts' kubectl and labs).
	Exe string
	// TempDir holds the scratch directories (default os.TempDir()).
	TempDir string
	// NewCluster starts a fresh cluster with its state in stateDir (when it makes one there).
	NewCluster func(ctx context.Context, stateDir string) (*Cluster, error)
	// DeleteStale removes the embedded cluster a killed grader left in stateDir.
	DeleteStale func(ctx context.Context, stateDir string) error
	// Parallel grades this many students at once, each on its own cluster (<= 0: DefaultParallel).
	Parallel int
	// Shard, Shards: grade only the submissions i of the class with i % Shards == Shard-1.
	Shard, Shards int
	// Mode forces a sandbox mode (tests; "" finds the strongest available).
	Mode sandbox.Mode
}

// Fault is a failure of the grader itself, not of a submission (exit 2).
type Fault struct{ Err error }

func (e *Fault) Error() string { return e.Err.Error() }
func (e *Fault) Unwrap() error { return e.Err }

// ErrFailed is returned (wrapped) when some step of some submission fails (exit 1).
var ErrFailed = errors.New("failing steps")

// maxOutput is how much a step's script may print before it is stopped.
const maxOutput = 64 << 20

// sandboxBaseUID is the first of the dedicated host uids scripts run as when the grader is
// root (one per concurrent student, so their process limits are their own).
const sandboxBaseUID = 1_873_400_000

// DefaultParallel is how many students to grade at once: a core and ~1.5 GiB each.
func DefaultParallel() int {
	n := runtime.NumCPU() / 2
	if mem := availableMemory(); mem > 0 {
		if byMem := int(mem / (3 << 29)); byMem < n {
			n = byMem
		}
	}
	return max(n, 1)
}

func availableMemory() uint64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kb uint64
		if _, err := fmt.Sscanf(line, "MemAvailable: %d kB", &kb); err == nil {
			return kb << 10
		}
	}
	return 0
}

// Run grades the submissions and writes the reports: each student's as it finishes (class
// mode), $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY at the end, after every script has ended.
// When ctx ends (SIGTERM, SIGINT) the reports so far are written and everything is cleaned up.
func Run(ctx context.Context, o Options) error {
	loc := i18n.New(o.Lang)
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	removeStale(ctx, o.TempDir, o.DeleteStale)
	subs := o.Submissions
	if o.Shards > 1 {
		var mine []Submission
		for i, s := range subs {
			if i%o.Shards == o.Shard-1 {
				mine = append(mine, s)
			}
		}
		subs = mine
		fmt.Fprintln(o.Err, loc.T("Shard %d/%d: %d of %d submissions", o.Shard, o.Shards, len(subs), len(o.Submissions)))
	}
	mode, note := o.Mode, ""
	if mode != "" {
		note = "chosen by the grader (LABS_SANDBOX)"
	} else {
		var err error
		if mode, note, err = probe(o); err != nil {
			return &Fault{err}
		}
	}
	if note != "" {
		fmt.Fprintln(o.Err, loc.T("Sandbox: %s (%s)", mode, note))
	}
	parallel := o.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel()
	}
	parallel = min(parallel, max(len(subs), 1))

	w := &writer{o: o, loc: loc, reports: make([]*report.Report, len(subs)), class: len(o.Submissions) > 1}
	var faults []error
	var mu sync.Mutex
	work := make(chan int)
	var wg sync.WaitGroup
	for slot := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				rep, err := gradeOne(ctx, o, subs[i], mode, note, slot)
				if err != nil && ctx.Err() == nil {
					mu.Lock()
					faults = append(faults, fmt.Errorf("%s: %w", report.Clean(subs[i].Name), err))
					mu.Unlock()
				}
				if rep != nil {
					w.done(i, rep)
				}
			}
		}()
	}
	for i := range subs {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := w.final(); err != nil {
		return &Fault{err}
	}
	if ctx.Err() != nil {
		return &Fault{fmt.Errorf("grading stopped: %w", ctx.Err())}
	}
	if len(faults) > 0 {
		return &Fault{errors.Join(faults...)}
	}
	failed, graded := 0, 0
	for _, r := range w.reports {
		if r == nil {
			continue
		}
		graded++
		if r.Failed() > 0 || r.Error != "" {
			failed++
		}
	}
	if failed > 0 {
		if graded == 1 {
			return fmt.Errorf("%s: %w", loc.T("%[1]d of %[2]d steps fail", w.reports[0].Failed(), len(w.reports[0].Steps)), ErrFailed)
		}
		return fmt.Errorf("%s: %w", loc.T("%d of %d submissions have failing steps", failed, graded), ErrFailed)
	}
	return nil
}

// probe finds the strongest sandbox this machine allows, on a scratch directory of its own.
func probe(o Options) (sandbox.Mode, string, error) {
	dir, err := os.MkdirTemp(o.TempDir, "labs-probe-")
	if err != nil {
		return "", "", fmt.Errorf("probing the sandbox: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := os.Mkdir(filepath.Join(dir, "root"), 0o755); err != nil {
		return "", "", fmt.Errorf("probing the sandbox: %w", err)
	}
	mode, note := sandbox.Probe(sandbox.Spec{Exe: o.Exe, BinDir: "/run/labs/bin", Root: filepath.Join(dir, "root"), Home: "/home/student", UID: sandboxBaseUID})
	return mode, note, nil
}

// gradeOne grades one submission on a fresh cluster of its own, in a scratch directory
// removed afterwards. A failure of the grader is the error, with a report saying so.
func gradeOne(ctx context.Context, o Options, sub Submission, mode sandbox.Mode, note string, slot int) (*report.Report, error) {
	loc := i18n.New(o.Lang)
	started := time.Now()
	fail := func(err error) (*report.Report, error) {
		r := &report.Report{Kind: "grade", Lab: o.Lab.ID, Title: o.Lab.Title.Get(o.Lang), Student: sub.Name,
			Started: started.UTC(), Error: err.Error(), Isolation: string(mode), IsolationNote: note}
		for _, st := range o.Lab.Steps {
			r.Steps = append(r.Steps, report.Step{ID: st.ID, Title: st.Title.Get(o.Lang), Status: report.Error, Points: st.Points,
				Reason: loc.T("not graded: %s", err)})
		}
		r.DurationSeconds = time.Since(started).Seconds()
		r.Finish()
		return r, err
	}
	sc, err := newScratch(o.TempDir)
	if err != nil {
		return fail(err)
	}
	defer sc.remove()
	fmt.Fprintln(o.Err, loc.T("Starting a fresh cluster for %s ...", report.Clean(sub.Name)))
	cl, err := o.NewCluster(ctx, sc.state())
	if cl != nil && cl.Delete != nil {
		defer func() { _ = cl.Delete(context.WithoutCancel(ctx)) }()
	}
	if err != nil {
		return fail(fmt.Errorf("starting a cluster: %w", err))
	}
	run := sc.run()
	work, kc, cache := filepath.Join(run, "work"), filepath.Join(run, "kubeconfig"), filepath.Join(run, "kubecache")
	warnings, err := copySubmission(sub.Dir, work, loc)
	if err != nil {
		return fail(err)
	}
	if err := provideAll(o.Lab, work); err != nil {
		warnings = append(warnings, strings.ReplaceAll(err.Error(), work, sub.Dir))
	}
	if err := copyFile0600(cl.Env.Kubeconfig, kc); err != nil {
		return fail(err)
	}
	// The attempt begins from the context the lab declares (its scenario's context:).
	if _, err := labctx.Establish(kc, o.Lab, loc); err != nil {
		return fail(err)
	}
	if err := os.Mkdir(cache, 0o700); err != nil {
		return fail(err)
	}
	uid := sandboxBaseUID + slot
	spec, env, err := sandboxFor(o, sc, cl, mode, uid)
	if err != nil {
		return fail(err)
	}
	if mode != sandbox.ProcessGroup && os.Geteuid() == 0 {
		// The script runs as uid: it owns its copy and nothing else.
		if err := chownTree(run, uid); err != nil {
			return fail(err)
		}
	}
	cenv := *cl.Env
	cenv.Kubeconfig, cenv.WorkDir = kc, work
	_, wholeErr := os.Lstat(filepath.Join(work, RunAll))
	_, stepsErr := os.Lstat(filepath.Join(work, StepsDir))
	whole := wholeErr == nil && stepsErr != nil
	first := true
	var parts map[string]string
	if whole {
		parts = splitRunAll(work)
	}
	answers, answersErr, answerWarnings := readAnswers(o.Lab, work, loc)
	warnings = append(warnings, answerWarnings...)
	res, err := attempt.Run(ctx, attempt.Options{
		Lab: o.Lab, Env: &cenv, Dir: work, DirName: sub.Dir, StepTimeout: o.StepTimeout,
		Environ: env.vars,
		Answers: answers, AnswersFile: AnswersFile, AnswersErr: answersErr, AnswerFromScript: true,
		ScriptFor: func(st *lab.Step) attempt.Script {
			if whole && parts != nil {
				// run.sh in parts: each step's part runs before that step is checked.
				src, ok := parts[st.ID]
				if !ok {
					return attempt.Script{}
				}
				return attempt.Script{Source: src, Name: RunAll + " (" + st.ID + ")"}
			}
			if whole {
				if !first {
					return attempt.Script{}
				}
				first = false
				return readScript(work, RunAll)
			}
			s := readScript(work, filepath.Join(StepsDir, st.ID+".sh"))
			if s.Missing && st.Question != nil && !o.Lab.HasActionChecks(st.ID, checks.Library{}) {
				return attempt.Script{} // answered in answers.yaml; a script is optional
			}
			return s
		},
		RunScript: func(ctx context.Context, so script.Options) (script.Result, error) {
			so.Sandbox, so.Mode, so.MaxOutput = spec, mode, maxOutput
			res, err := script.Run(ctx, so)
			if res.OutputLimit {
				res.Output += "\n" + loc.T("labs: stopped after printing more than %d MiB", maxOutput>>20)
			}
			// The checks read the copy next: no link of the script's may lead them out of it.
			for _, l := range confine(work) {
				warnings = append(warnings, loc.T("%s: a link out of the submission, removed before the checks", filepath.Join(sub.Dir, l)))
			}
			if err == nil && !res.Passed() && so.File != "" && hasCRLF(filepath.Join(work, so.File)) {
				res.Output += "\n" + loc.T("labs: %s has Windows line endings (CRLF): bash reads each line's \\r as part of the command; save it with LF line endings", so.File)
			}
			return res, err
		},
	})
	if err != nil {
		if res == nil || ctx.Err() == nil {
			return fail(err)
		}
	}
	rep := ToReport("grade", o.Lab, res, o.Lang)
	rep.Student, rep.Cluster = sub.Name, cl.Provider
	rep.Isolation, rep.IsolationNote = string(mode), note
	rep.Warnings = warnings
	if ctx.Err() != nil {
		rep.Error = loc.T("grading stopped before the end: %v", ctx.Err())
	}
	hide(rep, sc.dir, work, sub.Dir)
	rep.Finish()
	return rep, nil
}

// scriptEnv is a script's environment.
type scriptEnv struct{ vars []string }

// sandboxFor is what a submission's scripts see: its copy, kubeconfig and kubectl cache
// (writable), the labs binary, and of the throwaway cluster's state directory only what
// `labs cluster status` needs (read-only) and the nodes' static pod directories (writable).
func sandboxFor(o Options, sc scratch, cl *Cluster, mode sandbox.Mode, uid int) (*sandbox.Spec, scriptEnv, error) {
	run := sc.run()
	kc := filepath.Join(run, "kubeconfig")
	const binDir, home = "/run/labs/bin", "/home/student"
	vars := []string{"KUBECONFIG=" + kc, "KUBECACHEDIR=" + filepath.Join(run, "kubecache"), "USER=student", "LOGNAME=student"}
	if mode == sandbox.ProcessGroup {
		// No namespaces: the same allow-listed environment, with directories of its own.
		bin := filepath.Join(sc.dir, "bin")
		for _, d := range []string{bin, filepath.Join(run, "home"), filepath.Join(run, "tmp")} {
			if err := os.MkdirAll(d, 0o700); err != nil {
				return nil, scriptEnv{}, err
			}
		}
		for _, name := range []string{"kubectl", "labs"} {
			if err := os.Symlink(o.Exe, filepath.Join(bin, name)); err != nil {
				return nil, scriptEnv{}, fmt.Errorf("linking %s: %w", name, err)
			}
		}
		vars = append(vars, "PATH="+bin+":/usr/local/bin:/usr/bin:/bin", "HOME="+filepath.Join(run, "home"), "TMPDIR="+filepath.Join(run, "tmp"))
		if cl.StateDir != "" {
			vars = append(vars, "LABS_STATE_DIR="+cl.StateDir)
		}
		return nil, scriptEnv{vars: sandbox.Environ(o.Environ, vars...)}, nil
	}
	vars = append(vars, "PATH="+binDir+":/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin", "HOME="+home, "TMPDIR=/tmp")
	spec := &sandbox.Spec{Exe: o.Exe, BinDir: binDir, Root: sc.root(), Home: home, UID: uid,
		Binds:    []sandbox.Bind{{Src: run, Dst: run, Writable: true}},
		MaxProcs: 1024, MaxFileSize: 256 << 20, TmpSize: 256 << 20}
	if cl.StateDir != "" {
		l := clusterdir.New(cl.StateDir, "labs")
		vars = append(vars, "LABS_STATE_DIR="+cl.StateDir)
		// Copies, on the sandbox's own root: the originals are the grader's (0600).
		for _, p := range []string{l.Metadata(), l.Kubeconfig()} {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, scriptEnv{}, fmt.Errorf("the cluster's view for scripts: %w", err)
			}
			spec.Files = append(spec.Files, sandbox.File{Path: p, Content: data})
		}
		nodes, _ := os.ReadDir(l.Nodes())
		for _, n := range nodes {
			dir := l.StaticPods(n.Name())
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				continue
			}
			if os.Geteuid() == 0 {
				if err := os.Chown(dir, uid, uid); err != nil {
					return nil, scriptEnv{}, fmt.Errorf("static pod directory %s: %w", dir, err)
				}
			}
			spec.Binds = append(spec.Binds, sandbox.Bind{Src: dir, Dst: dir, Writable: true})
		}
		// The cluster's process is not in the sandbox's PID namespace: its pid file there
		// names init, alive as long as the script, so `labs cluster status` says running.
		spec.InitFiles = func(tick uint64) []sandbox.File {
			return []sandbox.File{{Path: l.PIDFile(), Content: fmt.Appendf(nil, `{"pid":1,"startTick":%d,"started":%q}`, tick, time.Now().UTC().Format(time.RFC3339Nano))}}
		}
	}
	return spec, scriptEnv{vars: sandbox.Environ(o.Environ, vars...)}, nil
}

// ToReport turns an attempt into a report.
func ToReport(kind string, l *lab.Lab, res *attempt.Result, lang i18n.Lang) *report.Report {
	r := &report.Report{Kind: kind, Lab: l.ID, Title: l.Title.Get(lang), Started: res.Started.UTC(), DurationSeconds: res.Duration.Seconds()}
	for _, sr := range res.Steps {
		s := report.Step{ID: sr.Step, Title: sr.Title, Status: report.Fail, Reason: sr.Reason, DurationSeconds: sr.Duration.Seconds()}
		if st := l.Step(sr.Step); st != nil {
			s.Points = st.Points
		}
		if sr.Passed {
			s.Status = report.Pass
		}
		if sr.Script != nil {
			s.Script = &report.Script{ExitCode: sr.Script.ExitCode, TimedOut: sr.Script.TimedOut}
			if !sr.Passed {
				s.Script.Output = sr.Script.Output
			}
			if sr.Script.TimedOut {
				s.Status = report.Error
			}
		}
		r.Steps = append(r.Steps, s)
		for _, v := range sr.Variants {
			vs := report.Step{ID: v.ID(sr.Step), Title: v.What, Status: report.Fail, Reason: v.Reason, DurationSeconds: v.Duration.Seconds(), Variant: v.Kind, Of: sr.Step}
			if v.Passed {
				vs.Status = report.Pass
			}
			if v.Script != nil {
				vs.Script = &report.Script{ExitCode: v.Script.ExitCode, TimedOut: v.Script.TimedOut}
				if !v.Passed {
					vs.Script.Output = v.Script.Output
				}
			}
			r.Steps = append(r.Steps, vs)
		}
	}
	// Steps the attempt did not reach (it was stopped) are errors.
	for _, st := range l.Steps[len(res.Steps):] {
		r.Steps = append(r.Steps, report.Step{ID: st.ID, Title: st.Title.Get(lang), Status: report.Error, Points: st.Points})
	}
	r.Finish()
	return r
}

// hide names the grader's scratch paths as the student knows them: the copy is the
// submission; anything else of the scratch directory is the grader's.
func hide(r *report.Report, scratchDir, work, subDir string) {
	rep := strings.NewReplacer(work, subDir, filepath.Join(scratchDir, "run", "kubeconfig"), "$KUBECONFIG", scratchDir, "<grader>")
	for i := range r.Steps {
		s := &r.Steps[i]
		s.Reason = rep.Replace(s.Reason)
		if s.Script != nil {
			s.Script.Output = rep.Replace(s.Script.Output)
		}
	}
	for i := range r.Warnings {
		r.Warnings[i] = rep.Replace(r.Warnings[i])
	}
	r.Error = rep.Replace(r.Error)
}

func hasCRLF(path string) bool {
	data, err := readRegular(path)
	return err == nil && strings.Contains(string(data), "\r\n")
}

func copyFile0600(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("copying the kubeconfig: %w", err)
	}
	return os.WriteFile(to, data, 0o600)
}

func chownTree(dir string, uid int) error {
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, uid)
	})
}

// sortedNames is the students' names in order.
func sortedNames(rs []*report.Report) []*report.Report {
	out := make([]*report.Report, 0, len(rs))
	for _, r := range rs {
		if r != nil {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Student < out[j].Student })
	return out
}

// StepMarker starts a step's part of run.sh: `# labs: step <id>` on a line of its own. With
// markers, each part runs just before its step is checked, so a later part that undoes an
// earlier step's work (deletes its Pod) does not fail that step. What comes before the first
// marker is prepended to every part (functions, variables); parts share no shell state else.
const StepMarker = "# labs: step "

// splitRunAll cuts run.sh into its steps' parts; nil when it has no markers.
func splitRunAll(work string) map[string]string {
	data, err := readRegular(filepath.Join(work, RunAll))
	if err != nil || !strings.Contains(string(data), StepMarker) {
		return nil
	}
	parts := map[string]string{}
	var prelude, cur strings.Builder
	id := ""
	flush := func() {
		if id != "" {
			parts[id] += prelude.String() + cur.String()
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), strings.TrimSpace(StepMarker)); ok && strings.TrimSpace(rest) != "" {
			flush()
			id = strings.TrimSpace(rest)
			continue
		}
		if id == "" {
			prelude.WriteString(line)
		} else {
			cur.WriteString(line)
		}
	}
	flush()
	return parts
}
