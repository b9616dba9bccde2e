package cli

import (
	"os"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// Without Docker, --cluster kind says so in one line that names --cluster embedded, exit 2.
func TestKindWithoutDockerIsOneUsageLine(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no docker
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	for _, args := range [][]string{
		{"--cluster", "kind", "cluster", "up"},
		{"--cluster", "kind", "cluster", "status"},
		{"--cluster", "kind", "cluster", "delete"},
	} {
		_, stderr, code := runLabs(t, args...)
		lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
		if code != ExitUsage || len(lines) != 1 || !strings.Contains(stderr, "no `docker` on PATH") || !strings.Contains(stderr, "--cluster embedded") {
			t.Errorf("labs %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	_, stderr, code := runLabs(t, "--lang", "zh-TW", "--cluster", "kind", "cluster", "up")
	if code != ExitUsage || !strings.Contains(stderr, "需要 Docker") {
		t.Errorf("zh-TW: exit %d, stderr:\n%s", code, stderr)
	}
}

// --cluster is checked against the registry, which lists the providers in the error.
func TestUnknownClusterListsTheRegistry(t *testing.T) {
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	_, stderr, code := runLabs(t, "--cluster", "docker", "cluster", "status")
	if code != ExitUsage || !strings.Contains(stderr, `--cluster must be one of embedded, existing, kind, not "docker"`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// TestKindWorkflowUsesRealFlags parses .github/workflows/kind.yml and checks that every labs
// command in it names a real command with flags that exist, on kind.
func TestKindWorkflowUsesRealFlags(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/kind.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			RunsOn string `yaml:"runs-on"`
			Steps  []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("the workflow does not parse: %v", err)
	}
	commands, tests := 0, 0
	for name, job := range wf.Jobs {
		if job.RunsOn != "ubuntu-latest" {
			t.Errorf("%s runs on %q, want a hosted ubuntu-latest runner (Docker)", name, job.RunsOn)
		}
		for _, st := range job.Steps {
			for _, line := range strings.Split(st.Run, "\n") {
				line, _, _ = strings.Cut(strings.TrimSpace(line), " || ")
				if !strings.HasPrefix(line, "labs ") {
					continue
				}
				commands++
				args := strings.Fields(line)[1:]
				if len(args) < 2 || args[0] != "--cluster" || args[1] != "kind" {
					t.Errorf("%s: %q is not on --cluster kind", name, line)
				}
				if slices.Contains(args, "test") {
					tests++
				}
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
	if commands < 3 || tests != 1 {
		t.Fatalf("want labs --cluster kind cluster up, test and delete; saw %d labs commands, %d tests", commands, tests)
	}
}

// `labs cluster env` for a cluster other than the default also exports LABS_CLUSTER, so the labs
// commands of that shell use the same cluster; for the default it does not.
func TestClusterEnvExportsTheProvider(t *testing.T) {
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	t.Setenv("LABS_CLUSTER", "")
	kc := t.TempDir() + "/kubeconfig"
	if err := os.WriteFile(kc, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runLabs(t, "--cluster", "existing", "--kubeconfig", kc, "cluster", "env")
	if code != 0 || !strings.Contains(stdout, "export LABS_CLUSTER=existing\n") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
