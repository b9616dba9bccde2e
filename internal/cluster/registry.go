package cluster

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/pflag"
)

// EnvName chooses the provider when --cluster is not given; labs sets it for the processes it
// starts (scripts, shells, the embedded cluster's own processes) so they use the same cluster.
const EnvName = "LABS_CLUSTER"

// Config is what a provider is made from: the command line's choices that apply to every
// provider. A provider's own settings come from the flags its Registration adds.
type Config struct {
	// StateDir is labs' state directory (the cluster's data lives under it).
	StateDir string
	// Kubeconfig is --kubeconfig, "" when not given; a provider that does not take one
	// refuses it (an error matching ErrUsage).
	Kubeconfig string
	// Options are the logger and language.
	Options []Option
}

// Registration describes one provider to the registry.
type Registration struct {
	// Name is how --cluster spells it.
	Name string
	// Summary is one line for --cluster's help ("labs' own cluster, in this process's children").
	Summary string
	// Default marks the provider used when --cluster is not given (exactly one).
	Default bool
	// Caps are the provider's capabilities, known before any provider is made (the CLI reads
	// them to decide, e.g., whether labs test makes a throwaway cluster). A provider's
	// Capabilities() fills in what depends on its state (AuditLog, NodeFiles).
	Caps Capabilities
	// Flags adds the provider's own flags (e.g. --kind-image) to the command line; nil for none.
	// The values they set reach New through the closure.
	Flags func(fs *pflag.FlagSet)
	// New makes the provider.
	New func(Config) (Provider, error)
}

// ErrUsage marks an error in how a provider was asked for (a flag it does not take, Docker
// missing for kind): the CLI exits with its usage code. Match it with errors.Is.
var ErrUsage = errors.New("usage")

// UsageError marks err as ErrUsage, keeping its message.
func UsageError(err error) error { return usageError{err} }

type usageError struct{ error }

func (u usageError) Unwrap() error        { return u.error }
func (u usageError) Is(target error) bool { return target == ErrUsage }

// ErrUnknownProvider means --cluster names no registered provider.
var ErrUnknownProvider = errors.New("unknown cluster provider")

var registry = struct {
	sync.Mutex
	byName map[string]Registration
}{byName: map[string]Registration{}}

// Register adds a provider; providers call it from their package's init. It panics on a
// duplicate or nameless registration (a programming error).
func Register(r Registration) {
	registry.Lock()
	defer registry.Unlock()
	if r.Name == "" || r.New == nil {
		panic("cluster.Register: a provider needs a name and a constructor")
	}
	if _, dup := registry.byName[r.Name]; dup {
		panic("cluster.Register: provider " + r.Name + " registered twice")
	}
	registry.byName[r.Name] = r
}

// Registrations returns every registered provider, by name.
func Registrations() []Registration {
	registry.Lock()
	defer registry.Unlock()
	out := make([]Registration, 0, len(registry.byName))
	for _, r := range registry.byName {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names returns the registered providers' names, sorted.
func Names() []string {
	var names []string
	for _, r := range Registrations() {
		names = append(names, r.Name)
	}
	return names
}

// DefaultName is the provider used when none is asked for: the registration marked Default,
// else the first name.
func DefaultName() string {
	rs := Registrations()
	for _, r := range rs {
		if r.Default {
			return r.Name
		}
	}
	if len(rs) > 0 {
		return rs[0].Name
	}
	return ""
}

// Lookup returns the registration of name.
func Lookup(name string) (Registration, error) {
	registry.Lock()
	r, ok := registry.byName[name]
	registry.Unlock()
	if !ok {
		return Registration{}, fmt.Errorf("%w %q (one of %s)", ErrUnknownProvider, name, strings.Join(Names(), ", "))
	}
	return r, nil
}

// New makes the provider called name from cfg.
func New(name string, cfg Config) (Provider, error) {
	r, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return r.New(cfg)
}

// FlagHelp is the help of --cluster: each provider's name and summary.
func FlagHelp() string {
	var parts []string
	for _, r := range Registrations() {
		parts = append(parts, r.Name+" ("+r.Summary+")")
	}
	return "cluster provider: " + strings.Join(parts, ", ")
}

// AddFlags adds every provider's own flags to fs.
func AddFlags(fs *pflag.FlagSet) {
	for _, r := range Registrations() {
		if r.Flags != nil {
			r.Flags(fs)
		}
	}
}
