package script

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestExitCodeAndOutput(t *testing.T) {
	res, err := Run(context.Background(), Options{Script: "echo hello; echo oops >&2; exit 3", Dir: t.TempDir(), Env: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 3 || res.Passed() || !strings.Contains(res.Output, "hello") || !strings.Contains(res.Output, "oops") {
		t.Fatalf("got %+v", res)
	}
}

func TestSyntaxErrorNamesTheFileAndLine(t *testing.T) {
	res, err := Run(context.Background(), Options{Name: "steps/run-web.sh", Script: "echo ok\nif then\n", Dir: t.TempDir(), Env: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Passed() || !strings.Contains(res.Output, "steps/run-web.sh: -c: line 2") && !strings.Contains(res.Output, "steps/run-web.sh: line 2") {
		t.Fatalf("syntax error should name the script and line 2, got %q", res.Output)
	}
}

func TestFileErrorsNameTheFileAndLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/steps", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/steps/a.sh", []byte("echo ok\nif then\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{File: "steps/a.sh", Dir: dir, Env: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Passed() || !strings.Contains(res.Output, "steps/a.sh: line 2: ") {
		t.Fatalf("want the file and line 2, got %q", res.Output)
	}
}

func TestTimeoutStopsTheWholeGroup(t *testing.T) {
	dir := t.TempDir()
	// A background child that would outlive the script, and a foreground sleep past the limit.
	res, err := Run(context.Background(), Options{
		Script:  "sleep 300 & echo $! > child.pid; sleep 300",
		Dir:     dir,
		Env:     os.Environ(),
		Timeout: 300 * time.Millisecond,
		Grace:   100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.TimedOut || res.Passed() {
		t.Fatalf("want a timeout, got %+v", res)
	}
	assertGone(t, dir)
}

func TestBackgroundJobDoesNotOutliveAFinishedScript(t *testing.T) {
	dir := t.TempDir()
	res, err := Run(context.Background(), Options{Script: "sleep 300 & echo $! > child.pid; echo started", Dir: dir, Env: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() || res.TimedOut {
		t.Fatalf("got %+v", res)
	}
	assertGone(t, dir)
}

func assertGone(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(dir + "/child.pid")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := syscall.Kill(pid, 0)
		stat, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		zombie := strings.Contains(string(stat), ") Z ")
		if err != nil || zombie {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("background child %d still runs after the script", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTailKeepsTheEnd(t *testing.T) {
	b := &tailBuffer{max: 10}
	b.Write([]byte("0123456789abcdef"))
	got, trunc := b.String()
	if got != "6789abcdef" || !trunc {
		t.Fatalf("got %q %v", got, trunc)
	}
}

func TestEnvironPutsBinFirst(t *testing.T) {
	env := Environ([]string{"PATH=/usr/bin", "KUBECONFIG=/old", "HOME=/h"}, "/kc", "/bin-labs")
	joined := strings.Join(env, "\n")
	if !strings.Contains(joined, "PATH=/bin-labs:/usr/bin") || !strings.Contains(joined, "KUBECONFIG=/kc") || strings.Contains(joined, "/old") {
		t.Fatalf("got %v", env)
	}
}

func TestStdoutIsKeptApart(t *testing.T) {
	r, err := Run(context.Background(), Options{Script: "echo warn >&2; echo SIGTERM; echo oops >&2", Dir: t.TempDir(), Env: os.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stdout != "SIGTERM\n" {
		t.Errorf("stdout %q, want only what went to stdout", r.Stdout)
	}
	for _, w := range []string{"warn", "SIGTERM", "oops"} {
		if !strings.Contains(r.Output, w) {
			t.Errorf("output %q lacks %q", r.Output, w)
		}
	}
}

// TestRunStopsAFloodOfOutput: a script printing without end is stopped at MaxOutput, long
// before its time limit.
func TestRunStopsAFloodOfOutput(t *testing.T) {
	start := time.Now()
	res, err := Run(context.Background(), Options{Script: "yes flood", Timeout: time.Minute, MaxOutput: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OutputLimit || res.Passed() || time.Since(start) > 30*time.Second {
		t.Fatalf("not stopped for its output: %+v after %s", res.ExitCode, time.Since(start))
	}
}
