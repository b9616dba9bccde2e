package walkthrough

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/state"
)

// Question steps: the prompt and its choices are shown with the step; a number key picks a
// choice, a opens a one-line answer (typed in raw mode, edited here), and the answer is saved
// with the progress of the attempt and checked at once. `labs answer` in another terminal
// saves into the same file, which the walkthrough watches.

// answerInput is the line being typed after a; nil when none is.
type answerInput struct {
	buf []byte
}

// followAnswers loads the answers saved in this attempt and watches their file.
func (s *session) followAnswers() {
	s.Env.Lab = s.Lab.ID
	if s.StateDir == "" {
		s.Env.Answers = map[string]string{}
		return
	}
	path := progress.AnswersPath(s.StateDir, s.Lab.Key())
	if state.EnsureDir(filepath.Dir(path)) == nil {
		s.w.Observe(checks.Dependency{File: path})
	}
	s.loadAnswers()
}

// loadAnswers reads the saved answers afresh (another terminal may have answered).
func (s *session) loadAnswers() {
	if s.StateDir == "" {
		return
	}
	answers, err := progress.LoadAnswers(s.StateDir, s.Lab.Key(), s.prog.Window())
	if err != nil {
		s.scr.Wrapped(err.Error(), yellow.Sprint)
		return
	}
	s.Env.Answers = answers
}

// showQuestion prints the current step's question and its choices, if it asks one.
func (s *session) showQuestion() {
	q := s.step().Question
	if q == nil {
		return
	}
	var b strings.Builder
	b.WriteString(bold.Sprint("? " + q.Prompt.Get(s.Lang)))
	for i, c := range q.Choices {
		fmt.Fprintf(&b, "\n  %d) %s", i+1, c.Get(s.Lang))
	}
	s.scr.Println(b.String())
	if a := s.Env.Answers[s.step().ID]; a != "" {
		// The choice the learner picked (its number and text), not the value it is saved as.
		s.scr.Wrapped(s.loc.T("Your answer so far: %s", answerText(q, a, s.Lang)), faint.Sprint)
	}
}

// answerHelp is the keys of a question step, below the usual ones.
func (s *session) answerHelp() string {
	q := s.step().Question
	if q == nil {
		return ""
	}
	if n := len(q.Choices); n > 0 {
		return "\n" + s.loc.T("[1-%d] pick a choice  [a] type an answer", n)
	}
	return "\n" + s.loc.T("[a] type your answer")
}

// waitingForAnswer is the status of a question step not yet answered.
func (s *session) waitingForAnswer() string {
	return s.loc.T("Waiting for your answer (or, in another terminal: %s)...", "`"+labsbin.Run("answer", s.Lab.ID, s.step().ID, "...")+"`")
}

// answerPrompt is the status line while an answer is typed.
func (s *session) answerPrompt() string {
	return s.loc.T("Your answer (Enter to check it, Esc to cancel): ") + string(s.input.buf) + "▏"
}

// startAnswer opens the one-line answer prompt (key a).
func (s *session) startAnswer() {
	if s.step().Question == nil {
		s.scr.Wrapped(s.loc.T("This step asks no question; it turns green when the cluster shows it done."), nil)
		return
	}
	s.input = &answerInput{}
	s.scr.Status(s.answerPrompt())
}

// typeAnswer edits the answer being typed with the bytes of chunk. It reports whether the
// walkthrough must quit (never: Ctrl-C and Ctrl-D only cancel the answer).
func (s *session) typeAnswer(chunk []byte) (bool, error) {
	for i := 0; i < len(chunk); i++ {
		c := chunk[i]
		switch {
		case c == '\r' || c == '\n':
			text := string(s.input.buf)
			s.input = nil
			return s.submitAnswer(text)
		case c == 3 || c == 4 || (c == 0x1b && len(chunk) == 1):
			s.input = nil
			s.scr.Status("")
			s.scr.Wrapped(s.loc.T("No answer given."), faint.Sprint)
			s.showVerdict()
			return false, nil
		case c == 0x1b:
			return false, nil // an escape sequence (arrows): not text
		case c == 0x7f || c == 0x08:
			if len(s.input.buf) > 0 {
				_, n := utf8.DecodeLastRune(s.input.buf)
				s.input.buf = s.input.buf[:len(s.input.buf)-n]
			}
		case c == 0x15: // Ctrl-U
			s.input.buf = nil
		case c < 0x20:
		default:
			s.input.buf = append(s.input.buf, c)
		}
	}
	s.scr.Status(s.answerPrompt())
	return false, nil
}

// pickChoice answers with choice n (1-based) of the current question.
func (s *session) pickChoice(n int) (bool, error) {
	q := s.step().Question
	if q == nil || len(q.Choices) == 0 {
		return false, nil
	}
	if n < 1 || n > len(q.Choices) {
		s.scr.Wrapped(s.loc.T("There is no choice %d; pick 1 to %d.", n, len(q.Choices)), nil)
		return false, nil
	}
	return s.submitAnswer(q.Choices[n-1].Value)
}

// submitAnswer saves the answer to the current question and checks the step with it.
func (s *session) submitAnswer(text string) (bool, error) {
	st := s.step()
	answer := st.Question.Resolve(text)
	s.scr.Status("")
	if answer == "" {
		s.scr.Wrapped(s.loc.T("No answer given."), faint.Sprint)
		s.showVerdict()
		return false, nil
	}
	s.scr.Println(s.loc.T("Your answer: %s", answerText(st.Question, answer, s.Lang)))
	if s.StateDir != "" {
		path := progress.AnswersPath(s.StateDir, s.Lab.Key())
		s.w.Ignore(path) // our own write; the check below answers it
		if err := progress.SaveAnswer(s.StateDir, s.Lab.Key(), s.prog.Window(), st.ID, answer); err != nil {
			return false, err
		}
	}
	if s.Env.Answers == nil {
		s.Env.Answers = map[string]string{}
	}
	s.Env.Answers[st.ID] = answer
	return s.check(change{news: true}, true)
}

// answerText shows an answer: a choice as the list shows it, "2) its text", anything else as
// typed.
func answerText(q *lab.Question, answer string, lang i18n.Lang) string {
	if n, c := q.Choice(answer); c != nil {
		return fmt.Sprintf("%d) %s", n, c.Get(lang))
	}
	return answer
}
