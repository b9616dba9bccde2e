package version

import (
	"os"
	"regexp"
	"testing"
)

func TestString(t *testing.T) {
	defer func(l, c string) { Labs, Commit = l, c }(Labs, Commit)
	Labs, Commit = "dev", ""
	if got, want := String(), "dev (Kubernetes "+Kubernetes+")"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	Labs, Commit = "v0.1.0", "0123456789abcdef0123456789abcdef01234567"
	if got, want := String(), "v0.1.0 (commit 0123456789abcdef0123456789abcdef01234567, Kubernetes "+Kubernetes+")"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestKubernetesMatchesGoMod: the version labs reports is the k8s.io/kubernetes go.mod requires.
func TestKubernetesMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*k8s\.io/kubernetes (v\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod requires no k8s.io/kubernetes")
	}
	if string(m[1]) != Kubernetes {
		t.Errorf("version.Kubernetes is %s, go.mod requires k8s.io/kubernetes %s", Kubernetes, m[1])
	}
}
