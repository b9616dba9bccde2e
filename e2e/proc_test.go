package e2e

import "syscall"

// killGroup SIGKILLs a process and its process group, as a crash would.
func killGroup(pid int) error {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err == nil {
		return nil
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}
