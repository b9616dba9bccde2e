// Package flock takes advisory file locks (flock(2)) that the kernel drops when the process
// dies, SIGKILL included, so a crashed labs command never leaves a lock behind.
package flock

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ErrLocked means another process holds the lock.
var ErrLocked = errors.New("locked by another process")

// TryLock takes an exclusive lock on path (created if missing) without waiting; it fails with
// ErrLocked when another process holds it.
func TryLock(path string) (release func(), err error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("locking %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// Lock takes an exclusive lock on path, waiting for it as long as another process holds it;
// waiting, when not nil, is called once before the wait, so the caller can say why it hangs.
func Lock(path string, waiting func()) (release func(), err error) {
	release, err = TryLock(path)
	if !errors.Is(err, ErrLocked) {
		return release, err
	}
	if waiting != nil {
		waiting()
	}
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

func open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening lock %s: %w", path, err)
	}
	return f, nil
}
