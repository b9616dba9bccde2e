package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/cluster"
)

func sampleStatus() *cluster.Status {
	return &cluster.Status{
		Provider: "embedded", Name: "labs", Running: true, Endpoint: "https://127.0.0.1:6443",
		Version: "v1.37.2", PID: 42, Uptime: 7 * time.Second, Kubeconfig: "/s/kubeconfig", StateDir: "/s",
		Logs: "/s/logs/control-plane.log", AuditLog: "/s/audit/audit.log",
		Nodes: []cluster.NodeStatus{
			{Name: "labs-control-plane", Ready: true, Roles: "control-plane", InternalIP: "127.0.10.1", StaticPodPath: "/s/m", RuntimeMode: "namespaces", PID: 43, Log: "/s/l"},
			{Name: "labs-worker", InternalIP: "127.0.10.2", PID: 44},
		},
	}
}

// The English text keeps the layout scripts and tests read ("State:       running").
func TestStatusTextEnglish(t *testing.T) {
	var b strings.Builder
	printStatus(&globals{lang: "en", stdout: &b}, sampleStatus())
	for _, want := range []string{
		"Cluster:     labs (embedded)\n", "State:       running\n", "API server:  https://127.0.0.1:6443\n",
		"Process:     42, up 7s\n", "Nodes:\n",
		"  labs-control-plane  Ready     control-plane  127.0.10.1\n",
		"  labs-worker         NotReady  <none>         127.0.10.2\n",
		"    static pods:  /s/m\n", "    process:      43\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, b.String())
		}
	}
}

// In zh-TW every value of the top block starts at the same terminal column, though the
// headings mix two-column Chinese characters and ASCII ("API Server：", "Kubeconfig：").
func TestStatusTextZhTWAligned(t *testing.T) {
	var b strings.Builder
	printStatus(&globals{lang: "zh-TW", stdout: &b}, sampleStatus())
	out := b.String()
	for _, want := range []string{"叢集：", "狀態：", "執行中", "API Server：", "行程：", "42，已執行 7s", "節點：", "static Pod 目錄："} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	col := -1
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "節點") {
			continue
		}
		i := strings.LastIndex(line, "  ")
		c := displayWidth(line[:i+2])
		if col == -1 {
			col = c
		} else if c != col {
			t.Errorf("value of %q starts at column %d, not %d:\n%s", line, c, col, out)
		}
	}
}
