package reset

import (
	"testing"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		dir, root string
		want      bool
	}{
		{"/s/work/demo", "/s/work", true},
		{"/s/work", "/s/work", false},
		{"/s/workshop", "/s/work", false},
		{"/s", "/s/work", false},
		{"/home/me/src", "/s/work", false},
	} {
		if got := within(c.dir, c.root); got != c.want {
			t.Errorf("within(%s, %s) = %v", c.dir, c.root, got)
		}
	}
}
