package lab

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	yaml "go.yaml.in/yaml/v3"
)

// Directories of a lab tree.
const (
	ScenarioDir = "scenarios"
	FeatureDir  = "features"
)

// Problem is one thing wrong with a lab, at a place an author can open.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems is every problem found; as an error it lists them one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

// Scenario is a Scenario of a lab's feature file, as far as the lab engine cares.
type Scenario struct {
	Tag   string // step id, without "@"
	Name  string
	Line  int
	Steps []GherkinStep
}

// GherkinStep is one Given/When/Then line.
type GherkinStep struct {
	Text      string
	Line      int
	DocString bool
	Table     bool
	// Doc is the doc string's content and DocLine the line of its opening """.
	Doc     string
	DocLine int
}

// List returns the ids of the labs in fsys (scenarios/*.yaml) in course order: every lab
// after its prerequisites (a topological order), and among the labs whose prerequisites are
// all listed, the one of lowest order first (labs without an order after those with one), then
// by id. Labs in a prerequisite cycle, or whose file does not parse, keep the same tie-break.
func List(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ScenarioDir)
	if err != nil {
		return nil, fmt.Errorf("listing labs: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(ids)
	return courseOrder(ids, func(id string) placement {
		var p placement
		if data, err := fs.ReadFile(fsys, path.Join(ScenarioDir, id+".yaml")); err == nil {
			_ = yaml.Unmarshal(data, &p) // a broken lab is placed by its id; Validate reports it
		}
		return p
	}), nil
}

// placement is what of a lab's file decides where it is listed.
type placement struct {
	Prerequisites []string `yaml:"prerequisites"`
	Order         int      `yaml:"order"`
}

// courseOrder sorts ids (sorted) as List describes.
func courseOrder(ids []string, place func(string) placement) []string {
	pl := map[string]placement{}
	for _, id := range ids {
		pl[id] = place(id)
	}
	// before reports whether a is listed before b when both may come next.
	before := func(a, b string) bool {
		oa, ob := pl[a].Order, pl[b].Order
		switch {
		case oa == ob:
			return a < b
		case oa == 0 || ob == 0:
			return ob == 0
		}
		return oa < ob
	}
	listed := map[string]bool{}
	out := make([]string, 0, len(ids))
	for len(out) < len(ids) {
		next, cycle := "", ""
		for _, id := range ids {
			if listed[id] {
				continue
			}
			if cycle == "" || before(id, cycle) {
				cycle = id
			}
			ready := true
			for _, pre := range pl[id].Prerequisites {
				if _, known := pl[pre]; known && !listed[pre] && pre != id {
					ready = false
				}
			}
			if ready && (next == "" || before(id, next)) {
				next = id
			}
		}
		if next == "" {
			next = cycle // a cycle: validate reports it; list its labs anyway
		}
		listed[next] = true
		out = append(out, next)
	}
	return out
}

// ErrNotFound means there is no lab with the asked id.
var ErrNotFound = errors.New("no such lab")

// notFound is the problem of a missing lab: errors.As finds its Problems, errors.Is ErrNotFound.
type notFound struct{ ps Problems }

func (e notFound) Error() string   { return e.ps.Error() }
func (e notFound) Unwrap() []error { return []error{e.ps, ErrNotFound} }

// Load reads and checks lab id from fsys. Every problem of the lab's own files is reported
// (as Problems) so an author fixes them in one go; whether its Gherkin steps exist is the
// concern of Validate, which knows the step library.
func Load(fsys fs.FS, id string) (*Lab, error) {
	l, ps := load(fsys, id)
	if len(ps) == 0 {
		return l, nil
	}
	if _, err := fs.Stat(fsys, path.Join(ScenarioDir, id+".yaml")); errors.Is(err, fs.ErrNotExist) {
		return nil, notFound{ps}
	}
	return nil, ps.sorted()
}

func load(fsys fs.FS, id string) (*Lab, Problems) {
	scenarioPath := path.Join(ScenarioDir, id+".yaml")
	featurePath := path.Join(FeatureDir, id+".feature")
	data, err := fs.ReadFile(fsys, scenarioPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Problems{{File: scenarioPath, Msg: fmt.Sprintf("%v: lab %q", ErrNotFound, id)}}
	}
	if err != nil {
		return nil, Problems{{File: scenarioPath, Msg: err.Error()}}
	}
	l, ps := ParseScenario(scenarioPath, data)
	if l == nil {
		return nil, ps
	}
	if l.ID != "" && l.ID != id {
		ps = append(ps, Problem{scenarioPath, l.lines.at("id"), fmt.Sprintf("id %q does not match the file name %s.yaml", l.ID, id)})
	}
	l.ScenarioPath, l.FeaturePath = scenarioPath, featurePath
	feature, err := fs.ReadFile(fsys, featurePath)
	if err != nil {
		ps = append(ps, Problem{scenarioPath, 1, fmt.Sprintf("the lab has no feature file %s: %v", featurePath, unwrapPathError(err))})
		return l, ps
	}
	l.Feature = feature
	scenarios, fps := ParseFeature(featurePath, feature)
	ps = append(ps, fps...)
	l.Scenarios = scenarios
	ps = append(ps, l.crossCheck()...)
	return l, ps
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lineIndex maps a dotted path of the YAML document ("steps.1.hints.0.en") to its line.
type lineIndex map[string]int

// at returns the line of the deepest existing prefix of p, so a missing field is reported
// where its parent is.
func (li lineIndex) at(p string) int {
	for {
		if n, ok := li[p]; ok {
			return n
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			if n, ok := li[""]; ok {
				return n
			}
			return 1
		}
		p = p[:i]
	}
}

func indexLines(n *yaml.Node, prefix string, li lineIndex) {
	if n == nil {
		return
	}
	li[prefix] = n.Line
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			indexLines(c, prefix, li)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := join(k.Value)
			indexLines(v, p, li)
			// A key's own line is where an author looks, even when its value starts below.
			li[p] = k.Line
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			indexLines(c, join(strconv.Itoa(i)), li)
		}
	}
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlProblems turns a yaml.v3 error into file:line problems.
func yamlProblems(file string, err error) Problems {
	var lines []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var ps Problems
	for _, s := range lines {
		s = strings.TrimSpace(s)
		if m := yamlLineRE.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			ps = append(ps, Problem{file, n, "invalid YAML: " + m[2]})
			continue
		}
		ps = append(ps, Problem{file, 1, "invalid YAML: " + strings.TrimPrefix(s, "yaml: ")})
	}
	return ps
}

// ParseScenario decodes a scenarios/<id>.yaml file strictly (unknown fields are errors) and
// checks its content. It returns a nil Lab when the file cannot be decoded at all.
func ParseScenario(file string, data []byte) (l *Lab, ps Problems) {
	// yaml.v3 has panicked on odd input before; a lab file must never crash labs.
	defer func() {
		if r := recover(); r != nil {
			l, ps = nil, Problems{{file, 1, fmt.Sprintf("invalid YAML: the parser failed: %v", r)}}
		}
	}()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblems(file, err)
	}
	if len(root.Content) == 0 {
		return nil, Problems{{file, 1, "the file is empty; a lab needs at least id, title and steps"}}
	}
	if root.Content[0].Kind != yaml.MappingNode {
		return nil, Problems{{file, root.Content[0].Line, "a lab file must be a YAML mapping (id: ..., title: ..., steps: ...)"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	l = &Lab{}
	var typeProblems Problems
	if err := dec.Decode(l); err != nil {
		// yaml.v3 reports unknown fields and wrong types as a TypeError after decoding all
		// the rest: keep going, so these do not hide the file's other problems.
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, yamlProblems(file, err)
		}
		typeProblems = yamlProblems(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Problems{{file, extra.Line, "a lab file holds one YAML document; remove the second one (---)"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlProblems(file, err)
	}
	l.lines = lineIndex{}
	indexLines(&root, "", l.lines)
	return l, append(typeProblems, l.checkFields(file)...)
}

func (l *Lab) checkFields(file string) Problems {
	var ps Problems
	add := func(p, format string, args ...any) {
		ps = append(ps, Problem{file, l.lines.at(p), fmt.Sprintf(format, args...)})
	}
	text := func(p, what string, t Text) {
		switch {
		case strings.TrimSpace(t.EN) == "" && strings.TrimSpace(t.ZH) == "":
			add(p, "%s is missing (give it in en and zh-TW)", what)
		case strings.TrimSpace(t.EN) == "":
			add(p, "%s has no en translation", what)
		case strings.TrimSpace(t.ZH) == "":
			add(p, "%s has no zh-TW translation", what)
		}
	}
	switch {
	case l.ID == "":
		add("id", "the lab has no id")
	case !ValidID(l.ID):
		add("id", "lab id %q is not valid: use lower-case letters, digits and dashes", l.ID)
	}
	text("title", "title", l.Title)
	text("summary", "summary", l.Summary)
	if l.Minutes < 0 {
		add("minutes", "minutes must not be negative")
	}
	if l.Order < 0 {
		add("order", "order must be positive (or left out: the lab comes after those with one)")
	}
	for i, ns := range l.Owns.Namespaces {
		if !ValidID(ns) {
			add(fmt.Sprintf("owns.namespaces.%d", i), "owned namespace %q is not a valid namespace name", ns)
		}
	}
	for i, name := range l.Owns.StaticPods {
		if !ValidID(name) {
			add(fmt.Sprintf("owns.staticPods.%d", i), "owned static Pod %q is not a valid Pod name", name)
		}
	}
	if c := l.Context; c != nil && !ValidID(c.Namespace) {
		add("context.namespace", "context.namespace %q is not a valid namespace name (the namespace the lab starts in, e.g. default)", c.Namespace)
	}
	if lb := l.Owns.Label; lb != "" {
		k, v, ok := strings.Cut(lb, "=")
		if !ok || k == "" || v == "" || strings.ContainsAny(lb, ", ") {
			add("owns.label", "owns.label must be one key=value label, not %q", lb)
		}
	}
	if len(l.Steps) == 0 {
		add("steps", "the lab has no steps")
	}
	seen := map[string]int{}
	for i, s := range l.Steps {
		p := fmt.Sprintf("steps.%d", i)
		switch {
		case s.ID == "":
			add(p, "step %d has no id", i+1)
		case !ValidID(s.ID):
			add(p+".id", "step id %q is not valid: use lower-case letters, digits and dashes", s.ID)
		default:
			if first, dup := seen[s.ID]; dup {
				add(p+".id", "duplicate step id %q (first used at line %d)", s.ID, first)
			} else {
				seen[s.ID] = l.lines.at(p + ".id")
			}
		}
		name := fmt.Sprintf("step %q", s.ID)
		text(p+".title", name+" title", s.Title)
		text(p+".text", name+" text", s.Text)
		if len(s.Hints) == 0 {
			add(p, "%s has no hints (give at least one, in en and zh-TW)", name)
		}
		for j, h := range s.Hints {
			text(fmt.Sprintf("%s.hints.%d", p, j), fmt.Sprintf("%s hint %d", name, j+1), h)
		}
		if strings.TrimSpace(s.Solution) == "" {
			add(p, "%s has no solution", name)
		}
		if q := s.Question; q != nil {
			qp := p + ".question"
			text(qp+".prompt", name+" question prompt", q.Prompt)
			values := map[string]int{}
			for j, c := range q.Choices {
				cp := fmt.Sprintf("%s.choices.%d", qp, j)
				text(cp, fmt.Sprintf("%s choice %d", name, j+1), c.Text)
				switch v := NormalizeAnswer(c.Value); {
				case v == "":
					add(cp, "%s choice %d has no value (what the answer is when it is picked)", name, j+1)
				case values[v] > 0:
					add(cp+".value", "%s choice %d has the value %q of choice %d", name, j+1, c.Value, values[v])
				default:
					values[v] = j + 1
				}
			}
			if len(q.Choices) == 1 {
				add(qp+".choices", "%s question has one choice; give at least two, or none for a free answer", name)
			}
		}
		for j, m := range s.Mistakes {
			mp := fmt.Sprintf("%s.mistakes.%d", p, j)
			text(mp+".what", fmt.Sprintf("%s mistake %d's what", name, j+1), m.What)
			if strings.TrimSpace(m.Script) == "" {
				add(mp, "%s mistake %d has no script (the wrong solution labs test runs)", name, j+1)
			}
		}
		for j, a := range s.Alternatives {
			ap := fmt.Sprintf("%s.alternatives.%d", p, j)
			text(ap+".what", fmt.Sprintf("%s alternative %d's what", name, j+1), a.What)
			if strings.TrimSpace(a.Script) == "" {
				add(ap, "%s alternative %d has no script (the other solution labs test runs)", name, j+1)
			}
		}
		for j, f := range s.Files {
			fp := fmt.Sprintf("%s.files.%d", p, j)
			if f.Path == "" || !fs.ValidPath(f.Path) || path.Clean(f.Path) != f.Path {
				add(fp, "%s file path %q must be a clean relative path inside the work directory", name, f.Path)
			}
		}
	}
	return ps
}

var gherkinErrRE = regexp.MustCompile(`^\((\d+):(\d+)\): (.*)$`)

// ParseFeature parses a lab's .feature file and checks its shape: one Feature, Scenarios with
// exactly one tag each (the step id) and at least one step.
func ParseFeature(file string, data []byte) (scs []Scenario, ps Problems) {
	defer func() {
		if r := recover(); r != nil {
			scs, ps = nil, Problems{{file, 1, fmt.Sprintf("invalid Gherkin: the parser failed: %v", r)}}
		}
	}()
	n := 0
	newID := func() string { n++; return strconv.Itoa(n) }
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), newID)
	if err != nil {
		for _, s := range strings.Split(err.Error(), "\n") {
			if m := gherkinErrRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
				line, _ := strconv.Atoi(m[1])
				ps = append(ps, Problem{file, line, "invalid Gherkin: " + m[3]})
			}
		}
		if len(ps) == 0 {
			ps = Problems{{file, 1, "invalid Gherkin: " + err.Error()}}
		}
		return nil, ps
	}
	if doc == nil || doc.Feature == nil {
		return nil, Problems{{file, 1, "the file has no Feature"}}
	}
	seen := map[string]int{}
	for _, child := range doc.Feature.Children {
		switch {
		case child.Rule != nil:
			ps = append(ps, Problem{file, line(child.Rule.Location), "Rule is not supported in labs: one Scenario per step, directly under the Feature"})
		case child.Background != nil:
			// Background steps run before every Scenario; they are checked like any other step.
			sc := Scenario{Tag: "", Name: "Background", Line: line(child.Background.Location), Steps: steps(child.Background.Steps)}
			scs = append(scs, sc)
		case child.Scenario != nil:
			s := child.Scenario
			l := line(s.Location)
			if len(s.Examples) > 0 {
				ps = append(ps, Problem{file, l, "Scenario Outline is not supported in labs: write one Scenario per step"})
			}
			sc := Scenario{Name: s.Name, Line: l, Steps: steps(s.Steps)}
			switch len(s.Tags) {
			case 0:
				ps = append(ps, Problem{file, l, fmt.Sprintf("Scenario %q has no tag; tag it with its step id, e.g. @my-step", s.Name)})
			case 1:
				sc.Tag = strings.TrimPrefix(s.Tags[0].Name, "@")
				if !ValidID(sc.Tag) {
					ps = append(ps, Problem{file, line(s.Tags[0].Location), fmt.Sprintf("tag %q is not a valid step id", s.Tags[0].Name)})
				} else if first, dup := seen[sc.Tag]; dup {
					ps = append(ps, Problem{file, line(s.Tags[0].Location), fmt.Sprintf("duplicate Scenario tag @%s (first used at line %d)", sc.Tag, first)})
				} else {
					seen[sc.Tag] = line(s.Tags[0].Location)
				}
			default:
				ps = append(ps, Problem{file, line(s.Tags[1].Location), fmt.Sprintf("Scenario %q has %d tags; give it exactly one, its step id", s.Name, len(s.Tags))})
			}
			if len(s.Steps) == 0 {
				ps = append(ps, Problem{file, l, fmt.Sprintf("Scenario %q has no steps; add at least one Then", s.Name)})
			}
			scs = append(scs, sc)
		}
	}
	return scs, ps
}

func line(l *messages.Location) int {
	if l == nil {
		return 1
	}
	return int(l.Line)
}

func steps(in []*messages.Step) []GherkinStep {
	out := make([]GherkinStep, 0, len(in))
	for _, s := range in {
		st := GherkinStep{Text: s.Text, Line: line(s.Location), DocString: s.DocString != nil, Table: s.DataTable != nil}
		if s.DocString != nil {
			st.Doc, st.DocLine = s.DocString.Content, line(s.DocString.Location)
		}
		out = append(out, st)
	}
	return out
}

// crossCheck matches the steps of the YAML file with the Scenarios of the feature file.
func (l *Lab) crossCheck() Problems {
	var ps Problems
	tags := map[string]bool{}
	for _, sc := range l.Scenarios {
		if sc.Tag == "" {
			continue
		}
		tags[sc.Tag] = true
		if l.Step(sc.Tag) == nil {
			ps = append(ps, Problem{l.FeaturePath, sc.Line, fmt.Sprintf("Scenario @%s has no step %q in %s", sc.Tag, sc.Tag, l.ScenarioPath)})
		}
	}
	for i, s := range l.Steps {
		if s.ID != "" && ValidID(s.ID) && !tags[s.ID] {
			ps = append(ps, Problem{l.ScenarioPath, l.lines.at(fmt.Sprintf("steps.%d.id", i)),
				fmt.Sprintf("step %q has no Scenario tagged @%s in %s", s.ID, s.ID, l.FeaturePath)})
		}
	}
	return ps
}

// StepLibrary tells whether a Gherkin step is defined.
type StepLibrary interface {
	// CheckStep returns "" when text is a defined step used as defined (with or without a
	// doc string), else a message saying what is wrong.
	CheckStep(text string, docString bool) string
}

// DocStringChecker is a StepLibrary that also checks what a step's doc string holds (the
// YAML of a matches-style step): line is 1-based within the doc string.
type DocStringChecker interface {
	CheckDocString(text, doc string) (line int, msg string)
}

// AnswerChecker is a StepLibrary that knows its answer checks (the steps that judge a question
// step's answer): whether text is one, and the fixed keys it accepts ("" none, for an answer
// compared with the live cluster).
type AnswerChecker interface {
	AnswerStep(text string) (answer bool, keys []string)
}

// ExistenceChecker is a StepLibrary that knows which of its steps check only that an object
// exists.
type ExistenceChecker interface {
	ExistenceOnly(text string) bool
}

// Warnings are what a lab may do but most likely should not, for `labs validate` to print
// without failing: a step whose checks are all "exists" steps (an object left by an earlier
// lab or attempt passes it; `... was created in this attempt` does not), and a question
// step that also checks actions (grade --init gives it a script).
func Warnings(fsys fs.FS, lib StepLibrary) Problems {
	ec, ok := lib.(ExistenceChecker)
	if !ok {
		return nil
	}
	ids, err := List(fsys)
	if err != nil {
		return nil
	}
	var ps Problems
	for _, id := range ids {
		l, _ := load(fsys, id)
		if l == nil {
			continue
		}
		for _, sc := range l.Scenarios {
			if sc.Tag == "" || len(sc.Steps) == 0 {
				continue
			}
			st := l.Step(sc.Tag)
			if st == nil || st.Question != nil {
				continue
			}
			only := true
			for _, g := range sc.Steps {
				only = only && ec.ExistenceOnly(g.Text)
			}
			if only {
				ps = append(ps, Problem{l.FeaturePath, sc.Line, fmt.Sprintf("warning: step %q checks only that objects exist: one left by an earlier lab or attempt passes it before the learner does anything; check that it was made now (e.g. `... was created in this attempt`) or what only the learner's action brings", sc.Tag)})
			}
		}
	}
	return ps.sorted()
}

// HasActionChecks reports whether step id's Scenario checks more than its answer: a question
// step that also asks for actions (labs grade --init gives it a script).
func (l *Lab) HasActionChecks(id string, ac AnswerChecker) bool {
	for _, sc := range l.Scenarios {
		if sc.Tag != id {
			continue
		}
		for _, g := range sc.Steps {
			if answer, _ := ac.AnswerStep(g.Text); !answer {
				return true
			}
		}
	}
	return false
}

// Validate checks every lab under fsys: its files (as Load does) and, with lib, that each
// Gherkin step is defined. Feature files without a scenario file are reported too.
func Validate(fsys fs.FS, lib StepLibrary) Problems {
	ids, err := List(fsys)
	if err != nil {
		return Problems{{File: ScenarioDir, Msg: fmt.Sprintf("not a lab directory: %v", unwrapPathError(err))}}
	}
	var ps Problems
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = true
	}
	loaded := map[string]*Lab{}
	for _, id := range ids {
		ps = append(ps, ValidateLab(fsys, id, lib)...)
		// Prerequisites name other labs of the same tree.
		if l, _ := load(fsys, id); l != nil {
			loaded[id] = l
			for i, pre := range l.Prerequisites {
				if !known[pre] {
					ps = append(ps, Problem{l.ScenarioPath, l.lines.at(fmt.Sprintf("prerequisites.%d", i)), fmt.Sprintf("prerequisite %q is not a lab here", pre)})
				}
			}
		}
	}
	ps = append(ps, orderProblems(ids, loaded)...)
	if entries, err := fs.ReadDir(fsys, FeatureDir); err == nil {
		have := map[string]bool{}
		for _, id := range ids {
			have[id] = true
		}
		for _, e := range entries {
			if id, ok := strings.CutSuffix(e.Name(), ".feature"); ok && !have[id] {
				ps = append(ps, Problem{path.Join(FeatureDir, e.Name()), 1, fmt.Sprintf("no lab %s for this feature file", path.Join(ScenarioDir, id+".yaml"))})
			}
		}
	}
	return ps.sorted()
}

// orderProblems are the problems of the labs' course order: prerequisites in a cycle (no
// order can list them), and an order lower than a prerequisite's (List shows the
// prerequisite first all the same).
func orderProblems(ids []string, labs map[string]*Lab) Problems {
	var ps Problems
	for _, id := range ids {
		l := labs[id]
		if l == nil {
			continue
		}
		for i, pre := range l.Prerequisites {
			p := labs[pre]
			if p == nil {
				continue
			}
			if l.Order > 0 && p.Order > l.Order {
				ps = append(ps, Problem{l.ScenarioPath, l.lines.at("order"), fmt.Sprintf("order %d is lower than that of its prerequisite %s (%d): a lab comes after its prerequisites", l.Order, pre, p.Order)})
			}
			if cycle := pathBack(labs, pre, id, []string{id, pre}); cycle != nil {
				ps = append(ps, Problem{l.ScenarioPath, l.lines.at(fmt.Sprintf("prerequisites.%d", i)), fmt.Sprintf("prerequisites form a cycle: %s", strings.Join(cycle, " → "))})
			}
		}
	}
	return ps
}

// pathBack returns a prerequisite path from from to to (the cycle so far in seen), or nil.
func pathBack(labs map[string]*Lab, from, to string, seen []string) []string {
	if from == to {
		return seen
	}
	l := labs[from]
	if l == nil || len(seen) > len(labs)+1 {
		return nil
	}
	for _, pre := range l.Prerequisites {
		if slices.Contains(seen[1:], pre) {
			continue
		}
		if c := pathBack(labs, pre, to, append(slices.Clone(seen), pre)); c != nil {
			return c
		}
	}
	return nil
}

// ValidateLab checks one lab.
func ValidateLab(fsys fs.FS, id string, lib StepLibrary) Problems {
	l, ps := load(fsys, id)
	if l == nil || lib == nil {
		return ps.sorted()
	}
	for _, sc := range l.Scenarios {
		for _, st := range sc.Steps {
			if st.Table {
				ps = append(ps, Problem{l.FeaturePath, st.Line, "data tables are not supported by the step library; use a doc string"})
				continue
			}
			if msg := lib.CheckStep(st.Text, st.DocString); msg != "" {
				ps = append(ps, Problem{l.FeaturePath, st.Line, msg})
				continue
			}
			if dc, ok := lib.(DocStringChecker); ok && st.DocString {
				if n, msg := dc.CheckDocString(st.Text, st.Doc); msg != "" {
					ps = append(ps, Problem{l.FeaturePath, st.DocLine + n, msg})
				}
			}
		}
	}
	if ac, ok := lib.(AnswerChecker); ok {
		ps = append(ps, l.checkQuestions(ac)...)
	}
	return ps.sorted()
}

// checkQuestions checks that every question step has an answer check, that answer checks are
// only in question steps, and that the fixed keys of a question with choices are among them.
func (l *Lab) checkQuestions(ac AnswerChecker) Problems {
	var ps Problems
	answered := map[string]bool{}
	for _, sc := range l.Scenarios {
		st := l.Step(sc.Tag)
		for _, g := range sc.Steps {
			answer, keys := ac.AnswerStep(g.Text)
			if !answer {
				continue
			}
			if st == nil || st.Question == nil {
				where := "the Background"
				if sc.Tag != "" {
					where = fmt.Sprintf("step %q", sc.Tag)
				}
				ps = append(ps, Problem{l.FeaturePath, g.Line, fmt.Sprintf("an answer check in %s, which asks no question: give the step a question: (prompt, optional choices) in %s, or check something else", where, l.ScenarioPath)})
				continue
			}
			answered[st.ID] = true
			if len(st.Question.Choices) == 0 {
				continue
			}
			var values []string
			for _, c := range st.Question.Choices {
				values = append(values, c.Value)
			}
			for _, k := range keys {
				found := false
				for _, v := range values {
					found = found || SameAnswer(k, v)
				}
				if !found {
					ps = append(ps, Problem{l.FeaturePath, g.Line, fmt.Sprintf("the key %q is none of the choices of step %q (%s): no pick could pass", k, st.ID, strings.Join(values, ", "))})
				}
			}
		}
	}
	for i, s := range l.Steps {
		if s.Question != nil && !answered[s.ID] && l.hasScenario(s.ID) {
			ps = append(ps, Problem{l.ScenarioPath, l.lines.at(fmt.Sprintf("steps.%d.question", i)),
				fmt.Sprintf("question step %q has no answer check in %s (e.g. Then the answer is \"...\"; `labs steps` lists them)", s.ID, l.FeaturePath)})
		}
	}
	return ps
}

func (l *Lab) hasScenario(id string) bool {
	for _, sc := range l.Scenarios {
		if sc.Tag == id {
			return true
		}
	}
	return false
}
