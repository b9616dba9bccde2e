// Command labs teaches Kubernetes by doing: it boots a real cluster, walks a learner through a
// lab and checks every step against the live API. Invoked as `kubectl`, it is kubectl.
package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/labs-dev/labs/internal/cli"
	"github.com/labs-dev/labs/internal/kubectl"
)

func main() {
	if name := filepath.Base(os.Args[0]); name == "kubectl" || strings.HasPrefix(name, "kubectl.") {
		kubectl.Main(os.Args[1:])
	}
	os.Exit(cli.Execute(os.Args[1:]))
}
