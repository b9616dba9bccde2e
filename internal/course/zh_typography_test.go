package course

import (
	"fmt"
	"testing"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/walkthrough"
)

// TestZHTypographyOfEveryLab (issue 20 item 3): every built-in lab's zh-TW text, rendered as the
// walkthrough shows it, is set as Taiwan reads it: a wrapped YAML line leaves no half-width
// space between Chinese characters (or beside full-width punctuation), and words are quoted
// with 「」, not ASCII quotes. Plain text is judged too (titles, choices: labs list, grade
// --init).
func TestZHTypographyOfEveryLab(t *testing.T) {
	ids, err := lab.List(labs.Content())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		l, err := lab.Load(labs.Content(), id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		texts := map[string]lab.Text{"title": l.Title, "summary": l.Summary}
		for _, s := range l.Steps {
			texts[s.ID+" title"] = s.Title
			texts[s.ID+" text"] = s.Text
			for i, h := range s.Hints {
				texts[fmt.Sprintf("%s hint %d", s.ID, i+1)] = h
			}
			if q := s.Question; q != nil {
				texts[s.ID+" question"] = q.Prompt
				for i, c := range q.Choices {
					texts[fmt.Sprintf("%s choice %d", s.ID, i+1)] = c.Text
				}
			}
		}
		for where, text := range texts {
			zh := text.Get(i18n.ZH)
			for _, shown := range []string{zh, walkthrough.RenderMarkdown(zh, 1000)} {
				for _, p := range i18n.TypographyProblems(shown) {
					t.Errorf("%s, %s (zh-TW): %s", l.ScenarioPath, where, p)
				}
			}
		}
	}
}
