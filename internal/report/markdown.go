package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY):
// the score, then a table of steps, then the failed steps' script output.
func (r *Report) WriteMarkdown(w io.Writer) error {
	who := r.Lab
	if r.Student != "" {
		who = r.Student + " — " + r.Lab
	}
	fmt.Fprintf(w, "## %s: %s\n\n", mdCell(who), mdCell(r.Title))
	fmt.Fprintf(w, "**Score: %d/%d (%.1f%%)**\n\n", r.Score.Points, r.Score.Max, r.Score.Percent)
	if r.Isolation != "" {
		fmt.Fprintf(w, "Sandbox: `%s`", r.Isolation)
		if r.IsolationNote != "" {
			fmt.Fprintf(w, " (%s)", mdCell(r.IsolationNote))
		}
		fmt.Fprint(w, "\n\n")
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "> ⚠️ %s\n\n", mdCell(warning))
	}
	if r.Error != "" {
		fmt.Fprintf(w, "> **Error:** %s\n\n", mdText(r.Error))
	}
	fmt.Fprintln(w, "| | Step | Points | Why |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, s := range r.Steps {
		mark := "✅"
		if s.Status != Pass {
			mark = "❌"
		}
		fmt.Fprintf(w, "| %s | `%s` %s | %d/%d | %s |\n", mark, s.ID, mdCell(s.Title), s.Awarded, s.Points, mdCell(s.Reason))
	}
	for _, s := range r.Steps {
		if s.Status == Pass || s.Script == nil || s.Script.Output == "" {
			continue
		}
		fmt.Fprintf(w, "\n<details><summary>Output of <code>%s</code></summary>\n\n```\n%s\n```\n</details>\n", mdText(s.Script.Name), strings.ReplaceAll(strings.TrimRight(s.Script.Output, "\n"), "```", "'''"))
	}
	fmt.Fprintln(w)
	return nil
}

// MarkdownCell makes s safe inside a Markdown table cell.
func MarkdownCell(s string) string { return mdCell(Clean(s)) }

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(mdText(s), "\n", "<br>")
}

func mdText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}
