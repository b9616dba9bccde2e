package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// labsEnv runs labs with extra environment variables (they override the test defaults).
func labsEnv(t *testing.T, c *testcluster.Cluster, env []string, args ...string) testcluster.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, args...)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		code = -1
		if cmd.ProcessState != nil {
			code = cmd.ProcessState.ExitCode()
		}
	}
	return testcluster.Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}

// A mistyped command is a usage error that says what was probably meant, also for a command
// of a group: `labs stat` is most likely `labs cluster status` (or `labs start`).
func TestUnknownCommandSuggests(t *testing.T) {
	c := testcluster.NewStateDir(t)
	for args, wants := range map[string][]string{
		"stat":         {"Did you mean", "labs cluster status", "labs start"},
		"strat":        {"Did you mean", "labs start"},
		"cluster stat": {"Did you mean", "labs cluster status"},
	} {
		r := c.Labs(t, strings.Fields(args)...)
		if r.Code != 2 {
			t.Errorf("labs %s: exit %d, want 2\n%s", args, r.Code, r.Combined())
		}
		contains(t, "labs "+args, r.Stderr, append(wants, `Error: unknown command "`)...)
		noStack(t, "labs "+args, r)
	}
	r := c.Labs(t, "--lang", "zh-TW", "stat")
	contains(t, "labs --lang zh-TW stat", r.Stderr, "錯誤：labs 沒有「stat」這個指令", "是不是要用下面的指令？", "labs cluster status")
}

// --help offers the registered providers, each with what it is.
func TestHelpOffersOnlyWorkingProviders(t *testing.T) {
	c := testcluster.NewStateDir(t)
	r := mustLabs(t, c, "--help")
	for _, line := range strings.Split(r.Stdout, "\n") {
		if strings.Contains(line, "--cluster") {
			for _, p := range []string{"embedded (", "existing ("} {
				if !strings.Contains(line, p) {
					t.Errorf("--help does not offer %s...): %s", p, line)
				}
			}
			return
		}
	}
	t.Errorf("--help has no --cluster flag:\n%s", r.Stdout)
}

// kubectl commands that never talk to a server (help, version --client, config) do not start
// with "the embedded cluster has not been created yet" (TestKubectlBeforeUpSaysWhatIsMissing
// shows a command that does).
func TestKubectlOfflineCommandsDoNotWarn(t *testing.T) {
	c := testcluster.NewStateDir(t)
	env := []string{"HOME=" + t.TempDir(), "KUBECONFIG="}
	for _, args := range [][]string{
		{"kubectl", "--help"},
		{"kubectl", "get", "--help"},
		{"kubectl", "version", "--client"},
		{"kubectl", "help"},
		{"kubectl", "completion", "bash"},
	} {
		r := labsEnv(t, c, env, args...)
		if r.Code != 0 || strings.Contains(r.Stderr, "has not been created") {
			t.Errorf("labs %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Stderr)
		}
	}
}

// Every line `labs cluster up`, `status` and `down` print reads in zh-TW with --lang zh-TW or
// a zh_TW locale, and no English step is left.
func TestClusterUpInZhTW(t *testing.T) {
	c := testcluster.NewStateDir(t)
	r := c.Up(t, "--lang", "zh-TW")
	contains(t, "cluster up --lang zh-TW", r.Stdout, "正在建立叢集「labs」", "✓ 準備憑證與 kubeconfig", "✓ 啟動控制平面", "✓ 等待預設的 ServiceAccount", "✓ 等待 3 個節點變成 Ready", "叢集「labs」已就緒。使用方式：")
	for _, en := range []string{"Creating", "Starting", "Waiting", "ready", "Use it"} {
		if strings.Contains(r.Stdout, en) {
			t.Errorf("cluster up --lang zh-TW says %q:\n%s", en, r.Stdout)
		}
	}
	zh := []string{"LANG=zh_TW.UTF-8"}
	r = labsEnv(t, c, zh, "cluster", "up")
	if r.Code != 0 {
		t.Fatalf("second up: exit %d\n%s", r.Code, r.Combined())
	}
	contains(t, "second up, LANG=zh_TW.UTF-8", r.Stdout, "叢集「labs」已在執行中（PID ", "直接沿用。")
	r = labsEnv(t, c, zh, "cluster", "status")
	contains(t, "cluster status in zh-TW", r.Stdout, "狀態：", "執行中", "API Server：", "節點：")
	r = labsEnv(t, c, zh, "cluster", "down")
	contains(t, "cluster down in zh-TW", r.Stdout, "叢集已停止")
	// --lang wins over the locale.
	r = labsEnv(t, c, zh, "--lang", "en", "cluster", "down")
	contains(t, "cluster down --lang en", r.Stdout, "The cluster is not running; nothing to stop.")
}
