// Package testcluster runs tests against the real embedded cluster.
//
// Every test that boots a cluster does it through Shared or NewStateDir, which skip the test
// under `go test -short`: the short tier (unit and golden tests) boots no cluster.
//
// A test package calls Main from its TestMain. The test binary then doubles as the labs binary:
// started with LABS_TEST_EXEC=1 (or as `kubectl`) it runs the labs CLI instead of the tests, so
// the background cluster process, its nodes and every `labs`/`kubectl` command a test runs are
// this very binary. No separate `go build`, and what is tested is what ships.
package testcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/cli"
	"github.com/labs-dev/labs/internal/state"
)

// envExec makes the test binary behave as the labs binary.
const envExec = "LABS_TEST_EXEC"

// Main is the TestMain of packages that test against the embedded cluster.
func Main(m *testing.M) {
	if os.Getenv(envExec) == "1" || filepath.Base(os.Args[0]) == "kubectl" {
		cli.Main()
	}
	code := m.Run()
	stopAll()
	os.Exit(code)
}

// Cluster is an embedded cluster started for tests.
type Cluster struct {
	StateDir   string
	Kubeconfig string
	Config     *rest.Config
	Client     kubernetes.Interface
}

// Result is the outcome of a command.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Combined is stdout and stderr together, for failure messages.
func (r Result) Combined() string { return r.Stdout + r.Stderr }

var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedErr  error

	startedMu sync.Mutex
	started   []*Cluster
)

// Shared returns the cluster shared by the tests of this package, starting it on first use.
// Tests isolate themselves with Namespace.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	skipShort(t)
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "labs-test-")
		if err != nil {
			sharedErr = err
			return
		}
		c := &Cluster{StateDir: dir}
		if r := c.run(context.Background(), nil, "cluster", "up"); r.Code != 0 {
			sharedErr = fmt.Errorf("labs cluster up failed (exit %d):\n%s", r.Code, r.Combined())
			track(c)
			return
		}
		track(c)
		sharedErr = c.connect()
		shared = c
	})
	if sharedErr != nil {
		t.Fatalf("shared cluster: %v", sharedErr)
	}
	return shared
}

// skipShort skips t under -short: a cluster takes seconds to boot and minutes to test against,
// which the short tier (go test -short ./...) leaves to the full run.
func skipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("boots a cluster: skipped with -short")
	}
}

// NewStateDir returns a cluster handle on a fresh, private state directory, not started. The
// cluster is deleted when the test ends.
func NewStateDir(t testing.TB) *Cluster {
	t.Helper()
	skipShort(t)
	dir, err := os.MkdirTemp("", "labs-test-")
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{StateDir: dir}
	t.Cleanup(func() { c.destroy() })
	return c
}

// Up starts the cluster with `labs cluster up` and connects a client.
func (c *Cluster) Up(t testing.TB, args ...string) Result {
	t.Helper()
	r := c.Labs(t, append([]string{"cluster", "up"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("labs cluster up: exit %d\n%s", r.Code, r.Combined())
	}
	if err := c.connect(); err != nil {
		t.Fatal(err)
	}
	return r
}

func (c *Cluster) connect() error {
	c.Kubeconfig = filepath.Join(c.StateDir, "clusters", "labs", "kubeconfig")
	cfg, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig)
	if err != nil {
		return err
	}
	cfg.UserAgent = "labs-tests"
	c.Config = cfg
	c.Client, err = kubernetes.NewForConfig(cfg)
	return err
}

// Labs runs the labs CLI against this cluster's state directory.
func (c *Cluster) Labs(t testing.TB, args ...string) Result {
	t.Helper()
	return c.LabsFor(t, 3*time.Minute, args...)
}

// LabsFor is Labs with a time limit of d, for the commands that run every lab (labs test): with
// their mistakes and alternatives they take minutes.
func (c *Cluster) LabsFor(t testing.TB, d time.Duration, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return c.run(ctx, nil, args...)
}

// LabsStdin runs the labs CLI with stdin.
func (c *Cluster) LabsStdin(t testing.TB, stdin string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return c.run(ctx, strings.NewReader(stdin), args...)
}

// Kubectl runs the bundled kubectl with this cluster's kubeconfig.
func (c *Cluster) Kubectl(t testing.TB, args ...string) Result {
	t.Helper()
	return c.Labs(t, append([]string{"kubectl"}, args...)...)
}

// Command returns an unstarted command running the labs binary with args, set up for this
// cluster (state dir, KUBECONFIG), for tests that need to drive a process themselves.
func (c *Cluster) Command(ctx context.Context, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = c.Env()
	return cmd
}

// Env is the environment labs commands of this cluster run with.
func (c *Cluster) Env() []string {
	// English unless a test says otherwise (by --lang, or a LANG appended after these): the
	// tests read labs' messages, whatever the locale of the machine running them.
	env := append(os.Environ(), envExec+"=1", state.EnvStateDir+"="+c.StateDir, "NO_COLOR=1", "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8")
	if c.Kubeconfig != "" {
		env = append(env, "KUBECONFIG="+c.Kubeconfig)
	}
	return env
}

func (c *Cluster) run(ctx context.Context, stdin *strings.Reader, args ...string) Result {
	cmd := c.Command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = stdin
	}
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			stderr.WriteString(err.Error())
		}
	}
	return Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}

// Namespace creates a namespace unique to the test and deletes it when the test ends.
func (c *Cluster) Namespace(t testing.TB) string {
	t.Helper()
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(name) > 40 {
		name = name[:40]
	}
	name = strings.Trim(name, "-") + "-" + fmt.Sprint(time.Now().UnixNano()%100000)
	ctx := context.Background()
	_, err := c.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = c.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	// Pods need the namespace's default ServiceAccount, and the kube-root-ca.crt ConfigMap,
	// published a moment later, would otherwise appear mid-test: a live walkthrough's
	// ConfigMap check then changes its reason without the learner doing anything.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, saErr := c.Client.CoreV1().ServiceAccounts(name).Get(ctx, "default", metav1.GetOptions{})
		_, caErr := c.Client.CoreV1().ConfigMaps(name).Get(ctx, "kube-root-ca.crt", metav1.GetOptions{})
		if saErr == nil && caErr == nil {
			return name
		}
		if time.Now().After(deadline) {
			t.Fatalf("namespace %s got no default ServiceAccount or kube-root-ca.crt within 30s (%v; %v)", name, saErr, caErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func track(c *Cluster) {
	startedMu.Lock()
	defer startedMu.Unlock()
	started = append(started, c)
}

func (c *Cluster) destroy() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.run(ctx, nil, "cluster", "delete")
	os.RemoveAll(c.StateDir)
}

func stopAll() {
	startedMu.Lock()
	defer startedMu.Unlock()
	for _, c := range started {
		c.destroy()
	}
}
