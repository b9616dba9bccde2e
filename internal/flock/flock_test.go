package flock

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Locks taken through two open files conflict as they would between two processes (flock
// locks belong to the open file description).
func TestTryLockFailsWhileHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	release, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second TryLock = %v, want ErrLocked", err)
	}
	release()
	again, err := TryLock(path)
	if err != nil {
		t.Fatalf("TryLock after release = %v", err)
	}
	again()
}

func TestLockWaitsAndSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	release, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan struct{})
	got := make(chan error, 1)
	go func() {
		r, err := Lock(path, func() { close(waited) })
		if err == nil {
			r()
		}
		got <- err
	}()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("Lock did not report that it waits")
	}
	select {
	case err := <-got:
		t.Fatalf("Lock returned (%v) while the lock was held", err)
	default:
	}
	release()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Lock did not get the lock after its release")
	}
}

func TestLockFreeDoesNotWait(t *testing.T) {
	release, err := Lock(filepath.Join(t.TempDir(), "x.lock"), func() { t.Error("waiting called on a free lock") })
	if err != nil {
		t.Fatal(err)
	}
	release()
}

func TestBadPath(t *testing.T) {
	if _, err := TryLock(filepath.Join(t.TempDir(), "no", "such", "dir", "x.lock")); err == nil || errors.Is(err, ErrLocked) {
		t.Fatalf("TryLock in a missing dir = %v", err)
	}
}
