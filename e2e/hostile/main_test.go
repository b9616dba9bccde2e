// Package hostile grades hostile submissions end to end (issue 16): a student who wants the
// points without the work, or wants to hurt the grader or the other students. A package of its
// own, apart from e2e/grading, so that each stays inside go test's 10-minute limit.
package hostile

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
