package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/attempt"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/runner"
)

func newTestCmd(g *globals) *cobra.Command {
	var lf labFlags
	var stepTimeout time.Duration
	var junitPath string
	var course bool
	c := &cobra.Command{
		Use:   "test [LAB...]",
		Short: "Prove a lab's checks: each must fail before its reference solution runs and pass after it",
		Long: `For every step of each lab, in order: its checks must FAIL at once (a check that already
holds teaches nothing), then the step's reference solution runs (bash, KUBECONFIG set, this
binary first on PATH as kubectl and labs, in a fresh work directory, in its own process group,
with a time limit), then the checks must PASS, waiting as the step says. A question step is
answered from its solution: the last non-empty line it prints on stdout is the answer.

With --cluster embedded (the default) the labs run on a fresh embedded cluster of their own,
deleted at the end; your own cluster and progress are not touched. With --cluster existing they
run on that cluster, each lab's objects deleted before and after it.

Each step's declared mistakes (mistakes: in the scenario) run first, each from the state before
the step: the step must stay red (its reason containing the mistake's reason:, when given),
then the mistake's undo runs; then each alternative (alternatives:), which must pass the step,
then its undo; then the solution.

--course plays the student: every built-in lab (or the labs given) in course order on ONE
cluster, with ONE kubeconfig, and no reset between labs — what a learner who does the course
from the start meets. A step that passes before its solution there passes for something the
learner did not do in it (state left by an earlier lab, say); so does a mistake that passes
from the state the earlier labs left.
Exit 0 when every step of every lab passes, 1 when some fail, 2 for a broken lab or usage.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			g.colors()
			ids := args
			if len(ids) == 0 {
				all, err := lab.List(lf.fs())
				if err != nil {
					return usageError{err}
				}
				ids = all
			}
			var ls []*lab.Lab
			for _, id := range ids {
				l, err := lf.load(g.localizer(), id)
				if err != nil {
					return err
				}
				ls = append(ls, l)
			}
			return runner.Test(cmd.Context(), runner.TestOptions{
				Labs: ls, StepTimeout: stepTimeout, JUnit: junitPath, Course: course,
				Clusters: g.clusters(), Out: g.stdout, Err: g.stderr, Loc: g.localizer(),
			})
		},
	}
	lf.add(c)
	c.Flags().DurationVar(&stepTimeout, "step-timeout", attempt.DefaultStepTimeout, "time limit of each step's solution script")
	c.Flags().StringVar(&junitPath, "junit", "", "write a JUnit XML report (a testsuite per lab, a testcase per step) to this file")
	c.Flags().BoolVar(&course, "course", false, "play the student: the labs in course order on one cluster and one kubeconfig, no reset between labs; a step passing before its solution fails")
	return c
}
