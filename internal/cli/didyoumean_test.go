package cli

import (
	"slices"
	"testing"
)

// TestDidYouMean (issue 20 item 4): `labs start namespace` suggests namespaces.
func TestDidYouMean(t *testing.T) {
	ids := []string{"api-server", "namespaces", "static-pods", "pod-basics", "init-containers"}
	for typed, want := range map[string][]string{
		"namespace":  {"namespaces"},
		"static-pod": {"static-pods"},
		"pod-basic":  {"pod-basics"},
		"apiserver":  {"api-server"},
		"kubernetes": nil,
	} {
		if got := didYouMean(typed, ids); !slices.Equal(got, want) {
			t.Errorf("didYouMean(%q) = %v, want %v", typed, got, want)
		}
	}
}
