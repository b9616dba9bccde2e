//go:build linux

package embedded

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"

	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/procstat"
)

// timeline writes the boot's milestones to the cluster log as `labs: boot +1.234s (wall clock)
// what`, counted from the kernel's start time of the cluster process, so that where a boot's
// seconds go can be read from any log (docs/performance.md; hack/compare-cluster.sh prints them).
type timeline struct {
	start time.Time
	log   log.Logger
	mu    sync.Mutex
	seen  map[string]bool
}

func newTimeline(l log.Logger) *timeline {
	return &timeline{start: processStart(), log: l, seen: map[string]bool{}}
}

// mark records a milestone once.
func (t *timeline) mark(what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen[what] {
		return
	}
	t.seen[what] = true
	now := time.Now()
	t.log.Infof("labs: boot +%.3fs (%s) %s", now.Sub(t.start).Seconds(), now.Format("15:04:05.000"), what)
}

// watch marks the milestones only the API server knows: it answers, it is ready, each node is
// registered and Ready (and initialised), the default ServiceAccount exists. It returns when all
// are seen or ctx ends; it polls only until the API server answers, then watches.
func (t *timeline) watch(ctx context.Context, client kubernetes.Interface, nodes int) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	answered := false
	for !answered {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		err := client.CoreV1().RESTClient().Get().AbsPath("/livez").Do(ctx).Error()
		answered = err == nil || !strings.Contains(err.Error(), "connection refused")
	}
	t.mark("API server answers")
	go func() {
		slow := time.NewTicker(50 * time.Millisecond)
		defer slow.Stop()
		for {
			var status int
			client.CoreV1().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
			if status == 200 {
				t.mark("API server ready (/readyz)")
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-slow.C:
			}
		}
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		t.watchUntil(ctx, func(ctx context.Context) (watch.Interface, error) {
			return client.CoreV1().ServiceAccounts(corev1.NamespaceDefault).Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=default"})
		}, func(obj any) bool {
			t.mark("default ServiceAccount created")
			return true
		})
	}()
	go func() {
		defer wg.Done()
		ready := map[string]bool{}
		t.watchUntil(ctx, func(ctx context.Context) (watch.Interface, error) {
			return client.CoreV1().Nodes().Watch(ctx, metav1.ListOptions{})
		}, func(obj any) bool {
			n, ok := obj.(*corev1.Node)
			if !ok {
				return false
			}
			t.mark("node " + n.Name + " registered")
			if readyNodes := countReady([]corev1.Node{*n}); readyNodes == 1 {
				t.mark("node " + n.Name + " Ready and initialised")
				ready[n.Name] = true
			}
			if len(ready) == nodes {
				t.mark(strconv.Itoa(nodes) + " nodes Ready")
				return true
			}
			return false
		})
	}()
	wg.Wait()
}

// watchUntil runs a watch until done says so, starting it again if the server ends it.
func (t *timeline) watchUntil(ctx context.Context, start func(context.Context) (watch.Interface, error), done func(any) bool) {
	for ctx.Err() == nil {
		w, err := start(ctx)
		if err != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		for ev := range w.ResultChan() {
			if ev.Type != watch.Added && ev.Type != watch.Modified {
				continue
			}
			if done(ev.Object) {
				w.Stop()
				return
			}
		}
		w.Stop()
	}
}

// processStart is when the kernel started this process: its start tick (1/100 s since boot)
// against the uptime now, both with the same 10 ms resolution. Now, when /proc cannot say.
func processStart() time.Time {
	now := time.Now()
	st, err := procstat.Read(os.Getpid())
	if err != nil {
		return now
	}
	data, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return now
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return now
	}
	up, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return now
	}
	// USER_HZ is 100 on every Linux architecture labs is built for.
	age := up - float64(st.StartTick)/100
	return now.Add(-time.Duration(age * float64(time.Second)))
}

// EnvBootProfile names a file for a CPU profile of the cluster process's first seconds (a
// developer's tool for docs/performance.md: `go tool pprof` reads it), and with it
// EnvBootProfile+"_HEAP" a file for a heap profile taken at the same moment.
const EnvBootProfile = "LABS_BOOT_CPUPROFILE"

// profileBoot starts the CPU profile EnvBootProfile asks for and stops it after
// LABS_BOOT_PROFILE_SECONDS (default 10) or when the returned function is called.
func profileBoot(l log.Logger) (stop func()) {
	path := os.Getenv(EnvBootProfile)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		l.Warnf("labs: boot profile: %v", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		l.Warnf("labs: boot profile: %v", err)
		f.Close()
		return func() {}
	}
	secs, err := strconv.Atoi(os.Getenv("LABS_BOOT_PROFILE_SECONDS"))
	if err != nil || secs <= 0 {
		secs = 10
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
			if heap := os.Getenv(EnvBootProfile + "_HEAP"); heap != "" {
				if h, err := os.Create(heap); err == nil {
					_ = pprof.WriteHeapProfile(h)
					h.Close()
				}
			}
			l.Infof("labs: boot profile written to %s", path)
		})
	}
	time.AfterFunc(time.Duration(secs)*time.Second, stop)
	return stop
}

// relaxGCWhileBooting doubles the garbage collector's heap goal until the returned function
// is called (once the cluster is ready), which then restores it and gives the boot's garbage
// back to the system at once. Building the API server allocates much that it drops: at Go's
// default the collector took about a sixth of the boot's CPU time (LABS_BOOT_CPUPROFILE), on
// the critical path of a boot bound by CPU. A GOGC of the user's own is left alone.
func relaxGCWhileBooting() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(200)
	var once sync.Once
	return func() {
		once.Do(func() {
			debug.SetGCPercent(prev)
			debug.FreeOSMemory()
		})
	}
}
