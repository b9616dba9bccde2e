// Package audit reads the embedded API server's audit log: the evidence that a learner made a
// request that leaves no trace in the cluster's state (cluster-info, a server-side dry run,
// exec, a request through kubectl proxy).
package audit

import (
	"bufio"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
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
	// RequestObject is the request body, logged only where the policy says Request level
	// (pod deletes: their DeleteOptions).
	RequestObject json.RawMessage `json:"requestObject,omitempty"`
	Received      time.Time       `json:"requestReceivedTimestamp"`
	// StageTime is when the event's stage was reached: for a watch's ResponseComplete, when
	// the watch ended.
	StageTime time.Time `json:"stageTimestamp"`
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
	// Message is the API server's own error text (`namespaces "demo" not found`).
	Message string `json:"message"`
	Reason  string `json:"reason"`
}

// Query is the request URI's query (exec's container, command, stdin and tty live there).
func (e *Event) Query() url.Values {
	u, err := url.ParseRequestURI(e.RequestURI)
	if err != nil {
		return url.Values{}
	}
	return u.Query()
}

// DryRun reports whether the request was a server-side dry run (?dryRun=All).
func (e *Event) DryRun() bool {
	for _, v := range e.Query()["dryRun"] {
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

// Message is the API server's error text for a failed request, "" otherwise.
func (e *Event) Message() string {
	if e.Response == nil || e.Response.Code < 400 {
		return ""
	}
	return e.Response.Message
}

// Kubectl reports whether kubectl made the request, by its user agent.
func (e *Event) Kubectl() bool { return IsKubectl(e.UserAgent) }

// IsKubectl reports whether a user agent is kubectl's: client-go's default agent is
// "<program>/<version> (<os>/<arch>) kubernetes/<commit>", and the program is kubectl (or
// kubectl.exe) whatever the binary was called through; "kubectl-foo/..." (a plugin) and
// agents that only mention kubectl are not.
func IsKubectl(userAgent string) bool {
	product, _ := ParseUserAgent(userAgent)
	return product == "kubectl" || product == "kubectl.exe"
}

// ParseUserAgent splits a user agent's first product token into its name and version.
func ParseUserAgent(userAgent string) (product, version string) {
	first, _, _ := strings.Cut(strings.TrimSpace(userAgent), " ")
	product, version, _ = strings.Cut(first, "/")
	return product, version
}

// DeleteOptions are the options a delete request carried: the grace period (nil when the
// client left it to the object's default) and the propagation policy. They come from the
// logged request body, or from the query for clients that send them there.
type DeleteOptions struct {
	GracePeriodSeconds *int64 `json:"gracePeriodSeconds"`
	PropagationPolicy  string `json:"propagationPolicy"`
}

// Delete returns the request's DeleteOptions; ok is false when the log holds no body for it
// (the policy did not record the request at Request level) and the query says nothing.
func (e *Event) Delete() (opts DeleteOptions, ok bool) {
	if len(e.RequestObject) > 0 && json.Unmarshal(e.RequestObject, &opts) == nil {
		ok = true
	}
	q := e.Query()
	if v := q.Get("gracePeriodSeconds"); v != "" && opts.GracePeriodSeconds == nil {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			opts.GracePeriodSeconds, ok = &n, true
		}
	}
	if v := q.Get("propagationPolicy"); v != "" && opts.PropagationPolicy == "" {
		opts.PropagationPolicy, ok = v, true
	}
	return opts, ok
}

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
