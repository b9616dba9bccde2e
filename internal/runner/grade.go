package runner

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/grade"
)

// GradeCluster starts the cluster one submission is graded on (labs grade): a fresh throwaway
// one in stateDir when the selected provider p offers them, else p's own cluster, which the
// students then share one at a time. How long it took to be ready is said on errOut.
func (c Clusters) GradeCluster(ctx context.Context, p cluster.Provider, stateDir string, errOut io.Writer) (*grade.Cluster, error) {
	gc := &grade.Cluster{Provider: p.Name()}
	if p.Capabilities().Throwaway {
		tp, err := c.Throwaway(stateDir)
		if err != nil {
			return gc, err
		}
		gc.StateDir = stateDir
		gc.Delete = tp.Delete
		p = tp
	}
	bootStart := time.Now()
	if err := p.Up(ctx, cluster.UpOptions{Workers: -1, Wait: 2 * time.Minute}); err != nil {
		return gc, err
	}
	fmt.Fprintf(errOut, "Cluster ready in %.1fs.\n", time.Since(bootStart).Seconds())
	env, err := c.Connect(p)
	if err != nil {
		return gc, err
	}
	gc.Env = env
	return gc, nil
}

// DeleteThrowaway deletes the throwaway cluster whose state is in stateDir (one a grader that
// was killed left behind).
func (c Clusters) DeleteThrowaway(ctx context.Context, stateDir string) error {
	tp, err := c.Throwaway(stateDir)
	if err != nil {
		return err
	}
	return tp.Delete(ctx)
}
