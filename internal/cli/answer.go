package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/runner"
)

func newAnswerCmd(g *globals) *cobra.Command {
	var lf labFlags
	c := &cobra.Command{
		Use:   "answer LAB STEP ANSWER...",
		Short: "Answer a question step of a lab (from a second terminal, or before labs check)",
		Long: `Answer the question of a lab's step. The answer is saved with your progress in the current
attempt: a running 'labs start' re-checks the step at once, and 'labs check' uses it. For a
question with choices, give the choice's number or its value. Answering again replaces it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 3 {
				return usageError{g.localizer().Err("%[1]q takes a lab, a step and the answer, got %[2]d arguments", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			loc := g.localizer()
			l, err := lf.load(loc, args[0])
			if err != nil {
				return err
			}
			st, err := questionStep(loc, l, args[1])
			if err != nil {
				return err
			}
			typed := strings.Join(args[2:], " ")
			answer := st.Question.Resolve(typed)
			if len(st.Question.Choices) > 0 && !isChoice(st.Question, answer) {
				return usageError{loc.Err("%[1]q is none of the choices of step %[2]s; answer with a number or a value:\n%[3]s", typed, st.ID, choiceList(st.Question, g.language()))}
			}
			window, err := runner.Window(g.stateDir, l, loc, g.stderr)
			if err != nil {
				return err
			}
			if err := progress.SaveAnswer(g.stateDir, l.Key(), window, st.ID, answer); err != nil {
				return err
			}
			// The choice as the learner sees it listed (number and text), not its saved value.
			shown := loc.Quote(answer)
			if n, ch := st.Question.Choice(answer); ch != nil {
				shown = fmt.Sprintf("%d) %s", n, ch.Get(g.language()))
			}
			fmt.Fprintln(g.stdout, loc.T("Saved your answer to %[1]s: %[2]s. A running `%[4]s start %[3]s` checks it now; `%[4]s check %[3]s --step %[1]s` checks it here.", st.ID, shown, l.ID, labsbin.Default()))
			return nil
		},
	}
	lf.add(c)
	return c
}

// questionStep is step id of l, which must ask a question.
func questionStep(loc i18n.Localizer, l *lab.Lab, id string) (*lab.Step, error) {
	st := l.Step(id)
	qs := loc.List(l.QuestionIDs())
	if qs == "" {
		qs = "-"
	}
	if st == nil {
		return nil, usageError{loc.Err("lab %[1]s has no step %[2]q (its questions: %[3]s)", l.ID, id, qs)}
	}
	if st.Question == nil {
		return nil, usageError{loc.Err("step %[1]s of lab %[2]s asks no question: it is checked against the cluster (its questions: %[3]s)", id, l.ID, qs)}
	}
	return st, nil
}

func isChoice(q *lab.Question, answer string) bool {
	for _, c := range q.Choices {
		if c.Value == answer {
			return true
		}
	}
	return false
}

// choiceList is a question's choices, one a line: "  1) value  text".
func choiceList(q *lab.Question, lang i18n.Lang) string {
	var b strings.Builder
	for i, c := range q.Choices {
		fmt.Fprintf(&b, "  %d) %s  %s\n", i+1, c.Value, c.Get(lang))
	}
	return strings.TrimRight(b.String(), "\n")
}
