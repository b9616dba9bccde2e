// Command labs teaches Kubernetes by doing: it boots a real cluster, walks a learner through a
// lab and checks every step against the live API. Invoked as `kubectl`, it is kubectl.
package main

import "github.com/labs-dev/labs/internal/cli"

func main() { cli.Main() }
