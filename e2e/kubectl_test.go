package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/testcluster"
)

// mustKubectl runs the bundled kubectl and fails the test unless it exits 0.
func mustKubectl(t *testing.T, c *testcluster.Cluster, args ...string) testcluster.Result {
	t.Helper()
	return mustLabs(t, c, append([]string{"kubectl"}, args...)...)
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: output lacks %q:\n%s", what, w, got)
		}
	}
}

func TestKubectlClusterInfoAndConfig(t *testing.T) {
	c := testcluster.Shared(t)
	r := mustKubectl(t, c, "cluster-info")
	if !regexp.MustCompile(`Kubernetes control plane is running at https://127\.0\.0\.1:\d+`).MatchString(r.Stdout) {
		t.Errorf("cluster-info:\n%s", r.Stdout)
	}

	r = mustKubectl(t, c, "config", "view")
	contains(t, "config view", r.Stdout, "server: https://127.0.0.1:", "current-context: labs", "client-certificate-data: DATA+OMITTED", "client-key-data: DATA+OMITTED")

	r = mustKubectl(t, c, "config", "view", "--raw")
	contains(t, "config view --raw", r.Stdout, "client-key-data: LS0t")

	r = mustKubectl(t, c, "config", "get-contexts")
	if !regexp.MustCompile(`(?m)^\*\s+labs\s+labs\s+labs-admin\s*$`).MatchString(r.Stdout) {
		t.Errorf("config get-contexts:\n%s", r.Stdout)
	}

	r = mustKubectl(t, c, "version")
	contains(t, "version", r.Stdout, "Client Version: v1.37.2", "Server Version: v1.37.2")
	if strings.Contains(r.Stderr, "WARNING") {
		t.Errorf("kubectl version warns about skew:\n%s", r.Stderr)
	}
}

func TestKubectlDiscoveryAndExplain(t *testing.T) {
	c := testcluster.Shared(t)
	r := mustKubectl(t, c, "api-resources", "--namespaced=true")
	contains(t, "api-resources --namespaced=true", r.Stdout, "pods ", "deployments ", "serviceaccounts ")
	if regexp.MustCompile(`(?m)^nodes\s`).MatchString(r.Stdout) || regexp.MustCompile(`(?m)^namespaces\s`).MatchString(r.Stdout) {
		t.Errorf("api-resources --namespaced=true lists cluster-scoped resources:\n%s", r.Stdout)
	}
	r = mustKubectl(t, c, "api-resources", "--namespaced=false")
	if !regexp.MustCompile(`(?m)^namespaces\s+ns\s+v1\s+false\s+Namespace`).MatchString(r.Stdout) {
		t.Errorf("api-resources --namespaced=false lacks namespaces:\n%s", r.Stdout)
	}

	r = mustKubectl(t, c, "explain", "pod.spec.containers")
	contains(t, "explain pod.spec.containers", r.Stdout, "KIND:       Pod", "FIELD: containers <[]Container>", "image\t<string>")
}

func TestKubectlDryRunClientPrintsManifestAndCreatesNothing(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	r := mustKubectl(t, c, "run", "web", "--image=nginx", "--dry-run=client", "-o", "yaml", "-n", ns)
	contains(t, "run --dry-run=client -o yaml", r.Stdout, "apiVersion: v1", "kind: Pod", "name: web", "image: nginx", "run: web")
	if _, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("client dry run created pod web: %v", err)
	}
}

func TestKubectlApplyServerDryRunAndDiff(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	dir := t.TempDir()
	manifest := filepath.Join(dir, "nginx.yml")
	write := func(image string) {
		t.Helper()
		y := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: " + ns +
			"\nspec:\n  containers:\n  - name: nginx-container\n    image: " + image + "\n"
		if err := os.WriteFile(manifest, []byte(y), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("nginx:latest")

	r := mustKubectl(t, c, "apply", "-f", manifest, "--dry-run=server")
	contains(t, "apply --dry-run=server", r.Stdout, "pod/web created (server dry run)")
	if _, err := c.Client.CoreV1().Pods(ns).Get(context.Background(), "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("server dry run created pod web: %v", err)
	}

	mustKubectl(t, c, "apply", "-f", manifest)
	// Same manifest: no difference, exit 0.
	r = c.Kubectl(t, "diff", "-f", manifest)
	if r.Code != 0 {
		t.Errorf("diff of an unchanged manifest: exit %d, want 0\n%s", r.Code, r.Combined())
	}
	// Changed image: kubectl diff shows it and exits 1.
	write("nginx:1.27")
	r = c.Kubectl(t, "diff", "-f", manifest)
	if r.Code != 1 {
		t.Errorf("diff of a changed manifest: exit %d, want 1\n%s", r.Code, r.Combined())
	}
	contains(t, "diff -f", r.Stdout, "-  - image: nginx:latest", "+  - image: nginx:1.27")
}

func TestKubectlVerboseShowsAPIRequests(t *testing.T) {
	c := testcluster.Shared(t)
	r := mustKubectl(t, c, "get", "ns", "-v", "6")
	if !regexp.MustCompile(`verb="GET" url="https://127\.0\.0\.1:\d+/api/v1/namespaces\?limit=500" status="200 OK"`).MatchString(r.Stderr) {
		t.Errorf("get ns -v 6 does not log the GET and its status:\n%s", r.Stderr)
	}
	contains(t, "get ns", r.Stdout, "kube-system")
}

// serving starts a command that serves until stopped (kubectl proxy, port-forward), waits for
// the first line it prints and returns the address that line names, per pattern's group; the
// command is stopped when the test ends.
func serving(t *testing.T, c *testcluster.Cluster, pattern string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := c.Command(ctx, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait() // killed by cancel
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not say where it serves within 30s", strings.Join(args, " "))
	}
	m := regexp.MustCompile(pattern).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("%s said %q, want %s", strings.Join(args, " "), line, pattern)
	}
	return m[1]
}

func TestKubectlProxyServesTheAPI(t *testing.T) {
	c := testcluster.Shared(t)
	addr := serving(t, c, `Starting to serve on (127\.0\.0\.1:\d+)`, "kubectl", "proxy", "--port=0")
	start := time.Now().Add(-time.Second)
	resp, err := http.Get("http://" + addr + "/api/v1/namespaces?limit=500")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var list struct {
		Kind  string `json:"kind"`
		Items []struct {
			Metadata struct{ Name string } `json:"metadata"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil || list.Kind != "NamespaceList" {
		t.Fatalf("GET /api/v1/namespaces through the proxy: %v\n%s", err, body)
	}
	names := map[string]bool{}
	for _, it := range list.Items {
		names[it.Metadata.Name] = true
	}
	if !names["default"] || !names["kube-system"] {
		t.Errorf("namespace list through the proxy: %v", names)
	}

	// The audit log records the proxied request, made with the admin's certificate.
	events, err := audit.Read(filepath.Join(c.StateDir, "clusters", "labs", "audit", "audit.log"), start)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events {
		if e.Verb == "list" && e.Path() == "/api/v1/namespaces" && strings.HasPrefix(e.UserAgent, "Go-http-client") && e.User.Username == "kubernetes-admin" {
			found = true
		}
	}
	if !found {
		t.Errorf("audit log has no proxied list of namespaces among %d events since %s", len(events), start)
	}
}
