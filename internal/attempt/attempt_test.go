package attempt

import (
	"testing"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func TestScore(t *testing.T) {
	r := &Result{Steps: []StepResult{{Points: 1, Passed: true}, {Points: 2}, {Points: 3, Passed: true}}}
	if p, tot := r.Score(); p != 4 || tot != 6 || r.Failed() != 1 {
		t.Fatalf("score %d/%d failed %d", p, tot, r.Failed())
	}
}
