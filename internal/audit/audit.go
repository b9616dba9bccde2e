// Package audit reads the embedded API server's audit log: the evidence that a learner made a
// request that leaves no trace in the cluster's state (cluster-info, a server-side dry run,
// exec, a request through kubectl proxy).
package audit

import (
	"bufio"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"time"
)

// Event is the part of an audit.k8s.io/v1 Event that checks use.
type Event struct {
	AuditID    string    `json:"auditID"`
	Stage      string    `json:"stage"`
	RequestURI string    `json:"requestURI"`
	Verb       string    `json:"verb"`
	User       User      `json:"user"`
	UserAgent  string    `json:"userAgent"`
	ObjectRef  *Object   `json:"objectRef"`
	Response   *Response `json:"responseStatus"`
	Received   time.Time `json:"requestReceivedTimestamp"`
}

// User is who made the request.
type User struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups"`
}

// Object is what the request was about.
type Object struct {
	Resource    string `json:"resource"`
	Namespace   string `json:"namespace"`
	Name        string `json:"name"`
	APIGroup    string `json:"apiGroup"`
	APIVersion  string `json:"apiVersion"`
	Subresource string `json:"subresource"`
}

// Response is the request's outcome.
type Response struct {
	Code int32 `json:"code"`
}

// DryRun reports whether the request was a server-side dry run (?dryRun=All).
func (e *Event) DryRun() bool {
	u, err := url.ParseRequestURI(e.RequestURI)
	if err != nil {
		return false
	}
	for _, v := range u.Query()["dryRun"] {
		if v == "All" {
			return true
		}
	}
	return false
}

// Path is the request URI without its query.
func (e *Event) Path() string {
	p, _, _ := strings.Cut(e.RequestURI, "?")
	return p
}

// Code is the HTTP status of the response, 0 when unknown.
func (e *Event) Code() int {
	if e.Response == nil {
		return 0
	}
	return int(e.Response.Code)
}

// Kubectl reports whether kubectl made the request, by its user agent.
func (e *Event) Kubectl() bool { return strings.HasPrefix(e.UserAgent, "kubectl/") }

// Read returns the events of the log at path received at or after since. A missing log is an
// empty one. The API server rotates audit.log to audit-<timestamp>.log; checks only need the
// recent past, which the current file holds unless it rotated a moment ago.
func Read(path string, since time.Time) ([]Event, error) {
	return NewTail(path).Since(since)
}

func scan(r io.Reader, fn func(Event)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var e Event
		// A line being written right now may be incomplete: skip what does not parse.
		if json.Unmarshal(line, &e) != nil {
			continue
		}
		fn(e)
	}
	return sc.Err()
}
