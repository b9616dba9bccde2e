package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestContactsServer(t *testing.T) {
	for args, want := range map[string]bool{
		"":                        false, // kubectl's help
		"--help":                  false,
		"get pods --help":         false,
		"get -h":                  false,
		"version --client":        false,
		"version --client=true":   false,
		"config view":             false,
		"config use-context labs": false,
		"completion bash":         false,
		"help get":                false,
		"version":                 true,
		"get pods":                true,
		"-n demo get pods":        true,
		"get pods --client":       true, // --client means nothing to get
		"apply -f web.yaml":       true,
	} {
		if got := contactsServer(strings.Fields(args)); got != want {
			t.Errorf("contactsServer(%q) = %v, want %v", args, got, want)
		}
	}
}

// `labs --cluster kind kubectl ...` talks to the kind cluster: labs' flags before the word
// kubectl select the provider (and state directory) whose kubeconfig kubectl gets, and only
// the arguments after it reach kubectl, whose own --cluster stays its own.
func TestKubectlUsesTheSelectedProvidersKubeconfig(t *testing.T) {
	t.Setenv("KUBECACHEDIR", "") // set by the command; restored after the test
	state := t.TempDir()
	kindKubeconfig := filepath.Join(state, "kind", "labs", "kubeconfig")
	if err := os.MkdirAll(filepath.Dir(kindKubeconfig), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kindKubeconfig, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(t.TempDir(), "school.kubeconfig")
	if err := os.WriteFile(existing, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	defer func(orig func([]string)) { runKubectl = orig }(runKubectl)
	runKubectl = func(args []string) { got = args }

	for _, tc := range []struct {
		args       []string
		kubeconfig string
		kubectl    []string
	}{
		{[]string{"--state-dir", state, "--cluster", "kind", "kubectl", "get", "pods"}, kindKubeconfig, []string{"get", "pods"}},
		{[]string{"--state-dir=" + state, "--cluster=kind", "kubectl", "get", "pods"}, kindKubeconfig, []string{"get", "pods"}},
		{[]string{"--cluster", "existing", "--kubeconfig", existing, "--state-dir", state, "kubectl", "get", "nodes"}, existing, []string{"get", "nodes"}},
		// after the word kubectl, --cluster is kubectl's own flag (a kubeconfig cluster)
		{[]string{"--state-dir", state, "--cluster", "kind", "kubectl", "--cluster", "other", "get", "pods"}, kindKubeconfig, []string{"--cluster", "other", "get", "pods"}},
	} {
		t.Setenv("KUBECONFIG", "")
		t.Setenv("LABS_CLUSTER", "")
		got = nil
		if _, stderr, code := runLabs(t, tc.args...); code != ExitOK {
			t.Errorf("labs %q: exit %d, stderr:\n%s", tc.args, code, stderr)
			continue
		}
		if kc := os.Getenv("KUBECONFIG"); kc != tc.kubeconfig {
			t.Errorf("labs %q: KUBECONFIG=%q, want %q", tc.args, kc, tc.kubeconfig)
		}
		if !slices.Equal(got, tc.kubectl) {
			t.Errorf("labs %q: kubectl got %q, want %q", tc.args, got, tc.kubectl)
		}
	}

	// A provider name labs does not know, before kubectl, is labs' usage error.
	if _, stderr, code := runLabs(t, "--state-dir", state, "--cluster", "nope", "kubectl", "get", "pods"); code != ExitUsage || !strings.Contains(stderr, "--cluster must be one of") {
		t.Errorf("unknown provider: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestSplitAtKubectl(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("cluster", "", "")
	fs.Bool("no-color", false, "")
	for _, tc := range []struct {
		args, lead, rest []string
		ok               bool
	}{
		{[]string{"kubectl", "get", "pods"}, []string{}, []string{"get", "pods"}, true},
		{[]string{"--no-color", "--cluster", "kubectl", "kubectl", "get"}, []string{"--no-color", "--cluster", "kubectl"}, []string{"get"}, true},
		{[]string{"--cluster=kind", "kubectl"}, []string{"--cluster=kind"}, []string{}, true},
		{[]string{"--unknown", "kubectl"}, nil, nil, false},
		{[]string{"cluster", "kubectl"}, nil, nil, false},
	} {
		lead, rest, ok := splitAtKubectl(fs, tc.args)
		if ok != tc.ok || !slices.Equal(lead, tc.lead) || !slices.Equal(rest, tc.rest) {
			t.Errorf("splitAtKubectl(%q) = %q, %q, %v; want %q, %q, %v", tc.args, lead, rest, ok, tc.lead, tc.rest, tc.ok)
		}
	}
}
