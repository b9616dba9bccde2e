//go:build !darwin

package walkthrough

import "golang.org/x/sys/unix"

// poll is poll(2).
func poll(fds []unix.PollFd, timeoutMs int) (int, error) { return unix.Poll(fds, timeoutMs) }
