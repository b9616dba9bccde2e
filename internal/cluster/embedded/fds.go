//go:build linux

package embedded

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// closeInheritedOnExec marks every open file descriptor above stderr close-on-exec. Go opens
// its own files that way already; what is left are descriptors this process inherited, such as
// a lock a wrapper (flock(1), a CI runner) holds for the duration of its command. The cluster
// process outlives that command and must not keep them open: a lock held by it would never be
// released.
func closeInheritedOnExec() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd <= 2 {
			continue
		}
		// The directory's own descriptor is among them, and closed by now: EBADF, ignored.
		_, _ = unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.FD_CLOEXEC)
	}
}
