package cli

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/labs-dev/labs/internal/i18n"
)

// localizeHelp puts the learner's language into the help of root's command tree: each
// command's Short and Long, its flags' usages and cobra's template headings. English needs
// nothing; calling it again changes nothing more.
func localizeHelp(root *cobra.Command, loc i18n.Localizer) {
	if loc.Lang() == i18n.EN {
		return
	}
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Short = loc.T(c.Short)
		c.Long = loc.T(c.Long)
		usage := func(f *pflag.Flag) {
			switch {
			case f.Name == "help" && strings.HasPrefix(f.Usage, "help for "):
				f.Usage = loc.T("help for %s", strings.TrimPrefix(f.Usage, "help for "))
			case f.Name == "version" && strings.HasPrefix(f.Usage, "version for "):
				f.Usage = loc.T("version for %s", strings.TrimPrefix(f.Usage, "version for "))
			default:
				f.Usage = loc.T(f.Usage)
			}
		}
		c.LocalFlags().VisitAll(usage)
		c.PersistentFlags().VisitAll(usage)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	t := root.UsageTemplate()
	for _, en := range []string{"Usage:", "Aliases:", "Examples:", "Available Commands:", "Additional Commands:", "Global Flags:", "Additional help topics:"} {
		t = strings.ReplaceAll(t, en, loc.T(en))
	}
	t = strings.ReplaceAll(t, "\nFlags:", "\n"+loc.T("Flags:"))
	// pflag writes a flag's default in English: (default "embedded").
	t = strings.ReplaceAll(t, "FlagUsages | trimTrailingWhitespaces}}", "FlagUsages | trimTrailingWhitespaces | labsDefaults}}")
	cobra.AddTemplateFunc("labsDefaults", func(s string) string {
		return flagDefault.ReplaceAllString(s, loc.T(" (default %s)", "$1"))
	})
	t = strings.ReplaceAll(t, `Use "{{.CommandPath}} [command] --help" for more information about a command.`,
		strings.ReplaceAll(loc.T(`Use "%s [command] --help" for more information about a command.`), "%s", "{{.CommandPath}}"))
	root.SetUsageTemplate(t)
}

var flagDefault = regexp.MustCompile(` \(default (.*)\)`)

// helpTexts are the help texts of root's tree that need a translation (for tests): Short,
// Long and flag usages, but not the ones cobra makes (help for X).
func helpTexts(root *cobra.Command) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		add(c.Short)
		add(c.Long)
		flags := func(f *pflag.Flag) {
			if !strings.HasPrefix(f.Usage, "help for ") && !strings.HasPrefix(f.Usage, "version for ") {
				add(f.Usage)
			}
		}
		c.LocalFlags().VisitAll(flags)
		c.PersistentFlags().VisitAll(flags)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}
