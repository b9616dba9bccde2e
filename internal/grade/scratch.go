package grade

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/labs-dev/labs/internal/procstat"
)

// A scratch directory holds one submission's throwaway cluster, the copy its scripts run in
// and the sandbox's mount point. Its owner file names the grader's process, so that a run
// after a grader killed with SIGKILL removes what that one left (removeStale).
type scratch struct{ dir string }

const (
	scratchPrefix = "labs-g-"
	ownerFile     = "owner.json"
)

type owner struct {
	PID       int    `json:"pid"`
	StartTick uint64 `json:"startTick"`
}

func newScratch(tmp string) (scratch, error) {
	dir, err := os.MkdirTemp(tmp, scratchPrefix)
	if err != nil {
		return scratch{}, fmt.Errorf("making a scratch directory: %w", err)
	}
	tick, err := procstat.StartTick(os.Getpid())
	if err != nil {
		return scratch{}, err
	}
	data, _ := json.Marshal(owner{PID: os.Getpid(), StartTick: tick})
	if err := os.WriteFile(filepath.Join(dir, ownerFile), data, 0o600); err != nil {
		return scratch{}, err
	}
	sc := scratch{dir: dir}
	for _, d := range []string{sc.root(), sc.run()} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return scratch{}, err
		}
	}
	return sc, nil
}

func (s scratch) state() string { return filepath.Join(s.dir, "state") }
func (s scratch) root() string  { return filepath.Join(s.dir, "root") }
func (s scratch) run() string   { return filepath.Join(s.dir, "run") }

func (s scratch) remove() { _ = os.RemoveAll(s.dir) }

// removeStale removes the scratch directories (and their clusters) of graders that are gone.
func removeStale(ctx context.Context, tmp string, deleteCluster func(context.Context, string) error) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, scratchPrefix+"*"))
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue // not ours, or being made
		}
		var o owner
		if json.Unmarshal(data, &o) != nil {
			continue
		}
		if tick, err := procstat.StartTick(o.PID); err == nil && tick == o.StartTick {
			continue // its grader runs
		}
		if deleteCluster != nil {
			if _, err := os.Stat(filepath.Join(d, "state")); err == nil {
				_ = deleteCluster(ctx, filepath.Join(d, "state"))
			}
		}
		_ = os.RemoveAll(d)
	}
}
