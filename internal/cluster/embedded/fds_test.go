//go:build linux

package embedded

import (
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestCloseInheritedOnExec: a descriptor opened without close-on-exec, as one inherited from
// flock(1) is, is not passed on to the cluster process.
func TestCloseInheritedOnExec(t *testing.T) {
	fd, err := unix.Open(filepath.Join(t.TempDir(), "lock"), unix.O_CREAT|unix.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil || flags&unix.FD_CLOEXEC != 0 {
		t.Fatalf("the test's descriptor: flags %d, %v", flags, err)
	}
	closeInheritedOnExec()
	if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil || flags&unix.FD_CLOEXEC == 0 {
		t.Errorf("an inherited descriptor stays open across exec: flags %d, %v", flags, err)
	}
}
