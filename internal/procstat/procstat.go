// Package procstat reads the few fields of /proc/<pid>/stat that labs needs: a process's state,
// its CPU time and its start time (which, with the pid, names one process for good).
package procstat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Stat is a process as /proc/<pid>/stat describes it.
type Stat struct {
	// State is field 3: R, S, D, Z (zombie), T...
	State byte
	// UTime and STime are fields 14 and 15, in clock ticks.
	UTime, STime uint64
	// StartTick is field 22: when the process started, in clock ticks since boot. A pid is
	// recycled, a (pid, StartTick) pair is not.
	StartTick uint64
}

// Zombie reports whether the process has exited and waits for its parent to reap it.
func (s Stat) Zombie() bool { return s.State == 'Z' }

// Read reads /proc/<pid>/stat.
func Read(pid int) (Stat, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return Stat{}, err
	}
	st, err := Parse(data)
	if err != nil {
		return Stat{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return st, nil
}

// Parse parses the contents of a /proc/<pid>/stat file.
func Parse(data []byte) (Stat, error) {
	// The command name (field 2) may contain spaces and parentheses; fields after the last ')'
	// are plain.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return Stat{}, fmt.Errorf("no command name in %q", s)
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state), so field n is f[n-3].
	if len(f) < 20 || len(f[0]) != 1 {
		return Stat{}, fmt.Errorf("too few fields in %q", s)
	}
	var st Stat
	st.State = f[0][0]
	var err error
	for _, v := range []struct {
		dst   *uint64
		field int
	}{{&st.UTime, 14}, {&st.STime, 15}, {&st.StartTick, 22}} {
		if *v.dst, err = strconv.ParseUint(f[v.field-3], 10, 64); err != nil {
			return Stat{}, fmt.Errorf("field %d: %w", v.field, err)
		}
	}
	return st, nil
}

// StartTick is the start time of a live process (see Stat.StartTick); a zombie is an error,
// as it is gone for every purpose but its pid.
func StartTick(pid int) (uint64, error) { return startTick(pid) }

// procStartTick is StartTick where /proc is.
func procStartTick(pid int) (uint64, error) {
	st, err := Read(pid)
	if err != nil {
		return 0, err
	}
	if st.Zombie() {
		return 0, fmt.Errorf("process %d is a zombie", pid)
	}
	return st.StartTick, nil
}

// Gone reports whether pid has exited: no /proc entry, or a zombie nobody reaped yet.
func Gone(pid int) bool {
	st, err := Read(pid)
	return err != nil || st.Zombie()
}
