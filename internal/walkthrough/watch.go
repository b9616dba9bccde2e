package walkthrough

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/checks"
)

// A change is why a re-check is due. A change in what the checks read (a new object, an edited
// file, a kubectl request) is news: a failing verdict is shown at once when its reason is new.
// What the learner did themselves (a file in the work directory, a request of theirs in the
// audit log: kubectl's, or curl's through kubectl proxy) is acted: its verdict is shown even
// when the reason stays the one the step started with. A quiet one (an informer's initial list,
// a directory just followed, the cluster coming back) only catches up on what may have changed
// unseen, and leaves "Waiting for your change" in place when the step still fails.
//
// actedAt is when the newest of the learner's actions happened (a request's time in the audit
// log, a file event's arrival): an action from before the step was shown (the previous step's
// kubectl, its audit event read late) is not one for this step.
type change struct {
	news, acted bool
	actedAt     time.Time
}

// trigger coalesces changes into at most one pending re-check; news and acted are sticky until
// taken.
type trigger struct {
	mu    sync.Mutex
	news  bool
	acted bool
	// actedAt is the newest act's time.
	actedAt time.Time
	c       chan struct{}
	// onFire, when set, is told at once that a change arrived (from any goroutine).
	onFire func()
}

func newTrigger() *trigger { return &trigger{c: make(chan struct{}, 1)} }

func (t *trigger) fire(news bool) { t.fireChange(change{news: news}) }

// act is fire for a change the learner made at time at.
func (t *trigger) act(at time.Time) { t.fireChange(change{news: true, acted: true, actedAt: at}) }

func (t *trigger) fireChange(c change) {
	t.mu.Lock()
	t.news = t.news || c.news
	t.acted = t.acted || c.acted
	if c.actedAt.After(t.actedAt) {
		t.actedAt = c.actedAt
	}
	onFire := t.onFire
	t.mu.Unlock()
	if onFire != nil {
		onFire()
	}
	select {
	case t.c <- struct{}{}:
	default: // a re-check is already pending; it will see this change too
	}
}

// take returns whether a pending change was news, and clears it.
func (t *trigger) take() change {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := change{news: t.news, acted: t.acted, actedAt: t.actedAt}
	t.news, t.acted, t.actedAt = false, false, time.Time{}
	return c
}

// Probe answers whether the API server is serving (its /readyz); nil disables the reconnect.
type Probe func(ctx context.Context) error

// probeEvery is how often an unreachable API server is asked again: short, because a step
// that holds must turn green within a second or two of the server's return, and a probe is one
// cheap request to 127.0.0.1.
const probeEvery = 200 * time.Millisecond

// watcher turns changes to what the checks read into re-check signals: client-go informers on
// every API resource a check has read, fsnotify on the directories of every file a check has
// read (the work directory, the kubeconfig), and the audit log's new kubectl requests. Nothing
// is re-checked on a timer.
//
// When the API server goes away (`labs cluster down`, a restart), client-go's reflectors back
// off up to a minute before they list again; the watcher notices the watch errors, probes the
// server every probeEvery, and as soon as it answers starts a fresh set of informers.
type watcher struct {
	ctx     context.Context
	trigger *trigger
	dyn     dynamic.Interface
	client  kubernetes.Interface // for the sentinel watch; nil: none
	probe   Probe
	fsw     *fsnotify.Watcher
	tail    *audit.Tail
	// onOutage, when set, is told the API server stopped answering (true) or came back (false).
	onOutage func(down bool)

	mu      sync.Mutex
	factory dynamicinformer.DynamicSharedInformerFactory
	stop    context.CancelFunc
	// factoryDone ends the current factory's informers; Start starts only new ones.
	factoryDone <-chan struct{}
	gen         int // which factory is current; handlers of an old one are ignored
	probing     bool
	resources   map[schema.GroupVersionResource]bool
	dirs        map[string]bool
	auditLog    string
	auditMark   time.Time           // newest audit event seen
	auditSeen   map[string]struct{} // events at auditMark already seen
	ignore      map[string]time.Time
	// written are the learner's files (in workDir) with events not yet settled, and when
	// their last event came.
	written map[string]time.Time
	workDir string
}

// A file being written is judged only once its writes have stopped: no event on it for
// fileQuiet, and no process holding it open (the shell's `> web2.yaml` while kubectl runs), at
// most fileSettleMax after its last event.
const (
	fileQuiet      = 150 * time.Millisecond
	fileSettleMax  = 10 * time.Second
	fileSettlePoll = 50 * time.Millisecond
)

// FilesSettled reports whether every file that changed has settled (see fileQuiet); the
// settled ones are forgotten.
func (w *watcher) FilesSettled() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	for f, last := range w.written {
		age := now.Sub(last)
		if age < fileQuiet || (age < fileSettleMax && openElsewhere(f)) {
			return false
		}
		delete(w.written, f)
	}
	return true
}

// openElsewhere reports whether another process has path open (Linux: a link in
// /proc/PID/fd); false where that cannot be seen.
func openElsewhere(path string) bool {
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	self := strconv.Itoa(os.Getpid())
	for _, p := range procs {
		name := p.Name()
		if name == self || name[0] < '1' || name[0] > '9' {
			continue
		}
		dir := "/proc/" + name + "/fd/"
		fds, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if target, err := os.Readlink(dir + fd.Name()); err == nil && target == path {
				return true
			}
		}
	}
	return false
}

func newWatcher(ctx context.Context, dyn dynamic.Interface, client kubernetes.Interface, probe Probe, auditLog string, tr *trigger) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{
		ctx:       ctx,
		trigger:   tr,
		dyn:       dyn,
		client:    client,
		probe:     probe,
		fsw:       fsw,
		resources: map[schema.GroupVersionResource]bool{},
		dirs:      map[string]bool{},
		ignore:    map[string]time.Time{},
		auditSeen: map[string]struct{}{},
		written:   map[string]time.Time{},
	}
	w.newFactory()
	if auditLog != "" {
		w.auditLog, _ = filepath.Abs(auditLog)
		w.tail = audit.NewTail(w.auditLog)
		// Only requests made after now are news.
		w.auditMark = time.Now()
		w.Observe(checks.Dependency{File: w.auditLog})
	}
	go w.fsLoop()
	if client != nil && probe != nil {
		go w.sentinel()
	}
	go func() {
		<-ctx.Done()
		fsw.Close()
		w.mu.Lock()
		stop, f := w.stop, w.factory
		w.mu.Unlock()
		stop()
		f.Shutdown()
	}()
	return w, nil
}

// newFactory replaces the informer factory; w.mu is held or w is not shared yet.
func (w *watcher) newFactory() {
	if w.stop != nil {
		old, f := w.stop, w.factory
		old()
		go f.Shutdown() // waits for its goroutines; nothing here needs to wait with it
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.factory = dynamicinformer.NewDynamicSharedInformerFactory(w.dyn, 0)
	w.stop = cancel
	w.gen++
	gen := w.gen
	for gvr := range w.resources {
		w.inform(gvr, gen)
	}
	w.factoryDone = ctx.Done()
	w.factory.Start(w.factoryDone)
}

// inform adds an informer for gvr to the current factory; w.mu is held.
func (w *watcher) inform(gvr schema.GroupVersionResource, gen int) {
	inf := w.factory.ForResource(gvr).Informer()
	current := func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.gen == gen
	}
	_ = inf.SetWatchErrorHandlerWithContext(func(_ context.Context, _ *cache.Reflector, err error) {
		if current() {
			w.watchFailed()
		}
	})
	_, _ = inf.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		// The initial list holds what existed when the informer started: it may have changed
		// since the check that asked for it, but it is not the learner's news.
		AddFunc: func(_ any, initial bool) {
			if current() {
				w.trigger.fire(!initial)
			}
		},
		UpdateFunc: func(any, any) {
			if current() {
				w.trigger.fire(true)
			}
		},
		DeleteFunc: func(any) {
			if current() {
				w.trigger.fire(true)
			}
		},
	})
}

// sentinel holds a watch of its own (on the default namespace: nearly no events) only to see
// the API server go away: when the server stops, client-go's reflectors retry their watches
// with a backoff and tell no error handler, while this watch's channel simply closes.
func (w *watcher) sentinel() {
	for w.ctx.Err() == nil {
		wi, err := w.client.CoreV1().Namespaces().Watch(w.ctx, metav1.ListOptions{FieldSelector: "metadata.name=default"})
		if err == nil {
			for range wi.ResultChan() {
			}
			wi.Stop()
		}
		if w.ctx.Err() != nil {
			return
		}
		// Closed (the server went away, or ended a long watch) or refused: find out which.
		w.mu.Lock()
		probing := w.probing
		w.mu.Unlock()
		if !probing {
			w.probeUntilUp()
		} else {
			select {
			case <-w.ctx.Done():
			case <-time.After(probeEvery):
			}
		}
	}
}

// watchFailed starts probing the API server, unless a probe already runs.
func (w *watcher) watchFailed() {
	if w.probe == nil {
		return
	}
	w.mu.Lock()
	if w.probing {
		w.mu.Unlock()
		return
	}
	w.probing = true
	w.mu.Unlock()
	go w.probeUntilUp()
}

// probeUntilUp waits for the API server to answer. If it never stopped (a watch error of another
// kind), client-go's reflector recovers by itself; if it did, the informers restart at once
// instead of after the reflector's backoff.
func (w *watcher) probeUntilUp() {
	w.mu.Lock()
	w.probing = true
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.probing = false
		w.mu.Unlock()
	}()
	down := false
	for {
		ctx, cancel := context.WithTimeout(w.ctx, time.Second)
		err := w.probe(ctx)
		cancel()
		if w.ctx.Err() != nil {
			return
		}
		if err == nil {
			if down {
				w.mu.Lock()
				w.newFactory()
				w.mu.Unlock()
				if w.onOutage != nil {
					w.onOutage(false)
				}
				// What changed during the outage is unknown: check again.
				w.trigger.fire(false)
			}
			return
		}
		if !down {
			down = true
			if w.onOutage != nil {
				w.onOutage(true)
			}
		}
		select {
		case <-w.ctx.Done():
			return
		case <-time.After(probeEvery):
		}
	}
}

// Observe is the checks.Env hook: start following what a check read.
func (w *watcher) Observe(d checks.Dependency) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d.Resource.Resource != "" && !w.resources[d.Resource] {
		w.resources[d.Resource] = true
		w.inform(d.Resource, w.gen)
		w.factory.Start(w.factoryDone)
	}
	if d.File != "" {
		f, _ := filepath.Abs(d.File)
		dir := filepath.Dir(f)
		if !w.dirs[dir] {
			if err := w.fsw.Add(dir); err == nil {
				w.dirs[dir] = true
				// The file may have changed between the check that read it and now.
				w.trigger.fire(false)
			}
		}
	}
}

// Ignore makes the next events on path within a second not news: the walkthrough wrote it.
func (w *watcher) Ignore(path string) {
	p, _ := filepath.Abs(path)
	w.mu.Lock()
	w.ignore[p] = time.Now().Add(time.Second)
	w.mu.Unlock()
}

func (w *watcher) fsLoop() {
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.onFile(ev.Name)
		case _, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
		}
	}
}

func (w *watcher) onFile(name string) {
	name, _ = filepath.Abs(name)
	w.mu.Lock()
	isAudit := w.auditLog != "" && filepath.Dir(name) == filepath.Dir(w.auditLog)
	until, ignored := w.ignore[name]
	if ignored && time.Now().After(until) {
		delete(w.ignore, name)
		ignored = false
	}
	if !isAudit && w.workDir != "" && filepath.Dir(name) == w.workDir {
		w.written[name] = time.Now()
	}
	w.mu.Unlock()
	if isAudit {
		// Every request, ours included, lands in the audit log; only the learner's requests can
		// be evidence, and re-checking on our own requests would loop.
		if at, ok := w.newLearnerRequest(); ok {
			w.trigger.act(at)
		}
		return
	}
	// The files the checks read are the learner's: the work directory's, the kubeconfig
	// (kubectl config set-context).
	if ignored {
		w.trigger.fire(false)
	} else {
		w.trigger.act(time.Now())
	}
}

// learnerRequest reports whether a request in the audit log is the learner's: kubectl's, or any
// other program's made with the learner's credentials through kubectl proxy (curl), but not the
// cluster's components (system: users) nor labs' own (its checks, its cluster process).
func learnerRequest(e *audit.Event) bool {
	if e.Kubectl() {
		return true
	}
	if strings.HasPrefix(e.User.Username, "system:") {
		return false
	}
	product, _ := audit.ParseUserAgent(e.UserAgent)
	return product != "" && !strings.HasPrefix(product, "labs") && !strings.HasPrefix(product, "kube-")
}

// newLearnerRequest reports whether the audit log holds a request of the learner's (see
// learnerRequest) not seen before, and when the newest of them was received.
func (w *watcher) newLearnerRequest() (time.Time, bool) {
	w.mu.Lock()
	mark := w.auditMark
	w.mu.Unlock()
	events, err := w.tail.Since(mark)
	if err != nil {
		return time.Time{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var newest time.Time
	found := false
	for _, e := range events {
		id := e.AuditID + "/" + e.Stage
		if _, seen := w.auditSeen[id]; seen && e.Received.Equal(w.auditMark) {
			continue
		}
		if e.Received.After(w.auditMark) {
			w.auditMark = e.Received
			clear(w.auditSeen)
		}
		if e.Received.Equal(w.auditMark) {
			w.auditSeen[id] = struct{}{}
		}
		if learnerRequest(&e) {
			found = true
			if e.Received.After(newest) {
				newest = e.Received
			}
		}
	}
	return newest, found
}
