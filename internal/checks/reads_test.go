package checks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandlersReadThroughEnv keeps every read of the cluster and of files in reads.go, whose
// helpers tell Observe what they read: a handler that used e.Client, e.Dynamic or os.ReadFile
// itself would be invisible to the live walkthrough, which would then never re-check it.
func TestHandlersReadThroughEnv(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "reads.go" || name == "env.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "os" && (strings.HasPrefix(sel.Sel.Name, "Read") || strings.HasPrefix(sel.Sel.Name, "Open")) {
				t.Errorf("%s: os.%s outside reads.go: read through an Env helper that observes", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "kubeconfig" {
				t.Errorf("%s: kubeconfig.%s outside reads.go", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			switch sel.Sel.Name {
			case "Client", "Dynamic", "auditSince":
				t.Errorf("%s: .%s outside reads.go: read through an Env helper that observes", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
