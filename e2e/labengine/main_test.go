// Package labengine tests the lab engine end to end: `labs validate`, `labs check` and the
// live walkthrough of `labs start` driven through a pseudo-terminal, against a real embedded
// cluster.
package labengine

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
