// Package i18ntest checks, in a package's own tests, that every message the package renders
// through a Localizer has a zh-TW translation in the catalogue.
package i18ntest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
)

// EveryMessageTranslated parses the non-test Go files of dir (the calling package's
// directory, usually ".") and fails t for each call X.T("..."), X.Err("...") or
// i18n.Errorf("...") whose literal English key has no zh-TW translation. Call it from a test of a package that imports the
// package whose zh_tw.go registers the translations (the package itself, normally).
func EveryMessageTranslated(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !isMessageCall(sel) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			n++
			if !i18n.Translated(key) {
				t.Errorf("%s: no zh-TW translation for %q (add it to the package's zh_tw.go)", fset.Position(lit.Pos()), key)
			}
			return true
		})
	}
	t.Logf("%d localized messages checked in %s", n, dir)
}

// isMessageCall reports whether sel is X.T, X.Err or i18n.Errorf (not fmt.Errorf).
func isMessageCall(sel *ast.SelectorExpr) bool {
	switch sel.Sel.Name {
	case "T", "Err":
		return true
	case "Errorf":
		pkg, ok := sel.X.(*ast.Ident)
		return ok && pkg.Name == "i18n"
	}
	return false
}

// ZHTypography fails t for every zh-TW text in the catalogue (of the packages the test binary
// links) that breaks Taiwan's typesetting (i18n.TypographyProblems): a half-width space between
// Chinese characters or beside full-width punctuation, ASCII quotes or a %q verb where 「」
// belong.
func ZHTypography(t *testing.T) {
	t.Helper()
	zh := i18n.New(i18n.ZH)
	for _, key := range i18n.Keys() {
		if strings.HasPrefix(key, "test: ") {
			continue // the i18n package's own test entries
		}
		for _, p := range i18n.TypographyProblems(zh.T(key)) {
			t.Errorf("zh-TW of %q: %s", key, p)
		}
	}
}
