package checks

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	yaml "go.yaml.in/yaml/v3"
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
	// Args, when set, checks the captured arguments when a lab is validated: "" or what is
	// wrong (an argument that can never match, say).
	Args func(args []string) string
	// Answer, set on answer checks (the steps that judge a question step's answer), returns
	// the fixed keys the captured arguments accept: none for a check against live state.
	Answer func(args []string) []string
	// Existence marks a step that checks only that an object exists: alone in a step whose
	// point is to make something, an object left from before passes it (labs validate warns).
	Existence bool
	// CheckDoc, set on steps whose doc string is not YAML (a CEL expression), checks it when a
	// lab is validated: the line (1-based, within the doc string) and what is wrong, or 0, "".
	CheckDoc func(args []string, doc string) (int, string)

	re *regexp.Regexp
}

// Library is a set of step definitions. NewLibrary returns the built-in steps; a Library with
// no steps registered (the zero value, a nil *Library) stands for them too, so checks.Library{}
// and an Env without Steps use the built-in library. Register on a zero Library starts an
// empty one of your own.
type Library struct {
	defs []*Def
}

// NewLibrary returns the built-in step library. The order is the order of `labs steps` and of
// godog's matching (first match wins).
func NewLibrary() *Library {
	l := &Library{}
	l.objectSteps()
	l.podSteps()
	l.staticPodSteps()
	l.attemptSteps()
	l.evidenceSteps()
	l.deleteSteps()
	l.requestSteps()
	l.fileSteps()
	l.answerSteps()
	l.workloadSteps()
	l.workloadAnswerSteps()
	l.celSteps()
	return l
}

// builtin is the built-in library, made once on first use.
var builtin = sync.OnceValue(NewLibrary)

func (l *Library) steps() []*Def {
	if l == nil || l.defs == nil {
		return builtin().defs
	}
	return l.defs
}

// Register adds a step to the library; its pattern must compile.
func (l *Library) Register(d Def) {
	d.re = regexp.MustCompile(d.Pattern)
	l.defs = append(l.defs, &d)
}

// Defs returns every step of the library, in registration order.
func (l *Library) Defs() []Def {
	defs := l.steps()
	out := make([]Def, len(defs))
	for i, d := range defs {
		out[i] = *d
	}
	return out
}

// Defs returns every built-in step, in registration order.
func Defs() []Def { return builtin().Defs() }

// Bind adds every step of the library to a godog scenario.
func (l *Library) Bind(sc *godog.ScenarioContext) {
	for _, d := range l.steps() {
		sc.Step(d.Pattern, d.Handler)
	}
}

// takesDocString reports whether the handler's last parameter is a doc string.
func (d *Def) takesDocString() bool {
	t := reflect.TypeOf(d.Handler)
	return t.NumIn() > 0 && t.In(t.NumIn()-1) == reflect.TypeOf(&godog.DocString{})
}

// CheckStep returns "" when text is a defined step, used with a doc string exactly when the
// step takes one, and with valid regular expressions; else what is wrong.
func (l Library) CheckStep(text string, docString bool) string {
	defs := l.steps()
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
		if d.Args != nil {
			if msg := d.Args(m[1:]); msg != "" {
				return msg
			}
		}
		return ""
	}
	return fmt.Sprintf("undefined step %q; `labs steps` lists the defined ones%s", text, suggest(defs, text))
}

// ExistenceOnly reports whether text is a step that checks only that an object exists.
func (l Library) ExistenceOnly(text string) bool {
	for _, d := range l.steps() {
		if d.re.MatchString(text) {
			return d.Existence
		}
	}
	return false
}

// CheckDocString checks the YAML doc string of a step that takes one: the line (1-based,
// within the doc string) and what is wrong, or "" when it parses.
func (l Library) CheckDocString(text, doc string) (int, string) {
	for _, d := range l.steps() {
		m := d.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		if !d.takesDocString() {
			return 0, ""
		}
		if d.CheckDoc != nil {
			return d.CheckDoc(m[1:], doc)
		}
		var v any
		err := yaml.Unmarshal([]byte(doc), &v)
		if err == nil {
			if _, ok := v.(map[string]any); !ok && v != nil {
				return 1, "the doc string must be a YAML mapping (field: value), like the object it is compared with"
			}
			return 0, ""
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n, "invalid YAML in the doc string: " + m[2]
		}
		return 1, "invalid YAML in the doc string: " + msg
	}
	return 0, ""
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// suggest names the defined step most like text, as a hint for typos: the one whose example
// is the fewest word edits away (quoted arguments and numbers count as alike), when it is
// close enough to be a likely meaning.
func suggest(defs []*Def, text string) string {
	words := stepWords(text)
	best, bestScore := "", 1.0
	for _, d := range defs {
		ex := stepWords(d.Example)
		n := max(len(ex), len(words))
		if n == 0 {
			continue
		}
		score := float64(editDistance(words, ex)) / float64(n)
		if score < bestScore {
			best, bestScore = d.Example, score
		}
	}
	if best == "" || bestScore > 0.6 {
		return ""
	}
	return fmt.Sprintf(" (closest: %q)", strings.TrimSpace(best))
}

var (
	quoted  = regexp.MustCompile(`"[^"]*"`)
	numbers = regexp.MustCompile(`\b\d+(ms|s|m)?\b`)
)

// stepWords is a step's text as lower-case words, each quoted argument one word "Q" and each
// number or duration "N", so only the step's own wording is compared.
func stepWords(s string) []string {
	s = quoted.ReplaceAllString(strings.ToLower(s), " Q ")
	s = numbers.ReplaceAllString(s, " N ")
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ':' || r == '\t' })
}

// editDistance is the Levenshtein distance between two word lists.
func editDistance(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
