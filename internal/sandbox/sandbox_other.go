//go:build !linux

package sandbox

import (
	"errors"
	"os/exec"
)

// Command is not available off Linux: there are no namespaces to run a script in.
func Command(mode Mode, spec Spec, argv []string, dir string, env []string) (*exec.Cmd, func(*exec.Cmd) error, error) {
	return nil, nil, &Unavailable{Mode: mode, Err: errors.New("namespaces are Linux's")}
}

// Init is never started off Linux.
func Init() { panic("sandbox: no init off Linux") }

// Probe: off Linux a script runs in a process group of its own.
func Probe(Spec) (Mode, string) {
	return ProcessGroup, "no namespaces off Linux: scripts run in a process group of their own"
}
