package i18n

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{
		"zh-TW": ZH, "zh_TW.UTF-8": ZH, "zh_Hant_TW": ZH, "en": EN, "en_US.UTF-8": EN, "": EN, "fr_FR": EN,
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
