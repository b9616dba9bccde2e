// Package existing tests `labs test --cluster existing` through the kubeconfig of a running embedded cluster
// whose audit log labs does not see, so labs' own kubectl's record is the evidence. A package of
// its own (10-minute limit).
package existing

import (
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
