package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/grade"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/sandbox"
)

type gradeFlags struct {
	lf          labFlags
	submissions []string
	class       string
	init        string
	student     string
	reports     grade.Reports
	stepTimeout time.Duration
	parallel    int
	shard       string
}

func newGradeCmd(g *globals) *cobra.Command {
	var f gradeFlags
	c := &cobra.Command{
		Use:   "grade LAB [--submission DIR]...",
		Short: "Grade a student's submission on a fresh cluster: score, reasons, JUnit/JSON/Markdown, GitHub Classroom",
		Long: `Grade a submission of LAB on a fresh cluster (a throwaway embedded one by default). For each
step in order, its script runs (bash, KUBECONFIG set, this binary first on PATH as kubectl and
labs, in a copy of the submission, in a sandbox, with --step-timeout), then the step is
checked. Score = passed points / total (a step's "points:", default 1).

The sandbox (Linux namespaces): the script sees the system directories and the labs binary
read-only, its copy of the submission, its kubeconfig and the nodes' static pod directories;
not the grader's files, environment, state or reports, nor other students. Nothing it starts
outlives it. Where the kernel refuses namespaces the report says which isolation was used.

A submission is a directory:
  steps/<step-id>.sh   the commands of each step, run in order (labs grade LAB --init DIR
                       writes an empty one per step)
  run.sh               or one script for the whole lab, run before the steps are checked
                       (every step's files are in place before it runs)
  answers.yaml         the answers to the lab's question steps (step-id: answer; --init writes
                       it with the questions as comments), else what the step's script prints
                       last on stdout; a question without an answer fails its step
  *.yaml ...           the manifests the scripts use

Several --submission values, or --class DIR (each directory in DIR is one student), grade
each student on a fresh cluster of its own (--parallel at once; --shard I/N grades every
N-th, for a CI matrix), into one class table (--markdown, --csv); the reports are rewritten
as each student finishes.

Reports: --junit, --json (schema: docs/report.schema.json), --markdown; the Markdown summary is
appended to $GITHUB_STEP_SUMMARY when set, and result=<base64> for GitHub Classroom's grading
reporter to $GITHUB_OUTPUT when set (or printed with --classroom), once every script has ended.
Exit 0 when every step passes, 1 when some fail, 2 for a broken lab, a usage error or a fault
of the grader itself.`,
		Args: exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			l, err := f.lf.load(g.localizer(), args[0])
			if err != nil {
				return err
			}
			if f.init != "" {
				return grade.Init(l, f.init, g.language(), g.stdout)
			}
			return runGrade(cmd.Context(), g, l, &f)
		},
	}
	f.lf.add(c)
	c.Flags().StringArrayVar(&f.submissions, "submission", nil, "a submission directory (repeat for several students; default: the current directory)")
	c.Flags().StringVar(&f.class, "class", "", "a directory whose subdirectories are submissions, one per student")
	c.Flags().StringVar(&f.init, "init", "", "write an empty submission for LAB into this directory and exit")
	c.Flags().StringVar(&f.student, "student", "", "the student's name in reports (default: the submission directory's name)")
	c.Flags().StringVar(&f.reports.JUnit, "junit", "", "write a JUnit XML report to this file")
	c.Flags().StringVar(&f.reports.JSON, "json", "", "write the JSON report to this file (an array of reports for several submissions)")
	c.Flags().StringVar(&f.reports.Markdown, "markdown", "", "write a Markdown report (with a class table for several submissions) to this file")
	c.Flags().StringVar(&f.reports.CSV, "csv", "", "write the class table as CSV to this file")
	c.Flags().BoolVar(&f.reports.Classroom, "classroom", false, "print the GitHub Classroom result line (result=<base64>) even without $GITHUB_OUTPUT")
	c.Flags().DurationVar(&f.stepTimeout, "step-timeout", time.Minute, "time limit of each step's script")
	c.Flags().IntVar(&f.parallel, "parallel", 0, "grade this many students at once, each on its own cluster (default: from the cores and memory)")
	c.Flags().StringVar(&f.shard, "shard", "", "I/N: grade only the I-th of N shards of the submissions (a CI matrix)")
	return c
}

// runGrade parses what the flags say and calls the grading engine.
func runGrade(ctx context.Context, g *globals, l *lab.Lab, f *gradeFlags) error {
	subs, err := grade.Collect(f.submissions, f.class, f.student)
	if err != nil {
		return gradeError(err)
	}
	shard, shards, err := parseShard(f.shard)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locating the labs binary: %w", err)
	}
	p, err := g.provider()
	if err != nil {
		return err
	}
	// LABS_SANDBOX forces a weaker sandbox (a kernel that misbehaves; the fallbacks' tests).
	mode := sandbox.Mode(os.Getenv("LABS_SANDBOX"))
	switch mode {
	case "", sandbox.Namespaces, sandbox.MountPID, sandbox.ProcessGroup:
	default:
		return usageError{i18n.Errorf("LABS_SANDBOX must be %s, %s or %s, not %q", sandbox.Namespaces, sandbox.MountPID, sandbox.ProcessGroup, mode)}
	}
	parallel := f.parallel
	if !p.Capabilities().Throwaway {
		parallel = 1 // one cluster, the user's: one student at a time
	}
	err = grade.Run(ctx, grade.Options{
		Lab: l, Submissions: subs, StepTimeout: f.stepTimeout, Lang: g.language(),
		Out: g.stdout, Err: g.stderr, Reports: f.reports,
		Getenv: os.Getenv, Environ: os.Environ(), Exe: exe,
		Parallel: parallel, Shard: shard, Shards: shards, Mode: mode,
		NewCluster: func(ctx context.Context, stateDir string) (*grade.Cluster, error) {
			return g.clusters().GradeCluster(ctx, p, stateDir, g.stderr)
		},
		DeleteStale: g.clusters().DeleteThrowaway,
	})
	return gradeError(err)
}

// gradeError maps the engine's errors to exit codes: a failing grade 1, a usage error or a
// fault of the grader 2.
func gradeError(err error) error {
	var ue *grade.UsageError
	var fault *grade.Fault
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ue):
		return usageError{err}
	case errors.As(err, &fault):
		return labError{err}
	case errors.Is(err, grade.ErrFailed):
		msg, _ := strings.CutSuffix(err.Error(), ": "+grade.ErrFailed.Error())
		return errors.New(msg)
	}
	return err
}

func parseShard(s string) (shard, shards int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	i, n, ok := strings.Cut(s, "/")
	shard, err1 := strconv.Atoi(i)
	shards, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || shards < 1 || shard < 1 || shard > shards {
		return 0, 0, usageError{i18n.Errorf("--shard takes I/N with 1 <= I <= N, like 2/4, not %q", s)}
	}
	return shard, shards, nil
}
