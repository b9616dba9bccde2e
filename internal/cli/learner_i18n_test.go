package cli

import (
	"testing"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

// Named for the learner commands; it checks every message of the package all the same.
func TestEveryLearnerMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }
