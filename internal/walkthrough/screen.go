package walkthrough

import (
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"
)

// screen is the line-oriented display of a walkthrough: text scrolls as before, and the last
// line(s) are a status block (the verdict of the current step) that is rewritten in place on a
// terminal. Off a terminal (a pipe, a test reading stdout) it writes plain lines, a status only
// when it changed, with no escape sequences.
type screen struct {
	out   io.Writer
	tty   bool
	color bool
	width func() int // the terminal's columns, 0 when unknown

	mu          sync.Mutex
	status      string // the status block's text, unstyled
	statusLines int    // how many lines the status block takes on screen, 0 when none is shown
	paused      bool   // a shell owns the terminal: draw nothing
	md          *glamour.TermRenderer
	mdWidth     int
}

const fallbackWidth = 80

// noWrap is wider than any line: glamour's own wrapping breaks at hyphens ("set-" / "context"),
// so it only lays out and wrap() breaks the lines.
const noWrap = 1000

// trailingPad is the padding glamour adds to fill a line, before the line's closing escapes.
var trailingPad = regexp.MustCompile(` +((?:\x1b\[[0-9;]*m)*)$`)

func (s *screen) cols() int {
	w := 0
	if s.width != nil {
		w = s.width()
	}
	if w <= 0 {
		w = fallbackWidth
	}
	return w
}

// write sends text to the terminal, with \r\n for \n there (raw mode does not translate).
func (s *screen) write(text string) {
	if s.tty {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	_, _ = io.WriteString(s.out, text)
}

// clearStatus erases the status block, leaving the cursor where it started; s.mu is held.
func (s *screen) clearStatus() {
	if !s.tty || s.statusLines == 0 {
		return
	}
	s.write("\r" + strings.Repeat("\x1b[A", s.statusLines-1) + "\x1b[J")
	s.statusLines = 0
}

// drawStatus shows the status block below the text; s.mu is held.
func (s *screen) drawStatus() {
	if !s.tty || s.status == "" || s.paused {
		return
	}
	lines := wrap(s.status, s.cols()-1)
	s.statusLines = len(lines)
	s.write(s.paint(strings.Join(lines, "\n")))
}

// paint styles the status block's text by what it says.
func (s *screen) paint(text string) string {
	switch {
	case strings.HasPrefix(text, "✗"):
		return red.Sprint("✗") + text[len("✗"):]
	case strings.HasPrefix(text, "✓"):
		return green.Sprint(text)
	}
	return faint.Sprint(text)
}

// Println prints wrapped text lines above the status block.
func (s *screen) Println(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused {
		return
	}
	s.clearStatus()
	s.write(text + "\n")
	s.drawStatus()
}

// Wrapped prints plain text wrapped to the terminal, styled line by line by style.
func (s *screen) Wrapped(text string, style func(...any) string) {
	lines := wrap(text, s.cols()-1)
	for i, l := range lines {
		if style != nil {
			lines[i] = style(l)
		}
	}
	s.Println(strings.Join(lines, "\n"))
}

// Status replaces the status block; off a terminal it prints a changed status as a line.
func (s *screen) Status(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if text == s.status {
		return
	}
	s.status = text
	if s.paused {
		return
	}
	if !s.tty {
		s.write(text + "\n")
		return
	}
	s.clearStatus()
	s.drawStatus()
}

// Clear empties the terminal before a full redraw.
func (s *screen) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tty && !s.paused {
		s.write("\x1b[H\x1b[2J")
		s.statusLines = 0
	}
}

// Pause stops drawing while a shell owns the terminal; Resume draws again (after a Clear).
func (s *screen) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearStatus()
	s.paused = true
}

func (s *screen) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = false
	s.statusLines = 0
}

// Markdown renders lab text (code spans, code blocks, lists) wrapped to the terminal. Colour
// uses only the terminal's own palette (cyan code, bold, italics), so it reads on dark and light
// backgrounds alike; without colour, or off a terminal, it is plain text that keeps the
// backquotes of code.
func (s *screen) Markdown(text string) string {
	s.mu.Lock()
	w := s.cols() - 1
	if s.md == nil || s.mdWidth != w {
		style := styles.ASCIIStyleConfig
		zero := uint(0)
		style.Document = ansi.StyleBlock{Margin: &zero}
		profile := termenv.Ascii
		// Plain text keeps the backquotes of code, so `kubectl run` still reads as a command.
		style.Code = ansi.StyleBlock{StylePrimitive: ansi.StylePrimitive{Prefix: "`", Suffix: "`"}}
		if s.color {
			profile = termenv.ANSI
			cyan, on := "6", true
			style.Code = ansi.StyleBlock{StylePrimitive: ansi.StylePrimitive{Color: &cyan}}
			style.CodeBlock.Color = &cyan
			style.Strong = ansi.StylePrimitive{Bold: &on}
			style.Emph = ansi.StylePrimitive{Italic: &on}
		}
		r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(noWrap), glamour.WithColorProfile(profile))
		if err == nil {
			s.md, s.mdWidth = r, w
		}
	}
	md := s.md
	s.mu.Unlock()
	if md == nil {
		return strings.Join(wrap(text, w), "\n")
	}
	out, err := md.Render(text)
	if err != nil {
		return strings.Join(wrap(text, w), "\n")
	}
	// glamour pads lines to the width and frames the document with blank lines.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(trailingPad.ReplaceAllString(l, "$1"), unicode.IsSpace)
	}
	// glamour's own wrapping breaks at hyphens ("set-" / "context"); wrap here instead.
	return strings.Join(wrap(strings.Trim(strings.Join(lines, "\n"), "\n"), w), "\n")
}

// wrap breaks plain text into lines of at most width columns, at spaces, or between two wide
// (CJK) characters, which need no space; a word wider than the line is the only thing ever cut.
func wrap(text string, width int) []string {
	if width < 10 {
		width = 10
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapLine(para, width)...)
	}
	return out
}

func wrapLine(line string, width int) []string {
	// Keep a list item's or code block's indentation on its continuation lines.
	body := strings.TrimLeft(line, " ")
	indent := len(line) - len(body)
	hang := indent
	for _, bullet := range []string{"• ", "- ", "* "} {
		if strings.HasPrefix(body, bullet) {
			hang += xansi.StringWidth(bullet)
		}
	}
	if i := strings.Index(body, ". "); i > 0 && i <= 3 && strings.Trim(body[:i], "0123456789") == "" {
		hang += i + 2
	}
	if hang > width/2 {
		hang = 0
	}
	// Tokens: words (with their following spaces) and single wide characters; escape
	// sequences (colour) stick to the token they are in and take no room.
	var tokens []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			tokens = append(tokens, cur.String())
			cur.Reset()
		}
	}
	prevSpace := false
	// A code span (`kubectl create configmap c1`) is kept on one line when it fits.
	spans := strings.Count(line, "`")%2 == 0
	inCode := false
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '`' && spans {
			inCode = !inCode
		}
		switch {
		case inCode && r != '`':
			cur.WriteRune(r)
			continue
		case r == 0x1b:
			j := i + 1
			for j < len(rs) && !(rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= 'a' && rs[j] <= 'z') {
				j++
			}
			cur.WriteString(string(rs[i:min(j+1, len(rs))]))
			i = j
			continue
		case r == ' ':
			cur.WriteRune(r)
			prevSpace = true
			continue
		case runewidth.RuneWidth(r) == 2:
			flush()
			cur.WriteRune(r)
			// Full-width punctuation stays with the character before it.
			if isClosingPunct(r) && len(tokens) > 0 {
				tokens[len(tokens)-1] += cur.String()
				cur.Reset()
			} else {
				flush()
			}
			prevSpace = false
			continue
		}
		if prevSpace {
			flush()
		}
		prevSpace = false
		cur.WriteRune(r)
	}
	flush()
	limit := width
	// A code span wider than a line is broken at its spaces after all.
	var split []string
	for _, t := range tokens {
		if xansi.StringWidth(strings.TrimRight(t, " ")) > limit-hang && strings.Contains(strings.TrimSpace(t), " ") {
			for _, w := range strings.SplitAfter(t, " ") {
				if w != "" {
					split = append(split, w)
				}
			}
			continue
		}
		split = append(split, t)
	}
	tokens = split
	var lines []string
	var l strings.Builder
	lw := 0
	for _, t := range tokens {
		tw := xansi.StringWidth(strings.TrimRight(t, " "))
		if lw > 0 && lw+tw > limit {
			lines = append(lines, strings.TrimRight(l.String(), " "))
			l.Reset()
			l.WriteString(strings.Repeat(" ", hang))
			lw = hang
			t = strings.TrimLeft(t, " ")
		}
		for lw == 0 && tw > limit { // a single word longer than a line
			cut := xansi.Truncate(t, limit, "")
			lines = append(lines, cut)
			t = t[len(cut):]
			tw = xansi.StringWidth(strings.TrimRight(t, " "))
		}
		l.WriteString(t)
		lw += xansi.StringWidth(t)
	}
	lines = append(lines, strings.TrimRight(l.String(), " "))
	return lines
}

func isClosingPunct(r rune) bool { return strings.ContainsRune("，。：；、！？）」』", r) }

// RenderMarkdown renders lab text as the walkthrough shows it on a terminal of width columns
// without colour (code keeps its backquotes): for tests and other screens that show lab text.
func RenderMarkdown(text string, width int) string {
	s := &screen{width: func() int { return width }}
	return s.Markdown(text)
}
