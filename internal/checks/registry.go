package checks

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/cucumber/godog"
)

// within is the optional timeout every Then accepts at its end: `... within 30s`.
const within = `(?: within (\d+(?:ms|s|m)))?`

// Def is one step of the library: the pattern a feature file matches, an example line for
// `labs steps`, and the handler godog calls. The same list registers the steps with godog,
// prints them and checks feature files, so the three cannot drift apart.
type Def struct {
	Pattern string
	Example string
	// DocString is an example doc string for steps that take one.
	DocString string
	Doc       string
	// Handler is a godog step function: ctx first, one string per capture group, then a
	// *godog.DocString when the step takes one.
	Handler any
	// RegexArgs are the indexes of capture groups that must hold valid regular expressions.
	RegexArgs []int

	re *regexp.Regexp
}

var defs []*Def

// The order is the order of `labs steps` and of godog's matching (first match wins).
func init() {
	registerObjects()
	registerPods()
	registerEvidence()
}

func def(d Def) {
	d.re = regexp.MustCompile(d.Pattern)
	defs = append(defs, &d)
}

// Defs returns every step of the library, in registration order.
func Defs() []Def {
	out := make([]Def, len(defs))
	for i, d := range defs {
		out[i] = *d
	}
	return out
}

// Register adds every step of the library to a godog scenario.
func Register(sc *godog.ScenarioContext) {
	for _, d := range defs {
		sc.Step(d.Pattern, d.Handler)
	}
}

// takesDocString reports whether the handler's last parameter is a doc string.
func (d *Def) takesDocString() bool {
	t := reflect.TypeOf(d.Handler)
	return t.NumIn() > 0 && t.In(t.NumIn()-1) == reflect.TypeOf(&godog.DocString{})
}

// Library checks Gherkin step lines against the step definitions (lab.StepLibrary).
type Library struct{}

// CheckStep returns "" when text is a defined step, used with a doc string exactly when the
// step takes one, and with valid regular expressions; else what is wrong.
func (Library) CheckStep(text string, docString bool) string {
	for _, d := range defs {
		m := d.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		switch wants := d.takesDocString(); {
		case wants && !docString:
			return fmt.Sprintf("step %q needs a doc string (\"\"\" ... \"\"\") below it", text)
		case !wants && docString:
			return fmt.Sprintf("step %q takes no doc string", text)
		}
		for _, i := range d.RegexArgs {
			if i+1 < len(m) {
				if _, err := regexp.Compile(m[i+1]); err != nil {
					return fmt.Sprintf("bad regular expression %q: %v", m[i+1], err)
				}
			}
		}
		return ""
	}
	return fmt.Sprintf("undefined step %q; `labs steps` lists the defined ones%s", text, suggest(text))
}

// suggest names the defined step that shares the longest prefix with text, as a hint for typos.
func suggest(text string) string {
	best, bestLen := "", 0
	for _, d := range defs {
		ex := d.Example
		n := 0
		for n < len(ex) && n < len(text) && ex[n] == text[n] {
			n++
		}
		if n > bestLen {
			best, bestLen = ex, n
		}
	}
	if bestLen < 5 {
		return ""
	}
	return fmt.Sprintf(" (closest: %q)", strings.TrimSpace(best))
}
