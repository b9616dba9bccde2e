package checks

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/util/jsonpath"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
)

// Answer checks judge a question step's answer (Env.Answers of the step being checked):
// against a fixed key, or against what the live cluster or the kubeconfig says. A wrong answer
// is said to be wrong without giving the right one away.

func (l *Library) answerSteps() {
	l.Register(Def{
		Pattern: `^the answer is "([^"]+)"$`,
		Example: `the answer is "SIGTERM"`,
		Doc:     "the learner's answer to the step's question is this (compared trimmed, case-insensitive, runs of white space as one)",
		Handler: answerIs,
		Answer:  func(args []string) []string { return args[:1] },
	})
	l.Register(Def{
		Pattern: `^the answer is one of ((?:"[^"]+"(?:, | or |, or )?)+)$`,
		Example: `the answer is one of "no", "false"`,
		Doc:     "the learner's answer is any of these",
		Handler: answerIsOneOf,
		Answer:  func(args []string) []string { return quotedList(args[0]) },
	})
	l.Register(Def{
		Pattern: `^the answer is the node of pod "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the node of pod "client" in namespace "pod-basics"`,
		Doc:     "the learner's answer is the name of the node the pod runs on (its spec.nodeName, read live)",
		Handler: answerIsPodNode,
		Answer:  noKeys,
	})
	l.Register(Def{
		Pattern: `^the answer is the phase of pod "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the phase of pod "fail-never" in namespace "restart-policy" within 60s`,
		Doc:     "the learner's answer is the pod's phase (Pending, Running, Succeeded, Failed, Unknown), read live",
		Handler: answerIsPodPhase,
		Answer:  noKeys,
	})
	l.Register(Def{
		Pattern: `^the answer is the value of "([^"]+)" of (?:the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the value of "{.spec.restartPolicy}" of pod "client" in namespace "pod-basics"`,
		Doc:     "the learner's answer is what the JSONPath template (as kubectl -o jsonpath takes it) gives for the object, read live",
		Handler: answerIsValue,
		Answer:  noKeys,
		Args: func(args []string) string {
			if _, err := parseJSONPath(args[0]); err != nil {
				return fmt.Sprintf("bad JSONPath %q: %v", args[0], err)
			}
			return ""
		},
	})
	l.Register(Def{
		Pattern: `^the answer is the current context of the kubeconfig$`,
		Example: `the answer is the current context of the kubeconfig`,
		Doc:     "the learner's answer is the name of the current context of the kubeconfig their kubectl uses",
		Handler: answerIsCurrentContext,
		Answer:  noKeys,
	})
}

func noKeys([]string) []string { return nil }

var quotedArg = regexp.MustCompile(`"([^"]+)"`)

// quotedList is the quoted values of `"a", "b" or "c"`.
func quotedList(s string) []string {
	var out []string
	for _, m := range quotedArg.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// AnswerStep reports whether text is an answer check and the fixed keys it accepts (none for
// one that compares with the live cluster); labs validate uses it.
func (l Library) AnswerStep(text string) (bool, []string) {
	for _, d := range l.steps() {
		m := d.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		if d.Answer == nil {
			return false, nil
		}
		return true, d.Answer(m[1:])
	}
	return false, nil
}

type stepKey struct{}

// WithStep returns ctx carrying the id of the step being checked, for answer checks.
func WithStep(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, stepKey{}, id)
}

func stepFrom(ctx context.Context) string {
	id, _ := ctx.Value(stepKey{}).(string)
	return id
}

// answer is the learner's answer to the step being checked, or a failure saying how to give
// one.
func (e *Env) answer(ctx context.Context) (string, error) {
	id := stepFrom(ctx)
	if a, ok := e.Answers[id]; ok && strings.TrimSpace(a) != "" {
		return a, nil
	}
	labID := e.Lab
	if labID == "" {
		labID = "LAB"
	}
	return "", e.l().Err("not answered yet: answer in the walkthrough (key a, or the number of a choice), with `%[3]s answer %[1]s %[2]s \"your answer\"`, or in an answers file (a line `%[2]s: your answer`)", labID, id, labsbin.Default())
}

// wrong says the answer is not right, without the right one.
func (e *Env) wrong(ctx context.Context, answer, look string) error {
	shown := e.shownAnswer(ctx, answer)
	if look == "" {
		return e.l().Err("your answer %s is not right; think again (the step's hints help), then answer again", shown)
	}
	return e.l().Err("your answer %s is not right; %s, then answer again", shown, look)
}

// shownAnswer is the answer as the learner gave it: a choice by its number and text (choice
// 4, "the kubelet restarts it"), not by the value it is recorded as; anything else quoted.
func (e *Env) shownAnswer(ctx context.Context, answer string) string {
	l := e.l()
	if q := e.Questions[stepFrom(ctx)]; q != nil {
		for i, c := range q.Choices {
			if lab.SameAnswer(c.Value, answer) {
				return l.T("%[1]d, %[2]s", i+1, l.Quote(c.Text.Get(e.Lang)))
			}
		}
	}
	return l.Quote(answer)
}

func answerIs(ctx context.Context, key string) error {
	return answerIsAny(ctx, []string{key})
}

func answerIsOneOf(ctx context.Context, list string) error {
	return answerIsAny(ctx, quotedList(list))
}

func answerIsAny(ctx context.Context, keys []string) error {
	e := envFrom(ctx)
	a, err := e.answer(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if lab.SameAnswer(a, k) {
			return nil
		}
	}
	return e.wrong(ctx, a, "")
}

// answerLive compares the answer with what live reads, waiting as the step says (the live
// value may still be on its way, a phase say).
func answerLive(ctx context.Context, within, look string, live func(context.Context, *Env) (string, error)) error {
	e := envFrom(ctx)
	a, err := e.answer(ctx)
	if err != nil {
		return err
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		v, err := live(ctx, e)
		if err != nil {
			return err
		}
		if lab.SameAnswer(a, v) {
			return nil
		}
		return e.wrong(ctx, a, look)
	})
}

func answerIsPodNode(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	look := e.l().T("`kubectl get pod %s -n %s -o wide` shows it", name, ns)
	return answerLive(ctx, within, look, func(ctx context.Context, e *Env) (string, error) {
		p, err := e.pod(ctx, name, ns)
		if err != nil {
			return "", err
		}
		if p.Spec.NodeName == "" {
			return "", e.l().Err("pod %s is on no node yet (%s)", name, e.why(p))
		}
		return p.Spec.NodeName, nil
	})
}

func answerIsPodPhase(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	// Not STATUS of kubectl get pod: that column is kubectl's summary (Error, Completed), not
	// the phase.
	look := e.l().T("the phase is Status in `kubectl describe pod %[1]s -n %[2]s`, or `kubectl get pod %[1]s -n %[2]s -o jsonpath='{.status.phase}'` (the STATUS column of kubectl get is a summary, not the phase)", name, ns)
	return answerLive(ctx, within, look, func(ctx context.Context, e *Env) (string, error) {
		p, err := e.pod(ctx, name, ns)
		if err != nil {
			return "", err
		}
		if p.Status.Phase == "" {
			return string(corev1.PodPending), nil
		}
		return string(p.Status.Phase), nil
	})
}

func parseJSONPath(tmpl string) (*jsonpath.JSONPath, error) {
	jp := jsonpath.New("answer").AllowMissingKeys(true)
	if err := jp.Parse(tmpl); err != nil {
		return nil, err
	}
	return jp, nil
}

func answerIsValue(ctx context.Context, tmpl, kind, name, ns, within string) error {
	e := envFrom(ctx)
	jp, err := parseJSONPath(tmpl)
	if err != nil {
		return e.l().Err("bad JSONPath %q in the lab: %v", tmpl, err)
	}
	look := e.l().T("`kubectl get %s %s -n %s -o yaml` shows it", strings.ToLower(kind), name, ns)
	return answerLive(ctx, within, look, func(ctx context.Context, e *Env) (string, error) {
		obj, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := jp.Execute(&b, obj.Object); err != nil {
			return "", e.l().Err("bad JSONPath %q in the lab: %v", tmpl, err)
		}
		return b.String(), nil
	})
}

func answerIsCurrentContext(ctx context.Context) error {
	e := envFrom(ctx)
	look := e.l().T("`kubectl config current-context` shows it")
	return answerLive(ctx, "", look, func(ctx context.Context, e *Env) (string, error) {
		name, err := e.currentContext()
		if err != nil {
			return "", e.l().Err("cannot read the kubeconfig %s: %v", e.Kubeconfig, err)
		}
		return name, nil
	})
}
