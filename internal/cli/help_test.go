package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/iostreams"
)

// TestEveryHelpTextTranslated (issue 20 item 3): every command's Short and Long and every
// flag's usage has a zh-TW text, so `labs --help` under zh-TW leaves no English behind.
func TestEveryHelpTextTranslated(t *testing.T) {
	root := newRoot(&globals{streams: iostreams.System(i18n.Localizer{})})
	for _, text := range helpTexts(root) {
		if !i18n.Translated(text) {
			t.Errorf("no zh-TW for the help text %q (add it to zh_tw_help.go)", text)
		}
	}
}

// TestHelpSpeaksZhTW: --help with --lang zh-TW, or under a zh_TW locale, is in Chinese: the
// headings, the commands' summaries and the flags.
func TestHelpSpeaksZhTW(t *testing.T) {
	for _, c := range []struct {
		args []string
		lang string
	}{
		{[]string{"--help", "--lang", "zh-TW"}, ""},
		{[]string{"--help"}, "zh_TW.UTF-8"},
		{[]string{"start", "--help", "--lang", "zh-TW"}, ""},
		{[]string{"help", "cluster", "--lang", "zh-TW"}, ""},
	} {
		t.Setenv("LC_ALL", c.lang)
		var out, errOut bytes.Buffer
		streams := iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
		if code := run(context.Background(), streams, c.args); code != 0 {
			t.Fatalf("labs %v: exit %d\n%s%s", c.args, code, out.String(), errOut.String())
		}
		text := out.String()
		for _, want := range []string{"用法：", "旗標："} {
			if !strings.Contains(text, want) {
				t.Errorf("labs %v (LC_ALL=%s) has no %q:\n%s", c.args, c.lang, want, text)
			}
		}
		for _, en := range []string{"Usage:", "Flags:", "Walk through a lab", "help for ", "disable colored output", "Start the cluster"} {
			if strings.Contains(text, en) {
				t.Errorf("labs %v (LC_ALL=%s) still says %q:\n%s", c.args, c.lang, en, text)
			}
		}
	}
}
