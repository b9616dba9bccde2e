// Package course tests `labs test --course`: the built-in labs in course order on one cluster, as a
// student meets them, with no step passing before its solution. A package of its own (10-minute limit).
package course

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
