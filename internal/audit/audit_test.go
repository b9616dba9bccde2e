package audit

import (
	"os"
	"path/filepath"
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
