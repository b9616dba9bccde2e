// Package cluster is the one interface labs uses to reach a Kubernetes cluster, whichever
// provider runs it: the embedded cluster (default), kind, or an existing cluster from a
// kubeconfig.
package cluster

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/log"
)

// Provider manages one cluster.
type Provider interface {
	// Name is the provider's name as the --cluster flag spells it.
	Name() string
	// Up starts the cluster, or reuses it when it already runs, and returns once it is ready.
	Up(ctx context.Context, opts UpOptions) error
	// Down stops the cluster and keeps its data.
	Down(ctx context.Context) error
	// Delete stops the cluster and removes its data.
	Delete(ctx context.Context) error
	// Status reports whether the cluster runs and where.
	Status(ctx context.Context) (*Status, error)
	// Kubeconfig is the path of a kubeconfig for the cluster's admin.
	Kubeconfig() (string, error)
	// Capabilities says what this provider lets labs observe and do beyond the API.
	Capabilities() Capabilities
}

// UpOptions tune Up.
type UpOptions struct {
	// Foreground keeps the cluster attached to the calling process until ctx ends.
	Foreground bool
	// APIPort asks for a fixed API server port; 0 picks a free one (and keeps it across restarts).
	APIPort int
	// Workers is the number of worker nodes; negative means the provider's default.
	Workers int
	// Wait bounds how long Up waits for readiness.
	Wait time.Duration
	// Out receives the kind-style status lines of the start ("✓ Starting control plane");
	// nil discards them.
	Out io.Writer
	// TTY says Out is a terminal, where a running step is shown and redrawn in place.
	TTY bool
}

// Status describes a cluster.
type Status struct {
	Provider   string        `json:"provider"`
	Name       string        `json:"name"`
	Running    bool          `json:"running"`
	Endpoint   string        `json:"endpoint,omitempty"`
	Kubeconfig string        `json:"kubeconfig,omitempty"`
	PID        int           `json:"pid,omitempty"`
	Started    time.Time     `json:"started,omitzero"`
	Uptime     time.Duration `json:"-"`
	UptimeSecs float64       `json:"uptimeSeconds,omitempty"`
	Version    string        `json:"version,omitempty"`
	StateDir   string        `json:"stateDir,omitempty"`
	Logs       string        `json:"logs,omitempty"`
	AuditLog   string        `json:"auditLog,omitempty"`
	Nodes      []NodeStatus  `json:"nodes,omitempty"`
}

// NodeStatus is one node as the cluster reports it.
type NodeStatus struct {
	Name          string `json:"name"`
	Ready         bool   `json:"ready"`
	Roles         string `json:"roles,omitempty"`
	InternalIP    string `json:"internalIP,omitempty"`
	StaticPodPath string `json:"staticPodPath,omitempty"`
	Log           string `json:"log,omitempty"`
	// RuntimeMode says how the embedded runtime isolates containers on this node.
	RuntimeMode string `json:"runtimeMode,omitempty"`
	// PID is the embedded node's process.
	PID int `json:"pid,omitempty"`
}

// Capabilities are what a provider offers beyond the Kubernetes API.
type Capabilities struct {
	// AuditLog is the path of the API server's audit log when labs can read it, else "".
	AuditLog string
	// NodeFiles reaches the nodes' static pod directories; nil when labs cannot.
	NodeFiles NodeFiles
}

// ErrNotRunning means the cluster is not running.
var ErrNotRunning = errors.New("cluster is not running")

// ErrUnsupported means the provider cannot do what was asked (e.g. stop a cluster it does not own).
var ErrUnsupported = errors.New("not supported by this cluster provider")

// Options are what a provider is built with (see each provider's New).
type Options struct {
	// Logger gets what a provider says outside its results: waits, restarts, the cluster
	// process's own log lines. Never nil after Apply.
	Logger log.Logger
	// Loc renders the lines and errors a learner reads.
	Loc i18n.Localizer
}

// Option sets one of a provider's Options.
type Option func(*Options)

// WithLogger sends a provider's log lines to l.
func WithLogger(l log.Logger) Option { return func(o *Options) { o.Logger = l } }

// WithLocalizer makes a provider speak the learner's language.
func WithLocalizer(l i18n.Localizer) Option { return func(o *Options) { o.Loc = l } }

// Apply returns the Options opts set; a logger left unset discards, the language is English.
func Apply(opts []Option) Options {
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	o.Logger = log.OrNoOp(o.Logger)
	return o
}
