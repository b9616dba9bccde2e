// Package checks is the Gherkin step library labs verify lab steps with: each step is a regular
// expression bound to a handler that reads the live cluster (client-go), the learner's files or
// the API server's audit log. Every Then waits (polls) until its timeout, and every failure says,
// in the learner's language, what was expected, what was found and, when it can tell, why.
package checks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
)

// DefaultTimeout is how long a Then waits for its condition unless the step says "within D".
const DefaultTimeout = 5 * time.Second

// firstLookBound bounds the one whole look a check gets when its first one did not fit its
// window.
const firstLookBound = 2 * time.Minute

// pollInterval is how often a waiting Then looks again.
const pollInterval = 100 * time.Millisecond

// Env is what steps check against.
type Env struct {
	Client  kubernetes.Interface
	Dynamic dynamic.Interface
	Mapper  meta.RESTMapper
	// Kubeconfig is the learner's kubeconfig (its current context and namespace are checked):
	// a file, or a list as KUBECONFIG holds one (a lab's own context file first, then the
	// cluster's kubeconfig; see internal/labctx).
	Kubeconfig string
	// AuditLog is the API server's audit log, "" when the provider cannot offer it.
	AuditLog string
	// ClientEvidence says AuditLog is not the API server's but labs' own kubectl's record of
	// what it sent (same format; a cluster whose audit log labs cannot read): a kubectl outside
	// labs is not seen, and a failing step that read it says so.
	ClientEvidence bool
	// WorkDir is the learner's work directory, where manifest files are looked for.
	WorkDir string
	// WorkDirName is how failure messages name the work directory when that is not WorkDir
	// itself: labs grade checks a copy of the student's submission, and names the submission.
	WorkDirName string
	// Lang is the language of failure messages (the zero value is English).
	Lang i18n.Lang
	// Timeout is how long a Then waits by default; a step's "within D" overrides it.
	Timeout time.Duration
	// MaxTimeout, when not 0, caps every wait, a step's own "within D" included (labs check
	// --timeout: five failing steps must not take five times 30 s).
	MaxTimeout time.Duration
	// Steps is the step library the feature files are checked with; nil is the built-in one.
	Steps *Library
	// NoWait evaluates every Then once, without waiting: the live runner re-checks on every
	// change instead.
	NoWait bool
	// Since bounds audit evidence: requests before it do not count (the attempt's window).
	Since time.Time
	// StepSince narrows the window per step: evidence for step id counts only from
	// StepSince[id] when that is later than Since — from when the step became current (the
	// previous step passed; in labs test and grade, the step's script started), so a later
	// step never passes on the requests an earlier step was proven by.
	StepSince map[string]time.Time
	// AttemptSince is the attempt's window when ForStep narrowed Since to a step's.
	AttemptSince time.Time
	// Observe, when set, is told what each check reads, so a caller can watch it.
	Observe func(Dependency)
	// Answers are the learner's answers to the lab's question steps, by step id; the answer
	// checks judge them.
	Answers map[string]string
	// Questions are the lab's questions by step id (lab.Lab.Questions), so a wrong choice is
	// echoed as the learner picked it (its number and text), not by its internal value; nil
	// echoes the answer as recorded.
	Questions map[string]*lab.Question
	// Lab is the id of the lab being checked, for the commands failure messages suggest.
	Lab string
	// NodeFiles reaches the nodes' static pod directories (cluster.Capabilities); nil when the
	// provider cannot, and the static Pod steps then say so.
	NodeFiles cluster.NodeFiles
	// Settle is how long an absence must hold before it passes (0: DefaultSettle).
	Settle time.Duration

	// evidenceReads counts the reads of the evidence, so Run can tell which steps used it.
	evidenceReads *atomic.Int64

	// audits keeps the audit log's reader across checks (and copies of this Env), so each
	// check parses only what is new; nil reads the whole log each time.
	audits *auditCache
}

type auditCache struct {
	mu   sync.Mutex
	tail *audit.Tail
}

// auditSince returns the audit events received at or after since.
func (e *Env) auditSince(since time.Time) ([]audit.Event, error) {
	if e.audits == nil {
		return audit.Read(e.AuditLog, since)
	}
	e.audits.mu.Lock()
	if e.audits.tail == nil || e.audits.tail.Path() != e.AuditLog {
		e.audits.tail = audit.NewTail(e.AuditLog)
	}
	tail := e.audits.tail
	e.audits.mu.Unlock()
	return tail.Since(since)
}

// Dependency is something a check read: an API resource or a file.
type Dependency struct {
	Resource schema.GroupVersionResource
	File     string
}

// NewEnv connects an Env to the cluster of cfg.
func NewEnv(cfg *rest.Config) (*Env, error) {
	cfg = rest.CopyConfig(cfg)
	if cfg.UserAgent == "" {
		// Not "kubectl/...": audit checks look for the learner's kubectl requests, not ours.
		cfg.UserAgent = "labs-checks"
	}
	cfg.QPS, cfg.Burst = 50, 100
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the cluster: %w", err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the cluster: %w", err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the cluster: %w", err)
	}
	return &Env{
		Client:  client,
		Dynamic: dyn,
		Mapper:  restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc)),
		Lang:    "en",
		Timeout: DefaultTimeout,
		audits:  &auditCache{},

		evidenceReads: &atomic.Int64{},
	}, nil
}

type envKey struct{}

// ForStep is env as step id is checked with: its evidence window narrowed to the step's
// (StepSince). It is env itself when the step has no window of its own.
func (e *Env) ForStep(id string) *Env {
	t, ok := e.StepSince[id]
	if !ok || !t.After(e.Since) {
		return e
	}
	c := *e
	if c.AttemptSince.IsZero() {
		c.AttemptSince = e.Since
	}
	c.Since = t
	return &c
}

// attemptWide is e with the attempt's evidence window, for the checks whose own condition
// already ties the evidence to this step's object (a watch open while the step's pod
// initialised may have been started at the step before, as the lab suggests).
func (e *Env) attemptWide() *Env {
	if e.AttemptSince.IsZero() || !e.AttemptSince.Before(e.Since) {
		return e
	}
	c := *e
	c.Since = c.AttemptSince
	return &c
}

// WithEnv returns ctx carrying env, for step handlers.
func WithEnv(ctx context.Context, env *Env) context.Context {
	return context.WithValue(ctx, envKey{}, env)
}

func envFrom(ctx context.Context) *Env {
	if e, ok := ctx.Value(envKey{}).(*Env); ok {
		return e
	}
	return &Env{Lang: "en", Timeout: DefaultTimeout}
}

func (e *Env) observe(d Dependency) {
	if e.Observe != nil {
		e.Observe(d)
	}
}

// Failure is a check that did not pass; its message is for the learner.
type Failure struct {
	Msg string
	// transient failures (the API did not answer) do not replace a learner-facing reason.
	transient bool
}

func (f *Failure) Error() string { return f.Msg }

// msgs renders the learner's messages through the one localizer: T for text, Err for a
// Failure. Env keeps its Lang (callers set it), and each message reads it afresh.
type msgs struct{ i18n.Localizer }

// Err is a Failure with the message in the learner's language.
func (m msgs) Err(format string, args ...any) error {
	return &Failure{Msg: m.T(format, args...)}
}

// l is the learner's localizer.
func (e *Env) l() msgs { return msgs{i18n.New(e.Lang)} }

// apiError explains an error from the API server that is not the learner's doing.
func (e *Env) apiError(err error) error {
	return &Failure{Msg: e.l().T("cannot reach the cluster: %v (is it running? try `%s`)", err, labsbin.Run("cluster", "status")), transient: true}
}

// timeout is how long a step waits: "within D" if it says so, else the default, and never
// more than MaxTimeout when that is set.
func (e *Env) timeout(within string) (time.Duration, error) {
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if within != "" {
		d, err := time.ParseDuration(within)
		if err != nil {
			return 0, e.l().Err("bad duration %q in the lab: %v", within, err)
		}
		timeout = d
	}
	if e.MaxTimeout > 0 && timeout > e.MaxTimeout {
		timeout = e.MaxTimeout
	}
	return timeout, nil
}

// eventually runs check until it passes or the step's timeout ends, and returns its last
// failure.
func (e *Env) eventually(ctx context.Context, within string, check func(context.Context) error) error {
	timeout, err := e.timeout(within)
	if err != nil {
		return err
	}
	if e.NoWait {
		return check(ctx)
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last error
	for first := true; ; first = false {
		err := check(ctx)
		if err == nil {
			return nil
		}
		if first && ctx.Err() != nil && parent.Err() == nil {
			// Not one whole look in the window (reading every node's files through Pods on a
			// loaded kind cluster takes longer than 5 s): one whole look, bounded, is the answer.
			gctx, gcancel := context.WithTimeout(parent, firstLookBound)
			defer gcancel()
			return check(gctx)
		}
		// A request cut short by our own deadline says nothing new: keep the previous reason.
		var f *Failure
		if last == nil || (ctx.Err() == nil && !(errors.As(err, &f) && f.transient)) {
			last = err
		}
		if ctx.Err() != nil {
			return last
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.Canceled) {
				return ctx.Err()
			}
			return last
		case <-tick.C:
		}
	}
}
