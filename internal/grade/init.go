package grade

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
)

// Init writes an empty submission for l into dir: a script per step with the step's text as
// comments, answers.yaml with the questions, and a README. Existing files are kept; out says
// what was written.
func Init(l *lab.Lab, dir string, lang i18n.Lang, out io.Writer) error {
	answersNote := ""
	if len(l.QuestionIDs()) > 0 {
		answersNote = " (the answers to its questions go in `answers.yaml`)"
	}
	files := map[string]string{
		"README.md": fmt.Sprintf("# %s\n\n%s\n\nPut each step's kubectl commands in `steps/<step>.sh`; they run in order, in this\ndirectory, with KUBECONFIG set%s. Try it before you push:\n\n    labs start %s           # do the lab interactively\n    labs grade %s           # grade this directory on a fresh cluster\n",
			l.Title.Get(lang), l.Summary.Get(lang), answersNote, l.ID, l.ID),
	}
	if tmpl := answersTemplate(l, lang); tmpl != "" {
		files[AnswersFile] = tmpl
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
			fmt.Fprintf(&b, "# This step asks a question (answer it in %s) and checks what you do: put the commands here.\n#\n", AnswersFile)
		}
		for _, line := range strings.Split(strings.TrimRight(st.Text.Get(lang), "\n"), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		b.WriteString("#\n# Your commands (kubectl is labs' own; no editor, no -it: this runs unattended):\n\n")
		files[filepath.Join(StepsDir, st.ID+".sh")] = b.String()
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); err == nil {
			fmt.Fprintf(out, "kept %s\n", p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
		if err := os.WriteFile(p, []byte(files[n]), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
		fmt.Fprintf(out, "wrote %s\n", p)
	}
	fmt.Fprintf(out, "Fill in the scripts, then: labs grade %s --submission %s\n", l.ID, dir)
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
			for j, c := range q.Choices {
				fmt.Fprintf(&b, "#   %d) %s  %s\n", j+1, c.Value, c.Get(lang))
			}
			b.WriteString("# (answer with the number or the value of a choice)\n")
		}
		fmt.Fprintf(&b, "%s:\n", st.ID)
	}
	return b.String()
}
