package node

import (
	"errors"
	"net/http"
	"sync/atomic"
	"syscall"
	"time"
)

// UntilServing wraps a client's transport so that, until the API server has answered once, a
// request whose connection is refused waits for it (trying again every 20 ms, within the
// request's context and timeout) instead of failing at once.
//
// Nodes and the cluster's node controller start with the control plane, before the API server
// listens. Failing fast, the kubelet retries its registration with an exponential backoff (0.1,
// 0.3, 0.7, 1.5, 3.1 s after it starts) and informers theirs (about 0.8, 2.4, 5.6 s), so a
// server that comes up at 1.6 s is used at 3.1 s; waiting, they use it the moment it listens.
// A refused connection sent nothing, so trying again is safe for every verb. Once the server
// has answered, the transport is the plain one: a server that goes away later fails requests
// as before.
func UntilServing(rt http.RoundTripper) http.RoundTripper { return &untilServing{rt: rt} }

type untilServing struct {
	rt       http.RoundTripper
	answered atomic.Bool
}

const untilServingPoll = 20 * time.Millisecond

func (t *untilServing) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.answered.Load() {
		return t.rt.RoundTrip(req)
	}
	retryable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if req.Body != nil && req.GetBody != nil {
		// Each try gets a body of its own (the transport closes a request's body even when it
		// fails), so the caller's is not sent: close it as RoundTrip must.
		_ = req.Body.Close()
	}
	for {
		try := req
		if req.Body != nil && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			try = req.Clone(req.Context())
			try.Body = body
		}
		resp, err := t.rt.RoundTrip(try)
		if err == nil {
			t.answered.Store(true)
			return resp, nil
		}
		if !retryable || !errors.Is(err, syscall.ECONNREFUSED) || t.answered.Load() {
			return resp, err
		}
		select {
		case <-req.Context().Done():
			return nil, err
		case <-time.After(untilServingPoll):
		}
	}
}
