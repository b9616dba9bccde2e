package procstat

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// szomb is a zombie's p_stat (sys/proc.h).
const szomb = 5

// startTick on macOS, which has no /proc: the kernel's start time of the process, in
// microseconds since the epoch, from sysctl kern.proc.pid.
func startTick(pid int) (uint64, error) {
	kp, err := unix.SysctlKinfoProc("kern.proc.pid", pid)
	if err != nil {
		return 0, fmt.Errorf("process %d: %w", pid, err)
	}
	if kp.Proc.P_pid != int32(pid) {
		return 0, fmt.Errorf("no process %d", pid)
	}
	if kp.Proc.P_stat == szomb {
		return 0, fmt.Errorf("process %d is a zombie", pid)
	}
	t := kp.Proc.P_starttime
	return uint64(t.Sec)*1_000_000 + uint64(t.Usec), nil
}
