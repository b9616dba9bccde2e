package labengine

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestActionToGreenLatency measures how fast `labs start` notices a learner's action, over 20
// actions each: from the API write returning (client-go, so the time of process start-up is
// not counted) to the step printed green, and from launching `kubectl create` to green (what
// the learner perceives, kubectl's own run time included). LABS_LATENCY_OUT names a file to
// append the numbers to (hack/measure-lab-latency.sh).
func TestActionToGreenLatency(t *testing.T) {
	const n = 20
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs := t.TempDir()
	writeConfigMapLab(t, labs, "latency", ns, 2*n)
	t.Cleanup(func() { _ = progress.Forget(c.StateDir, lab.ProgressKeyFor("latency", labs)) })

	s := startSession(t, c, "latency", "--labs-dir", labs, "--work-dir", t.TempDir())
	s.expect(fmt.Sprintf("Step 1/%d", 2*n), time.Minute)
	var api, kubectl []time.Duration
	for i := 1; i <= 2*n; i++ {
		name := fmt.Sprintf("c%d", i)
		var start time.Time
		if i <= n {
			cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}
			if _, err := c.Client.CoreV1().ConfigMaps(ns).Create(context.Background(), cm, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			start = time.Now()
		} else {
			start = time.Now()
			mustKubectl(t, c, "create", "configmap", name, "-n", ns)
		}
		green := s.expect(fmt.Sprintf("✓ Step %d/%d done", i, 2*n), 10*time.Second)
		d := max(green.Sub(start), 0)
		if i <= n {
			api = append(api, d)
		} else {
			kubectl = append(kubectl, d)
		}
	}
	s.expect("Lab complete", 5*time.Second)
	report := func(what string, lat []time.Duration) time.Duration {
		slices.Sort(lat)
		p50, p95 := lat[len(lat)/2-1], lat[(len(lat)*95+99)/100-1]
		line := fmt.Sprintf("%s over %d actions: p50=%s p95=%s max=%s", what, len(lat),
			p50.Round(100*time.Microsecond), p95.Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond))
		t.Log(line)
		if out := os.Getenv("LABS_LATENCY_OUT"); out != "" {
			if f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintln(f, line)
				f.Close()
			}
		}
		return p95
	}
	if p95 := report("API write to green", api); p95 > time.Second {
		t.Errorf("p95 latency from the API write %s, want under 1s", p95)
	}
	if p95 := report("kubectl launch to green", kubectl); p95 > 2*time.Second {
		t.Errorf("p95 latency from launching kubectl %s, want under 2s", p95)
	}
}
