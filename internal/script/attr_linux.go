package script

import "syscall"

// groupAttr puts the script in a process group of its own, killed with labs if labs dies first.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
