package walkthrough

import (
	"errors"

	"golang.org/x/sys/unix"
)

// poll waits for input on fds as poll(2) would, through select(2): macOS's poll does not
// support terminals (it answers POLLNVAL). Only POLLIN is asked for by the key reader.
func poll(fds []unix.PollFd, timeoutMs int) (int, error) {
	var set unix.FdSet
	maxFd := -1
	for _, p := range fds {
		set.Set(int(p.Fd))
		maxFd = max(maxFd, int(p.Fd))
	}
	tv := unix.NsecToTimeval(int64(timeoutMs) * 1e6)
	n, err := unix.Select(maxFd+1, &set, nil, nil, &tv)
	if errors.Is(err, unix.EBADF) {
		for i := range fds {
			fds[i].Revents = unix.POLLNVAL
		}
		return len(fds), nil
	}
	if err != nil {
		return 0, err
	}
	for i, p := range fds {
		fds[i].Revents = 0
		if set.IsSet(int(p.Fd)) {
			fds[i].Revents = unix.POLLIN
		}
	}
	return n, nil
}
