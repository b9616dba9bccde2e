package procstat

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestParseCommandWithSpacesAndParens(t *testing.T) {
	// A real line, with a command name that would break a naive split on spaces or ')'.
	line := "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 987654 1000 200 18446744073709551615\n"
	st, err := Parse([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if st.State != 'S' || st.UTime != 7 || st.STime != 3 || st.StartTick != 987654 || st.Zombie() {
		t.Fatalf("Parse = %+v", st)
	}
	zombie := "7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0 0\n"
	if st, err := Parse([]byte(zombie)); err != nil || !st.Zombie() || st.StartTick != 55 {
		t.Fatalf("Parse(zombie) = %+v, %v", st, err)
	}
}

func TestParseRejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "1 sh S 1", "1 (sh) S 1 2 3", "1 (sh) S 1 1 1 0 -1 0 0 0 0 0 x 0 0 0 20 0 1 0 5 0"} {
		if st, err := Parse([]byte(s)); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", s, st)
		}
	}
}

func TestReadSelfAndGone(t *testing.T) {
	tick, err := StartTick(os.Getpid())
	if err != nil || tick == 0 {
		t.Fatalf("StartTick(self) = %d, %v", tick, err)
	}
	if Gone(os.Getpid()) {
		t.Fatal("Gone(self) = true")
	}
	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	pid := cmd.Process.Pid
	// Not yet reaped: a zombie, which counts as gone, and has no start tick.
	for deadline := time.Now().Add(10 * time.Second); !Gone(pid); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("an exited child never showed as gone")
		}
	}
	if _, err := StartTick(pid); err == nil {
		t.Error("StartTick of an exited process succeeded")
	}
	_ = cmd.Wait()
	if !Gone(pid) {
		t.Error("Gone after reaping = false")
	}
}
