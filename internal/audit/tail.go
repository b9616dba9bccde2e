package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
)

// Tail reads a growing audit log incrementally: the live runner re-checks a step on every
// change in the cluster, and re-parsing the whole log (up to its 20 MB rotation size) each time
// would make a step turn green later the longer a learner works.
type Tail struct {
	path string

	mu     sync.Mutex
	ino    uint64 // the file read so far; the API server rotates by renaming it
	dev    uint64
	head   []byte    // the file's first bytes, to tell a rewritten file from a grown one
	offset int64     // where the first line not yet parsed starts
	floor  time.Time // events before it were dropped
	events []Event
}

// NewTail returns a Tail of the log at path. Nothing is read until Since.
func NewTail(path string) *Tail { return &Tail{path: path} }

// Path is the log this Tail reads.
func (t *Tail) Path() string { return t.path }

// Since returns the events received at or after since, reading only what was appended to the
// log since the last call. Asking for an earlier time than before rereads the file.
func (t *Tail) Since(since time.Time) ([]Event, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if since.Before(t.floor) {
		t.reset()
	}
	if err := t.read(since, nil); err != nil {
		return nil, err
	}
	// Drop what no later call can ask for without a reread.
	if since.After(t.floor) {
		kept := t.events[:0]
		for _, e := range t.events {
			if !e.Received.Before(since) {
				kept = append(kept, e)
			}
		}
		clear(t.events[len(kept):])
		t.events, t.floor = kept, since
	}
	return append([]Event(nil), t.events...), nil
}

// read parses the complete lines appended since the last read (all of a new or rewritten
// file), keeping the events received at or after since and passing every new one to onNew.
func (t *Tail) read(since time.Time, onNew func(Event)) error {
	f, err := os.Open(t.path)
	if errors.Is(err, os.ErrNotExist) {
		t.reset()
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading audit log: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading audit log: %w", err)
	}
	var ino, dev uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino, dev = st.Ino, uint64(st.Dev)
	}
	if ino != t.ino || dev != t.dev || fi.Size() < t.offset || !t.sameHead(f) {
		// Rotated (a new inode), truncated (shorter), or truncated and rewritten past where
		// we were (its first line differs): the file is a new one.
		t.reset()
		t.ino, t.dev = ino, dev
	}
	if fi.Size() > t.offset {
		buf := make([]byte, fi.Size()-t.offset)
		n, err := f.ReadAt(buf, t.offset)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading audit log %s: %w", t.path, err)
		}
		// Only whole lines: the API server may be writing the last one right now.
		complete := bytes.LastIndexByte(buf[:n], '\n') + 1
		if err := scan(bytes.NewReader(buf[:complete]), func(e Event) {
			if !e.Received.Before(since) {
				t.events = append(t.events, e)
			}
			if onNew != nil {
				onNew(e)
			}
		}); err != nil {
			return fmt.Errorf("reading audit log %s: %w", t.path, err)
		}
		if t.offset == 0 {
			t.head = append([]byte(nil), buf[:min(complete, headLen)]...)
		}
		t.offset += int64(complete)
	}
	return nil
}

// NewKubectl reports whether a kubectl request (by its parsed user agent) was appended to the
// log since the last call of Since or NewKubectl, reading only the new lines: what a watcher
// needs to re-check a step on new evidence and not on its own requests.
func (t *Tail) NewKubectl() (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	found := false
	err := t.read(t.floor, func(e Event) { found = found || e.Kubectl() })
	return found, err
}

// headLen is how much of the file's start identifies it: an audit line has a unique auditID
// and timestamp within its first 200 bytes.
const headLen = 256

// sameHead reports whether f still starts with the bytes read from it before.
func (t *Tail) sameHead(f *os.File) bool {
	if len(t.head) == 0 {
		return true
	}
	buf := make([]byte, len(t.head))
	n, _ := f.ReadAt(buf, 0)
	return bytes.Equal(buf[:n], t.head)
}

func (t *Tail) reset() {
	t.ino, t.dev, t.head, t.offset, t.floor, t.events = 0, 0, nil, 0, time.Time{}, nil
}
