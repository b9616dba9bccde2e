// Package labtest tests `labs test` end to end against real embedded clusters: every built-in lab's checks
// fail before and pass after its solutions, declared mistakes stay red and alternatives pass.
// A package of its own so that each e2e package stays well inside go test's 10-minute limit.
package labtest

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
