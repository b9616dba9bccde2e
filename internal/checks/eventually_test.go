package checks

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A check whose first look does not fit its window (every node's files read through Pods on a
// loaded cluster) gets one whole look: its answer is that look's, not "deadline exceeded".
func TestEventuallyGivesOneWholeLook(t *testing.T) {
	e := &Env{}
	calls := 0
	err := e.eventually(context.Background(), "50ms", func(ctx context.Context) error {
		calls++
		if calls == 1 {
			<-ctx.Done() // slower than the window
			return ctx.Err()
		}
		return errors.New("no manifest defines a Pod named web2")
	})
	if err == nil || err.Error() != "no manifest defines a Pod named web2" || calls != 2 {
		t.Errorf("after a first look cut short: %v (%d looks)", err, calls)
	}

	// A look that fits the window is not repeated past it.
	calls = 0
	start := time.Now()
	err = e.eventually(context.Background(), "200ms", func(context.Context) error {
		calls++
		return errors.New("still red")
	})
	if err == nil || err.Error() != "still red" || time.Since(start) > 2*time.Second || calls < 2 {
		t.Errorf("a red check: %v after %s (%d looks)", err, time.Since(start), calls)
	}
}
