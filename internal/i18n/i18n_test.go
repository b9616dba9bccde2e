package i18n

import (
	"errors"
	"fmt"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{
		"zh-TW": ZH, "zh_TW.UTF-8": ZH, "zh_Hant_TW": ZH, "en": EN, "en_US.UTF-8": EN, "": EN, "fr_FR": EN,
		"zh_CN.UTF-8": EN, "C": EN,
	} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFromLocalePrecedence(t *testing.T) {
	env := map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}
	if got := FromLocale(func(k string) string { return env[k] }); got != ZH {
		t.Fatalf("LC_ALL must win over LANG, got %q", got)
	}
	if got := FromLocale(func(string) string { return "" }); got != EN {
		t.Fatalf("no locale must be English, got %q", got)
	}
}

func TestTranslateWithReorderedArgs(t *testing.T) {
	Register(map[string]string{"test: %s of %s": "測試：%[2]s 的 %[1]s"})
	if got := New(ZH).T("test: %s of %s", "a", "b"); got != "測試：b 的 a" {
		t.Fatalf("zh = %q", got)
	}
	if got := New(EN).T("test: %s of %s", "a", "b"); got != "test: a of b" {
		t.Fatalf("en = %q", got)
	}
	// Numbers are not localized: a pid stays a pid.
	if got := New(ZH).T("pid %d", 12345); got != "pid 12345" {
		t.Fatalf("untranslated fallback = %q", got)
	}
}

func TestRegisterConflictPanics(t *testing.T) {
	Register(map[string]string{"test: same": "一"})
	defer func() {
		if recover() == nil {
			t.Fatal("a second, different translation of one key must panic")
		}
	}()
	Register(map[string]string{"test: same": "二"})
}

// %w in a message renders the wrapped error's text (not fmt.Sprintf's %!w) and wraps it.
func TestErrWrapsAndRendersW(t *testing.T) {
	Register(map[string]string{"test: reading %s: %w": "測試：讀取 %s 時出錯：%w"})
	cause := errors.New("disk on fire")
	err := New(ZH).Err("test: reading %s: %w", "f", cause)
	if err.Error() != "測試：讀取 f 時出錯：disk on fire" || !errors.Is(err, cause) {
		t.Fatalf("Err = %q, errors.Is = %v", err, errors.Is(err, cause))
	}
	if got := New(EN).T("test: %[2]w after %[1]s", "a", cause); got != "test: disk on fire after a" {
		t.Fatalf("indexed %%w = %q", got)
	}
}

type wrapper struct{ err error }

func (w wrapper) Error() string { return w.err.Error() }
func (w wrapper) Unwrap() error { return w.err }

// An Errorf message is English until a Localizer renders it, with the deferred messages it
// wraps and through wrappers that add no text.
func TestErrorfIsLocalizedWhereShown(t *testing.T) {
	Register(map[string]string{"test: lab %s is busy": "測試：%s 忙碌中", "test: cannot start: %w": "測試：無法開始：%w"})
	busy := Errorf("test: lab %s is busy", "demo")
	err := wrapper{Errorf("test: cannot start: %w", busy)}
	if err.Error() != "test: cannot start: test: lab demo is busy" {
		t.Fatalf("English = %q", err.Error())
	}
	if got := New(ZH).Error(err); got != "測試：無法開始：測試：demo 忙碌中" {
		t.Fatalf("zh-TW = %q", got)
	}
	if !errors.Is(err, busy) {
		t.Fatal("Errorf must wrap its %w argument")
	}
	if got := New(ZH).Error(fmt.Errorf("outer: %w", busy)); got != "outer: test: lab demo is busy" {
		t.Fatalf("a foreign wrapper keeps its own text: %q", got)
	}
}
