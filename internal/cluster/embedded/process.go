//go:build linux

package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/labs-dev/labs/internal/procstat"
	"github.com/labs-dev/labs/internal/state"
)

// pidRecord identifies the cluster process. The kernel's start time of the process guards
// against a recycled pid: a stale file whose pid now belongs to another program is detected.
type pidRecord struct {
	PID       int       `json:"pid"`
	StartTick uint64    `json:"startTick"`
	Started   time.Time `json:"started"`
}

func writePIDFile(path string, pid int) error {
	tick, err := procstat.StartTick(pid)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(pidRecord{PID: pid, StartTick: tick, Started: time.Now()})
	return state.WriteFileAtomic(path, data, 0o600)
}

// readPIDFile returns the live cluster process recorded in path. ok is false when there is no
// file; stale is true when the file names a process that is gone (or is not ours any more).
func readPIDFile(path string) (rec pidRecord, ok, stale bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return rec, false, false, nil
	}
	if err != nil {
		return rec, false, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &rec); err != nil || rec.PID <= 0 {
		return rec, true, true, nil
	}
	tick, err := procstat.StartTick(rec.PID)
	if err != nil || tick != rec.StartTick {
		return rec, true, true, nil
	}
	return rec, true, false, nil
}

// watchProcess reports on the returned channel when the process in rec is gone (or its pid
// now belongs to another program). It stops watching when ctx ends.
func watchProcess(ctx context.Context, rec pidRecord) <-chan error {
	gone := make(chan error, 1)
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if t, err := procstat.StartTick(rec.PID); err != nil || t != rec.StartTick {
				gone <- nil
				return
			}
		}
	}()
	return gone
}
