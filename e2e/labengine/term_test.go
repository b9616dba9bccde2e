package labengine

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/labs-dev/labs/internal/testcluster"
)

// session is `labs start` running on a pseudo-terminal, as a learner sees it.
type session struct {
	t    testing.TB
	cmd  *exec.Cmd
	tty  *os.File
	done chan struct{}
	err  error

	mu   sync.Mutex
	out  bytes.Buffer
	seen int // output before this offset has been matched already
	// arrivals records when each output chunk arrived: end offset and time.
	arrivals []arrival
}

type arrival struct {
	end int
	at  time.Time
}

func startSession(t testing.TB, c *testcluster.Cluster, args ...string) *session {
	t.Helper()
	return startSessionSize(t, c, nil, args...)
}

// startSessionSize starts `labs start` on a terminal of the given size (nil: the pty's default).
func startSessionSize(t testing.TB, c *testcluster.Cluster, size *pty.Winsize, args ...string) *session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	cmd := c.Command(ctx, append([]string{"start"}, args...)...)
	// The locale must not choose the language; tests say --lang when they mean it.
	cmd.Env = append(cmd.Env, "LANG=C", "LC_ALL=", "LC_MESSAGES=")
	tty, err := pty.StartWithSize(cmd, size)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &session{t: t, cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				now := time.Now()
				s.mu.Lock()
				s.out.Write(buf[:n])
				s.arrivals = append(s.arrivals, arrival{s.out.Len(), now})
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
		tty.Close()
		cancel()
	})
	return s
}

// expect waits for text after what was matched before, and returns when its output arrived.
func (s *session) expect(text string, timeout time.Duration) time.Time {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		out := s.out.String()
		i := strings.Index(out[s.seen:], text)
		if i >= 0 {
			end := s.seen + i + len(text)
			at := time.Now()
			for _, a := range s.arrivals {
				if a.end >= end {
					at = a.at
					break
				}
			}
			s.seen = end
			s.mu.Unlock()
			return at
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			s.t.Fatalf("no %q within %s; output since the last match:\n%s", text, timeout, out[s.seen:])
		}
		select {
		case <-s.done:
			// Let the reader drain what the process wrote before exiting.
			time.Sleep(50 * time.Millisecond)
			s.mu.Lock()
			found := strings.Contains(s.out.String()[s.seen:], text)
			rest := s.out.String()[s.seen:]
			s.mu.Unlock()
			if !found {
				s.t.Fatalf("labs start exited (%v) before printing %q; output since the last match:\n%s", s.err, text, rest)
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// rest is the output after what was matched so far.
func (s *session) rest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()[s.seen:]
}

// all is the whole output so far.
func (s *session) all() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func (s *session) key(k string) {
	s.t.Helper()
	if _, err := s.tty.Write([]byte(k)); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits for labs start to exit and returns its exit code.
func (s *session) wait(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
	case <-time.After(timeout):
		s.t.Fatalf("labs start did not exit within %s", timeout)
	}
	var ee *exec.ExitError
	if errors.As(s.err, &ee) {
		return ee.ExitCode()
	}
	if s.err != nil {
		s.t.Fatal(s.err)
	}
	return 0
}
