package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/spf13/cobra"
	"golang.org/x/term"
	"k8s.io/client-go/tools/clientcmd"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/reset"
	"github.com/labs-dev/labs/internal/runner"
	"github.com/labs-dev/labs/internal/state"
	"github.com/labs-dev/labs/internal/walkthrough"
)

// labFlags are the flags of the commands that read labs.
type labFlags struct {
	dir string
}

func (f *labFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.dir, "labs-dir", "", "read labs from this directory (with scenarios/ and features/) instead of the built-in ones")
}

func (f *labFlags) fs() fs.FS {
	if f.dir != "" {
		return os.DirFS(f.dir)
	}
	return labs.Content()
}

// load reads a lab; a missing or broken lab is a usage error (exit 2).
func (f *labFlags) load(loc i18n.Localizer, id string) (*lab.Lab, error) {
	l, err := f.loadLab(id)
	if err != nil {
		if errors.Is(err, lab.ErrNotFound) {
			ids, _ := lab.List(f.fs())
			if near := didYouMean(id, ids); len(near) > 0 {
				return nil, usageError{loc.Err("no lab %[1]q; did you mean %[2]s? (labs: %[3]s)", id, loc.List(near), loc.List(ids))}
			}
			return nil, usageError{loc.Err("no lab %[1]q (labs: %[2]s)", id, loc.List(ids))}
		}
		return nil, labError{loc.Err("lab %[1]s is broken (labs validate shows why):\n%[2]v", id, err)}
	}
	return l, nil
}

// next is the lab after l in course order (lab.List), as a pasteable command and its title;
// "" when l is the last.
func (f *labFlags) next(l *lab.Lab, lang i18n.Lang) (command, title string) {
	ids, err := lab.List(f.fs())
	if err != nil {
		return "", ""
	}
	for i, id := range ids {
		if id != l.ID || i+1 >= len(ids) {
			continue
		}
		n, err := f.loadLab(ids[i+1])
		if err != nil {
			return "", ""
		}
		args := []string{"start", n.ID}
		if f.dir != "" {
			args = append(args, "--labs-dir", labsbin.Quote(f.dir))
		}
		return "`" + labsbin.Run(args...) + "`", n.Title.Get(lang)
	}
	return "", ""
}

// didYouMean are the ids among ids close to the mistyped id: one edit or two away, or one
// starting with the other (namespace, namespaces).
func didYouMean(id string, ids []string) []string {
	var out []string
	for _, c := range ids {
		if editDistance(id, c) <= 2 || (len(id) >= 3 && (strings.HasPrefix(c, id) || strings.HasPrefix(id, c))) {
			out = append(out, c)
		}
	}
	return out
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func (f *labFlags) loadLab(id string) (*lab.Lab, error) {
	l, err := lab.Load(f.fs(), id)
	if err != nil {
		return nil, err
	}
	l.ProgressKey = lab.ProgressKeyFor(id, f.dir)
	return l, nil
}

// language is --lang, else the locale, else English.
func (g *globals) language() i18n.Lang {
	if g.lang != "" {
		return i18n.Parse(g.lang)
	}
	return i18n.FromLocale(os.Getenv)
}

func (g *globals) colors() {
	if g.noColor || os.Getenv("NO_COLOR") != "" {
		color.NoColor = true
	}
}

// checkEnv connects the step library to the selected cluster.
func (g *globals) checkEnv(p cluster.Provider) (*checks.Env, error) {
	kc, err := p.Kubeconfig()
	if err != nil {
		return nil, err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kc)
	if err != nil {
		return nil, fmt.Errorf(g.localizer().T("reading kubeconfig %s: %w"), kc, err)
	}
	env, err := checks.NewEnv(cfg)
	if err != nil {
		return nil, err
	}
	env.Kubeconfig = kc
	env.AuditLog = p.Capabilities().AuditLog
	if env.AuditLog == "" {
		// No audit log to read: the evidence of the learner's requests is what labs' own
		// kubectl recorded (in the attempt's window, like audit events).
		env.AuditLog, env.ClientEvidence = kubectl.EvidencePath(g.stateDir), true
	}
	env.NodeFiles = p.Capabilities().NodeFiles
	env.Lang = g.language()
	env.WorkDir, _ = os.Getwd()
	return env, nil
}

// running fails with a helpful message when the cluster is not running.
func (g *globals) running(cmd *cobra.Command, p cluster.Provider) error {
	st, err := p.Status(cmd.Context())
	if err != nil {
		return err
	}
	if !st.Running {
		return g.localizer().Err("the %[1]s cluster is not running: `%[2]s start <lab>` or `%[2]s cluster up` starts it", clusterName(g.localizer(), p), labsbin.Default())
	}
	return nil
}

// connect is the selected provider and a connection to its cluster, which must be running.
func (g *globals) connect(cmd *cobra.Command) (cluster.Provider, *checks.Env, error) {
	p, err := g.provider()
	if err != nil {
		return nil, nil, err
	}
	if err := g.running(cmd, p); err != nil {
		return nil, nil, err
	}
	env, err := g.checkEnv(p)
	if err != nil {
		return nil, nil, err
	}
	return p, env, nil
}

// runnerError makes the runner's usage errors usage errors of the command line (exit 2).
func runnerError(err error) error {
	var ue *runner.UsageError
	if errors.As(err, &ue) {
		return usageError{err}
	}
	return err
}

// labWorkDir is where the learner works on lab l: flag (--work-dir) when set, else the one
// recorded in the progress, else the lab's own directory under the state dir. It is created.
func (g *globals) labWorkDir(l *lab.Lab, flag string) (string, error) {
	dir := flag
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		dir = abs
	} else if prog, err := progress.Load(g.stateDir, l.Key()); err == nil && prog.WorkDir != "" {
		dir = prog.WorkDir
	} else {
		dir = progress.WorkDirFor(g.stateDir, l.Key())
	}
	if err := state.EnsureDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

func newLabCmds(g *globals) []*cobra.Command {
	return []*cobra.Command{
		newStartCmd(g), newListCmd(g), newCheckCmd(g), newTestCmd(g), newGradeCmd(g), newValidateCmd(g), newNewCmd(g), newStepsCmd(g), newResetCmd(g), newAnswerCmd(g),
	}
}

func newStartCmd(g *globals) *cobra.Command {
	var lf labFlags
	var workDir string
	var wait time.Duration
	c := &cobra.Command{
		Use:   "start LAB",
		Short: "Walk through a lab: each step turns green by itself when you have done it",
		Long: `Start (or reuse) the cluster and walk through the lab's steps. The current step is re-checked
whenever the cluster or the files in the work directory change. Keys: h hint, s solution,
c check now, n skip, p previous, q quit; on a question step, a types an answer and 1-9 pick a
choice. Progress is saved; 'labs start' resumes where you left.
Each lab has its own work directory (under the state dir) unless --work-dir says otherwise.`,
		Args: exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			loc := g.localizer()
			l, err := lf.load(loc, args[0])
			if err != nil {
				return err
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			// Outcome lines only (TTY false, not a live-updated line): the walkthrough prints right after.
			if err := p.Up(cmd.Context(), cluster.UpOptions{Out: g.stderr, Workers: -1, Wait: wait}); err != nil {
				return err
			}
			env, err := g.checkEnv(p)
			if err != nil {
				return err
			}
			if env.WorkDir, err = g.labWorkDir(l, workDir); err != nil {
				return err
			}
			// The lab's own context (internal/labctx): its shells' kubectl and its checks.
			env.Kubeconfig = labctx.ForLab(g.stateDir, p.Name(), l, env.Kubeconfig)
			if err := g.runner(p, env).Begin(cmd.Context(), l, lf.dir, g.stdout, g.askStartOver(os.Stdin)); err != nil {
				return err
			}
			if err := labctx.Ensure(env.Kubeconfig, labctx.Declared(l)); err != nil {
				return err
			}
			intro, err := g.intro(p, l, env)
			if err != nil {
				return err
			}
			next, nextTitle := lf.next(l, g.language())
			return walkthrough.Run(cmd.Context(), walkthrough.Options{
				Lab: l, Env: env, Lang: g.language(), StateDir: g.stateDir, In: os.Stdin, Out: g.stdout, Intro: intro,
				Next: next, NextTitle: nextTitle,
				OpenShell: func(ctx context.Context) error { return g.labShell(ctx, p, l, env.WorkDir) },
			})
		},
	}
	lf.add(c)
	c.Flags().StringVar(&workDir, "work-dir", "", "where you write your files (default: the lab's own directory under the state dir, printed on the first screen)")
	c.Flags().DurationVar(&wait, "wait", 2*time.Minute, "how long to wait for the cluster to be ready")
	return c
}

// intro is the first screen's "how to get a kubectl" line: commands that work when pasted
// into a new terminal, even where no labs and no kubectl are on PATH.
func (g *globals) intro(p cluster.Provider, l *lab.Lab, env *checks.Env) (string, error) {
	loc := g.localizer()
	// Said on the first screen because it is why a shell of another lab does not do here.
	own := loc.T("kubectl there uses this lab's own context (namespace %[1]s now): a namespace you set in it is this lab's only, and other labs' shells do not change it.", labctx.Namespace(env.Kubeconfig))
	if !p.Capabilities().Owned {
		line := loc.T("Use kubectl with KUBECONFIG=%[1]s (this lab's own context, then your kubeconfig). Your files go in %[2]s.", shellQuote(env.Kubeconfig), env.WorkDir)
		if env.ClientEvidence {
			if _, err := binDir(g.stateDir); err != nil {
				return "", err
			}
			line += " " + loc.T("This cluster offers labs no audit log: the steps about your requests see those of labs' own kubectl only (`%[1]s kubectl ...`, or `eval \"$(%[1]s --cluster %[2]s cluster env)\"`), not those of another kubectl.", labsbin.Command(g.stateDir), g.cluster)
		}
		return line, nil
	}
	if _, err := binDir(g.stateDir); err != nil {
		return "", err
	}
	labsCmd := labsbin.Command(g.stateDir)
	if g.cluster != cluster.DefaultName() {
		labsCmd += " --cluster " + g.cluster
	}
	return loc.T("Press t for a shell with kubectl in the work directory (exit returns here). Or, in another terminal, `%[1]s shell` opens one, or `eval \"$(%[1]s cluster env)\"` sets up the one you have. Your files go in %[2]s.", labsCmd, env.WorkDir) + " " + own, nil
}

// runner runs labs on the cluster of p, connected through env, for this learner.
func (g *globals) runner(p cluster.Provider, env *checks.Env) *runner.Runner {
	return &runner.Runner{StateDir: g.stateDir, Env: env, Cluster: p.Name(), Loc: g.localizer()}
}

// askStartOver asks on the terminal in whether to start a lab over (s) or re-check (r) the
// steps done on another cluster; nil when in is no terminal.
func (g *globals) askStartOver(in *os.File) func(string) bool {
	if !term.IsTerminal(int(in.Fd())) {
		return nil
	}
	return func(q string) bool { return askKey(in, g.stdout, q, 's', 'r') }
}

// askKey asks a one-key question on the terminal in: it returns true for yes, false for no;
// other keys ask again, and Ctrl-C or an error count as no.
func askKey(in *os.File, out io.Writer, question string, yes, no byte) bool {
	fmt.Fprint(out, question)
	old, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return false
	}
	defer func() {
		term.Restore(int(in.Fd()), old)
		fmt.Fprintln(out)
	}()
	buf := make([]byte, 1)
	for {
		if n, err := in.Read(buf); err != nil || n == 0 {
			return false
		}
		switch b := buf[0] | 0x20; {
		case b == yes:
			return true
		case b == no, buf[0] == 3, buf[0] == '\r':
			return false
		}
	}
}

func exactLab(g *globals) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageError{g.localizer().Err("%[1]q takes one lab, got %[2]d arguments (labs list shows them)", cmd.CommandPath(), len(args))}
		}
		return nil
	}
}

func newListCmd(g *globals) *cobra.Command {
	var lf labFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the labs in course order, their steps and your progress",
		Long: `List the labs in course order: each lab after its prerequisites; among those whose
prerequisites are listed, the lowest order: first (labs without one after those with one),
then by id. A --labs-dir is listed by the same rule.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			loc := g.localizer()
			ids, err := lab.List(lf.fs())
			if err != nil {
				return usageError{err}
			}
			lang := g.language()
			rows := [][]string{strings.Split(loc.T("LAB\tSTEPS\tPROGRESS\tTITLE"), "\t")}
			for _, id := range ids {
				l, err := lf.loadLab(id)
				if err != nil {
					rows = append(rows, []string{id, "-", loc.T("broken"), "(labs validate)"})
					continue
				}
				rows = append(rows, []string{id, fmt.Sprint(len(l.Steps)), listStatus(g.stateDir, l, loc, lang), l.Title.Get(lang)})
			}
			writeTable(g.stdout, "", rows)
			return nil
		},
	}
	lf.add(c)
	return c
}

// listStatus is the PROGRESS column of labs list: the count done and the current step's title.
func listStatus(stateDir string, l *lab.Lab, loc i18n.Localizer, lang i18n.Lang) string {
	prog, err := progress.Load(stateDir, l.Key())
	switch {
	case err != nil:
		return loc.T("unreadable")
	case !prog.Completed.IsZero() && prog.CountDone(l) < len(l.Steps):
		// Ended with steps skipped: not done; labs start goes back to them.
		return loc.T("ended %[1]d/%[2]d, %[3]d skipped", prog.CountDone(l), len(l.Steps), len(l.Steps)-prog.CountDone(l))
	case !prog.Completed.IsZero():
		return loc.T("done %[1]d/%[2]d", prog.CountDone(l), len(l.Steps))
	case prog.Started.IsZero():
		return "-"
	}
	i := prog.CurrentIndex(l)
	if i >= len(l.Steps) {
		return loc.T("done %[1]d/%[2]d", prog.CountDone(l), len(l.Steps))
	}
	return loc.T("%[1]d/%[2]d, at %[3]q", prog.CountDone(l), len(l.Steps), l.Steps[i].Title.Get(lang))
}

func newCheckCmd(g *globals) *cobra.Command {
	var lf labFlags
	var step, output string
	var o runner.CheckOptions
	c := &cobra.Command{
		Use:   "check LAB",
		Short: "Check a lab's steps once and say what passes and what is wrong (exit 0 all pass, 1 some fail)",
		Long: `Check a lab's steps once. Audit evidence (the requests kubectl sent) counts only within the
current attempt: from 'labs start' (the first time), 'labs reset', or a test or grading run. When
the lab has no attempt yet, 'labs check' begins one, so evidence counts from then on.
Question steps are checked with the answers saved in the attempt ('labs answer', the
walkthrough) and, over them, those of --answers FILE (YAML: step-id: answer).`,
		Args: exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			loc := g.localizer()
			if output != "text" && output != "json" {
				return usageError{loc.Err("--output must be text or json, not %q", output)}
			}
			l, err := lf.load(loc, args[0])
			if err != nil {
				return err
			}
			if o.Steps, err = runner.SelectSteps(loc, l, step); err != nil {
				return runnerError(err)
			}
			p, env, err := g.connect(cmd)
			if err != nil {
				return err
			}
			// The lab's own context (internal/labctx), as its shells' kubectl uses it.
			env.Kubeconfig = labctx.ForLab(g.stateDir, p.Name(), l, env.Kubeconfig)
			o.Notes = g.stderr
			if cmd.Flags().Changed("timeout") {
				o.MaxTimeout = o.Timeout // caps the steps that say "within D" too
			}
			if output == "text" {
				o.Each = func(s report.Step) error { return report.WriteCheckStep(g.stdout, loc, s) }
			}
			rep, err := g.runner(p, env).CheckAttempt(cmd.Context(), l, o)
			if err != nil {
				return runnerError(err)
			}
			// JSON: the same versioned report as labs test and labs grade (docs/report.schema.json).
			if output == "json" {
				if err := rep.WriteJSON(g.stdout); err != nil {
					return err
				}
			}
			if failed := rep.Failed(); failed > 0 {
				return loc.Err("%[1]d of %[2]d steps fail", failed, len(rep.Steps))
			}
			return nil
		},
	}
	lf.add(c)
	c.Flags().StringVar(&step, "step", "", "check only this step")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.Flags().StringVar(&o.WorkDir, "work-dir", "", "where your files are (default: the lab's work directory, as labs start printed it)")
	c.Flags().StringVar(&o.AnswersFile, "answers", "", "a YAML file of answers to the lab's questions (step-id: answer), used over the saved ones")
	c.Flags().DurationVar(&o.Timeout, "timeout", checks.DefaultTimeout, "how long each check waits for its condition at most (also for steps that say within D)")
	return c
}

func newValidateCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check labs for mistakes (YAML schema, Gherkin, undefined steps, ids, hints, solutions, translations, questions); exit 2 when any",
		Long: `Validate the labs under DIR (which holds scenarios/ and features/), or the built-in labs.
Every problem is printed as file:line: message; any problem makes labs exit with code 2.
Warnings (file:line: warning: ...) do not: a step whose checks only look at existence, which an
object left by an earlier lab or attempt passes.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{i18n.Errorf("%q takes at most one directory", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			fsys, where := labs.Content(), "built-in labs"
			if len(args) == 1 {
				fsys, where = os.DirFS(args[0]), args[0]
			}
			ps := lab.Validate(fsys, checks.Library{})
			// Warnings are printed, and do not fail the labs.
			for _, p := range lab.Warnings(fsys, checks.Library{}) {
				if len(args) == 1 {
					p.File = filepath.Join(args[0], filepath.FromSlash(p.File))
				}
				fmt.Fprintln(g.stdout, p.String())
			}
			if len(ps) == 0 {
				ids, _ := lab.List(fsys)
				fmt.Fprintf(g.stdout, "%d labs OK in %s\n", len(ids), where)
				return nil
			}
			for _, p := range ps {
				if len(args) == 1 {
					p.File = filepath.Join(args[0], filepath.FromSlash(p.File))
				}
				fmt.Fprintln(g.stdout, p.String())
			}
			if len(ps) == 1 {
				return labError{i18n.Errorf("1 problem in %s", where)}
			}
			return labError{i18n.Errorf("%d problems in %s", len(ps), where)}
		},
	}
}

func newNewCmd(g *globals) *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "new LAB",
		Short: "Write a new lab scaffold (scenarios/LAB.yaml, features/LAB.feature) that passes validate",
		Args:  exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !lab.ValidID(args[0]) {
				return usageError{g.localizer().Err("lab id %q is not valid: use lower-case letters, digits and dashes", args[0])}
			}
			loc := g.localizer()
			files, err := lab.Scaffold(dir, args[0])
			for _, f := range files {
				fmt.Fprintln(g.stdout, loc.T("wrote %s", f))
			}
			if err != nil {
				return err
			}
			q := shellQuote(dir)
			fmt.Fprintln(g.stdout, loc.T("Edit them, then: %[3]s validate %[1]s && %[3]s start %[2]s --labs-dir %[1]s", q, args[0], labsbin.Default()))
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", ".", "lab directory to write into")
	return c
}

func newStepsCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "steps",
		Short: "List every Gherkin step labs can check, with an example",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, d := range checks.NewLibrary().Defs() {
				fmt.Fprintf(g.stdout, "%s\n  %s\n  e.g.  Then %s\n", d.Pattern, d.Doc, d.Example)
				if d.DocString != "" {
					fmt.Fprintf(g.stdout, "          \"\"\"\n")
					for _, line := range strings.Split(d.DocString, "\n") {
						fmt.Fprintf(g.stdout, "          %s\n", line)
					}
					fmt.Fprintf(g.stdout, "          \"\"\"\n")
				}
				fmt.Fprintln(g.stdout)
			}
			fmt.Fprintf(g.stdout, "Every step waits for its condition up to %s; end a step with \"within 30s\" to wait longer (`labs check --timeout D` caps every wait).\n", checks.DefaultTimeout)
			fmt.Fprintln(g.stdout, "Audit evidence (\"kubectl sent ...\", \"kubectl deleted ...\", \"kubectl executed ...\", \"... was deleted ...\", \"the API server refused ...\", \"... through kubectl proxy\") counts only requests made since the attempt at the lab started.")
			fmt.Fprintln(g.stdout, "Answer checks (\"the answer is ...\") judge the answer to a question step (its question: in the scenario YAML) and belong only in question steps; the learner answers in the walkthrough, with `labs answer`, or in an answers file.")
			return nil
		},
	}
}

func newResetCmd(g *globals) *cobra.Command {
	var lf labFlags
	var clearFiles, keepFiles bool
	c := &cobra.Command{
		Use:   "reset LAB",
		Short: "Delete what a lab created and begin a new attempt at it (your progress is forgotten)",
		Long: `Delete the lab's namespaces, labelled objects and static Pods (their manifests in the nodes'
static pod directories), forget your progress and begin a new attempt:
evidence from before the reset no longer counts. Files in the lab's own work directory are
kept unless you say so: asked on a terminal, else --clear-files deletes them and --keep-files
keeps them without asking. A --work-dir of your own is never cleared.`,
		Args: exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			loc := g.localizer()
			if clearFiles && keepFiles {
				return usageError{loc.Err("--clear-files and --keep-files contradict each other: choose one")}
			}
			l, err := lf.load(loc, args[0])
			if err != nil {
				return err
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			o := reset.Options{StateDir: g.stateDir, Loc: loc, Out: g.stdout, Files: reset.KeepFiles}
			switch {
			case clearFiles:
				o.Files = reset.ClearFiles
			case keepFiles:
			case term.IsTerminal(int(os.Stdin.Fd())):
				o.Files = reset.AskFiles
				o.Confirm = func(q string) bool { return askKey(os.Stdin, g.stdout, q, 'y', 'n') }
			}
			if err := g.running(cmd, p); err != nil {
				fmt.Fprintln(g.stderr, loc.T("%v; only the progress is reset.", err))
			} else if o.Env, err = g.checkEnv(p); err != nil {
				return err
			} else {
				o.Env.Kubeconfig = labctx.ForLab(g.stateDir, p.Name(), l, o.Env.Kubeconfig)
				o.ClusterID = runner.ClusterID(cmd.Context(), o.Env)
				o.NodeFiles = p.Capabilities().NodeFiles
			}
			return reset.Lab(cmd.Context(), l, o)
		},
	}
	lf.add(c)
	c.Flags().BoolVar(&clearFiles, "clear-files", false, "delete the files in the lab's work directory without asking")
	c.Flags().BoolVar(&keepFiles, "keep-files", false, "keep the files in the lab's work directory without asking")
	return c
}
