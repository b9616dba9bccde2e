// Package e2e tests labs end to end against the real embedded cluster: the control plane, the
// CLI and the bundled kubectl, driven as a learner would drive them.
package e2e

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
