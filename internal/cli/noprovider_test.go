package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
)

// TestCLINamesNoProvider: the CLI chooses a provider through the registry and asks its
// capabilities; it imports no provider package (only internal/cluster/providers, which links
// them all) and compares nothing with a provider's name. Help texts may name them: they are
// documentation, not decisions.
func TestCLINamesNoProvider(t *testing.T) {
	names := cluster.Names()
	if len(names) < 3 {
		t.Fatalf("the registry has %v: the providers are not linked in", names)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if slices.Contains(names, filepath.Base(path)) && strings.Contains(path, "/internal/cluster/") {
				t.Errorf("%s imports the provider %s: choose through the registry (cluster.New, Capabilities)", fset.Position(imp.Pos()), path)
			}
		}
		isName := func(e ast.Expr) bool {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return false
			}
			s, _ := strconv.Unquote(lit.Value)
			return slices.Contains(names, s)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (isName(n.X) || isName(n.Y)) {
					t.Errorf("%s compares with a provider's name: ask its Capabilities instead", fset.Position(n.Pos()))
				}
			case *ast.CaseClause:
				for _, e := range n.List {
					if isName(e) {
						t.Errorf("%s switches on a provider's name: ask its Capabilities instead", fset.Position(e.Pos()))
					}
				}
			}
			return true
		})
	}
}
