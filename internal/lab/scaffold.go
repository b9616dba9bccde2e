package lab

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const scaffoldYAML = `id: {{id}}
title:
  en: "{{id}}: a new lab"
  zh-TW: "{{id}}：新的實作練習"
summary:
  en: What the learner practises in this lab.
  zh-TW: 學員在這個實作練習中會練習什麼。
minutes: 10
prerequisites: []
owns:
  # Namespaces this lab creates; 'labs reset {{id}}' deletes them.
  namespaces: [{{id}}]
  # Also: label: key=value (objects elsewhere), staticPods: [name] (manifests the learner
  # writes into a node's static pod directory, by the Pod's metadata.name).
steps:
  - id: create-namespace
    title:
      en: Create the namespace {{id}}
      zh-TW: 建立命名空間 {{id}}
    text:
      en: |
        Create a namespace called ` + "`{{id}}`" + `.
      zh-TW: |
        建立一個名為 ` + "`{{id}}`" + ` 的命名空間。
    hints:
      - en: "Look at ` + "`kubectl create --help`" + `."
        zh-TW: "看看 ` + "`kubectl create --help`" + `。"
    solution: |
      kubectl create namespace {{id}}
`

const scaffoldFeature = `Feature: {{id}}

  # One Scenario per step, tagged with the step id. 'labs steps' lists the steps you can use.
  @create-namespace
  Scenario: The namespace {{id}} exists
    Then namespace "{{id}}" is Active
`

// Scaffold writes a new lab named id under dir (scenarios/<id>.yaml and
// features/<id>.feature) that passes validation. It refuses to overwrite.
func Scaffold(dir, id string) ([]string, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("lab id %q is not valid: use lower-case letters, digits and dashes", id)
	}
	files := map[string]string{
		filepath.Join(dir, ScenarioDir, id+".yaml"):   scaffoldYAML,
		filepath.Join(dir, FeatureDir, id+".feature"): scaffoldFeature,
	}
	for p := range files {
		if _, err := os.Stat(p); err == nil {
			return nil, fmt.Errorf("%s already exists; labs new does not overwrite", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	var written []string
	for _, p := range []string{filepath.Join(dir, ScenarioDir, id+".yaml"), filepath.Join(dir, FeatureDir, id+".feature")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, fmt.Errorf("creating %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(files[p], "{{id}}", id)), 0o644); err != nil {
			return written, fmt.Errorf("writing %s: %w", p, err)
		}
		written = append(written, p)
	}
	return written, nil
}
