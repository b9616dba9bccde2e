package providers

import (
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

// Every provider is registered by importing this package, and each has a title.
func TestEveryProviderRegisteredAndTitled(t *testing.T) {
	want := map[string]string{"embedded": "內建", "existing": "現有的", "kind": "kind"}
	for _, name := range cluster.Names() {
		p, err := cluster.New(name, cluster.Config{StateDir: t.TempDir()})
		if err != nil {
			t.Logf("%s: %v (not made here)", name, err)
			delete(want, name)
			continue
		}
		if got := Title(i18n.New(i18n.ZH), p); got != want[name] {
			t.Errorf("Title of %s in zh-TW: %q, want %q", name, got, want[name])
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("provider %s is not registered", name)
	}
}
