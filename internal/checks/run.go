package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/cucumber/godog"

	"github.com/labs-dev/labs/internal/i18n"
)

// Result is the outcome of one lab step.
type Result struct {
	Step   string
	Passed bool
	// Reason says why the step failed, in the learner's language.
	Reason string
}

// godog keeps process-wide state (it sets environment variables around a run): one at a time.
var runMu sync.Mutex

// Run checks the steps of a lab (the Scenarios of feature tagged with their ids) with godog
// and returns one Result per asked step, in order. A step without a Scenario fails.
func Run(ctx context.Context, env *Env, featurePath string, feature []byte, steps []string) ([]Result, error) {
	if len(steps) == 0 {
		return nil, nil
	}
	runMu.Lock()
	defer runMu.Unlock()
	got := map[string]*Result{}
	tags := make([]string, len(steps))
	for i, s := range steps {
		tags[i] = "@" + s
	}
	var out bytes.Buffer
	suite := godog.TestSuite{
		Name: "labs",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			env.Steps.Bind(sc)
			// Answer checks judge the answer of the step their Scenario checks.
			var reads int64
			sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
				reads = env.evidenceCount()
				for _, t := range s.Tags {
					id := strings.TrimPrefix(t.Name, "@")
					ctx = WithStep(ctx, id)
					ctx = WithEnv(ctx, env.ForStep(id))
				}
				return ctx, nil
			})
			sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
				for _, t := range s.Tags {
					id := strings.TrimPrefix(t.Name, "@")
					r := &Result{Step: id, Passed: err == nil, Reason: reason(env, err)}
					if err != nil && env.ClientEvidence && env.evidenceCount() != reads {
						// Which source the step's evidence came from, and what it cannot see.
						r.Reason += " " + env.l().T("(labs sees the requests of its own kubectl on this cluster, the one `labs shell` and `labs cluster env` put on PATH: a kubectl outside labs is not seen)")
					}
					// Reasons are composed of several messages; in zh-TW, the half-width space
					// that joins two of them must not stay beside a Chinese character.
					r.Reason = i18n.Typeset(r.Reason)
					got[id] = r
				}
				return ctx, nil
			})
		},
		Options: &godog.Options{
			Format:          "progress",
			Output:          &out,
			NoColors:        true,
			Strict:          true,
			Concurrency:     1,
			Tags:            strings.Join(tags, ","),
			FeatureContents: []godog.Feature{{Name: featurePath, Contents: feature}},
			DefaultContext:  WithEnv(ctx, env),
		},
	}
	if code := suite.Run(); code == 2 {
		return nil, fmt.Errorf("running the checks of %s: %s", featurePath, strings.TrimSpace(out.String()))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	results := make([]Result, len(steps))
	for i, s := range steps {
		if r, ok := got[s]; ok {
			results[i] = *r
		} else {
			results[i] = Result{Step: s, Reason: env.l().T("no Scenario tagged @%s", s)}
		}
	}
	return results, nil
}

// evidenceCount is how often the request evidence was read so far.
func (e *Env) evidenceCount() int64 {
	if e.evidenceReads == nil {
		return 0
	}
	return e.evidenceReads.Load()
}

func reason(env *Env, err error) string {
	if err == nil {
		return ""
	}
	var f *Failure
	if errors.As(err, &f) {
		return f.Msg
	}
	if errors.Is(err, godog.ErrUndefined) {
		return env.l().T("the lab uses an undefined step: %v", err)
	}
	return err.Error()
}
