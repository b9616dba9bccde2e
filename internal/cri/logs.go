package cri

import (
	"os"
	"sync"
	"time"
)

// logWriter writes the CRI log format the kubelet reads back for `kubectl logs`:
// "<RFC3339Nano> <stream> <F|P> <content>\n", one record per line.
type logWriter struct {
	mu   sync.Mutex
	path string
	f    *os.File
}

func openLog(path string) (*logWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, err
	}
	return &logWriter{path: path, f: f}, nil
}

// write records one line (with its newline) or a partial line (without one).
func (l *logWriter) write(stream string, line []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return
	}
	tag := "P"
	if n := len(line); n > 0 && line[n-1] == '\n' {
		tag, line = "F", line[:n-1]
	}
	rec := make([]byte, 0, len(line)+64)
	rec = time.Now().UTC().AppendFormat(rec, time.RFC3339Nano)
	rec = append(rec, ' ')
	rec = append(rec, stream...)
	rec = append(rec, ' ')
	rec = append(rec, tag...)
	rec = append(rec, ' ')
	rec = append(rec, line...)
	rec = append(rec, '\n')
	_, _ = l.f.Write(rec)
}

func (l *logWriter) reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.path == "" {
		return nil
	}
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return err
	}
	if l.f != nil {
		l.f.Close()
	}
	l.f = f
	return nil
}

func (l *logWriter) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// fanout copies a container's output to the clients attached to it.
type fanout struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
}

type subscriber struct {
	stdout, stderr func([]byte)
	done           chan struct{}
}

func (f *fanout) subscribe(stdout, stderr func([]byte)) *subscriber {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &subscriber{stdout: stdout, stderr: stderr, done: make(chan struct{})}
	if f.closed {
		close(s.done)
		return s
	}
	if f.subs == nil {
		f.subs = map[*subscriber]struct{}{}
	}
	f.subs[s] = struct{}{}
	return s
}

func (f *fanout) unsubscribe(s *subscriber) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, s)
}

func (f *fanout) write(stream string, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		w := s.stdout
		if stream == "stderr" && s.stderr != nil {
			w = s.stderr
		}
		if w != nil {
			w(append([]byte(nil), b...))
		}
	}
}

func (f *fanout) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for s := range f.subs {
		close(s.done)
	}
	f.subs = nil
}
