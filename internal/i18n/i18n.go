// Package i18n is the one localizer of labs: every line a learner reads goes through a
// Localizer, and every translation lives in the one catalogue this package holds.
//
// A message's key is its English format string (the text fmt.Sprintf would take), so the
// English text stays at the call site and reads as code. Each package registers its zh-TW
// translations, keyed by those strings, from a zh_tw.go file of its own; a translation may
// reorder arguments with fmt's explicit indexes (%[2]s).
//
// golang.org/x/text/message was considered and not used: its Printer localizes numbers
// (a pid 12345 prints as "12,345"), which is wrong for ports, pids and counts in commands.
package i18n

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

// Lang is a language labs speaks.
type Lang string

// The languages labs speaks. Every learner-facing text has both.
const (
	EN Lang = "en"
	ZH Lang = "zh-TW"
)

// Parse maps a --lang value or a locale (zh_TW.UTF-8, zh_Hant_TW, en_US) to a Lang; anything
// unknown is English.
func Parse(s string) Lang {
	s = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	if strings.HasPrefix(s, "zh-tw") || strings.HasPrefix(s, "zh-hant") {
		return ZH
	}
	return EN
}

// Valid reports whether s names a language exactly as --lang takes it.
func Valid(s string) bool { return s == string(EN) || s == string(ZH) }

// FromLocale is the language of the locale variables (LC_ALL, LC_MESSAGES, LANG, in POSIX
// order of precedence) read through getenv; English when none is set.
func FromLocale(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return Parse(s)
		}
	}
	return EN
}

var (
	mu sync.RWMutex
	zh = map[string]string{}
)

// Register adds zh-TW translations to the catalogue, keyed by their English format strings.
// Packages call it from an init function in their zh_tw.go; a key registered twice with a
// different translation is a programming error and panics at start, where a test sees it.
func Register(translations map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for en, t := range translations {
		if old, ok := zh[en]; ok && old != t {
			panic(fmt.Sprintf("i18n: %q translated twice: %q and %q", en, old, t))
		}
		zh[en] = t
	}
}

// Keys returns every English key that has a zh-TW translation, sorted (for tests).
func Keys() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(zh))
	for k := range zh {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Translated reports whether the catalogue has a zh-TW text for the English key.
func Translated(en string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := zh[en]
	return ok
}

// Localizer renders messages in one language. The zero value speaks English.
type Localizer struct{ lang Lang }

// New returns a Localizer for lang.
func New(lang Lang) Localizer { return Localizer{lang: lang} }

// Lang is the language l speaks.
func (l Localizer) Lang() Lang {
	if l.lang == "" {
		return EN
	}
	return l.lang
}

// T formats the message whose English format string is en, in l's language. A message with
// no translation falls back to English (tests make sure there is none). An error argument of a
// %w verb is rendered as %v would, in l's language when it is a deferred message (Errorf).
func (l Localizer) T(en string, args ...any) string {
	format := l.format(en)
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(noWrapVerbs(format), l.errorArgs(args)...)
}

func (l Localizer) format(en string) string {
	if l.lang == ZH {
		mu.RLock()
		defer mu.RUnlock()
		if t, ok := zh[en]; ok {
			return t
		}
	}
	return en
}

// Err is T as an error; it wraps the errors its arguments hold, so errors.Is and errors.As
// see through it.
func (l Localizer) Err(en string, args ...any) error {
	return localized{text: l.T(en, args...), wrapped: errorsIn(args)}
}

type localized struct {
	text    string
	wrapped []error
}

func (e localized) Error() string   { return e.text }
func (e localized) Unwrap() []error { return e.wrapped }

// Errorf is an error whose language is chosen where it is shown, for code that does not know
// the learner's language (a store, a library): its Error() is English, and Localizer.Error
// renders it, and the deferred messages it wraps, in the localizer's language. Like
// fmt.Errorf, %w wraps an argument.
func Errorf(en string, args ...any) error {
	return &Message{en: en, args: args}
}

// Message is the error Errorf returns.
type Message struct {
	en   string
	args []any
}

func (m *Message) Error() string   { return Localizer{}.T(m.en, m.args...) }
func (m *Message) Unwrap() []error { return errorsIn(m.args) }

// Error renders err in l's language: a deferred message (Errorf) with its arguments, through
// wrappers that add no text of their own (usage errors); any other error as its own text.
func (l Localizer) Error(err error) string {
	if err == nil {
		return ""
	}
	// A wrapper whose text is the message's own adds nothing to translate.
	var m *Message
	if errors.As(err, &m) && m.Error() == err.Error() {
		return l.T(m.en, m.args...)
	}
	return err.Error()
}

// errorArgs renders the error arguments of a message in l's language.
func (l Localizer) errorArgs(args []any) []any {
	out := args
	for i, a := range args {
		if err, ok := a.(error); ok {
			if &out[0] == &args[0] {
				out = append([]any(nil), args...)
			}
			out[i] = l.Error(err)
		}
	}
	return out
}

func errorsIn(args []any) []error {
	var errs []error
	for _, a := range args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// noWrapVerbs turns fmt.Errorf's %w verbs (%w, %[2]w) into %v, which fmt.Sprintf takes.
func noWrapVerbs(format string) string {
	if !strings.Contains(format, "w") {
		return format
	}
	b := []byte(format)
	for i := 0; i < len(b); i++ {
		if b[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(b) && strings.IndexByte("+-# 0123456789.[]*", b[j]) >= 0 {
			j++
		}
		if j < len(b) && b[j] == 'w' {
			b[j] = 'v'
		}
		i = j
	}
	return string(b)
}
