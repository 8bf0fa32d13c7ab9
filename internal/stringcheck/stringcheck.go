// Package stringcheck finds text in Go source that reaches the user without
// going through the l10n catalog. It parses a package with go/parser and
// walks its syntax tree to find where each string literal sits: an
// argument of the catalog lookup, a map key, one side of a comparison, a
// case value, or text that may be drawn.
//
// A literal is reported when it contains a word of two or more letters
// after format verbs are removed, and none of these holds:
//
//   - it is an import path or a struct tag;
//   - it is an argument of a call named in Config.SilentCalls, such as the
//     catalog lookup T or strings.HasPrefix;
//   - it is the key of a map literal or an index expression, where the tui
//     package names template fields ({{.QueueID}});
//   - it is compared with == or != or is a case value, which matches input
//     rather than printing it;
//   - it has the shape of a catalog id (col.domain), which CheckIDs checks;
//   - every word in it is in Config.TechnicalWords;
//   - Config.Allow lists it for the function or variable it is in.
//
// The check cannot follow a literal through variables across functions, so
// it reports text where it is written, not where it is drawn. That errs on
// the side of reporting: a literal that is never shown is listed in
// Config.Allow with the reason.
package stringcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Finding is one string literal that looks like user-visible text, or one
// catalog id that the catalog lacks.
type Finding struct {
	Pos     token.Position
	Context string // the enclosing function or package-level variable
	Text    string
}

// String formats f as file:line: context: "text".
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %q", f.Pos.Filename, f.Pos.Line, f.Context, f.Text)
}

// Allowed is a literal that may stay outside the catalog.
type Allowed struct {
	Context string // function or variable name; "" allows the text anywhere
	Text    string // "" allows every literal in Context
	Reason  string
}

// Config sets what the check treats as silent or technical.
type Config struct {
	// SilentCalls maps a function or method name, without package or
	// receiver, to the reason its string arguments are never drawn.
	SilentCalls map[string]string
	// TechnicalWords are lower-case words that are the same in every
	// language, such as mailtop, SMTP or a Postfix field name.
	TechnicalWords map[string]bool
	// Allow lists the literals that may stay outside the catalog.
	Allow []Allowed
}

var (
	// formatVerb matches a fmt verb with flags, width and precision.
	formatVerb = regexp.MustCompile(`%[-+# 0]*(\*|[0-9]+)?(\.(\*|[0-9]+))?[a-zA-Z%]`)
	// word matches a run of letters long enough to be a word; single
	// letters are units (5m, 3d) or key names.
	word = regexp.MustCompile(`[A-Za-z][A-Za-z_']+`)
	// catalogID matches the shape of an l10n message id: lower-case
	// segments joined by dots, such as col.domain or advice.docomo.sent,
	// or the start of one ending in a dot, such as why.class., to which
	// the code adds the last segment.
	catalogID = regexp.MustCompile(`^[a-z][a-zA-Z]*(\.[a-zA-Z_]+)+\.?$`)
)

// Package is the parsed non-test source of one package directory.
type Package struct {
	fset  *token.FileSet
	files []*ast.File
}

// Load parses the non-test Go files of dir.
func Load(dir string) (*Package, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read package directory: %w", err)
	}
	pkg := &Package{fset: token.NewFileSet()}
	for _, entry := range entries {
		name := entry.Name()
		if entry.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(pkg.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pkg.files = append(pkg.files, file)
	}
	if len(pkg.files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	return pkg, nil
}

// literal is a string literal with what the walk learned about its place.
type literal struct {
	lit     *ast.BasicLit
	value   string
	context string
	silent  bool // in a place that matches input or names something
}

// literals returns every string literal of the package with its context,
// in file and position order.
func (p *Package) literals(silentCalls map[string]string) []literal {
	var out []literal
	for _, file := range p.files {
		for _, decl := range file.Decls {
			context := declName(decl)
			var stack []ast.Node
			ast.Inspect(decl, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				switch n := n.(type) {
				case *ast.ImportSpec:
					// Inspect calls f(nil) only for nodes it descends
					// into, so a skipped node is not pushed.
					return false
				case *ast.BasicLit:
					if n.Kind == token.STRING {
						value, err := strconv.Unquote(n.Value)
						if err == nil {
							out = append(out, literal{n, value, context, isSilent(n, stack, silentCalls)})
						}
					}
				}
				stack = append(stack, n)
				return true
			})
		}
	}
	return out
}

// declName returns the name of a function or of the first name a
// package-level declaration defines.
func declName(decl ast.Decl) string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		return d.Name.Name
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.ValueSpec:
				return s.Names[0].Name
			case *ast.TypeSpec:
				return s.Name.Name
			}
		}
	}
	return "?"
}

// isSilent reports whether the literal lit, below the nodes in stack, sits
// where text is matched or named rather than drawn.
func isSilent(lit *ast.BasicLit, stack []ast.Node, silentCalls map[string]string) bool {
	// Climb through parentheses and concatenations: "x" + y is silent
	// where "x" alone would be.
	var child ast.Node = lit
	for i := len(stack) - 1; i >= 0; i-- {
		switch parent := stack[i].(type) {
		case *ast.ParenExpr:
			child = parent
			continue
		case *ast.BinaryExpr:
			switch parent.Op {
			case token.EQL, token.NEQ:
				return true
			case token.ADD:
				child = parent
				continue
			}
			return false
		case *ast.CaseClause:
			return true
		case *ast.Field:
			return parent.Tag == child
		case *ast.KeyValueExpr:
			return parent.Key == child
		case *ast.IndexExpr:
			return parent.Index == child
		case *ast.CallExpr:
			if parent.Fun == child {
				return false
			}
			_, silent := silentCalls[callName(parent)]
			return silent
		}
		return false
	}
	return false
}

// callName returns the function or method name of a call, without package
// or receiver.
func callName(call *ast.CallExpr) string {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return fun.Name
	case *ast.SelectorExpr:
		return fun.Sel.Name
	case *ast.IndexExpr:
		if id, ok := fun.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// Check returns the literals of the package that look like user-visible
// text and are neither silent, technical nor allowed by cfg.
func (p *Package) Check(cfg Config) []Finding {
	var findings []Finding
	for _, l := range p.literals(cfg.SilentCalls) {
		if l.silent || catalogID.MatchString(l.value) || !hasProse(l.value, cfg.TechnicalWords) || allowed(cfg.Allow, l) {
			continue
		}
		findings = append(findings, Finding{p.fset.Position(l.lit.Pos()), l.context, l.value})
	}
	return findings
}

// hasProse reports whether text has a word, format verbs left out, that is
// not in technical.
func hasProse(text string, technical map[string]bool) bool {
	text = formatVerb.ReplaceAllString(text, " ")
	for _, w := range word.FindAllString(text, -1) {
		if !technical[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

func allowed(allow []Allowed, l literal) bool {
	for _, a := range allow {
		if (a.Text == "" || a.Text == l.value) && (a.Context == "" || a.Context == l.context) {
			return true
		}
	}
	return false
}

// CheckIDs returns the literals that have the shape of a catalog id, start
// with one of the catalog's first segments (col., key., …) and are missing
// from the catalog. known reports whether an id is in the catalog. The
// start of an id (why.class.) is left to the tests of the code that ends it.
func (p *Package) CheckIDs(known func(id string) bool, prefixes map[string]bool) []Finding {
	var findings []Finding
	for _, l := range p.literals(nil) {
		if !catalogID.MatchString(l.value) || strings.HasSuffix(l.value, ".") {
			continue
		}
		first, _, _ := strings.Cut(l.value, ".")
		if prefixes[first] && !known(l.value) {
			findings = append(findings, Finding{p.fset.Position(l.lit.Pos()), l.context, l.value})
		}
	}
	return findings
}

// Prefixes returns the first segments of ids, the namespaces of a catalog.
func Prefixes(ids []string) map[string]bool {
	prefixes := make(map[string]bool)
	for _, id := range ids {
		first, _, _ := strings.Cut(id, ".")
		prefixes[first] = true
	}
	return prefixes
}

// Sort orders findings by file and line.
func Sort(findings []Finding) {
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i].Pos, findings[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
}
