package i18n

import (
	"regexp"
	"strings"
	"unicode"
)

// Chinese as Taiwan sets it: no half-width space between two Chinese characters, none beside
// full-width punctuation, 「」 for quotes and 、 between the items of a list.

// List joins items as a sentence lists them: "a, b, c" in English, 「a、b、c」 in zh-TW.
func (l Localizer) List(items []string) string {
	if l.Lang() == ZH {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// Quote quotes a word inside a message: "x" (as %q would) in English, 「x」 in zh-TW.
func (l Localizer) Quote(s string) string {
	if l.Lang() == ZH {
		return "「" + s + "」"
	}
	return `"` + s + `"`
}

// IsWide reports whether r is a Chinese (or other East Asian) character or full-width
// punctuation: a character that takes no space beside another.
func IsWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || IsFullWidthPunct(r) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0x3000 && r <= 0x303F)
}

// IsFullWidthPunct reports whether r is full-width punctuation (，。：；、！？「」『』（）……).
func IsFullWidthPunct(r rune) bool {
	return strings.ContainsRune("，。：；、！？「」『』（）《》〈〉—…～", r)
}

// Typeset joins what a line break (or a wrapped YAML line) left between Chinese characters: a
// run of half-width white space between two wide characters, or beside full-width punctuation
// (opening and closing marks too: `code`\n（ reads `code`（),
// is removed, so 「依命名空間\n設定」 and 「訊號， SIGKILL」 read 「依命名空間設定」 and
// 「訊號，SIGKILL」. A break into a Markdown block (a list item, a heading, a paragraph's blank
// line) stays, and code (`spans`, fenced blocks) is left as it is. Text with no wide character
// comes back unchanged.
func Typeset(text string) string {
	if !strings.ContainsFunc(text, IsWide) {
		return text
	}
	rs := []rune(text)
	var b strings.Builder
	inSpan := false
	inFence := false
	lineStart := true
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if lineStart {
			rest := strings.TrimLeft(string(rs[i:min(i+8, len(rs))]), " \t")
			if strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~") {
				// A fence line, as it is.
				inFence = !inFence
				j := i
				for j < len(rs) && rs[j] != '\n' {
					j++
				}
				b.WriteString(string(rs[i:min(j+1, len(rs))]))
				i = j
				continue
			}
		}
		lineStart = r == '\n'
		if inFence {
			b.WriteRune(r)
			continue
		}
		if r == '`' {
			inSpan = !inSpan
		}
		if inSpan || (r != ' ' && r != '\n' && r != '\t') || i == 0 {
			b.WriteRune(r)
			continue
		}
		// A run of white space: rs[i:j].
		j := i
		newlines := 0
		for j < len(rs) && (rs[j] == ' ' || rs[j] == '\n' || rs[j] == '\t') {
			if rs[j] == '\n' {
				newlines++
			}
			j++
		}
		if j >= len(rs) || newlines > 1 || !joins(rs[i-1], rs[j:], newlines == 1) {
			b.WriteString(string(rs[i:j]))
			lineStart = newlines > 0
			i = j - 1
			continue
		}
		i = j - 1 // drop the run
	}
	return b.String()
}

// joins reports whether white space between prev and the text next is only a soft break to
// drop: between two wide characters, or beside full-width punctuation. After a line break the
// next line must not begin a Markdown block.
func joins(prev rune, next []rune, lineBreak bool) bool {
	n := next[0]
	if lineBreak && startsBlock(next) {
		return false
	}
	switch {
	case IsWide(prev) && IsWide(n):
		return true
	case IsFullWidthPunct(prev) || IsFullWidthPunct(n):
		// 「訊號， SIGKILL」, 「slow 、」, 「`--cluster kind`\n（」: a full-width mark has its own
		// space, and takes no half-width one beside it, opening and closing marks too.
		return true
	}
	return false
}

// startsBlock reports whether a line beginning with next begins a Markdown block.
func startsBlock(next []rune) bool {
	s := string(next[:min(len(next), 6)])
	for _, p := range []string{"- ", "* ", "+ ", "#", ">", "|", "```", "~~~"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	d := 0
	for d < len(next) && next[d] >= '0' && next[d] <= '9' {
		d++
	}
	return d > 0 && d+1 < len(next) && (next[d] == '.' || next[d] == ')') && next[d+1] == ' '
}

var (
	codeSpan   = regexp.MustCompile("`[^`\n]*`")
	fenceBlock = regexp.MustCompile("(?ms)^[ \t]*```.*?^[ \t]*```[^\n]*$")
	wideSpace  = regexp.MustCompile(`([\p{Han}，。：；、！？「」（）『』]) +([\p{Han}「」（）『』，。：；、！？])`)
	spaceAfter = regexp.MustCompile(`([，。：；、！？「」（）『』]) +(\S)`)
	spaceBfore = regexp.MustCompile(`(\S) +([，。：；、！？「」（）『』])`)
	asciiQuote = regexp.MustCompile(`"[^"\n]*"`)
	quoteVerb  = regexp.MustCompile(`%(\[\d+\])?q`)
)

// TypographyProblems lists what in zh-TW text breaks Taiwan's typesetting: a half-width space
// between Chinese characters or beside full-width punctuation, ASCII quotes (or a %q verb, which
// makes them) around words of a sentence, where 「」 belong. Code (`spans`, fenced blocks) is
// not prose and is not judged.
func TypographyProblems(text string) []string {
	prose := fenceBlock.ReplaceAllString(text, "")
	prose = codeSpan.ReplaceAllString(prose, "C")
	var out []string
	for _, m := range wideSpace.FindAllString(prose, -1) {
		out = append(out, "a half-width space between Chinese characters: "+strconvQuote(m))
	}
	for _, m := range spaceAfter.FindAllString(prose, -1) {
		out = append(out, "a half-width space after full-width punctuation: "+strconvQuote(m))
	}
	for _, m := range spaceBfore.FindAllString(prose, -1) {
		out = append(out, "a half-width space before full-width punctuation: "+strconvQuote(m))
	}
	for _, m := range asciiQuote.FindAllString(prose, -1) {
		out = append(out, "ASCII quotes in a Chinese sentence (use 「」): "+m)
	}
	for _, m := range quoteVerb.FindAllString(prose, -1) {
		out = append(out, "a "+m+" verb makes ASCII quotes (use 「%s」)")
	}
	return out
}

func strconvQuote(s string) string { return "「" + s + "」" }
