package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	tick, err := processStartTick(pid)
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
	tick, err := processStartTick(rec.PID)
	if err != nil || tick != rec.StartTick {
		return rec, true, true, nil
	}
	return rec, true, false, nil
}

// processStartTick reads the start time of pid (field 22 of /proc/<pid>/stat, in clock ticks
// since boot).
func processStartTick(pid int) (uint64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may contain spaces and parentheses; fields after it are plain.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	fields := strings.Fields(s[i+1:])
	// fields[0] is field 3 (state), so field 22 is fields[19].
	if len(fields) < 20 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	if fields[0] == "Z" {
		return 0, fmt.Errorf("process %d is a zombie", pid)
	}
	return strconv.ParseUint(fields[19], 10, 64)
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
			if t, err := processStartTick(rec.PID); err != nil || t != rec.StartTick {
				gone <- nil
				return
			}
		}
	}()
	return gone
}

func processAlive(pid int) bool {
	_, err := processStartTick(pid)
	return err == nil
}

// lockFile takes an exclusive lock on path, so two `labs cluster` commands never start or stop
// the same cluster at once. The lock goes with the process, also when it is killed.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			fmt.Fprintln(os.Stderr, "Waiting for another labs command that is starting or stopping this cluster ...")
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
	}
	return func() { f.Close() }, nil
}
