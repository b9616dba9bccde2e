package cli

import (
	"strings"
	"testing"
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
