package lab

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// ParseAnswers reads an answers file of lab l: a YAML mapping of question step ids to answers
// (`signal: SIGTERM`; with choices, a choice's number or value). It returns the answers,
// resolved (a choice's number is its value), and every problem with its line. An empty
// answer (`signal:`) is no answer.
func ParseAnswers(l *Lab, file string, data []byte) (map[string]string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblems(file, err).sorted()
	}
	answers := map[string]string{}
	if len(root.Content) == 0 {
		return answers, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, Problems{{file, m.Line, "an answers file is a YAML mapping of step ids to answers (signal: SIGTERM)"}}
	}
	var ps Problems
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		st := l.Step(k.Value)
		switch {
		case st == nil:
			ps = append(ps, Problem{file, k.Line, fmt.Sprintf("lab %s has no step %q (its questions: %s)", l.ID, k.Value, strings.Join(l.QuestionIDs(), ", "))})
			continue
		case st.Question == nil:
			ps = append(ps, Problem{file, k.Line, fmt.Sprintf("step %q of lab %s asks no question (its questions: %s)", k.Value, l.ID, strings.Join(l.QuestionIDs(), ", "))})
			continue
		case v.Kind != yaml.ScalarNode:
			ps = append(ps, Problem{file, v.Line, fmt.Sprintf("the answer to %q must be one line of text, not a list or a mapping", k.Value)})
			continue
		}
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			continue
		}
		answers[st.ID] = st.Question.Resolve(v.Value)
	}
	if len(ps) > 0 {
		return nil, ps.sorted()
	}
	return answers, nil
}

// QuestionIDs are the ids of the lab's question steps, in order.
func (l *Lab) QuestionIDs() []string {
	var ids []string
	for _, s := range l.Steps {
		if s.Question != nil {
			ids = append(ids, s.ID)
		}
	}
	return ids
}
