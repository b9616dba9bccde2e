package node

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// A request made before the server listens waits for it, body and all; once the server has
// answered, a refused connection fails at once, as without the wrapper.
func TestUntilServingWaitsForTheFirstAnswerOnly(t *testing.T) {
	// Reserve a port, then free it: nothing listens there until the server starts.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	got := make(chan string, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	})}
	go func() {
		time.Sleep(300 * time.Millisecond)
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Error(err)
			return
		}
		_ = srv.Serve(l)
	}()

	client := &http.Client{Transport: UntilServing(&http.Transport{DisableKeepAlives: true})}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/", bytes.NewReader([]byte("node")))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("request before the server listened: %v", err)
	}
	resp.Body.Close()
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("answered after %s, before the server listened", waited)
	}
	if body := <-got; body != "node" {
		t.Errorf("server got body %q, want %q", body, "node")
	}

	srv.Close()
	start = time.Now()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/", nil)
	if _, err := client.Do(req); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after the server went away: %v, want connection refused", err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("a refused connection took %s after the first answer, want an immediate failure", d)
	}
}

// A request's context still bounds the wait.
func TestUntilServingGivesUpWithTheContext(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/", nil)
	client := &http.Client{Transport: UntilServing(&http.Transport{})}
	if _, err := client.Do(req); err == nil {
		t.Fatal("a request to nothing succeeded")
	}
	if ctx.Err() == nil {
		t.Error("gave up before the request's context ended")
	}
}
