// Package lab is the lab model: a lab is scenarios/<id>.yaml (metadata, steps, bilingual text,
// hints, solutions) plus features/<id>.feature (one Gherkin Scenario per step, tagged @<step-id>).
// Labs are loaded from an fs.FS: the copy embedded in the binary or an instructor's directory.
package lab

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/labs-dev/labs/internal/i18n"
)

// Lab is one lab as its author wrote it.
type Lab struct {
	ID            string   `yaml:"id"`
	Title         Text     `yaml:"title"`
	Summary       Text     `yaml:"summary"`
	Minutes       int      `yaml:"minutes"`
	Prerequisites []string `yaml:"prerequisites,omitempty"`
	// Order places the lab in the course (labs list, labs test): labs come after their
	// prerequisites, and among the labs whose prerequisites are listed the lowest order comes
	// first; labs without one (0) come after those with one, by id. See List.
	Order int `yaml:"order,omitempty"`
	// Owns is what the lab creates and `labs reset` may delete.
	Owns Owns `yaml:"owns,omitempty"`
	// Context, when set, is the state of the learner's kubeconfig context the lab starts
	// from: every attempt (labs start the first time, labs reset, labs check beginning one,
	// labs test, labs grade) establishes it and tells the learner what changed and why.
	Context *Context `yaml:"context,omitempty"`
	Steps   []Step   `yaml:"steps"`

	// ScenarioPath and FeaturePath are the files the lab was loaded from (slash-separated,
	// relative to the lab root).
	ScenarioPath string `yaml:"-"`
	FeaturePath  string `yaml:"-"`
	// ProgressKey names the learner's saved progress of this lab: its id for a built-in lab; a
	// lab from another directory sets its own, so it never shares a built-in lab's progress.
	ProgressKey string `yaml:"-"`
	// Feature is the raw .feature file; checks run it through godog.
	Feature []byte `yaml:"-"`
	// Scenarios are the parsed Scenarios of Feature.
	Scenarios []Scenario `yaml:"-"`

	lines lineIndex
}

// Step is one step of a lab.
type Step struct {
	ID       string `yaml:"id"`
	Title    Text   `yaml:"title"`
	Text     Text   `yaml:"text"`
	Hints    []Text `yaml:"hints"`
	Solution string `yaml:"solution"`
	// Files are copied into the learner's work directory when the step starts.
	Files []File `yaml:"files,omitempty"`
	// Points is the step's weight in grading (0 counts as 1).
	Points int `yaml:"points,omitempty"`
	// Question, when set, makes this a question step: the learner answers it (in the
	// walkthrough, with `labs answer`, or in an answers file) and the answer checks of its
	// Scenario compare the answer with a fixed key or with the live cluster.
	Question *Question `yaml:"question,omitempty"`
	// Mistakes are common wrong solutions: `labs test` runs each from the state before the
	// step and requires the step to stay red (its reason containing Reason, when given), then
	// runs its Undo.
	Mistakes []Mistake `yaml:"mistakes,omitempty"`
	// Alternatives are other ways of doing the step that are fine: `labs test` runs each from
	// the state before the step and requires the step to pass, then runs its Undo.
	Alternatives []Alternative `yaml:"alternatives,omitempty"`
}

// Mistake is a common wrong solution of a step, which its checks must not pass.
type Mistake struct {
	// What says, in both languages, what the mistake is and why it is wrong.
	What Text `yaml:"what"`
	// Script is the wrong solution (bash, like a solution).
	Script string `yaml:"script"`
	// Reason, when given, is a text the step's (English) failure reason must contain.
	Reason string `yaml:"reason,omitempty"`
	// Undo, when given, puts the state back before the next mistake, alternative or the
	// solution runs.
	Undo string `yaml:"undo,omitempty"`
}

// Alternative is another way of doing a step that its checks accept.
type Alternative struct {
	// What says, in both languages, what the alternative is and why it is fine.
	What Text `yaml:"what"`
	// Script is the other solution (bash, like a solution).
	Script string `yaml:"script"`
	// Undo, when given, puts the state back before the next alternative or the solution runs.
	Undo string `yaml:"undo,omitempty"`
}

// Question is what a question step asks.
type Question struct {
	Prompt Text `yaml:"prompt"`
	// Choices, when given, are the answers to pick from (by number or value); the answer is
	// the choice's value.
	Choices []Choice `yaml:"choices,omitempty"`
}

// Choice is one answer to pick: its value (what the checks compare) and its text.
type Choice struct {
	Value string `yaml:"value"`
	Text  `yaml:",inline"`
}

// NormalizeAnswer is an answer as it is compared: trimmed, its runs of white space one space,
// in lower case.
func NormalizeAnswer(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// SameAnswer reports whether two answers are the same, as NormalizeAnswer compares them.
func SameAnswer(a, b string) bool { return NormalizeAnswer(a) == NormalizeAnswer(b) }

// Resolve maps what the learner typed to the answer recorded: with choices, the number of a
// choice (1, 2, ...) or a choice's value (in any case) is that choice's value; anything else
// is kept, trimmed, for the checks to judge.
func (q *Question) Resolve(answer string) string {
	answer = strings.TrimSpace(answer)
	if q == nil {
		return answer
	}
	for _, c := range q.Choices {
		if SameAnswer(c.Value, answer) {
			return c.Value
		}
	}
	if n, err := strconv.Atoi(answer); err == nil && n >= 1 && n <= len(q.Choices) {
		return q.Choices[n-1].Value
	}
	return answer
}

// Choice is the choice answer records (its number, 1-based, and the choice), as the learner
// picked it; 0 and nil when answer is no choice's value.
func (q *Question) Choice(answer string) (int, *Choice) {
	if q == nil {
		return 0, nil
	}
	for i := range q.Choices {
		if SameAnswer(q.Choices[i].Value, answer) {
			return i + 1, &q.Choices[i]
		}
	}
	return 0, nil
}

// Text is a learner-facing text in both languages labs speaks (i18n.EN and i18n.ZH).
type Text struct {
	EN string `yaml:"en"`
	ZH string `yaml:"zh-TW"`
}

// Get returns the text in lang, falling back to English. zh-TW text is typeset as Taiwan reads
// it: a line break between Chinese characters (a wrapped YAML line) joins with no space.
func (t Text) Get(lang i18n.Lang) string {
	if lang == i18n.ZH && t.ZH != "" {
		return i18n.Typeset(t.ZH)
	}
	return t.EN
}

// File is a file a step provides to the learner.
type File struct {
	Path    string `yaml:"path"`
	Content string `yaml:"content"`
}

// Context is the kubeconfig context a lab starts from.
type Context struct {
	// Namespace is the namespace of the current context at the start of an attempt.
	Namespace string `yaml:"namespace"`
}

// Owns lists what belongs to the lab.
type Owns struct {
	// Namespaces the lab creates; reset deletes them.
	Namespaces []string `yaml:"namespaces,omitempty"`
	// Label is a label selector ("key=value") of objects the lab creates in other namespaces.
	Label string `yaml:"label,omitempty"`
	// StaticPods are the static Pods (a manifest's metadata.name) the lab has the learner
	// write into a node's static pod directory; reset removes the manifests that define them
	// from every node's directory, so the kubelets stop them and their mirror Pods go.
	StaticPods []string `yaml:"staticPods,omitempty"`
}

// Step returns the step with id, or nil.
// ProgressKeyFor names the saved progress of lab id read from dir ("" for the built-in labs):
// a lab from a directory gets a key of that directory, so working on a copy of a built-in lab
// never touches the learner's progress in it.
func ProgressKeyFor(id, dir string) string {
	if dir == "" {
		return id
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return id + "@" + hex.EncodeToString(sum[:4])
}

// Key is the name of the lab's saved progress.
func (l *Lab) Key() string {
	if l.ProgressKey != "" {
		return l.ProgressKey
	}
	return l.ID
}

func (l *Lab) Step(id string) *Step {
	for i := range l.Steps {
		if l.Steps[i].ID == id {
			return &l.Steps[i]
		}
	}
	return nil
}

// Index returns the position of step id, or -1.
func (l *Lab) Index(id string) int {
	for i := range l.Steps {
		if l.Steps[i].ID == id {
			return i
		}
	}
	return -1
}

var idRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// ValidID reports whether s can name a lab or a step: lower-case letters, digits and dashes,
// like a Kubernetes name, so it works as a file name and a Gherkin tag.
func ValidID(s string) bool { return len(s) <= 63 && idRE.MatchString(s) }
