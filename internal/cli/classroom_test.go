package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/lab"
)

// workflow is the part of a GitHub Actions workflow the example tests read.
type workflow struct {
	On   any               `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn string            `yaml:"runs-on"`
		Env    map[string]string `yaml:"env"`
		Steps  []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
			With map[string]any    `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, path string) workflow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	// YAML 1.2 (yaml.v3), as GitHub reads it: `on` is a key, not the boolean of YAML 1.1.
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
	return wf
}

// TestClassroomWorkflowUsesRealFlags parses the example GitHub Classroom workflow and checks
// that every labs command in it names a real command with flags that exist.
func TestClassroomWorkflowUsesRealFlags(t *testing.T) {
	wf := readWorkflow(t, "../../examples/classroom/.github/workflows/classroom.yml")
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
				if _, err := labsCommandLabs(expandEnv(line, wf.Env, job.Env, st.Env)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	if commands < 2 || !reporter {
		t.Fatalf("want labs grade in both jobs and the Classroom reporter; saw %d labs commands, reporter %v", commands, reporter)
	}
}

// TestExamplesNameBuiltinLabs: every lab examples/ names — a workflow's LAB variable, the lab
// of each labs command in a workflow or a README — is a built-in lab, so a template never ships
// naming a lab that `labs grade` refuses.
func TestExamplesNameBuiltinLabs(t *testing.T) {
	problems, seen := exampleLabProblems(t, "../../examples")
	for _, p := range problems {
		t.Error(p)
	}
	if seen < 3 {
		t.Errorf("found only %d lab names in examples/; the test no longer reads them", seen)
	}
}

// TestExamplesLabCheckCatchesUnknownLab: the check above fails on a lab that does not exist,
// in a workflow's env and in a README command, naming the file.
func TestExamplesLabCheckCatchesUnknownLab(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("t/.github/workflows/w.yml", "on: push\nenv:\n  LAB: pods\njobs:\n  g:\n    runs-on: ubuntu-latest\n    steps:\n      - run: labs grade \"$LAB\" --submission .\n")
	write("t/README.md", "Try it:\n\n    labs start first-pods\n    labs grade no-such-lab --init .\n\nthen `labs check demo`.\n")
	problems, seen := exampleLabProblems(t, dir)
	got := strings.Join(problems, "\n")
	for _, want := range []string{`w.yml: env LAB: no built-in lab "pods"`, `w.yml: "labs grade pods --submission .": no built-in lab "pods"`, `README.md: "labs grade no-such-lab --init .": no built-in lab "no-such-lab"`} {
		if !strings.Contains(got, want) {
			t.Errorf("want a problem %q, got:\n%s", want, got)
		}
	}
	if len(problems) != 3 || seen != 5 {
		t.Errorf("want 3 problems among 5 lab names (first-pods and demo exist), got %d among %d:\n%s", len(problems), seen, got)
	}
}

// exampleLabProblems reads every workflow (.github/workflows/*.yml) and README.md under dir
// and returns one line per lab name that is not a built-in lab, and how many names it read.
func exampleLabProblems(t *testing.T, dir string) (problems []string, seen int) {
	t.Helper()
	builtin, err := lab.List(labs.Content())
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, id string) {
		seen++
		if !slices.Contains(builtin, id) {
			problems = append(problems, where+": no built-in lab "+strconv.Quote(id))
		}
	}
	checkCommand := func(file, line string) {
		ids, err := labsCommandLabs(line)
		if err != nil {
			problems = append(problems, file+": "+err.Error())
			return
		}
		for _, id := range ids {
			check(file+": "+strconv.Quote(line), id)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case filepath.Base(filepath.Dir(path)) == "workflows" && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")):
			wf := readWorkflow(t, path)
			if v, ok := wf.Env["LAB"]; ok {
				check(rel+": env LAB", v)
			}
			for _, job := range wf.Jobs {
				if v, ok := job.Env["LAB"]; ok {
					check(rel+": env LAB", v)
				}
				for _, st := range job.Steps {
					if v, ok := st.Env["LAB"]; ok {
						check(rel+": env LAB", v)
					}
					for _, line := range strings.Split(st.Run, "\n") {
						if line = strings.TrimSpace(line); strings.HasPrefix(line, "labs ") {
							checkCommand(rel, expandEnv(line, wf.Env, job.Env, st.Env))
						}
					}
				}
			}
		case filepath.Base(path) == "README.md":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, line := range readmeCommands(string(data)) {
				checkCommand(rel, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return problems, seen
}

// readmeCommands are the labs commands of a Markdown text: code lines (indented by four
// spaces, or in a ``` fence) and `inline code` that begin with "labs ".
func readmeCommands(md string) []string {
	var cmds []string
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			if l := strings.TrimSpace(line); strings.HasPrefix(l, "labs ") {
				cmds = append(cmds, l)
			}
			continue
		}
		for _, m := range inlineLabs.FindAllStringSubmatch(line, -1) {
			cmds = append(cmds, m[1])
		}
	}
	return cmds
}

var inlineLabs = regexp.MustCompile("`(labs [^`]+)`")

// expandEnv replaces "$NAME", ${NAME} and ${{ env.NAME }} with the value the innermost env
// (step, then job, then workflow) gives NAME.
func expandEnv(line string, envs ...map[string]string) string {
	vars := map[string]string{}
	for _, env := range envs {
		for k, v := range env {
			vars[k] = v
		}
	}
	for k, v := range vars {
		for _, ref := range []string{`"$` + k + `"`, `"${` + k + `}"`, "${{ env." + k + " }}", "${" + k + "}", "$" + k} {
			line = strings.ReplaceAll(line, ref, v)
		}
	}
	return line
}

// labsCommandLabs parses a labs command line against the real command tree and returns the
// labs it names: the LAB arguments of the commands whose usage takes them, and --lab.
func labsCommandLabs(line string) ([]string, error) {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	args := strings.Fields(line)[1:]
	root := newRoot(&globals{stdout: os.Stdout, stderr: os.Stderr})
	cmd, rest, err := root.Find(args)
	if err != nil {
		return nil, fmt.Errorf("%q names no labs command: %w", line, err)
	}
	if cmd == root {
		return nil, fmt.Errorf("%q names no labs command", line)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return nil, fmt.Errorf("%q: %w", line, err)
	}
	pos := cmd.Flags().Args()
	var ids []string
	use := strings.Fields(cmd.Use)
	switch {
	case slices.Contains(use, "[LAB...]") || slices.Contains(use, "LAB..."):
		ids = pos
	case len(use) > 1 && use[1] == "LAB" && len(pos) > 0 && cmd.Name() != "new":
		ids = pos[:1]
	}
	if f := cmd.Flags().Lookup("lab"); f != nil && f.Changed {
		ids = append(ids, f.Value.String())
	}
	return ids, nil
}
