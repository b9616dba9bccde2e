package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
)

// TestWrongChoiceEchoedAsPicked (issue 20 item 5): a wrong choice is said by its number and
// text, as the learner picked it, not by the value it is recorded as.
func TestWrongChoiceEchoedAsPicked(t *testing.T) {
	q := &lab.Question{Choices: []lab.Choice{
		{Value: "yes", Text: lab.Text{EN: "yes, it is", ZH: "是"}},
		{Value: "restart", Text: lab.Text{EN: "the kubelet restarts it", ZH: "kubelet 會重新啟動它"}},
	}}
	ctx := WithStep(context.Background(), "q")
	for lang, want := range map[i18n.Lang]string{
		i18n.EN: `your answer 2, "the kubelet restarts it" is not right`,
		i18n.ZH: "你答的第 2 項「kubelet 會重新啟動它」不正確",
	} {
		e := &Env{Lang: lang, Questions: map[string]*lab.Question{"q": q}}
		if got := e.wrong(ctx, "restart", "").Error(); !strings.Contains(got, want) || strings.Contains(got, `"restart"`) {
			t.Errorf("%s: %q, want it to say %q", lang, got, want)
		}
	}
	// A free answer (or no questions known) is quoted as given.
	e := &Env{Lang: i18n.ZH}
	if got := e.wrong(ctx, "SIGKILL", "").Error(); !strings.Contains(got, "你答的「SIGKILL」不正確") {
		t.Errorf("free answer: %q", got)
	}
}
