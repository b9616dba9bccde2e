package labengine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestClusterProcessKeepsNoInheritedFiles: a file `labs cluster up` inherits (as the lock of a
// `flock LOCK labs ...` wrapper) is not held by the background cluster process, which outlives
// the command: the lock is released when the command ends.
func TestClusterProcessKeepsNoInheritedFiles(t *testing.T) {
	c := testcluster.NewStateDir(t)
	lock := filepath.Join(t.TempDir(), "held.lock")
	f, err := os.Create(lock)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, "cluster", "up")
	cmd.ExtraFiles = []*os.File{f} // fd 3 in labs, not close-on-exec: inherited
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("labs cluster up: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(c.StateDir, "clusters", "labs", "cluster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		PID int `json:"pid"`
	}
	if err := json.Unmarshal(data, &rec); err != nil || rec.PID <= 0 {
		t.Fatalf("cluster.pid: %q %v", data, err)
	}
	pid := strconv.Itoa(rec.PID)
	fds, err := os.ReadDir("/proc/" + pid + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if target, err := os.Readlink("/proc/" + pid + "/fd/" + fd.Name()); err == nil && target == lock {
			t.Errorf("the cluster process %s holds %s (fd %s), inherited from labs cluster up", pid, lock, fd.Name())
		}
	}
}
