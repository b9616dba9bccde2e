package cluster

import "runtime"

// DefaultProvider is the provider --cluster names when it is not given: the embedded cluster
// where it runs (Linux), else one that works on this system. The one place that choice is made.
func DefaultProvider() string {
	if runtime.GOOS == "linux" {
		return "embedded"
	}
	return "existing"
}
