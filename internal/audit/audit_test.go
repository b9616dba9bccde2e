package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadFiltersByTimeAndSkipsPartialLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	log := `{"stage":"ResponseComplete","requestURI":"/api/v1/namespaces?limit=500","verb":"list","user":{"username":"kubernetes-admin"},"userAgent":"kubectl/v1.37.2 (linux/amd64)","objectRef":{"resource":"namespaces","apiVersion":"v1"},"responseStatus":{"code":200},"requestReceivedTimestamp":"2026-11-27T10:00:00.000000Z"}
{"stage":"ResponseComplete","requestURI":"/api/v1/namespaces/demo/pods?dryRun=All&fieldManager=kubectl-client-side-apply","verb":"create","user":{"username":"kubernetes-admin"},"userAgent":"kubectl/v1.37.2 (linux/amd64)","objectRef":{"resource":"pods","namespace":"demo","apiVersion":"v1"},"responseStatus":{"code":201},"requestReceivedTimestamp":"2026-11-27T10:00:05.000000Z"}
{"stage":"ResponseComplete","requestURI":"/api/v1/nam`
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	all, err := Read(path, time.Time{})
	if err != nil || len(all) != 2 {
		t.Fatalf("Read: %d events, %v; want 2 (the partial line skipped)", len(all), err)
	}
	if all[0].DryRun() || all[0].Path() != "/api/v1/namespaces" || !all[0].Kubectl() || all[0].Code() != 200 {
		t.Errorf("first event: dryRun %v path %q kubectl %v code %d", all[0].DryRun(), all[0].Path(), all[0].Kubectl(), all[0].Code())
	}
	if !all[1].DryRun() {
		t.Errorf("second event is a dry run: %+v", all[1])
	}
	recent, err := Read(path, time.Date(2026, 11, 27, 10, 0, 1, 0, time.UTC))
	if err != nil || len(recent) != 1 || recent[0].Verb != "create" {
		t.Errorf("since 10:00:01: %+v %v", recent, err)
	}
	if none, err := Read(filepath.Join(t.TempDir(), "absent.log"), time.Time{}); err != nil || len(none) != 0 {
		t.Errorf("absent log: %v %v", none, err)
	}
}

func auditLine(verb string, at time.Time) string {
	return `{"stage":"ResponseComplete","requestURI":"/api/v1/pods","verb":"` + verb + `","userAgent":"kubectl/v1.37.2","requestReceivedTimestamp":"` + at.UTC().Format(time.RFC3339Nano) + `"}` + "\n"
}

func verbs(events []Event) string {
	var s []string
	for _, e := range events {
		s = append(s, e.Verb)
	}
	return strings.Join(s, ",")
}

func TestTailReadsAppendsRotationAndEarlierTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	appendTo := func(s string) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	tail := NewTail(path)
	since := func(at time.Time, want string) {
		t.Helper()
		events, err := tail.Since(at)
		if err != nil {
			t.Fatal(err)
		}
		if got := verbs(events); got != want {
			t.Errorf("Since(%s) = %q, want %q", at.Format("15:04:05"), got, want)
		}
	}
	since(t0, "") // no log yet

	third := auditLine("watch", t0.Add(3*time.Second))
	appendTo(auditLine("get", t0.Add(time.Second)) + auditLine("list", t0.Add(2*time.Second)) + third[:40])
	since(t0, "get,list") // the half-written line waits

	appendTo(third[40:] + auditLine("create", t0.Add(4*time.Second)))
	since(t0, "get,list,watch,create")
	since(t0.Add(3*time.Second), "watch,create")
	since(t0.Add(time.Second), "get,list,watch,create") // earlier than before: read again

	// The API server rotates by renaming; the new file starts empty.
	if err := os.Rename(path, filepath.Join(filepath.Dir(path), "audit-2026-11-27T10-00-05.log")); err != nil {
		t.Fatal(err)
	}
	appendTo(auditLine("delete", t0.Add(5*time.Second)))
	since(t0, "delete")
}

// A full audit log (20 MB, the rotation size) re-read on every check, against a Tail that
// parses only the line appended since the last check.
func benchmarkLog(b *testing.B) (path string, t0 time.Time) {
	path = filepath.Join(b.TempDir(), "audit.log")
	t0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	var sb strings.Builder
	for i := 0; sb.Len() < 20<<20; i++ {
		sb.WriteString(auditLine("get", t0.Add(time.Duration(i)*time.Millisecond)))
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	return path, t0
}

func BenchmarkReadWholeLog(b *testing.B) {
	path, t0 := benchmarkLog(b)
	for b.Loop() {
		if _, err := Read(path, t0.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTailAfterAnAppend(b *testing.B) {
	path, t0 := benchmarkLog(b)
	tail := NewTail(path)
	if _, err := tail.Since(t0.Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	line := auditLine("create", t0.Add(2*time.Hour))
	for b.Loop() {
		if _, err := f.WriteString(line); err != nil {
			b.Fatal(err)
		}
		if _, err := tail.Since(t0.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}

// A log truncated and written again past the old end, in place (same inode, larger size), is
// a new log: its first line tells it apart.
func TestTailSeesALogRewrittenInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if err := os.WriteFile(path, []byte(auditLine("get", t0)), 0o600); err != nil {
		t.Fatal(err)
	}
	tail := NewTail(path)
	if ev, err := tail.Since(t0); err != nil || verbs(ev) != "get" {
		t.Fatalf("first read: %q %v", verbs(ev), err)
	}
	rewritten := auditLine("create", t0.Add(time.Second)) + auditLine("delete", t0.Add(2*time.Second))
	if err := os.WriteFile(path, []byte(rewritten), 0o600); err != nil {
		t.Fatal(err)
	}
	if ev, err := tail.Since(t0); err != nil || verbs(ev) != "create,delete" {
		t.Errorf("after the rewrite: %q %v, want create,delete", verbs(ev), err)
	}
}

func TestKubectlByItsUserAgent(t *testing.T) {
	for ua, want := range map[string]bool{
		"kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef":  true,
		"kubectl.exe/v1.30.0 (windows/amd64) kubernetes/1": true,
		"kubectl":                         true,
		"kubectl-neat/v2.0 (linux/amd64)": false,
		"labs-checks":                     false,
		"Mozilla/5.0 kubectl/v1.37.2":     false,
		"kube-controller-manager/v1.37.2": false,
	} {
		if got := IsKubectl(ua); got != want {
			t.Errorf("IsKubectl(%q) = %v, want %v", ua, got, want)
		}
	}
}

func TestDeleteOptions(t *testing.T) {
	e := Event{RequestURI: "/api/v1/namespaces/shop/pods/old", RequestObject: []byte(`{"kind":"DeleteOptions","gracePeriodSeconds":0,"propagationPolicy":"Background"}`)}
	if o, ok := e.Delete(); !ok || o.GracePeriodSeconds == nil || *o.GracePeriodSeconds != 0 || o.PropagationPolicy != "Background" {
		t.Errorf("body: %+v %v", o, ok)
	}
	plain := Event{RequestObject: []byte(`{"kind":"DeleteOptions","propagationPolicy":"Background"}`)}
	if o, ok := plain.Delete(); !ok || o.GracePeriodSeconds != nil {
		t.Errorf("plain delete: %+v %v", o, ok)
	}
	q := Event{RequestURI: "/api/v1/namespaces/shop/pods/old?gracePeriodSeconds=5"}
	if o, ok := q.Delete(); !ok || *o.GracePeriodSeconds != 5 {
		t.Errorf("query: %+v %v", o, ok)
	}
	if _, ok := (&Event{RequestURI: "/api/v1/namespaces/shop/pods/old"}).Delete(); ok {
		t.Error("no body and no query: no options")
	}
}

func TestNewKubectlSeesOnlyNewKubectlLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	ours := strings.Replace(auditLine("get", t0), "kubectl/v1.37.2", "labs-checks", 1)
	tail := NewTail(path)
	if found, err := tail.NewKubectl(); err != nil || found {
		t.Fatalf("no log: %v %v", found, err)
	}
	if err := os.WriteFile(path, []byte(ours), 0o600); err != nil {
		t.Fatal(err)
	}
	if found, _ := tail.NewKubectl(); found {
		t.Error("our own request counted as kubectl's")
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(auditLine("list", t0.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	if found, _ := tail.NewKubectl(); !found {
		t.Error("a new kubectl request was not seen")
	}
	if found, _ := tail.NewKubectl(); found {
		t.Error("the same request was seen twice")
	}
	if ev, err := tail.Since(t0); err != nil || verbs(ev) != "get,list" {
		t.Errorf("Since after NewKubectl: %q %v", verbs(ev), err)
	}
}
