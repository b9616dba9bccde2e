package labengine

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestProgressSurvivesSIGKILL kills `labs start` at random moments while it saves progress as
// fast as keys arrive (hints, skips, going back), and checks after every kill that the saved
// progress is whole and that the next start resumes at the step it says. A second start, or a
// reset, of the lab is refused while one runs.
func TestProgressSurvivesSIGKILL(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	writeConfigMapLab(t, labs, "killme", ns, 5)
	key := lab.ProgressKeyFor("killme", labs)
	path := progress.Path(c.StateDir, key)
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))

	for i := 0; i < 15; i++ {
		before, err := progress.Load(c.StateDir, key)
		if err != nil {
			t.Fatalf("kill %d: progress unreadable: %v", i, err)
		}
		s := startSession(t, c, "killme", "--labs-dir", labs, "--work-dir", t.TempDir())
		// Resumes where the last run saved: the step it shows first is the saved one.
		want := "Step 1/5"
		if before.Current != "" {
			want = "Create configmap " + before.Current
		}
		s.expect(want, time.Minute)
		if i == 0 {
			// One walkthrough per lab at a time: a second one is refused, the first goes on.
			r := c.Labs(t, "start", "killme", "--labs-dir", labs)
			if r.Code != 1 || !strings.Contains(r.Stderr, "runs in another terminal") {
				t.Fatalf("second labs start: exit %d\n%s", r.Code, r.Combined())
			}
			if r := c.Labs(t, "reset", "killme", "--labs-dir", labs); r.Code != 1 || !strings.Contains(r.Stderr, "runs in another terminal") {
				t.Fatalf("labs reset during labs start: exit %d\n%s", r.Code, r.Combined())
			}
		}
		stop := make(chan struct{})
		go func() {
			keys := "hnhpnhp"
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.tty.Write([]byte{keys[j%len(keys)]}); err != nil {
					return
				}
				// Apart enough to be deliberate key presses, not a burst of stray typing.
				time.Sleep(35 * time.Millisecond)
			}
		}()
		time.Sleep(time.Duration(rng.IntN(200)) * time.Millisecond)
		err = s.cmd.Process.Signal(syscall.SIGKILL)
		close(stop)
		code := s.wait(10 * time.Second)
		if err != nil {
			// It may have exited by itself: skipping the last step completes the lab.
			s.mu.Lock()
			out := s.out.String()
			s.mu.Unlock()
			if code != 0 || !strings.Contains(out, "Lab complete") {
				t.Fatalf("kill %d: labs start was not running (exit %d): %v\n%s", i, code, err, out)
			}
		}

		// The status line of the killed walkthrough may stay on disk, but no lab shell's
		// prompt shows it any more.
		if line, ok := progress.ReadStatus(c.StateDir, key); ok {
			t.Fatalf("kill %d: the killed walkthrough's status %q still reads as current", i, line)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		after, err := progress.Load(c.StateDir, key)
		if err != nil {
			t.Fatalf("kill %d: progress torn by SIGKILL: %v\n%s", i, err, data)
		}
		if after.Current != "" && !strings.HasPrefix(after.Current, "c") {
			t.Fatalf("kill %d: current step %q", i, after.Current)
		}
		if after.Started.IsZero() {
			t.Fatalf("kill %d: progress lost its start time", i)
		}
		// A lab finished by skipping every step starts over, to keep the keys busy.
		if after.Current == "" {
			if err := progress.Forget(c.StateDir, key); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Only whole files are ever renamed into place; temporary files of killed writes may stay
	// behind but are never read, and so may the busy file of a killed walkthrough (lab shells
	// ignore it while no walkthrough of the lab runs; the next one removes it).
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		n := e.Name()
		if strings.Contains(n, "killme") && n != key+".json" && n != key+".lock" && n != key+".status" && n != key+".status.busy" && !strings.HasPrefix(n, "."+key+".json.tmp-") && !strings.HasPrefix(n, "."+key+".status.tmp-") {
			t.Errorf("unexpected file in the progress directory: %s", n)
		}
	}
}
