// Package labtest holds malformed labs and what `labs validate` must say about each, shared by
// the validator's unit tests and the end-to-end test of the command.
package labtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// ValidYAML and ValidFeature are a correct two-step lab "t"; the cases edit them by line.
const ValidYAML = `id: t
title: {en: T, zh-TW: T}
summary: {en: S, zh-TW: S}
minutes: 5
steps:
  - id: one
    title: {en: One, zh-TW: 一}
    text: {en: Do one., zh-TW: 做一。}
    hints:
      - {en: H, zh-TW: 提示}
    solution: kubectl create namespace t
  - id: two
    title: {en: Two, zh-TW: 二}
    text: {en: Do two., zh-TW: 做二。}
    hints:
      - {en: H, zh-TW: 提示}
    solution: kubectl run web --image=nginx
`

const ValidFeature = `Feature: t

  @one
  Scenario: one
    Then namespace "t" is Active

  @two
  Scenario: two
    Then pod "web" in namespace "t" has a container with image "nginx"
`

// QuestionYAML is ValidYAML with step two a question with two choices (apps, core), and
// QuestionFeature checks its answer.
var (
	QuestionYAML = edit(ValidYAML, 17, `    solution: echo apps
    question:
      prompt: {en: "Which group?", zh-TW: "哪個群組？"}
      choices:
        - {value: apps, en: the apps group, zh-TW: apps 群組}
        - {value: core, en: the core group, zh-TW: core 群組}`)
	QuestionFeature = edit(ValidFeature, 9, `    Then the answer is "apps"`)
)

// MistakesYAML is ValidYAML with a mistake and an alternative declared for step two.
var MistakesYAML = edit(ValidYAML, 17, `    solution: kubectl run web --image=nginx
    mistakes:
      - what: {en: "the wrong image", zh-TW: "錯誤的映像檔"}
        script: kubectl run web --image=httpd
        reason: httpd
        undo: kubectl delete pod web --wait
    alternatives:
      - what: {en: "a manifest works as well", zh-TW: "用 manifest 也可以"}
        script: kubectl create -f web.yaml
        undo: kubectl delete -f web.yaml --wait`)

// Case is a malformed lab and the problem validate must report: Want is "file:line: " plus a
// part of the message.
type Case struct {
	Name    string
	YAML    string
	Feature string // "-" means no feature file
	Want    string
}

// edit replaces (1-based) line n of s; an empty with deletes it; with may span lines.
func edit(s string, n int, with string) string {
	lines := strings.Split(s, "\n")
	if with == "" {
		lines = append(lines[:n-1], lines[n:]...)
	} else {
		lines[n-1] = with
	}
	return strings.Join(lines, "\n")
}

// Cases are at least fifteen distinct ways a lab can be wrong.
func Cases() []Case {
	y, f := ValidYAML, ValidFeature
	return []Case{
		{"yaml-syntax", edit(y, 4, "\tminutes: 5"), f, "scenarios/t.yaml:4: invalid YAML"},
		{"yaml-colon-in-value", edit(y, 7, "    title: One: two"), f, "scenarios/t.yaml:7: invalid YAML: mapping values are not allowed"},
		{"unknown-field", edit(y, 4, "minutez: 5"), f, "scenarios/t.yaml:4: invalid YAML: field minutez not found"},
		{"unknown-language", edit(y, 8, "    text: {en: Do one., zh: 做一。}"), f, "scenarios/t.yaml:8: invalid YAML: field zh not found"},
		{"wrong-type", edit(y, 4, "minutes: five"), f, "scenarios/t.yaml:4: invalid YAML: cannot unmarshal"},
		{"duplicate-key", edit(y, 4, "minutes: 5\nminutes: 6"), f, "scenarios/t.yaml:5: invalid YAML: mapping key \"minutes\" already defined at line 4"},
		{"two-documents", y + "---\nid: u\n", f, "scenarios/t.yaml:18: a lab file holds one YAML document"},
		{"empty-file", "", f, "scenarios/t.yaml:1: the file is empty"},
		{"not-a-mapping", "- id: t\n", f, "scenarios/t.yaml:1: a lab file must be a YAML mapping"},
		{"id-mismatch", edit(y, 1, "id: other"), f, "scenarios/t.yaml:1: id \"other\" does not match the file name"},
		{"duplicate-step-id", edit(y, 12, "  - id: one"), f, "scenarios/t.yaml:12: duplicate step id \"one\" (first used at line 6)"},
		{"invalid-step-id", edit(y, 6, "  - id: Step_One"), f, "scenarios/t.yaml:6: step id \"Step_One\" is not valid"},
		{"missing-step-id", edit(y, 12, "  - id: \"\""), f, "scenarios/t.yaml:12: step 2 has no id"},
		{"no-steps", strings.SplitAfter(y, "minutes: 5\n")[0] + "steps: []\n", "Feature: t\n", "scenarios/t.yaml:5: the lab has no steps"},
		{"missing-zh-translation", edit(y, 13, "    title: {en: Two}"), f, "scenarios/t.yaml:13: step \"two\" title has no zh-TW translation"},
		{"missing-en-translation", edit(y, 16, "      - {zh-TW: 提示}"), f, "scenarios/t.yaml:16: step \"two\" hint 1 has no en translation"},
		{"missing-summary", edit(y, 3, ""), f, "scenarios/t.yaml:1: summary is missing"},
		{"missing-solution", edit(y, 17, ""), f, "scenarios/t.yaml:12: step \"two\" has no solution"},
		{"missing-hints", edit(edit(y, 16, ""), 15, ""), f, "scenarios/t.yaml:12: step \"two\" has no hints"},
		{"bad-file-path", edit(y, 17, "    solution: x\n    files:\n      - {path: ../etc/passwd, content: x}"), f, "scenarios/t.yaml:19: step \"two\" file path \"../etc/passwd\" must be a clean relative path"},
		{"bad-owned-namespace", edit(y, 4, "minutes: 5\nowns: {namespaces: [Bad_NS]}"), f, "scenarios/t.yaml:5: owned namespace \"Bad_NS\" is not a valid namespace name"},
		{"negative-order", edit(y, 4, "minutes: 5\norder: -1"), f, "scenarios/t.yaml:5: order must be positive (or left out: the lab comes after those with one)"},
		{"bad-owned-static-pod", edit(y, 4, "minutes: 5\nowns:\n  staticPods: [ok, Web_2]"), f, "scenarios/t.yaml:6: owned static Pod \"Web_2\" is not a valid Pod name"},
		{"unknown-prerequisite", edit(y, 4, "minutes: 5\nprerequisites:\n  - pods"), f, "scenarios/t.yaml:6: prerequisite \"pods\" is not a lab here"},
		{"no-feature-file", y, "-", "scenarios/t.yaml:1: the lab has no feature file features/t.feature"},
		{"gherkin-syntax", y, edit(f, 6, "Feature: again"), "features/t.feature:6: invalid Gherkin: expected: #EOF"},
		{"misspelt-keyword", y, edit(f, 5, "    Thenn namespace \"t\" is Active"), "features/t.feature:4: Scenario \"one\" has no steps"},
		{"scenario-without-steps", y, edit(f, 9, ""), "features/t.feature:8: Scenario \"two\" has no steps"},
		{"scenario-without-tag", y, edit(f, 7, ""), "features/t.feature:7: Scenario \"two\" has no tag"},
		{"scenario-two-tags", y, edit(f, 7, "  @two @extra"), "features/t.feature:7: Scenario \"two\" has 2 tags"},
		{"duplicate-scenario-tag", y, edit(f, 7, "  @one"), "features/t.feature:7: duplicate Scenario tag @one (first used at line 3)"},
		{"scenario-without-step", y, edit(f, 7, "  @three"), "features/t.feature:8: Scenario @three has no step \"three\" in scenarios/t.yaml"},
		{"step-without-scenario", y, strings.SplitAfter(f, "is Active\n")[0], "scenarios/t.yaml:12: step \"two\" has no Scenario tagged @two"},
		{"undefined-step", y, edit(f, 9, "    Then pod \"web\" is great"), "features/t.feature:9: undefined step \"pod \\\"web\\\" is great\""},
		{"bad-regex", y, edit(f, 9, "    Then pod \"web\" in namespace \"t\" has a container with image matching \"ngin(x\""), "features/t.feature:9: bad regular expression \"ngin(x\""},
		{"missing-doc-string", y, edit(f, 9, "    Then pod \"web\" in namespace \"t\" matches:"), "features/t.feature:9: step \"pod \\\"web\\\" in namespace \\\"t\\\" matches:\" needs a doc string"},
		{"doc-string-yaml", y, edit(f, 9, "    Then pod \"web\" in namespace \"t\" matches:\n      \"\"\"\n      spec:\n        containers:\n      \t- name: web\n      \"\"\""), "features/t.feature:13: invalid YAML in the doc string: found character that cannot start any token"},
		{"unknown-field-and-more", edit(edit(y, 13, "    title: {en: Two}"), 4, "minutez: 5"), f, "scenarios/t.yaml:13: step \"two\" title has no zh-TW translation"},
		{"bare-grace-period-zero", y, edit(f, 9, "    Then kubectl deleted pod \"web\" in namespace \"t\" with --grace-period=0"), "features/t.feature:9: kubectl never sends --grace-period=0 without --force"},
		{"undefined-step-suggestion", y, edit(f, 9, "    Then pod \"web\" in namespace \"t\" is running within 30s"), "features/t.feature:9: undefined step \"pod \\\"web\\\" in namespace \\\"t\\\" is running within 30s\"; `labs steps` lists the defined ones (closest: \"pod \\\"web\\\" in namespace \\\"demo\\\" is Running within 60s\")"},
		{"scenario-outline", y, edit(f, 9, "    Then namespace \"<ns>\" is Active\n    Examples:\n      | ns |\n      | t  |"), "features/t.feature:8: Scenario Outline is not supported"},
		{"question-prompt-no-zh", edit(QuestionYAML, 19, "      prompt: {en: \"Which group?\"}"), QuestionFeature, "scenarios/t.yaml:19: step \"two\" question prompt has no zh-TW translation"},
		{"question-choice-no-value", edit(QuestionYAML, 22, "        - {en: the core group, zh-TW: core 群組}"), QuestionFeature, "scenarios/t.yaml:22: step \"two\" choice 2 has no value"},
		{"question-duplicate-choice", edit(QuestionYAML, 22, "        - {value: Apps, en: apps again, zh-TW: 又是 apps}"), QuestionFeature, "scenarios/t.yaml:22: step \"two\" choice 2 has the value \"Apps\" of choice 1"},
		{"question-one-choice", edit(QuestionYAML, 22, ""), QuestionFeature, "scenarios/t.yaml:20: step \"two\" question has one choice"},
		{"question-without-answer-check", QuestionYAML, f, "scenarios/t.yaml:18: question step \"two\" has no answer check in features/t.feature"},
		{"answer-check-without-question", y, edit(f, 5, "    Then the answer is \"t\""), "features/t.feature:5: an answer check in step \"one\", which asks no question"},
		{"answer-key-not-a-choice", QuestionYAML, edit(f, 9, "    Then the answer is one of \"apps\", \"batch\""), "features/t.feature:9: the key \"batch\" is none of the choices of step \"two\" (apps, core)"},
		{"mistake-no-zh", edit(y, 17, "    solution: x\n    mistakes:\n      - what: {en: W}\n        script: x"), f, "scenarios/t.yaml:19: step \"two\" mistake 1's what has no zh-TW translation"},
		{"mistake-no-script", edit(y, 17, "    solution: x\n    mistakes:\n      - what: {en: W, zh-TW: 錯}\n        reason: r"), f, "scenarios/t.yaml:19: step \"two\" mistake 1 has no script"},
		{"mistake-unknown-field", edit(y, 17, "    solution: x\n    mistakes:\n      - what: {en: W, zh-TW: 錯}\n        script: x\n        reasons: r"), f, "scenarios/t.yaml:21: invalid YAML: field reasons not found"},
		{"alternative-no-en", edit(y, 17, "    solution: x\n    alternatives:\n      - what: {zh-TW: 也可以}\n        script: x"), f, "scenarios/t.yaml:19: step \"two\" alternative 1's what has no en translation"},
		{"alternative-no-script", edit(y, 17, "    solution: x\n    alternatives:\n      - what: {en: A, zh-TW: 也可以}\n        script: \" \""), f, "scenarios/t.yaml:19: step \"two\" alternative 1 has no script"},
		{"alternative-with-reason", edit(y, 17, "    solution: x\n    alternatives:\n      - what: {en: A, zh-TW: 也可以}\n        script: x\n        reason: r"), f, "scenarios/t.yaml:21: invalid YAML: field reason not found"},
		{"data-table", y, edit(f, 9, "    Then namespace \"t\" is Active\n      | a |"), "features/t.feature:9: data tables are not supported"},
	}
}

// FS is the lab tree of a case.
func (c Case) FS() fstest.MapFS {
	m := fstest.MapFS{"scenarios/t.yaml": {Data: []byte(c.YAML)}}
	if c.Feature != "-" {
		m["features/t.feature"] = &fstest.MapFile{Data: []byte(c.Feature)}
	}
	return m
}

// Write puts the case's lab tree under dir.
func (c Case) Write(dir string) error {
	for name, f := range c.FS() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
