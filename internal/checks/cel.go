package checks

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/ext"
	"k8s.io/apimachinery/pkg/labels"
)

// A general expression step, for what no sentence covers: a CEL expression (the language of
// Kubernetes' own validation rules) over one object (`self`) or a selected list (`items`),
// which must be true. labs validate compiles it, so a typo is reported at its file:line.

func (l *Library) celSteps() {
	l.Register(Def{
		Pattern:   `^(?:the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)"(?: in namespace "([^"]+)")? satisfies` + within + `:$`,
		Example:   `deployment "web" in namespace "deployments" satisfies:`,
		DocString: "self.spec.template.spec.containers.exists(c, c.env.exists(e, e.name == 'GREETING' && has(e.valueFrom.configMapKeyRef)))",
		Doc: "the CEL expression of the doc string is true for the object (`self`, as `kubectl get -o json` shows it); " +
			"strings in single quotes; has(self.x.y) tests a field; macros all, exists, filter, map; labs validate compiles it",
		Handler:  objectSatisfies,
		CheckDoc: func(_ []string, doc string) (int, string) { return checkCEL(doc) },
	})
	l.Register(Def{
		Pattern:   `^the ([a-z][a-z0-9.]*) ` + selector + ` in namespace "([^"]+)" satisfy` + within + `:$`,
		Example:   `the pods of deployment "web" in namespace "deployments" satisfy:`,
		DocString: "items.size() == 3 && items.all(p, p.spec.containers[0].image == 'nginx:1.28')",
		Doc: "the CEL expression is true for the list (`items`) of the objects of the resource with the label selector " +
			"(`with label \"app=web\"`), or of the Pods of a Deployment (`the pods of deployment \"web\"`)",
		Handler:  listSatisfies,
		CheckDoc: func(_ []string, doc string) (int, string) { return checkCEL(doc) },
		Args: func(a []string) string {
			if a[2] != "" && !isPod(a[0]) {
				return fmt.Sprintf("`of deployment` selects pods, not %s; use a label selector (`with label \"app=web\"`)", a[0])
			}
			return selectorArgs(1)(a)
		},
	})
}

// celEnv declares self (one object) and items (a list of objects), with the string and list
// extensions.
var celEnv = sync.OnceValues(func() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("self", cel.DynType),
		cel.Variable("items", cel.ListType(cel.DynType)),
		ext.Strings(), ext.Lists(), ext.Sets(),
	)
})

// compileCEL compiles a lab's expression: its program, or the line (1-based, within the
// expression) and what is wrong.
func compileCEL(expr string) (cel.Program, int, string) {
	env, err := celEnv()
	if err != nil {
		return nil, 1, err.Error()
	}
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		errs := iss.Errors()
		line := 1
		var msgs []string
		for _, e := range errs {
			if e.Location == nil {
				msgs = append(msgs, e.Message)
				continue
			}
			if len(msgs) == 0 && e.Location.Line() > 0 {
				line = e.Location.Line()
			}
			msgs = append(msgs, fmt.Sprintf("column %d: %s", e.Location.Column()+1, e.Message))
		}
		return nil, line, "invalid CEL expression: " + strings.Join(msgs, "; ")
	}
	if t := ast.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		return nil, 1, fmt.Sprintf("the CEL expression gives a %s, not a bool (true passes the step)", t)
	}
	prg, err := env.Program(ast)
	if err != nil {
		return nil, 1, "invalid CEL expression: " + err.Error()
	}
	return prg, 0, ""
}

// checkCEL is labs validate's check of a CEL doc string.
func checkCEL(doc string) (int, string) {
	if strings.TrimSpace(doc) == "" {
		return 1, "the doc string holds no CEL expression"
	}
	_, line, msg := compileCEL(doc)
	return line, msg
}

// evalCEL runs the lab's expression on vars: nil when it is true.
func (e *Env) evalCEL(expr, what string, vars map[string]any) error {
	prg, _, msg := compileCEL(expr)
	if prg == nil {
		return e.l().Err("the lab's CEL expression is invalid: %s", msg)
	}
	out, _, err := prg.Eval(vars)
	short := describeCEL(expr)
	if err != nil {
		return e.l().Err("%s does not satisfy %s: %v", what, short, err)
	}
	if b, ok := out.Value().(bool); !ok || !b {
		return e.l().Err("%s does not satisfy %s (it is %v)", what, short, out.Value())
	}
	return nil
}

func objectSatisfies(ctx context.Context, kind, name, ns, within string, doc *godog.DocString) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		_, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		if namespaced && ns == "" {
			return e.l().Err("%[1]s is namespaced: say in which namespace (%[1]s \"%[2]s\" in namespace \"…\" satisfies:)", kind, name)
		}
		if !namespaced {
			ns = ""
		}
		// getObject tells a missing object (and why) from a cluster that does not answer.
		u, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return err
		}
		return e.evalCEL(doc.Content, kind+" "+name, map[string]any{"self": u.Object, "items": []any{}})
	})
}

func listSatisfies(ctx context.Context, kind, label, deploy, ns, within string, doc *godog.DocString) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		var items []any
		var what string
		if deploy != "" {
			s, err := e.selectPods(ctx, "", deploy, ns)
			if err != nil {
				return err
			}
			list, err := e.list(ctx, gvrPods, ns)
			if err != nil {
				return e.apiError(err)
			}
			for _, it := range list.Items {
				for _, p := range s.pods {
					if p.UID == it.GetUID() {
						items = append(items, it.Object)
					}
				}
			}
			what = s.what
		} else {
			gvr, _, err := e.resolve(kind)
			if err != nil {
				return err
			}
			sel, err := labels.Parse(label)
			if err != nil {
				return e.l().Err("bad label selector %q in the lab: %v", label, err)
			}
			list, err := e.list(ctx, gvr, ns)
			if err != nil {
				return e.apiError(err)
			}
			for _, it := range list.Items {
				if sel.Matches(labels.Set(it.GetLabels())) {
					items = append(items, it.Object)
				}
			}
			what = e.l().T("the %s with label %s", kind, label)
		}
		if items == nil {
			items = []any{}
		}
		return e.evalCEL(doc.Content, what, map[string]any{"items": items, "self": map[string]any{}})
	})
}

// describeCEL is how a failure names the expression: the text of its leading // comment lines
// when the author wrote some (what the condition means), else the expression on one line.
func describeCEL(expr string) string {
	var comment []string
	for _, l := range strings.Split(strings.TrimSpace(expr), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "//") {
			break
		}
		comment = append(comment, strings.TrimSpace(strings.TrimPrefix(l, "//")))
	}
	if len(comment) > 0 {
		return strings.Join(comment, " ")
	}
	return strings.Join(strings.Fields(expr), " ")
}
