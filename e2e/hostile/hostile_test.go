package hostile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/labs-dev/labs/e2e/gradetest"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jstemmer/go-junit-report/v2/junit"

	labsreport "github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/testcluster"
)

// Hostile submissions: a student who wants the points without the work, or wants to hurt the
// grader or the other students. Each test is an attack that worked before the sandbox
// (issue 16) and must not work any more.

// TestGradeHostileForgedAudit: a step proven by the audit log (a server-side dry run) is
// faked by copying a real audit line of another request and renaming its object. The audit
// log is not reachable from the script, so the step fails.
func TestGradeHostileForgedAudit(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{
		"dry-run": `kubectl run web2 --image=nginx --dry-run=client -o yaml > web2.yaml
kubectl run web3 --image=nginx --dry-run=server -o yaml >/dev/null
sleep 1
for log in "$LABS_STATE_DIR/clusters/labs/audit/audit.log" /tmp/labs-*/state/clusters/labs/audit/audit.log; do
  test -w "$log" || continue
  grep web3 "$log" | tail -n 1 | sed 's/web3/web2/g' >> "$log" && echo "forged $log"
done
true
`,
	})
	_, rep := gradetest.GradeJSON(t, c, nil, "demo", sub)
	if s := gradetest.StepOf(t, rep, "dry-run"); s.Status == labsreport.Pass {
		t.Errorf("a forged audit line passed the dry-run step: %+v", s)
	}
	if s := gradetest.StepOf(t, rep, "run-web"); s.Status != labsreport.Pass {
		t.Errorf("an honest step failed: %+v", s)
	}
}

// TestGradeHostileForgedClassroomOutput: the script appends its own result= line and step
// summary, directly (inherited variables) and through the grader's environment in /proc, now
// and from a detached process after the grader is done. Only the grader's own lines remain.
func TestGradeHostileForgedClassroomOutput(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	forge := `forge() {
  for f in "$GITHUB_OUTPUT" $(cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sed -n 's/^GITHUB_OUTPUT=//p' | sort -u); do
    echo "result=FORGED$1" >> "$f" 2>/dev/null
  done
  for f in "$GITHUB_STEP_SUMMARY" $(cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sed -n 's/^GITHUB_STEP_SUMMARY=//p' | sort -u); do
    echo "FORGED$1 | 100%" >> "$f" 2>/dev/null
  done
}
forge now
export -f forge
setsid -f bash -c 'sleep 4; forge later' </dev/null >/dev/null 2>&1
kubectl create namespace demo
`
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{"create-namespace": forge})
	out := t.TempDir()
	ghOutput, summary := filepath.Join(out, "github_output"), filepath.Join(out, "summary.md")
	r := gradetest.LabsEnv(t, c, []string{"GITHUB_OUTPUT=" + ghOutput, "GITHUB_STEP_SUMMARY=" + summary}, "grade", "demo", "--submission", sub)
	if r.Code != 0 {
		t.Fatalf("want exit 0, got %d\n%s", r.Code, r.Combined())
	}
	time.Sleep(6 * time.Second) // the detached forger's turn, had it survived
	data, _ := os.ReadFile(ghOutput)
	if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "result=") || strings.Contains(string(data), "FORGED") {
		t.Errorf("$GITHUB_OUTPUT holds more than the grader's result:\n%s", data)
	}
	md, _ := os.ReadFile(summary)
	if strings.Contains(string(md), "FORGED") || !strings.Contains(string(md), "demo") {
		t.Errorf("step summary:\n%s", md)
	}
}

// TestGradeHostileSecretsAndWrites: the script reads the grader's environment (a secret) and
// writes where the grader can: $HOME, the original submission, the grader's state directory,
// the throwaway cluster's state directory and the grader's $TMPDIR. None of it works.
func TestGradeHostileSecretsAndWrites(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	// The grader's TMPDIR holds the throwaway cluster: short, for the kubelets' unix sockets.
	home, tmp := t.TempDir(), shortTempDir(t)
	targets := []string{
		filepath.Join(home, "pwned"),
		filepath.Join(sub, "pwned"),
		filepath.Join(c.StateDir, "pwned"),
		filepath.Join(tmp, "pwned"),
	}
	script := fmt.Sprintf(`env
cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | grep -a SECRET
for f in %s "$LABS_STATE_DIR/pwned" /tmp/labs-*/state/pwned; do
  echo x > "$f" && echo "wrote $f"
done
mkdir -p "$LABS_STATE_DIR/progress" && echo '{}' > "$LABS_STATE_DIR/progress/demo.json"
exit 1
`, strings.Join(targets, " "))
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{"create-namespace": script})
	extra := []string{"LABS_SECRET_TOKEN=s3cr3t-value", "HOME=" + home, "TMPDIR=" + tmp, "GITHUB_TOKEN=ghs_s3cr3t"}
	_, rep := gradetest.GradeJSON(t, c, extra, "demo", sub)
	s := gradetest.StepOf(t, rep, "create-namespace")
	if s.Script == nil {
		t.Fatalf("no script outcome: %+v", s)
	}
	if strings.Contains(s.Script.Output, "s3cr3t") || strings.Contains(s.Script.Output, "GITHUB_") {
		t.Errorf("the script read the grader's secrets:\n%s", s.Script.Output)
	}
	for _, f := range targets {
		if _, err := os.Lstat(f); err == nil {
			t.Errorf("the script wrote %s", f)
		}
	}
	if strings.Contains(s.Script.Output, "wrote /tmp/labs-") {
		t.Errorf("the script wrote into the throwaway cluster's state:\n%s", s.Script.Output)
	}
	if s.Status == labsreport.Pass {
		t.Errorf("step passed with exit 1")
	}
}

func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "g")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// processesWith lists the processes whose command line or environment holds marker.
func processesWith(marker string) []string {
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if fmt.Sprint(os.Getpid()) == filepath.Base(d) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		environ, _ := os.ReadFile(filepath.Join(d, "environ"))
		if bytes.Contains(cmdline, []byte(marker)) || bytes.Contains(environ, []byte(marker)) {
			found = append(found, filepath.Base(d)+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return found
}

// TestGradeHostileSurvivors: processes started to outlive the grade — setsid, setsid -f, a
// TERM-ignoring setsid child, nohup, and a cluster of the script's own (`labs cluster up`) — are
// all gone when the grade ends.
func TestGradeHostileSurvivors(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	marker := fmt.Sprintf("hostile%d", time.Now().UnixNano())
	script := fmt.Sprintf(`export MARK=%[1]s
setsid sleep 31337 &
setsid -f sleep 31338
setsid sh -c 'trap "" TERM; exec sleep 31339' &
nohup sleep 31340 >/dev/null 2>&1 &
st=$(mktemp -d /tmp/ls.XXXX)
LABS_STATE_DIR=$st timeout 60 labs cluster up --wait 50s >/dev/null 2>&1 || echo "no cluster of its own"
kubectl create namespace demo
`, marker)
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{"create-namespace": script})
	_, rep := gradetest.GradeJSON(t, c, nil, "demo", sub, "--step-timeout", "90s")
	if s := gradetest.StepOf(t, rep, "create-namespace"); s.Status != labsreport.Pass {
		t.Logf("create-namespace: %+v", s)
	}
	time.Sleep(time.Second)
	if left := processesWith(marker); len(left) > 0 {
		for _, p := range left {
			if pid := strings.SplitN(p, ":", 2)[0]; pid != "" {
				var n int
				fmt.Sscan(pid, &n)
				_ = syscall.Kill(n, syscall.SIGKILL)
			}
		}
		t.Errorf("processes outlived the grade:\n%s", strings.Join(left, "\n"))
	}
}

// TestGradeHostileSpecialFiles: a FIFO, a dangling symlink and symlinks escaping the submission
// neither abort the grade nor get followed: the honest steps pass, the reasons name the
// submission, and nothing outside it is read or written.
func TestGradeHostileSpecialFiles(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := filepath.Join(t.TempDir(), "eve")
	gradetest.WriteSubmission(t, sub, "demo", nil)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("TOPSECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(sub, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"dangling":  filepath.Join(outside, "created-by-grader"),
		"escape":    secret,
		"direscape": outside,
		"web2.yaml": filepath.Join(outside, "web2.yaml"), // the grader must not write through it
	} {
		if err := os.Symlink(target, filepath.Join(sub, name)); err != nil {
			t.Fatal(err)
		}
	}
	// Reads through the links, if they were followed.
	if err := os.WriteFile(filepath.Join(sub, "steps", "set-namespace.sh"), []byte("cat escape direscape/secret.txt 2>&1\nkubectl config set-context --current --namespace demo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, rep := gradetest.GradeJSON(t, c, nil, "demo", sub)
	if r.Code == 2 {
		t.Fatalf("one submission's files broke the grade (exit 2):\n%s", r.Combined())
	}
	for _, id := range []string{"create-namespace", "set-namespace", "run-web"} {
		if s := gradetest.StepOf(t, rep, id); s.Status != labsreport.Pass {
			t.Errorf("honest step %s: %+v", id, s)
		}
	}
	data, _ := json.Marshal(rep)
	if bytes.Contains(data, []byte("TOPSECRET")) {
		t.Errorf("the report shows a file outside the submission:\n%s", data)
	}
	if bytes.Contains(data, []byte("/tmp/labs-")) {
		t.Errorf("the report names the grader's temporary copy:\n%s", data)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("the grade wrote outside the submission: %v", entries)
	}
}

// treeSum is a digest of every path, mode and content under dir.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "%s err\n", p)
			return nil
		}
		fi, _ := d.Info()
		fmt.Fprintf(h, "%s %v\n", p, fi.Mode())
		if d.Type().IsRegular() {
			data, _ := os.ReadFile(p)
			h.Write(data)
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestGradeHostileClass: a class of four where bob copies alice's scripts, overwrites carol's,
// leaves a process that deletes the next students' namespaces with whatever kubeconfig it
// finds and rewrites the reports after the grader exits. alice, carol and dave score exactly
// what they score alone, the reports are well-formed, nothing is left running and nothing
// outside the copies and the reports changed.
func TestGradeHostileClass(t *testing.T) {
	c := testcluster.NewStateDir(t)
	class := t.TempDir()
	for _, s := range []string{"alice", "carol", "dave"} {
		gradetest.WriteSubmission(t, filepath.Join(class, s), "demo", nil)
	}
	out := t.TempDir()
	reports := []string{filepath.Join(out, "class.json"), filepath.Join(out, "class.csv"), filepath.Join(out, "class.md"), filepath.Join(out, "junit.xml")}
	marker := fmt.Sprintf("bobmark%d", time.Now().UnixNano())
	gradetest.WriteSubmission(t, filepath.Join(class, "bob"), "demo", map[string]string{
		"create-namespace": fmt.Sprintf(`export MARK=%[1]s
for f in %[2]s/carol/steps/*.sh %[2]s/dave/steps/*.sh; do echo 'exit 1' > "$f" && echo "overwrote $f"; done
for s in set-namespace run-web dry-run; do cp %[2]s/alice/steps/$s.sh steps/$s.sh && echo "copied alice's $s"; done
setsid -f bash -c 'for i in $(seq 60); do
  for kc in /tmp/labs-*/work/*.kubeconfig /tmp/labs-*/state/clusters/labs/kubeconfig; do
    test -r "$kc" && KUBECONFIG=$kc kubectl delete namespace demo --wait=false >/dev/null 2>&1
  done
  for f in %[3]s; do test -e "$f" && echo HACKED > "$f"; done
  sleep 0.5
done' </dev/null >/dev/null 2>&1
printf 'alice|x\nbob\x1b[31m\x07 <&> ]]> |\n' 
kubectl create namespace demo
printf '\x1b]0;owned\x07 \x1b[2J\x00\x01 </failure> | bad'; exit 3
`, marker, class, strings.Join(reports, " ")),
	})
	before := treeSum(t, class)
	r := gradetest.LabsEnv(t, c, nil, "grade", "demo", "--class", class, "--step-timeout", "20s",
		"--json", reports[0], "--csv", reports[1], "--markdown", reports[2], "--junit", reports[3])
	t.Log(r.Combined())
	if r.Code != 1 {
		t.Fatalf("want exit 1 (bob fails), got %d", r.Code)
	}
	if strings.ContainsAny(r.Stdout, "\x1b\x07\x00") {
		t.Errorf("raw escape sequences from a submission reached the terminal: %q", r.Stdout)
	}
	time.Sleep(3 * time.Second) // bob's process, had it survived
	if left := processesWith(marker); len(left) > 0 {
		t.Errorf("bob's processes outlived the grade:\n%s", strings.Join(left, "\n"))
	}
	if after := treeSum(t, class); after != before {
		t.Errorf("the class directory changed during the grade")
	}
	rows := gradetest.ReadCSV(t, reports[1])
	for _, row := range rows[1:] {
		got := strings.Join(append([]string{row[1], row[2]}, row[4:]...), " ")
		if row[0] != "bob" && got != "4 4 pass pass pass pass" {
			t.Errorf("honest %s: %q, want full marks as alone", row[0], got)
		}
	}
	for _, p := range reports {
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "HACKED") {
			t.Errorf("%s was rewritten", p)
		}
	}
	var suites junit.Testsuites
	data, _ := os.ReadFile(reports[3])
	if err := xml.Unmarshal(data, &suites); err != nil || suites.Tests != 16 {
		t.Errorf("JUnit not well-formed: %v (%d tests)\n%s", err, suites.Tests, data)
	}
	var all []labsreport.Report
	data, _ = os.ReadFile(reports[0])
	if err := json.Unmarshal(data, &all); err != nil || len(all) != 4 {
		t.Errorf("class JSON: %v", err)
	}
	md, _ := os.ReadFile(reports[2])
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "| bob") && strings.Count(line, "|") != 7 {
			t.Errorf("a Markdown row broken by the output: %q", line)
		}
	}
	if strings.ContainsAny(string(md), "\x1b\x07") {
		t.Errorf("control characters in the Markdown report")
	}
}

// startGrade starts labs grade without waiting for it.
func startGrade(t *testing.T, c *testcluster.Cluster, extra []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := c.Command(context.Background(), args...)
	cmd.Env = append(cmd.Env, extra...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// waitFor polls cond for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

// TestGradeTerminatedWritesReportsAndCleansUp: SIGTERM to a grader in the middle of a class
// writes the reports of the students graded so far and removes its clusters, scratch
// directories and every script's processes; exit 2.
func TestGradeTerminatedWritesReportsAndCleansUp(t *testing.T) {
	c := testcluster.NewStateDir(t)
	class := t.TempDir()
	marker := fmt.Sprintf("termmark%d", time.Now().UnixNano())
	gradetest.WriteSubmission(t, filepath.Join(class, "a-done"), "demo", nil)
	gradetest.WriteSubmission(t, filepath.Join(class, "b-slow"), "demo", map[string]string{
		"create-namespace": "export MARK=" + marker + "\nsetsid -f sleep 31337\nsleep 300\n",
	})
	tmp := shortTempDir(t)
	jsonPath := filepath.Join(t.TempDir(), "class.json")
	cmd, out := startGrade(t, c, []string{"TMPDIR=" + tmp}, "grade", "demo", "--class", class, "--json", jsonPath, "--step-timeout", "5m", "--parallel", "1")
	if !waitFor(2*time.Minute, func() bool { return len(processesWith(marker)) > 0 }) {
		_ = cmd.Process.Kill()
		t.Fatalf("b-slow's script never ran:\n%s", out)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("the grader did not stop within a minute of SIGTERM:\n%s", out)
	}
	t.Log(out.String())
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	var reps []labsreport.Report
	data, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(data, &reps); err != nil || len(reps) < 1 || reps[0].Student != "a-done" || reps[0].Score.Points != 4 {
		t.Errorf("the report of the student graded before SIGTERM: %v\n%s", err, data)
	}
	if left := processesWith(marker); len(left) > 0 {
		t.Errorf("processes outlived the grader:\n%s", strings.Join(left, "\n"))
	}
	if left := processesWith(tmp); len(left) > 0 {
		t.Errorf("a cluster outlived the grader:\n%s", strings.Join(left, "\n"))
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("the grader left %v in its TMPDIR", entries)
	}
}

// TestGradeKilledIsCleanedUpByTheNextRun: after SIGKILL of a grader, its scripts are gone at
// once (the sandbox dies with it), and the next run removes the cluster and scratch
// directory it left.
func TestGradeKilledIsCleanedUpByTheNextRun(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	marker := fmt.Sprintf("killmark%d", time.Now().UnixNano())
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{
		"create-namespace": "export MARK=" + marker + "\nsetsid -f sleep 31337\nsleep 300\n",
	})
	tmp := shortTempDir(t)
	cmd, out := startGrade(t, c, []string{"TMPDIR=" + tmp}, "grade", "demo", "--submission", sub, "--step-timeout", "5m")
	if !waitFor(2*time.Minute, func() bool { return len(processesWith(marker)) > 0 }) {
		_ = cmd.Process.Kill()
		t.Fatalf("the script never ran:\n%s", out)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if !waitFor(5*time.Second, func() bool { return len(processesWith(marker)) == 0 }) {
		t.Errorf("the script's processes outlived the killed grader:\n%s", strings.Join(processesWith(marker), "\n"))
	}
	if len(processesWith(tmp)) == 0 {
		t.Logf("no cluster left by the killed grader (nothing for the next run to clean)")
	}
	// The next run, of anything: an honest submission.
	next := t.TempDir()
	gradetest.WriteSubmission(t, next, "demo", nil)
	r := gradetest.LabsEnv(t, c, []string{"TMPDIR=" + tmp}, "grade", "demo", "--submission", next)
	if r.Code != 0 {
		t.Fatalf("next run: exit %d\n%s", r.Code, r.Combined())
	}
	if !waitFor(10*time.Second, func() bool { return len(processesWith(tmp)) == 0 }) {
		t.Errorf("the killed grader's cluster is still running:\n%s", strings.Join(processesWith(tmp), "\n"))
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("left in TMPDIR after the next run: %v", entries)
	}
}
