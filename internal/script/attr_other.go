//go:build !linux

package script

import "syscall"

// groupAttr puts the script in a process group of its own. Only Linux has a parent-death
// signal; elsewhere the group is killed when the script ends or is stopped, as on Linux, but
// not when labs itself is killed.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
