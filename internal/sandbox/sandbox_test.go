package sandbox

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == InitArg {
		Init()
	}
	os.Exit(m.Run())
}

const testUID = 1_999_900_001

// testSpec is a sandbox showing work (writable) and nothing else of dir.
func testSpec(t *testing.T, dir, work string) Spec {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(work, testUID, testUID); err != nil {
			t.Fatal(err)
		}
	}
	return Spec{Exe: exe, BinDir: "/opt/labs/bin", Root: root, Home: "/home/student", UID: testUID,
		Binds: []Bind{{Src: work, Dst: work, Writable: true}}, MaxProcs: 256, MaxFileSize: 1 << 20}
}

// TestSandboxHidesLocksAndKills: in the strongest mode the machine allows, a script writes its
// work directory only, sees no secret beside it nor the grader's environment, cannot undo the
// read-only mounts, and leaves no process behind, setsid or not.
func TestSandboxHidesLocksAndKills(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("TOPSECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := testSpec(t, dir, work)
	mode, note := Probe(spec)
	t.Logf("mode %s (%s)", mode, note)
	if mode == ProcessGroup {
		t.Skipf("no namespaces here: %s", note)
	}
	marker := "31" + time.Now().Format("150405")
	script := `echo ok > out.txt
cat ` + secret + ` && echo LEAK-secret
echo x > /etc/labs-pwned 2>/dev/null && echo LEAK-etc
echo x > /opt/labs/bin/pwned 2>/dev/null && echo LEAK-bin
umount /etc 2>/dev/null && echo LEAK-umount
umount -l /tmp 2>/dev/null && echo LEAK-umount-tmp
mount -o remount,rw /usr 2>/dev/null && echo LEAK-remount
env | grep -q SANDBOX_SECRET && echo LEAK-env
test -x /opt/labs/bin/kubectl || echo NO-KUBECTL
echo "uid $(id -u) home $HOME"
setsid -f sleep ` + marker + `
setsid sh -c 'trap "" TERM; exec sleep ` + marker + `' &
echo done
`
	t.Setenv("SANDBOX_SECRET", "x")
	cmd, start, err := Command(mode, spec, []string{"/bin/bash", "-c", script}, work, Environ(os.Environ(), "HOME=/home/student", "PATH=/opt/labs/bin:/usr/bin:/bin"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := start(cmd); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	t.Logf("%s", out.String())
	if err != nil {
		t.Fatalf("script: %v", err)
	}
	if strings.Contains(out.String(), "LEAK") || !strings.Contains(out.String(), "done") || strings.Contains(out.String(), "NO-KUBECTL") {
		t.Errorf("output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "uid 1000 home /home/student") && !strings.Contains(out.String(), "uid 1999900001") {
		t.Errorf("the script did not run as an unprivileged user")
	}
	if data, _ := os.ReadFile(filepath.Join(work, "out.txt")); string(data) != "ok\n" {
		t.Errorf("work dir not written: %q", data)
	}
	time.Sleep(200 * time.Millisecond)
	if ps, _ := exec.Command("pgrep", "-f", "sleep "+marker).Output(); len(ps) > 0 {
		t.Errorf("processes outlived the sandbox: %s", ps)
	}
}

// TestEnvironAllowList: nothing but the allow-list and what the grader sets.
func TestEnvironAllowList(t *testing.T) {
	got := Environ([]string{"GITHUB_OUTPUT=/x", "LANG=zh_TW.UTF-8", "LC_ALL=C", "AWS_SECRET=y", "HOME=/root", "TERM=xterm", "PATH=/secret/bin"}, "HOME=/h")
	want := "LANG=zh_TW.UTF-8 LC_ALL=C TERM=xterm HOME=/h"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
