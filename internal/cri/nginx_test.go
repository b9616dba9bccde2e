package cri

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// envNginxChild makes the test binary run the nginx stand-in as the child of
// TestNginxWithoutPrivilegedPorts, then exit.
const envNginxChild = "LABS_TEST_NGINX_CHILD"

func TestMain(m *testing.M) {
	if ip := os.Getenv(envNginxChild); ip != "" {
		os.Exit(nginxChild(ip))
	}
	os.Exit(m.Run())
}

// nginxChild starts the stand-in, fetches the page from the port it says it serves, and prints
// what it saw for the parent to check.
func nginxChild(ip string) int {
	log, err := openLog(filepath.Join(os.Getenv("LOG_DIR"), "nginx.log"))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	stop, port := startNginx(ip, "", log, &fanout{})
	defer stop()
	fmt.Printf("served=%d\n", port)
	resp, err := http.Get(fmt.Sprintf("http://%s:%d/", ip, port))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("status=%d welcome=%v\n", resp.StatusCode, strings.Contains(string(body), "Welcome to nginx!"))
	return 0
}

// Without the right to bind port 80 (any user but root, even root of a user namespace) the
// stand-in serves on 8080 and explains why in its log, instead of failing to start.
func TestNginxWithoutPrivilegedPorts(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envNginxChild+"=127.0.99.7", "LOG_DIR="+dir)
	// Root of a new user namespace has no privilege over the host's network namespace.
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(err.Error(), "operation not permitted") {
		t.Skipf("user namespaces are not available here: %v", err)
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if want := "served=8080\nstatus=200 welcome=true\n"; string(out) != want {
		t.Errorf("child printed %q, want %q", out, want)
	}
	log, err := os.ReadFile(filepath.Join(dir, "nginx.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "may not bind port 80") || strings.Contains(string(log), "[emerg]") {
		t.Errorf("nginx log does not explain the port:\n%s", log)
	}
}

func TestNginxServesTheMountedHTMLDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "..data", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "..data", "index.html"), []byte("<h1>from configmap</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A configMap volume's key is a link into ..data; a link out of the directory is not followed.
	if err := os.Symlink("..data/index.html", filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "escape.txt")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "<h1>from configmap</h1>"},
		{"/index.html", 200, "<h1>from configmap</h1>"},
		{"/missing", 404, "404 Not Found"},
		{"/..data/empty/", 403, "403 Forbidden"},
		{"/escape.txt", 404, "404 Not Found"},
		{"/../../etc/passwd", 404, "404 Not Found"},
	} {
		status, body, _ := serveFile(dir, c.path)
		if status != c.status || !strings.Contains(body, c.body) {
			t.Errorf("GET %s: %d %q, want %d with %q", c.path, status, body, c.status, c.body)
		}
	}
}
