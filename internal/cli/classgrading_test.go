package cli

import (
	"os"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// TestClassGradingWorkflowUsesRealFlags: the instructor's example workflow parses, shards
// over a matrix, and every labs command in it names real flags.
func TestClassGradingWorkflowUsesRealFlags(t *testing.T) {
	data, err := os.ReadFile("../../examples/class-grading/.github/workflows/grade-class.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Strategy struct {
				Matrix map[string][]int `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("the workflow does not parse: %v", err)
	}
	commands := 0
	for name, job := range wf.Jobs {
		for _, st := range job.Steps {
			for _, line := range strings.Split(st.Run, "\n") {
				line = strings.TrimSpace(line)
				if !strings.HasPrefix(line, "labs ") {
					continue
				}
				commands++
				if len(job.Strategy.Matrix["shard"]) < 2 || !strings.Contains(line, "--shard ${{ matrix.shard }}/") {
					t.Errorf("%s: %q does not shard over the matrix", name, line)
				}
				line = strings.NewReplacer(`"$LAB"`, "pods", "${{ matrix.shard }}", "1").Replace(line)
				root := newRoot(&globals{stdout: os.Stdout, stderr: os.Stderr})
				cmd, rest, err := root.Find(strings.Fields(line)[1:])
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
	if commands == 0 {
		t.Fatal("no labs command in the workflow")
	}
}
