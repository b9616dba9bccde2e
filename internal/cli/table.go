package cli

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// writeTable prints rows as columns, each cell but the last of a row padded to its column's
// widest cell plus two spaces. Widths are display widths (go-runewidth), not rune counts as in
// text/tabwriter: a Chinese character takes two terminal columns, so zh-TW headings and titles
// line up too. Every table labs prints (list, cluster status) goes through it.
func writeTable(w io.Writer, indent string, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r[:max(0, len(r)-1)] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, cell := range r {
			if i == len(r)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(padRight(cell, widths[i]+2))
		}
		b.WriteString("\n")
		io.WriteString(w, b.String())
	}
}

// displayWidth is how many terminal columns s takes: East Asian wide and fullwidth characters
// take two.
func displayWidth(s string) int { return runewidth.StringWidth(s) }

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-displayWidth(s)))
}
