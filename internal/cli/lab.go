package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fatih/color"
	"github.com/spf13/cobra"
	"k8s.io/client-go/tools/clientcmd"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/reset"
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
func (f *labFlags) load(id string) (*lab.Lab, error) {
	l, err := f.loadLab(id)
	if err != nil {
		var ps lab.Problems
		if errors.As(err, &ps) && len(ps) == 1 && strings.Contains(ps[0].Msg, lab.ErrNotFound.Error()) {
			ids, _ := lab.List(f.fs())
			return nil, usagef("no lab %q (labs: %s)", id, strings.Join(ids, ", "))
		}
		return nil, labErrorf("lab %s is broken (labs validate shows why):\n%v", id, err)
	}
	return l, nil
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
func (g *globals) language() string {
	if g.lang != "" {
		return g.lang
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return lab.NormalizeLang(s)
		}
	}
	return lab.LangEN
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
		return nil, fmt.Errorf("reading kubeconfig %s: %w", kc, err)
	}
	env, err := checks.NewEnv(cfg)
	if err != nil {
		return nil, err
	}
	env.Kubeconfig = kc
	env.AuditLog = p.Capabilities().AuditLog
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
		return fmt.Errorf("the %s cluster is not running: `labs start <lab>` or `labs cluster up` starts it", p.Name())
	}
	return nil
}

func newLabCmds(g *globals) []*cobra.Command {
	return []*cobra.Command{
		newStartCmd(g), newListCmd(g), newCheckCmd(g), newValidateCmd(g), newNewCmd(g), newStepsCmd(g), newResetCmd(g),
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
c check now, n skip, p previous, q quit. Progress is saved; 'labs start' resumes where you left.`,
		Args: exactLab,
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			l, err := lf.load(args[0])
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
			if workDir != "" {
				if env.WorkDir, err = filepath.Abs(workDir); err != nil {
					return err
				}
			}
			dir := g.stateDir
			lang := g.language()
			intro := fmt.Sprintf("Use kubectl in another terminal: `labs shell`, or `eval \"$(labs cluster env)\"`. Files go in %s.", env.WorkDir)
			if lang == lab.LangZH {
				intro = fmt.Sprintf("請在另一個終端機使用 kubectl：`labs shell`，或 `eval \"$(labs cluster env)\"`。檔案請放在 %s。", env.WorkDir)
			}
			if p.Name() == "existing" {
				intro = fmt.Sprintf("Use kubectl with the kubeconfig %s. Files go in %s.", env.Kubeconfig, env.WorkDir)
			}
			return walkthrough.Run(cmd.Context(), walkthrough.Options{
				Lab: l, Env: env, Lang: lang, StateDir: dir, In: os.Stdin, Out: g.stdout, Intro: intro,
			})
		},
	}
	lf.add(c)
	c.Flags().StringVar(&workDir, "work-dir", "", "where you write your files (default: the current directory)")
	c.Flags().DurationVar(&wait, "wait", 2*time.Minute, "how long to wait for the cluster to be ready")
	return c
}

func exactLab(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%q takes one lab, got %d arguments (labs list shows them)", cmd.CommandPath(), len(args))
	}
	return nil
}

func newListCmd(g *globals) *cobra.Command {
	var lf labFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the labs, their steps and your progress",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := lab.List(lf.fs())
			if err != nil {
				return usagef("%v", err)
			}
			dir := g.stateDir
			lang := g.language()
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "LAB\tSTEPS\tPROGRESS\tTITLE")
			for _, id := range ids {
				l, err := lf.loadLab(id)
				if err != nil {
					fmt.Fprintf(tw, "%s\t-\tbroken\t(labs validate)\n", id)
					continue
				}
				prog, err := progress.Load(dir, l.Key())
				status := "-"
				switch {
				case err != nil:
					status = "unreadable"
				case !prog.Completed.IsZero():
					status = fmt.Sprintf("done %d/%d", prog.CountDone(l), len(l.Steps))
				case !prog.Started.IsZero():
					status = fmt.Sprintf("%d/%d, at %s", prog.CountDone(l), len(l.Steps), prog.Current)
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", id, len(l.Steps), status, l.Title.Get(lang))
			}
			return tw.Flush()
		},
	}
	lf.add(c)
	return c
}

func newCheckCmd(g *globals) *cobra.Command {
	var lf labFlags
	var step, workDir, output string
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "check LAB",
		Short: "Check a lab's steps once and say what passes and what is wrong (exit 0 all pass, 1 some fail)",
		Args:  exactLab,
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			if output != "text" && output != "json" {
				return usagef("--output must be text or json, not %q", output)
			}
			l, err := lf.load(args[0])
			if err != nil {
				return err
			}
			ids := make([]string, 0, len(l.Steps))
			if step != "" {
				if l.Step(step) == nil {
					var all []string
					for _, s := range l.Steps {
						all = append(all, s.ID)
					}
					return usagef("lab %s has no step %q (steps: %s)", l.ID, step, strings.Join(all, ", "))
				}
				ids = append(ids, step)
			} else {
				for _, s := range l.Steps {
					ids = append(ids, s.ID)
				}
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			if err := g.running(cmd, p); err != nil {
				return err
			}
			env, err := g.checkEnv(p)
			if err != nil {
				return err
			}
			env.Timeout = timeout
			if dir := g.stateDir; dir != "" {
				if prog, err := progress.Load(dir, l.Key()); err == nil {
					env.Since = prog.Started
					if prog.WorkDir != "" {
						env.WorkDir = prog.WorkDir
					}
				}
			}
			if workDir != "" {
				if env.WorkDir, err = filepath.Abs(workDir); err != nil {
					return err
				}
			}
			results, err := checks.Run(cmd.Context(), env, l.FeaturePath, l.Feature, ids)
			if err != nil {
				return err
			}
			failed := 0
			if output == "json" {
				type stepResult struct {
					Step   string `json:"step"`
					Title  string `json:"title"`
					Passed bool   `json:"passed"`
					Reason string `json:"reason,omitempty"`
				}
				out := struct {
					Lab    string       `json:"lab"`
					Passed int          `json:"passed"`
					Total  int          `json:"total"`
					Steps  []stepResult `json:"steps"`
				}{Lab: l.ID, Total: len(results)}
				for _, r := range results {
					if r.Passed {
						out.Passed++
					} else {
						failed++
					}
					out.Steps = append(out.Steps, stepResult{r.Step, l.Step(r.Step).Title.Get(env.Lang), r.Passed, r.Reason})
				}
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
				if failed > 0 {
					return fmt.Errorf("%d of %d steps fail", failed, len(results))
				}
				return nil
			}
			for _, r := range results {
				title := l.Step(r.Step).Title.Get(env.Lang)
				if r.Passed {
					fmt.Fprintf(g.stdout, "%s %s: %s\n", color.GreenString("PASS"), r.Step, title)
					continue
				}
				failed++
				fmt.Fprintf(g.stdout, "%s %s: %s\n     %s\n", color.RedString("FAIL"), r.Step, title, r.Reason)
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d steps fail", failed, len(results))
			}
			return nil
		},
	}
	lf.add(c)
	c.Flags().StringVar(&step, "step", "", "check only this step")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.Flags().StringVar(&workDir, "work-dir", "", "where your files are (default: where you last ran labs start, else the current directory)")
	c.Flags().DurationVar(&timeout, "timeout", checks.DefaultTimeout, "how long each check waits for its condition (unless the step says within D)")
	return c
}

func newValidateCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check labs for mistakes (YAML schema, Gherkin, undefined steps, ids, hints, solutions, translations); exit 2 when any",
		Long: `Validate the labs under DIR (which holds scenarios/ and features/), or the built-in labs.
Every problem is printed as file:line: message; any problem makes labs exit with code 2.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("%q takes at most one directory", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			fsys, where := labs.Content(), "built-in labs"
			if len(args) == 1 {
				fsys, where = os.DirFS(args[0]), args[0]
			}
			ps := lab.Validate(fsys, checks.Library{})
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
				return labErrorf("1 problem in %s", where)
			}
			return labErrorf("%d problems in %s", len(ps), where)
		},
	}
}

func newNewCmd(g *globals) *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "new LAB",
		Short: "Write a new lab scaffold (scenarios/LAB.yaml, features/LAB.feature) that passes validate",
		Args:  exactLab,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !lab.ValidID(args[0]) {
				return usagef("lab id %q is not valid: use lower-case letters, digits and dashes", args[0])
			}
			files, err := lab.Scaffold(dir, args[0])
			for _, f := range files {
				fmt.Fprintf(g.stdout, "wrote %s\n", f)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "Edit them, then: labs validate %s && labs start %s --labs-dir %s\n", dir, args[0], dir)
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
			defs := checks.Defs()
			for _, d := range defs {
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
			fmt.Fprintf(g.stdout, "Every step waits for its condition up to %s; end a step with \"within 30s\" to wait longer.\n", checks.DefaultTimeout)
			return nil
		},
	}
}

func newResetCmd(g *globals) *cobra.Command {
	var lf labFlags
	c := &cobra.Command{
		Use:   "reset LAB",
		Short: "Forget your progress in a lab and delete what the lab created",
		Args:  exactLab,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lf.load(args[0])
			if err != nil {
				return err
			}
			dir := g.stateDir
			p, err := g.provider()
			if err != nil {
				return err
			}
			var env *checks.Env
			if err := g.running(cmd, p); err != nil {
				fmt.Fprintf(g.stderr, "%v; only the progress is reset.\n", err)
			} else if env, err = g.checkEnv(p); err != nil {
				return err
			}
			return reset.Lab(cmd.Context(), env, l, dir, g.stdout)
		},
	}
	lf.add(c)
	return c
}
