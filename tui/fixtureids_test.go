package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/mailtop/mailtop/parsers"
)

// queueIDLike matches a word of ten or more letters and digits. The test
// takes one with a digit and a capital letter for a queue ID, as nearly
// every ID of both forms has them (7E996BE094, 4jh2DZ3Cpzz5rBg), and
// skips words such as "line1line2".
var queueIDLike = regexp.MustCompile(`[0-9A-Za-z]{10,}`)

var (
	hasDigit   = regexp.MustCompile(`[0-9]`)
	hasCapital = regexp.MustCompile(`[A-Z]`)
)

// TestFixtureQueueIDsValid reads the package's test files and fails on a
// queue ID in a string literal that parsers.ValidQueueID rejects, so that
// the screens are tested with IDs of the shapes Postfix writes.
func TestFixtureQueueIDsValid(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test files found in the working directory")
	}
	checked := 0
	for _, name := range files {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			text, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, word := range queueIDLike.FindAllString(text, -1) {
				if !hasDigit.MatchString(word) || !hasCapital.MatchString(word) {
					continue
				}
				checked++
				if !parsers.ValidQueueID(word) {
					t.Errorf("%s: %q is not a valid queue ID: use the short form of uppercase hex digits (7E996BE094) or the long form (4jh2DZ3Cpzz5rBg)", fset.Position(lit.Pos()), word)
				}
			}
			return true
		})
	}
	if checked == 0 {
		t.Error("no queue ID found in the test files: the pattern no longer matches the fixtures")
	}
}
