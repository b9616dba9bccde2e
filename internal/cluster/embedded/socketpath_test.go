//go:build linux

package embedded

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/cluster"
)

// A state directory too deep for the kubelets' unix sockets is refused at once, naming the
// variable that moves it, before anything is created (the kubelet would fail minutes later
// with "bind: invalid argument").
func TestUpRefusesAStateDirTooDeepForSockets(t *testing.T) {
	deep := filepath.Join(t.TempDir(), strings.Repeat("d", 60))
	err := New(deep).Up(context.Background(), cluster.UpOptions{Wait: time.Second})
	if err == nil || !strings.Contains(err.Error(), "too deep for the nodes' unix sockets") || !strings.Contains(err.Error(), "LABS_STATE_DIR") {
		t.Fatalf("Up in %s: %v", deep, err)
	}
	if _, err := os.Stat(New(deep).layout.Metadata()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cluster was created anyway: %v", err)
	}
}

func TestSocketPathsOfAShortStateDirPass(t *testing.T) {
	if err := New("/home/someone/.local/state/labs").checkSocketPaths(); err != nil {
		t.Fatal(err)
	}
}
