// Package grading tests `labs test` and `labs grade` end to end against real embedded
// clusters: every built-in lab's checks fail before and pass after its solutions, and
// submissions are scored, reported and named as the student knows them. It is a package of its
// own, apart from e2e/labengine, so each stays well inside go test's 10-minute limit per package.
package grading

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
