package walkthrough

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/fsnotify/fsnotify"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"

	"github.com/labs-dev/labs/internal/checks"
)

// watcher turns changes to what the checks read into re-check signals: client-go informers on
// every API resource a check has read, and fsnotify on the directories of every file a check
// has read (the work directory, the kubeconfig, the audit log). Nothing is re-checked on a
// timer.
type watcher struct {
	ctx     context.Context
	trigger chan<- struct{}
	factory dynamicinformer.DynamicSharedInformerFactory
	fsw     *fsnotify.Watcher

	mu        sync.Mutex
	resources map[schema.GroupVersionResource]bool
	dirs      map[string]bool
	files     map[string]bool
	auditLog  string
	auditOff  int64
}

func newWatcher(ctx context.Context, dyn dynamic.Interface, auditLog string, trigger chan<- struct{}) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{
		ctx:       ctx,
		trigger:   trigger,
		factory:   dynamicinformer.NewDynamicSharedInformerFactory(dyn, 0),
		fsw:       fsw,
		resources: map[schema.GroupVersionResource]bool{},
		dirs:      map[string]bool{},
		files:     map[string]bool{},
		auditLog:  auditLog,
	}
	if auditLog != "" {
		// Only requests made after now are news.
		if fi, err := os.Stat(auditLog); err == nil {
			w.auditOff = fi.Size()
		}
	}
	go w.fsLoop()
	go func() {
		<-ctx.Done()
		fsw.Close()
		w.factory.Shutdown()
	}()
	return w, nil
}

func (w *watcher) kick() {
	select {
	case w.trigger <- struct{}{}:
	default: // a re-check is already pending; it will see this change too
	}
}

// Observe is the checks.Env hook: start following what a check read.
func (w *watcher) Observe(d checks.Dependency) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d.Resource.Resource != "" && !w.resources[d.Resource] {
		w.resources[d.Resource] = true
		inf := w.factory.ForResource(d.Resource).Informer()
		_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc:    func(any) { w.kick() },
			UpdateFunc: func(any, any) { w.kick() },
			DeleteFunc: func(any) { w.kick() },
		})
		w.factory.Start(w.ctx.Done())
	}
	if d.File != "" {
		f, _ := filepath.Abs(d.File)
		w.files[f] = true
		dir := filepath.Dir(f)
		if !w.dirs[dir] {
			if err := w.fsw.Add(dir); err == nil {
				w.dirs[dir] = true
				// The file may have changed between the check that read it and now.
				w.kick()
			}
		}
	}
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
	isAudit := w.auditLog != "" && name == w.auditLog
	w.mu.Unlock()
	if !isAudit {
		w.kick()
		return
	}
	// Every request, ours included, lands in the audit log; only a kubectl request can be
	// evidence, and re-checking on our own requests would loop.
	if w.newKubectlRequest() {
		w.kick()
	}
}

var kubectlUA = []byte(`"userAgent":"kubectl/`)

func (w *watcher) newKubectlRequest() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	f, err := os.Open(w.auditLog)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	if fi.Size() < w.auditOff { // rotated
		w.auditOff = 0
	}
	if _, err := f.Seek(w.auditOff, io.SeekStart); err != nil {
		return false
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		return false
	}
	// Only whole lines: a line being written is read again next time.
	end := bytes.LastIndexByte(data, '\n') + 1
	w.auditOff += int64(end)
	return bytes.Contains(data[:end], kubectlUA)
}
