package checks

import (
	"context"
	"errors"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DefaultSettle is how long an absence must hold before an "is absent" check believes it. A
// mirror Pod being deleted still counts as there (Terminating); once it is gone, its kubelet
// re-creates it 2–21 ms later (measured on the embedded cluster, 6 tries), so half a second
// outlasts that many times over, and a correct step still turns green within a second.
const DefaultSettle = 500 * time.Millisecond

// settle is how long an absence must hold (Env.Settle, else DefaultSettle).
func (e *Env) settle() time.Duration {
	if e.Settle > 0 {
		return e.Settle
	}
	return DefaultSettle
}

// staysGone passes once gone has held, poll after poll, for the settle period: something
// that is gone for a moment and comes back (a mirror Pod the kubelet re-creates, a Pod its
// controller replaces) does not pass. gone returns nil while the thing is absent. Without
// waiting (NoWait) it still watches through the settle period once the thing is gone: a
// verdict of absence is never taken from one look.
func (e *Env) staysGone(ctx context.Context, within string, gone func(context.Context) error) error {
	settle := e.settle()
	if e.NoWait {
		if err := gone(ctx); err != nil {
			return err
		}
		return e.holds(ctx, settle, gone)
	}
	timeout, err := e.timeout(within)
	if err != nil {
		return err
	}
	// The wait covers the settle period: "within 30s" means gone within 30 s, and then for good.
	ctx, cancel := context.WithTimeout(ctx, timeout+settle)
	defer cancel()
	var last error
	for {
		err := gone(ctx)
		if err == nil {
			if err := e.holds(ctx, settle, gone); err == nil {
				return nil
			} else if ctx.Err() == nil {
				last = e.cameBack(err)
			} else if last == nil {
				last = err
			}
		} else if last == nil || ctx.Err() == nil {
			last = err
		}
		if ctx.Err() != nil {
			return last
		}
		select {
		case <-ctx.Done():
			return last
		case <-time.After(pollInterval):
		}
	}
}

// holds looks again every poll for d: nil when gone held throughout, else what came back.
func (e *Env) holds(ctx context.Context, d time.Duration, gone func(context.Context) error) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollInterval):
		}
		if err := gone(ctx); err != nil {
			return e.cameBack(err)
		}
	}
	return nil
}

// cameBack says that what was gone came back.
func (e *Env) cameBack(err error) error {
	var f *Failure
	if errors.As(err, &f) && !f.transient {
		return e.l().Err("it was gone for a moment, then came back: %s", f.Msg)
	}
	return err
}

// mirrorOf reports whether an object with these annotations and owners is a static Pod's
// mirror, and the node it belongs to.
func mirrorOf(annotations map[string]string, owners []metav1.OwnerReference) (node string, ok bool) {
	if _, ok := annotations["kubernetes.io/config.mirror"]; !ok {
		return "", false
	}
	for _, o := range owners {
		if o.Kind == "Node" {
			return o.Name, true
		}
	}
	return "", true
}

// staticPodDirOf is " (<dir>)" naming node's static pod directory, "" when labs cannot tell.
func (e *Env) staticPodDirOf(ctx context.Context, node string) string {
	if e.NodeFiles == nil || node == "" {
		return ""
	}
	dirs, err := e.NodeFiles.StaticPodDirs(ctx)
	if err != nil || dirs[node] == "" {
		return ""
	}
	return " (" + dirs[node] + ")"
}
