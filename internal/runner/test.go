package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fatih/color"

	"github.com/labs-dev/labs/internal/attempt"
	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/grade"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/reset"
	"github.com/labs-dev/labs/internal/script"
	"github.com/labs-dev/labs/internal/state"
)

// Clusters are how the runner gets the clusters that labs test and labs grade run on.
type Clusters struct {
	// Name is the provider's name as --cluster spells it; step scripts get it as LABS_CLUSTER.
	Name string
	// Selected makes the provider the command line selects.
	Selected func() (cluster.Provider, error)
	// Throwaway makes a fresh provider of the same kind, its state in stateDir, when the
	// provider's capabilities say it is Throwaway.
	Throwaway func(stateDir string) (cluster.Provider, error)
	// Connect connects the step library to a provider's running cluster.
	Connect func(cluster.Provider) (*checks.Env, error)
}

// TestOptions configure labs test.
type TestOptions struct {
	Labs        []*lab.Lab
	StepTimeout time.Duration
	// JUnit, when set, is the file of the JUnit report (a testsuite per lab).
	JUnit string
	// Course plays the student: the labs on one kubeconfig, with nothing reset between them.
	Course   bool
	Clusters Clusters
	Out, Err io.Writer
	Loc      i18n.Localizer
}

// Test proves the labs' checks (labs test): on one cluster, one lab after another, cleaning up
// between them, each step must fail before its solution and pass after it.
func Test(ctx context.Context, o TestOptions) error {
	ls := o.Labs
	failed, total, notChecked := 0, 0, 0
	var reports []*report.Report
	start := time.Now()
	err := withScratchCluster(ctx, &o, func(sc *scratchCluster) error {
		var shared string
		if o.Course {
			// One kubeconfig for the whole course, as a learner has: what a lab's step does
			// to the context stays for the next lab.
			_, kc, err := sc.runDir("course")
			if err != nil {
				return err
			}
			shared = kc
		}
		refused := map[string]bool{} // labs not checkable here: their cleanup cannot reach the nodes either
		for _, l := range ls {
			r, err := testLab(ctx, &o, sc, l, shared)
			if err != nil {
				return err
			}
			refused[l.ID] = len(r.Steps) > 0 && r.NotChecked() == len(r.Steps)
			r.Cluster = sc.provider.Name()
			reports = append(reports, r)
			failed += r.Failed()
			notChecked += r.NotChecked()
			total += len(r.Steps)
		}
		if sc.stateDir == "" {
			// Not a throwaway cluster: leave nothing of the labs behind. A throwaway cluster is
			// deleted whole instead.
			for _, l := range ls {
				files := sc.provider.Capabilities().NodeFiles
				if refused[l.ID] {
					files = nil
				}
				if err := reset.Lab(ctx, l, reset.Options{Env: sc.env, StateDir: filepath.Join(sc.dir, "progress"), Loc: o.Loc, Out: io.Discard, NodeFiles: files}); err != nil {
					return fmt.Errorf("cleaning up after lab %s: %w", l.ID, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if o.JUnit != "" {
		var b strings.Builder
		if err := report.WriteJUnit(&b, reports...); err != nil {
			return err
		}
		if err := os.WriteFile(o.JUnit, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("writing the JUnit report: %w", err)
		}
	}
	if notChecked > 0 {
		fmt.Fprintln(o.Out, o.Loc.T("%d labs, %d steps: %d ok, %d failed, %d not checkable on this cluster in %.1fs", len(ls), total, total-failed-notChecked, failed, notChecked, time.Since(start).Seconds()))
	} else {
		fmt.Fprintln(o.Out, o.Loc.T("%d labs, %d steps: %d ok, %d failed in %.1fs", len(ls), total, total-failed, failed, time.Since(start).Seconds()))
	}
	if failed > 0 {
		return i18n.Errorf("%[1]d of %[2]d steps fail", failed, total)
	}
	return nil
}

// scratchCluster is a cluster to run step scripts on, with a scratch directory for work
// directories, kubeconfig copies and a bin dir with this binary as kubectl and labs.
type scratchCluster struct {
	provider cluster.Provider
	env      *checks.Env
	dir      string
	bin      string
	// stateDir is the throwaway cluster's state directory; "" for a cluster not thrown away.
	stateDir string
	// cluster is the provider's name, as --cluster spells it.
	cluster string
}

// withScratchCluster runs fn on a throwaway embedded cluster (deleted afterwards, whatever fn
// did), or on the --cluster existing one, with a scratch directory removed afterwards.
func withScratchCluster(ctx context.Context, o *TestOptions, fn func(*scratchCluster) error) error {
	scratch, err := os.MkdirTemp("", "labs-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	p, err := o.Clusters.Selected()
	if err != nil {
		return err
	}
	stateDir := ""
	if p.Capabilities().Throwaway {
		// A throwaway cluster: the learner's own cluster and progress stay as they are.
		stateDir = filepath.Join(scratch, "state")
		tp, err := o.Clusters.Throwaway(stateDir)
		if err != nil {
			return err
		}
		defer func() { _ = tp.Delete(context.WithoutCancel(ctx)) }()
		p = tp
	}
	fmt.Fprintln(o.Err, o.Loc.T("Starting a fresh cluster (%s)...", p.Name()))
	bootStart := time.Now()
	if err := p.Up(ctx, cluster.UpOptions{Workers: -1, Wait: 2 * time.Minute}); err != nil {
		return err
	}
	fmt.Fprintln(o.Err, o.Loc.T("Cluster ready in %.1fs.", time.Since(bootStart).Seconds()))
	bin, err := scriptBinDir(scratch)
	if err != nil {
		return err
	}
	env, err := o.Clusters.Connect(p)
	if err != nil {
		return err
	}
	if env.ClientEvidence {
		// The scripts' kubectl records into the run's own file (environ), read as the evidence.
		env.AuditLog = scratchEvidence(scratch)
	}
	return fn(&scratchCluster{provider: p, env: env, dir: scratch, bin: bin, stateDir: stateDir, cluster: o.Clusters.Name})
}

// environ is the environment of a step script run with kubeconfig: this binary first on PATH
// and, on a throwaway cluster, its state dir, so a script's `labs cluster status` (a node's
// static pod directory) describes the cluster under test, not the learner's.
func (sc *scratchCluster) environ(kubeconfig string) []string {
	env := script.Environ(os.Environ(), kubeconfig, sc.bin)
	// A kubectl cache of the run's own, fresh (see runDir): a request a step is checked by is
	// never answered from what an earlier lab's kubectl cached.
	env = append(env, "KUBECACHEDIR="+kubeconfig+".cache")
	if sc.stateDir != "" {
		env = append(env, state.EnvStateDir+"="+sc.stateDir)
	}
	env = append(env, cluster.EnvName+"="+sc.cluster, kubectl.EnvEvidence+"="+scratchEvidence(sc.dir))
	return env
}

// scratchEvidence is where the kubectl of a run's scripts records its requests.
func scratchEvidence(scratch string) string { return filepath.Join(scratch, "evidence", "kubectl.log") }

// runDir makes a fresh work directory and kubeconfig copy for one run of a lab: a step that
// changes the current namespace changes only this copy.
func (sc *scratchCluster) runDir(name string) (work, kubeconfig string, err error) {
	work = filepath.Join(sc.dir, "work", name)
	if err := os.MkdirAll(work, 0o700); err != nil {
		return "", "", err
	}
	kubeconfig = filepath.Join(sc.dir, "work", name+".kubeconfig")
	if err := os.RemoveAll(kubeconfig + ".cache"); err != nil {
		return "", "", err
	}
	if err := copyKubeconfig(sc.env.Kubeconfig, kubeconfig); err != nil {
		return "", "", err
	}
	return work, kubeconfig, nil
}

// testLab runs one lab's steps with their solutions on a clean slate and reports each step.
// With a shared kubeconfig (labs test --course) the lab runs as a learner meets it after the
// labs before it: on their kubeconfig, with nothing reset.
func testLab(ctx context.Context, o *TestOptions, sc *scratchCluster, l *lab.Lab, shared string) (*report.Report, error) {
	work, kc, err := sc.runDir(l.Key())
	if err != nil {
		return nil, err
	}
	course := shared != ""
	if course {
		kc = shared
		// A new attempt clears kubectl's cache, as labs start does for a learner (so a step
		// proven by a request is not answered from what an earlier lab's kubectl cached).
		if err := os.RemoveAll(kc + ".cache"); err != nil {
			return nil, err
		}
	}
	env := *sc.env
	env.Kubeconfig = kc
	env.WorkDir = work
	why := notCheckable(ctx, l, sc.provider.Capabilities())
	// Before: whatever an earlier lab or run left of this lab's objects goes (and is waited
	// for, so the lab starts on a clean slate) — unless the run plays the student, or the
	// cluster refuses what the lab needs (its reset would need it too).
	if !course && why == "" {
		if err := reset.Lab(ctx, l, reset.Options{Env: &env, StateDir: filepath.Join(sc.dir, "progress"), Loc: o.Loc, Out: io.Discard, NodeFiles: sc.provider.Capabilities().NodeFiles}); err != nil {
			return nil, fmt.Errorf("cleaning up before lab %s: %w", l.ID, err)
		}
	}
	fmt.Fprintf(o.Out, "%s %s\n", color.New(color.Bold).Sprint(l.ID), l.Title.Get(env.Lang))
	if why != "" {
		// Its steps would fail for want of what the cluster does not offer, not for the lab.
		r := &report.Report{Kind: "test", Lab: l.ID, Title: l.Title.Get(env.Lang), Started: time.Now().UTC()}
		for _, st := range l.Steps {
			fmt.Fprintf(o.Out, "  %s %-24s not checkable on this cluster: %s\n", color.YellowString("-"), st.ID, why)
			r.Steps = append(r.Steps, report.Step{ID: st.ID, Title: st.Title.Get(env.Lang), Status: report.NotCheckable, Points: st.Points, Reason: why})
		}
		r.Finish()
		return r, nil
	}
	// The attempt begins from the context the lab declares, as labs start does for a learner.
	if msg, err := labctx.Establish(kc, l, o.Loc); err != nil {
		return nil, err
	} else if msg != "" {
		fmt.Fprintf(o.Out, "  %s\n", msg)
	}
	res, err := attempt.Run(ctx, attempt.Options{
		Lab:               l,
		Env:               &env,
		RequireFailBefore: true,
		Variants:          true, // each declared mistake must stay red, each alternative pass
		AnswerFromScript:  true, // questions are answered from the solution
		ScriptFor: func(st *lab.Step) attempt.Script {
			return attempt.Script{Source: st.Solution, Name: l.ID + "/" + st.ID + " solution"}
		},
		Dir:         work,
		Environ:     sc.environ(kc),
		StepTimeout: o.StepTimeout,
		OnStep: func(sr attempt.StepResult) {
			for _, v := range sr.Variants {
				verdict := o.Loc.T("stays red")
				if v.Kind == attempt.Alternative {
					verdict = o.Loc.T("passes too")
				}
				if v.Passed {
					fmt.Fprintf(o.Out, "  %s %-24s %s: %s\n", color.GreenString("✓"), v.ID(sr.Step), verdict, v.What)
					continue
				}
				fmt.Fprintf(o.Out, "  %s %-24s %s (%s)\n", color.RedString("✗"), v.ID(sr.Step), v.Reason, v.What)
			}
			if sr.Passed {
				answered := ""
				if sr.Answer != "" {
					answered = o.Loc.T("answer %s, ", o.Loc.Quote(sr.Answer))
				}
				fmt.Fprintf(o.Out, "  %s %-24s %s\n", color.GreenString("✓"), sr.Step, o.Loc.T("fails before, passes after (%ssolution %s, check %s)",
					answered, scriptTime(sr.Script), sr.CheckTime.Round(time.Millisecond)))
				return
			}
			fmt.Fprintf(o.Out, "  %s %-24s %s\n", color.RedString("✗"), sr.Step, sr.Reason)
			if sr.Script != nil && !sr.Script.Passed() && sr.Script.Output != "" {
				for _, line := range strings.Split(strings.TrimRight(sr.Script.Output, "\n"), "\n") {
					fmt.Fprintf(o.Out, "      | %s\n", line)
				}
			}
		},
	})
	if err != nil {
		return nil, err
	}
	passed, total := res.Score()
	fmt.Fprintln(o.Out, "  "+o.Loc.T("%d/%d in %.1fs", passed, total, res.Duration.Seconds()))
	return grade.ToReport("test", l, res, env.Lang), nil
}

// notCheckable says why lab l cannot be checked on a cluster with caps, "" when it can: a lab
// whose learner writes static Pod manifests needs the nodes' static pod directories, which
// a cluster labs does not run may refuse (its reason is given).
func notCheckable(ctx context.Context, l *lab.Lab, caps cluster.Capabilities) string {
	if len(l.Owns.StaticPods) == 0 {
		return ""
	}
	if caps.NodeFiles == nil {
		return "the lab writes static Pod manifests on the nodes, and labs cannot reach the nodes' files of this cluster"
	}
	if p, ok := caps.NodeFiles.(cluster.NodeFilesProber); ok {
		if err := p.Probe(ctx); err != nil {
			return "the lab writes static Pod manifests on the nodes, and this cluster does not let labs reach the nodes' files: " + err.Error()
		}
	}
	return ""
}

func scriptTime(r *script.Result) string {
	if r == nil {
		return "-"
	}
	return r.Duration.Round(time.Millisecond).String()
}

// scriptBinDir makes a directory with this binary as kubectl and labs, for scripts' PATH. The
// run lives as long as this process, so symlinks to the running executable suffice.
func scriptBinDir(scratch string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("locating the labs binary: %w", err)
	}
	bin := filepath.Join(scratch, "bin")
	if err := os.MkdirAll(bin, 0o700); err != nil {
		return "", err
	}
	for _, name := range []string{"kubectl", "labs"} {
		if err := os.Symlink(exe, filepath.Join(bin, name)); err != nil {
			return "", fmt.Errorf("linking %s: %w", name, err)
		}
	}
	return bin, nil
}

// copyKubeconfig copies a kubeconfig, private to the user.
func copyKubeconfig(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}
