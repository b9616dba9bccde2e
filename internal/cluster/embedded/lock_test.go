//go:build linux

package embedded

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/flock"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/state"
)

type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Warnf(format string, args ...any) { r.add(format, args...) }
func (r *recorder) Infof(format string, args ...any) { r.add(format, args...) }
func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}
func (r *recorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

// A second command waiting for the cluster lock says so through the provider's logger, in the
// learner's language (not on os.Stderr in English), and gets the lock once it is free.
func TestLockWaitSaysSoThroughTheLogger(t *testing.T) {
	rec := &recorder{}
	p := New(t.TempDir(), cluster.WithLogger(rec), cluster.WithLocalizer(i18n.New(i18n.ZH)))
	if err := state.EnsureDir(p.layout.Root); err != nil {
		t.Fatal(err)
	}
	release, err := flock.TryLock(p.layout.Lock())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		unlock, err := p.lock()
		if err == nil {
			unlock()
		}
		got <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(rec.all(), "另一個 labs 指令正在啟動或停止這個叢集"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no waiting line in zh-TW through the logger; it has %q", rec.all())
		}
	}
	release()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lock not taken after release")
	}
}
