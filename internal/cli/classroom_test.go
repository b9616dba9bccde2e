package cli

import (
	"os"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// TestClassroomWorkflowUsesRealFlags parses the example GitHub Classroom workflow and checks
// that every labs command in it names a real command with flags that exist.
func TestClassroomWorkflowUsesRealFlags(t *testing.T) {
	data, err := os.ReadFile("../../examples/classroom/.github/workflows/classroom.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			RunsOn string `yaml:"runs-on"`
			Steps  []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
				With map[string]any    `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	// YAML 1.2 (yaml.v3), as GitHub reads it: `on` is a key, not the boolean of YAML 1.1.
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("the workflow does not parse: %v", err)
	}
	if len(wf.Jobs) == 0 || wf.On == nil {
		t.Fatalf("no jobs or triggers: %+v", wf)
	}
	commands, reporter := 0, false
	for name, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "classroom-resources/autograding-grading-reporter@") {
				reporter = true
				if st.With["runners"] != "labs" || !strings.Contains(st.Env["LABS_RESULTS"], "steps.labs.outputs.result") {
					t.Errorf("%s: the reporter must read runner labs from steps.labs.outputs.result: %+v", name, st)
				}
			}
			for _, line := range strings.Split(st.Run, "\n") {
				line = strings.TrimSpace(line)
				if !strings.HasPrefix(line, "labs ") {
					continue
				}
				commands++
				args := strings.Fields(strings.ReplaceAll(line, `"$LAB"`, "pods"))[1:]
				root := newRoot(&globals{stdout: os.Stdout, stderr: os.Stderr})
				cmd, rest, err := root.Find(args)
				if err != nil || cmd == root {
					t.Errorf("%s: %q names no labs command: %v", name, line, err)
					continue
				}
				if err := cmd.ParseFlags(rest); err != nil {
					t.Errorf("%s: %q: %v", name, line, err)
				}
			}
		}
	}
	if commands < 2 || !reporter {
		t.Fatalf("want labs grade in both jobs and the Classroom reporter; saw %d labs commands, reporter %v", commands, reporter)
	}
}
