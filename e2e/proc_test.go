package e2e

import (
	"syscall"

	"github.com/labs-dev/labs/internal/procstat"
)

// killGroup SIGKILLs a process and its process group, as a crash would.
func killGroup(pid int) error {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err == nil {
		return nil
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}

// processGone reports whether pid has exited: no /proc entry, or a zombie nobody reaped yet.
// A killed process's environ becomes unreadable before it is gone, so that is no proof.
func processGone(pid int) bool { return procstat.Gone(pid) }
