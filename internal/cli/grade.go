package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/attempt"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/report"
)

// The layout of a submission.
const (
	submissionStepsDir = "steps"
	submissionRunAll   = "run.sh"
	submissionAnswers  = "answers.yaml"
)

type gradeFlags struct {
	lf          labFlags
	submissions []string
	class       string
	init        string
	student     string
	junit       string
	json        string
	markdown    string
	csv         string
	classroom   bool
	stepTimeout time.Duration
}

func newGradeCmd(g *globals) *cobra.Command {
	var f gradeFlags
	c := &cobra.Command{
		Use:   "grade LAB [--submission DIR]...",
		Short: "Grade a student's submission on a fresh cluster: score, reasons, JUnit/JSON/Markdown, GitHub Classroom",
		Long: `Grade a submission of LAB on a fresh cluster (a throwaway embedded one by default). For each
step in order, its script runs (bash, KUBECONFIG set, this binary first on PATH as kubectl and
labs, in a copy of the submission, in its own process group, with --step-timeout), then the
step is checked. Score = passed points / total (a step's "points:", default 1).

A submission is a directory:
  steps/<step-id>.sh   the commands of each step, run in order (labs grade LAB --init DIR
                       writes an empty one per step)
  run.sh               or one script for the whole lab, run before the steps are checked
  answers.yaml         the answers to the lab's question steps (step-id: answer; --init writes
                       it with the questions as comments), else what the step's script prints
                       last on stdout; a question without an answer fails its step
  *.yaml ...           the manifests the scripts use

Several --submission values, or --class DIR (each directory in DIR is one student), grade
one student after another, each on a fresh cluster, into one class table (--markdown, --csv).

Reports: --junit, --json (schema: docs/report.schema.json), --markdown; the Markdown summary is
appended to $GITHUB_STEP_SUMMARY when set, and result=<base64> for GitHub Classroom's grading
reporter to $GITHUB_OUTPUT when set (or printed with --classroom).
Exit 0 when every step passes, 1 when some fail, 2 for a broken lab or a usage error.`,
		Args: exactLab(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			l, err := f.lf.load(g.localizer(), args[0])
			if err != nil {
				return err
			}
			if f.init != "" {
				return initSubmission(g, l, f.init)
			}
			subs, err := f.collect()
			if err != nil {
				return err
			}
			return runGrades(cmd.Context(), g, l, subs, &f)
		},
	}
	f.lf.add(c)
	c.Flags().StringArrayVar(&f.submissions, "submission", nil, "a submission directory (repeat for several students; default: the current directory)")
	c.Flags().StringVar(&f.class, "class", "", "a directory whose subdirectories are submissions, one per student")
	c.Flags().StringVar(&f.init, "init", "", "write an empty submission for LAB into this directory and exit")
	c.Flags().StringVar(&f.student, "student", "", "the student's name in reports (default: the submission directory's name)")
	c.Flags().StringVar(&f.junit, "junit", "", "write a JUnit XML report to this file")
	c.Flags().StringVar(&f.json, "json", "", "write the JSON report to this file (an array of reports for several submissions)")
	c.Flags().StringVar(&f.markdown, "markdown", "", "write a Markdown report (with a class table for several submissions) to this file")
	c.Flags().StringVar(&f.csv, "csv", "", "write the class table as CSV to this file")
	c.Flags().BoolVar(&f.classroom, "classroom", false, "print the GitHub Classroom result line (result=<base64>) even without $GITHUB_OUTPUT")
	c.Flags().DurationVar(&f.stepTimeout, "step-timeout", time.Minute, "time limit of each step's script")
	return c
}

type submission struct{ name, dir string }

// collect resolves the submissions to grade, in a stable order.
func (f *gradeFlags) collect() ([]submission, error) {
	dirs := append([]string(nil), f.submissions...)
	if f.class != "" {
		entries, err := os.ReadDir(f.class)
		if err != nil {
			return nil, usageError{i18n.Errorf("--class %s: %w", f.class, err)}
		}
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				dirs = append(dirs, filepath.Join(f.class, e.Name()))
			}
		}
		if len(dirs) == 0 {
			return nil, usageError{i18n.Errorf("--class %s holds no submission directories", f.class)}
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	if f.student != "" && len(dirs) > 1 {
		return nil, usageError{i18n.Errorf("--student names one submission; with several, each is named by its directory")}
	}
	var subs []submission
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil || !fi.IsDir() {
			return nil, usageError{i18n.Errorf("submission %s is not a directory", d)}
		}
		name := filepath.Base(abs)
		if f.student != "" {
			name = f.student
		}
		subs = append(subs, submission{name: name, dir: abs})
	}
	return subs, nil
}

func runGrades(ctx context.Context, g *globals, l *lab.Lab, subs []submission, f *gradeFlags) error {
	loc := i18n.New(g.language())
	var reports []*report.Report
	for _, sub := range subs {
		r, err := gradeOne(ctx, g, l, sub, f.stepTimeout)
		if err != nil {
			return err
		}
		if err := r.WriteText(g.stdout, loc); err != nil {
			return err
		}
		reports = append(reports, r)
	}
	if err := writeGradeReports(g, reports, f); err != nil {
		return err
	}
	failed := 0
	for _, r := range reports {
		if r.Failed() > 0 || r.Error != "" {
			failed++
		}
	}
	if failed > 0 {
		if len(reports) == 1 {
			return errors.New(loc.T("%[1]d of %[2]d steps fail", reports[0].Failed(), len(reports[0].Steps)))
		}
		return errors.New(loc.T("%d of %d submissions have failing steps", failed, len(reports)))
	}
	return nil
}

// gradeOne grades one submission on a fresh cluster of its own.
func gradeOne(ctx context.Context, g *globals, l *lab.Lab, sub submission, stepTimeout time.Duration) (*report.Report, error) {
	var rep *report.Report
	err := g.withScratchCluster(ctx, func(sc *scratchCluster) error {
		work, kc, err := sc.runDir("submission")
		if err != nil {
			return err
		}
		// The student's files stay untouched: the scripts run in a copy.
		if err := os.CopyFS(work, os.DirFS(sub.dir)); err != nil {
			return fmt.Errorf("copying submission %s: %w", sub.dir, err)
		}
		env := *sc.env
		env.Kubeconfig, env.WorkDir = kc, work
		// The attempt begins from the context the lab declares (its scenario's context:).
		if _, err := labctx.Establish(kc, l, g.localizer()); err != nil {
			return err
		}
		_, wholeErr := os.Stat(filepath.Join(work, submissionRunAll))
		_, stepsErr := os.Stat(filepath.Join(work, submissionStepsDir))
		whole := wholeErr == nil && stepsErr != nil
		first := true
		answers, answersErr := readAnswers(l, work)
		res, err := attempt.Run(ctx, attempt.Options{
			Lab: l, Env: &env, Dir: work, DirName: sub.dir, StepTimeout: stepTimeout,
			Environ: sc.environ(kc),
			Answers: answers, AnswersFile: submissionAnswers, AnswersErr: answersErr, AnswerFromScript: true,
			ScriptFor: func(st *lab.Step) attempt.Script {
				if whole {
					if !first {
						return attempt.Script{}
					}
					first = false
					return readScript(work, submissionRunAll)
				}
				sc := readScript(work, filepath.Join(submissionStepsDir, st.ID+".sh"))
				if sc.Missing && st.Question != nil && !l.HasActionChecks(st.ID, checks.Library{}) {
					return attempt.Script{} // answered in answers.yaml; a script is optional
				}
				return sc
			},
		})
		if err != nil {
			return err
		}
		rep = toReport("grade", l, res, env.Lang)
		rep.Student, rep.Cluster = sub.name, sc.provider.Name()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readAnswers reads the submission's answers.yaml: its answers, or why it cannot be read (a
// missing file is no answers).
func readAnswers(l *lab.Lab, dir string) (map[string]string, string) {
	data, err := os.ReadFile(filepath.Join(dir, submissionAnswers))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ""
	}
	if err != nil {
		return nil, err.Error()
	}
	answers, err := lab.ParseAnswers(l, submissionAnswers, data)
	if err != nil {
		return nil, err.Error()
	}
	return answers, ""
}

func readScript(dir, rel string) attempt.Script {
	if _, err := os.Stat(filepath.Join(dir, rel)); errors.Is(err, fs.ErrNotExist) {
		return attempt.Script{Name: rel, Missing: true}
	}
	// bash reads it itself, and reports an unreadable file on the step.
	return attempt.Script{Name: rel, File: rel}
}

// toReport turns an attempt into a report.
func toReport(kind string, l *lab.Lab, res *attempt.Result, lang i18n.Lang) *report.Report {
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
	r.Finish()
	return r
}

func writeGradeReports(g *globals, reports []*report.Report, f *gradeFlags) error {
	var md strings.Builder
	if len(reports) > 1 {
		writeClassMarkdown(&md, reports)
	}
	for _, r := range reports {
		if err := r.WriteMarkdown(&md); err != nil {
			return err
		}
	}
	if f.markdown != "" {
		if err := os.WriteFile(f.markdown, []byte(md.String()), 0o644); err != nil {
			return fmt.Errorf("writing the Markdown report: %w", err)
		}
	}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := report.AppendFile(p, md.String()); err != nil {
			return err
		}
	}
	if f.junit != "" {
		var b strings.Builder
		if err := report.WriteJUnit(&b, reports...); err != nil {
			return err
		}
		if err := os.WriteFile(f.junit, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("writing the JUnit report: %w", err)
		}
	}
	if f.json != "" {
		var err error
		if len(reports) == 1 {
			err = report.Save(reports[0], "json", f.json)
		} else {
			err = writeJSONArray(f.json, reports)
		}
		if err != nil {
			return err
		}
	}
	if f.csv != "" {
		if err := writeClassCSV(f.csv, reports); err != nil {
			return err
		}
	}
	if len(reports) == 1 {
		line, err := reports[0].ClassroomOutput()
		if err != nil {
			return err
		}
		if p := os.Getenv("GITHUB_OUTPUT"); p != "" {
			if err := report.AppendFile(p, line); err != nil {
				return err
			}
		}
		if f.classroom {
			fmt.Fprint(g.stdout, line)
		}
	}
	return nil
}

func writeJSONArray(path string, reports []*report.Report) error {
	var b strings.Builder
	b.WriteString("[\n")
	for i, r := range reports {
		if i > 0 {
			b.WriteString(",\n")
		}
		if err := r.WriteJSON(&b); err != nil {
			return err
		}
	}
	b.WriteString("]\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// classColumns are the step ids of the reports, in the lab's order.
func classColumns(reports []*report.Report) []string {
	var ids []string
	for _, s := range reports[0].Steps {
		ids = append(ids, s.ID)
	}
	return ids
}

func writeClassMarkdown(b *strings.Builder, reports []*report.Report) {
	ids := classColumns(reports)
	fmt.Fprintf(b, "# %s: class results\n\n| Student | Score | %s |\n|---|---|%s\n", reports[0].Lab, strings.Join(ids, " | "), strings.Repeat("---|", len(ids)))
	sorted := append([]*report.Report(nil), reports...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Student < sorted[j].Student })
	for _, r := range sorted {
		cells := make([]string, 0, len(r.Steps))
		for _, s := range r.Steps {
			cells = append(cells, map[string]string{report.Pass: "✅", report.Fail: "❌", report.Error: "⚠️"}[s.Status])
		}
		fmt.Fprintf(b, "| %s | %d/%d | %s |\n", r.Student, r.Score.Points, r.Score.Max, strings.Join(cells, " | "))
	}
	b.WriteString("\n")
}

func writeClassCSV(path string, reports []*report.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the class CSV: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write(append([]string{"student", "points", "max", "percent"}, classColumns(reports)...))
	for _, r := range reports {
		row := []string{r.Student, fmt.Sprint(r.Score.Points), fmt.Sprint(r.Score.Max), fmt.Sprintf("%.1f", r.Score.Percent)}
		for _, s := range r.Steps {
			row = append(row, s.Status)
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("writing the class CSV: %w", err)
	}
	return f.Close()
}

// initSubmission writes an empty submission for l: a script per step with the step's text as
// comments, and a README. Existing files are kept.
func initSubmission(g *globals, l *lab.Lab, dir string) error {
	lang := g.language()
	answersNote := ""
	if len(l.QuestionIDs()) > 0 {
		answersNote = " (the answers to its questions go in `answers.yaml`)"
	}
	files := map[string]string{
		"README.md": fmt.Sprintf("# %s\n\n%s\n\nPut each step's kubectl commands in `steps/<step>.sh`; they run in order, in this\ndirectory, with KUBECONFIG set%s. Try it before you push:\n\n    labs start %s           # do the lab interactively\n    labs grade %s           # grade this directory on a fresh cluster\n",
			l.Title.Get(lang), l.Summary.Get(lang), answersNote, l.ID, l.ID),
	}
	if tmpl := answersTemplate(l, lang); tmpl != "" {
		files[submissionAnswers] = tmpl
	}
	for i, st := range l.Steps {
		if st.Question != nil && !l.HasActionChecks(st.ID, checks.Library{}) {
			continue // answered in answers.yaml
		}
		var b strings.Builder
		fmt.Fprintf(&b, "#!/usr/bin/env bash\n# Step %d/%d: %s\n#\n", i+1, len(l.Steps), st.Title.Get(lang))
		if st.Question != nil {
			// A question that also checks what the learner does: the answer goes in
			// answers.yaml, the actions here.
			fmt.Fprintf(&b, "# This step asks a question (answer it in %s) and checks what you do: put the commands here.\n#\n", submissionAnswers)
		}
		for _, line := range strings.Split(strings.TrimRight(st.Text.Get(lang), "\n"), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		b.WriteString("#\n# Your commands (kubectl is labs' own; no editor, no -it: this runs unattended):\n\n")
		files[filepath.Join(submissionStepsDir, st.ID+".sh")] = b.String()
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(g.stdout, "kept %s\n", p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[n]), 0o755); err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "wrote %s\n", p)
	}
	fmt.Fprintf(g.stdout, "Fill in the scripts, then: labs grade %s --submission %s\n", l.ID, dir)
	return nil
}

// answersTemplate is the answers.yaml of an empty submission: each question, with its
// choices, as comments above an empty answer; "" when the lab asks none.
func answersTemplate(l *lab.Lab, lang i18n.Lang) string {
	var b strings.Builder
	for i, st := range l.Steps {
		q := st.Question
		if q == nil {
			continue
		}
		if b.Len() == 0 {
			fmt.Fprintf(&b, "# Answers to the questions of lab %s: one line per question, step-id: your answer.\n", l.ID)
		}
		fmt.Fprintf(&b, "\n# Step %d/%d: %s\n", i+1, len(l.Steps), st.Title.Get(lang))
		for _, line := range strings.Split(strings.TrimRight(q.Prompt.Get(lang), "\n"), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		if len(q.Choices) > 0 {
			for _, line := range strings.Split(choiceList(q, lang), "\n") {
				fmt.Fprintf(&b, "# %s\n", line)
			}
			b.WriteString("# (answer with the number or the value of a choice)\n")
		}
		fmt.Fprintf(&b, "%s:\n", st.ID)
	}
	return b.String()
}
