package lab_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/lab/labtest"
)

func TestValidLabPasses(t *testing.T) {
	c := labtest.Case{YAML: labtest.ValidYAML, Feature: labtest.ValidFeature}
	if ps := lab.Validate(c.FS(), checks.Library{}); len(ps) > 0 {
		t.Fatalf("valid lab rejected:\n%v", ps)
	}
	l, err := lab.Load(c.FS(), "t")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Steps) != 2 || l.Steps[1].Hints[0].Get("zh-TW") != "提示" || l.Steps[1].Title.Get("xx") != "Two" {
		t.Errorf("loaded lab is wrong: %+v", l)
	}
}

func TestMistakesAndAlternativesLoad(t *testing.T) {
	c := labtest.Case{YAML: labtest.MistakesYAML, Feature: labtest.ValidFeature}
	if ps := lab.Validate(c.FS(), checks.Library{}); len(ps) > 0 {
		t.Fatalf("lab with mistakes rejected:\n%v", ps)
	}
	l, err := lab.Load(c.FS(), "t")
	if err != nil {
		t.Fatal(err)
	}
	st := l.Step("two")
	if len(st.Mistakes) != 1 || st.Mistakes[0].Reason != "httpd" || st.Mistakes[0].What.ZH != "錯誤的映像檔" || st.Mistakes[0].Undo == "" ||
		len(st.Alternatives) != 1 || st.Alternatives[0].Script != "kubectl create -f web.yaml" {
		t.Errorf("mistakes/alternatives loaded wrong: %+v %+v", st.Mistakes, st.Alternatives)
	}
}

func TestBuiltinLabsAreValid(t *testing.T) {
	if ps := lab.Validate(labs.Content(), checks.Library{}); len(ps) > 0 {
		t.Fatalf("built-in labs have problems:\n%v", ps)
	}
}

func TestValidateRejectsMalformedLabs(t *testing.T) {
	cases := labtest.Cases()
	if len(cases) < 15 {
		t.Fatalf("only %d malformed cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			ps := lab.Validate(c.FS(), checks.Library{})
			if len(ps) == 0 {
				t.Fatalf("accepted; want %q", c.Want)
			}
			for _, p := range ps {
				if strings.HasPrefix(p.String(), c.Want) || strings.Contains(p.String(), c.Want) && strings.HasPrefix(c.Want, p.File+":") {
					return
				}
			}
			t.Errorf("want a problem %q, got:\n%v", c.Want, ps)
		})
	}
}

func TestScaffoldPassesValidate(t *testing.T) {
	dir := t.TempDir()
	if _, err := lab.Scaffold(dir, "my-lab"); err != nil {
		t.Fatal(err)
	}
	if _, err := lab.Scaffold(dir, "my-lab"); err == nil {
		t.Error("scaffold overwrote an existing lab")
	}
	fsys := fstest.MapFS{}
	for _, name := range []string{"scenarios/my-lab.yaml", "features/my-lab.feature"} {
		data, err := readFile(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	if ps := lab.Validate(fsys, checks.Library{}); len(ps) > 0 {
		t.Fatalf("scaffold does not validate:\n%v", ps)
	}
}

// FuzzLoad feeds arbitrary scenario and feature files to the loader and the validator: they
// must report problems, never panic, and every problem must name a file and a line.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(labtest.ValidYAML), []byte(labtest.ValidFeature))
	for _, c := range labtest.Cases() {
		feat := c.Feature
		if feat == "-" {
			feat = ""
		}
		f.Add([]byte(c.YAML), []byte(feat))
	}
	f.Add([]byte("steps: [{id: a, hints: [{en: x}]}]\n&a [*a]"), []byte("Feature: x\n  Background:\n    Given x\n"))
	f.Fuzz(func(t *testing.T, scenario, feature []byte) {
		fsys := fstest.MapFS{
			"scenarios/t.yaml":   {Data: scenario},
			"features/t.feature": {Data: feature},
		}
		ps := lab.Validate(fsys, checks.Library{})
		for _, p := range ps {
			if p.File == "" || p.Line < 1 || p.Msg == "" {
				t.Errorf("problem without a place: %#v", p)
			}
		}
		l, err := lab.Load(fsys, "t")
		if (l == nil) == (err == nil) {
			t.Errorf("Load returned lab=%v err=%v", l != nil, err)
		}
	})
}

func TestProgressKeyFor(t *testing.T) {
	if got := lab.ProgressKeyFor("pods", ""); got != "pods" {
		t.Errorf("built-in lab: key %q, want pods", got)
	}
	a, b := lab.ProgressKeyFor("pods", "/home/ann/labs"), lab.ProgressKeyFor("pods", "/home/ann/other")
	if a == "pods" || a == b || !strings.HasPrefix(a, "pods@") {
		t.Errorf("labs from directories: keys %q and %q, want distinct pods@... keys", a, b)
	}
	if again := lab.ProgressKeyFor("pods", "/home/ann/labs/"); again != a {
		t.Errorf("the same directory gives %q and %q", a, again)
	}
}

func TestQuestionStepLoadsAndValidates(t *testing.T) {
	c := labtest.Case{YAML: labtest.QuestionYAML, Feature: labtest.QuestionFeature}
	if ps := lab.Validate(c.FS(), checks.Library{}); len(ps) > 0 {
		t.Fatalf("valid question rejected:\n%v", ps)
	}
	l, err := lab.Load(c.FS(), "t")
	if err != nil {
		t.Fatal(err)
	}
	q := l.Steps[1].Question
	if l.Steps[0].Question != nil || q == nil || q.Prompt.Get("zh-TW") != "哪個群組？" || len(q.Choices) != 2 || q.Choices[1].Value != "core" || q.Choices[1].Get("zh-TW") != "core 群組" {
		t.Fatalf("question loaded wrong: %+v", q)
	}
	for in, want := range map[string]string{"1": "apps", " 2 ": "core", "CORE": "core", "3": "3", "batch": "batch", " free  text ": "free  text"} {
		if got := q.Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (*lab.Question)(nil).Resolve(" x "); got != "x" {
		t.Errorf("a free answer without a question: %q", got)
	}
	if !lab.SameAnswer(" Labs-Worker \t", "labs-worker") || lab.SameAnswer("labs worker", "labs-worker") || !lab.SameAnswer("a  b", "A b") {
		t.Error("SameAnswer compares wrong")
	}
}

func TestParseAnswers(t *testing.T) {
	c := labtest.Case{YAML: labtest.QuestionYAML, Feature: labtest.QuestionFeature}
	l, err := lab.Load(c.FS(), "t")
	if err != nil {
		t.Fatal(err)
	}
	a, err := lab.ParseAnswers(l, "answers.yaml", []byte("# mine\ntwo: 2\n"))
	if err != nil || a["two"] != "core" || len(a) != 1 {
		t.Errorf("answers %v, %v", a, err)
	}
	if a, err := lab.ParseAnswers(l, "answers.yaml", []byte("two:\n")); err != nil || len(a) != 0 {
		t.Errorf("an empty answer is none: %v, %v", a, err)
	}
	if a, err := lab.ParseAnswers(l, "answers.yaml", nil); err != nil || len(a) != 0 {
		t.Errorf("an empty file: %v, %v", a, err)
	}
	for data, want := range map[string]string{
		"two: apps\nthree: x\n": `answers.yaml:2: lab t has no step "three" (its questions: two)`,
		"one: x\n":              `answers.yaml:1: step "one" of lab t asks no question`,
		"two: [a, b]\n":         `answers.yaml:1: the answer to "two" must be one line of text`,
		"- two\n":               `answers.yaml:1: an answers file is a YAML mapping`,
		"two: 'x\n":             `answers.yaml:2: invalid YAML`,
	} {
		_, err := lab.ParseAnswers(l, "answers.yaml", []byte(data))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", data, err, want)
		}
	}
}

// A text is read in an i18n.Lang, the program's one name for a language; zh-TW falls back to
// English where a text has no translation.
func TestTextGet(t *testing.T) {
	tx := lab.Text{EN: "Pods", ZH: "Pod 們"}
	if tx.Get(i18n.ZH) != "Pod 們" || tx.Get(i18n.EN) != "Pods" || tx.Get(i18n.Parse("zh_TW.UTF-8")) != "Pod 們" {
		t.Errorf("Get: %q %q", tx.Get(i18n.ZH), tx.Get(i18n.EN))
	}
	if (lab.Text{EN: "only"}).Get(i18n.ZH) != "only" {
		t.Error("zh-TW without a translation must fall back to English")
	}
}

// labs validate warns where a step's checks only look at existence (an object left from
// before passes it), and only there.
func TestWarningsOnExistenceOnlySteps(t *testing.T) {
	c := labtest.Case{YAML: labtest.ValidYAML, Feature: labtest.ValidFeature}
	ws := lab.Warnings(c.FS(), checks.Library{})
	if len(ws) != 1 || !strings.HasPrefix(ws[0].String(), `features/t.feature:4: warning: step "one" checks only that objects exist`) {
		t.Fatalf("want one warning on step one, got:\n%v", ws)
	}
	fixed := labtest.Case{YAML: labtest.ValidYAML, Feature: strings.Replace(labtest.ValidFeature, `Then namespace "t" is Active`, `Then namespace "t" was created in this attempt`, 1)}
	if ws := lab.Warnings(fixed.FS(), checks.Library{}); len(ws) != 0 {
		t.Fatalf("want no warning, got:\n%v", ws)
	}
}

// A question step whose Scenario also checks actions is told apart from a pure question.
func TestHasActionChecks(t *testing.T) {
	mixed := labtest.Case{YAML: labtest.QuestionYAML, Feature: labtest.QuestionFeature + "    And namespace \"t\" is Active\n"}
	l, err := lab.Load(mixed.FS(), "t")
	if err != nil {
		t.Fatal(err)
	}
	if !l.HasActionChecks("two", checks.Library{}) {
		t.Error("the question step with a namespace check has actions")
	}
	pure := labtest.Case{YAML: labtest.QuestionYAML, Feature: labtest.QuestionFeature}
	if l, err = lab.Load(pure.FS(), "t"); err != nil {
		t.Fatal(err)
	}
	if l.HasActionChecks("two", checks.Library{}) {
		t.Error("a pure question has no actions")
	}
}

// A missing lab is lab.ErrNotFound to errors.Is, and still Problems (file: message) to errors.As.
func TestMissingLabIsErrNotFound(t *testing.T) {
	_, err := lab.Load(fstest.MapFS{}, "nosuch")
	var ps lab.Problems
	if !errors.Is(err, lab.ErrNotFound) || !errors.As(err, &ps) || len(ps) != 1 || err.Error() != `scenarios/nosuch.yaml: no such lab: lab "nosuch"` {
		t.Fatalf("Load of a missing lab: %v (%#v)", err, err)
	}
}
