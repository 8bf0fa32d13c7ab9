package stringcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// tuiConfig is what the check on package tui treats as silent, technical
// and allowed. Each entry gives the reason the text may stay outside the catalog.
var tuiConfig = Config{
	SilentCalls: map[string]string{
		"T": "the argument is a catalog id",
		// Error texts are English in every language, as in the rest of
		// mailtop; the screen frames them with a catalog text such as
		// result.failed ("{{.Action}} failed: {{.Error}}").
		"Errorf":    "an error text",
		"New":       "an error text (errors.New)",
		"bind":      "key names and the labels of keys (pgup, ctrl+c), the same in every language",
		"WithKeys":  "key names",
		"Color":     "lipgloss color values",
		"Getenv":    "environment variable names",
		"Contains":  "matches text",
		"Cut":       "parses text",
		"CutPrefix": "parses text",
		"CutSuffix": "parses text",
		"HasPrefix": "matches text",
		"HasSuffix": "matches text",
		"Index":     "matches text",
		"Split":     "parses text",
		"TrimSpace": "parses text",
	},
	TechnicalWords: map[string]bool{
		"mailtop": true, // the program's name
		"sudo":    true, // a command name, in the command the queue screen gives
		"smtp":    true, // a Postfix daemon name
		"sasl":    true, // sasl= in a Postfix log line
		"orig_to": true, // orig_to= in a Postfix log line
	},
	Allow: []Allowed{
		{"reasonPhases", "", "Postfix's own reply text, matched to find the SMTP phase"},
		{"replyCode", "said: ", "Postfix's own reply text, parsed"},
		{"basisName", "none", "the suffix of a catalog id (why.basis.none)"},
		{"countedID", "One", "the suffix of a catalog id (qconfirm.taggedOne)"},
		{"buildLines", "mailtop check -c ", "a command line, the same in every language"},
		{"buildLines", "mailtop check", "a command line, the same in every language"},
		{"recipeMark", "\x00recipe", "a mark the why panel replaces with configuration lines, never shown"},
		{"headerClock", "15:04:05 MST", "a time layout, in which Go writes the zone's abbreviation in place of MST"},
		{"staleLogHint", "2006-01-02 15:04 MST", "a time layout, in which Go writes the zone's abbreviation in place of MST"},
		{"logZoneText", "MST", "part of a time layout, in which Go writes the zone's abbreviation in place of MST"},
		{"formatTimestamp", "MST", "part of a time layout, in which Go writes the zone's abbreviation in place of MST"},
		{"logZoneText", "--tz UTC", "the flag and value that the catalog texts log.zoneFix* name, matched to join them on screen"},
		{"logZoneText", "--tz", "a flag name, the same in every language"},
		{"logZoneText", "UTC", "the zone name UTC, the same in every language"},
		{"formatUTCOffset", "UTC", "the zone name UTC, the same in every language"},
		{"formatUTCOffset", "UTC%c%02d:%02d", "a UTC offset such as UTC+09:00, written the same in every language"},
		{"queuePromptShortenable", "", "template field names of the qconfirm catalog texts"},
		{"confirmPromptLines", "Recipients", "a template field name of confirm.deliver and confirm.requeue"},
		// QueueFilterError.Error is the English error of mailtop queue
		// --queue. The queue screen words the same errors with the
		// queue.filter* catalog texts instead.
		{"Error", "unknown queue %q; use one of %s", "the command line's error for --queue"},
		{"Error", "unknown reason class %q in the filter; use a name such as rate_limited, blocked or user_unknown", "the English error of ParseQueueFilter"},
		{"Error", "%s: is given twice in the filter; give one value for each prefix", "the English error of ParseQueueFilter"},
	},
}

// pendingTUI lists the literals the check finds in package tui that are
// drawn in English on the Japanese screen and still wait for catalog ids.
// The test fails when one of them is gone, so the list only shrinks.
//
// NOTE: each of these shows English text on the Japanese screen.
var pendingTUI = []Allowed{}

func TestTUIStringsUseCatalog(t *testing.T) {
	pkg, err := Load("../../tui")
	if err != nil {
		t.Fatal(err)
	}
	findings := pkg.Check(tuiConfig)
	Sort(findings)
	for _, f := range findings {
		pending := slices.ContainsFunc(pendingTUI, func(a Allowed) bool {
			return a.Context == f.Context && a.Text == f.Text
		})
		if !pending {
			t.Errorf("%s: user-visible text outside the l10n catalog; add a catalog id, or allow it in tuiConfig with the reason", f)
		}
	}
	for _, a := range pendingTUI {
		found := slices.ContainsFunc(findings, func(f Finding) bool {
			return a.Context == f.Context && a.Text == f.Text
		})
		if !found {
			t.Errorf("pendingTUI lists %q in %s, which the check no longer finds; remove it from the list", a.Text, a.Context)
		}
	}
}

func TestTUICatalogIDsExist(t *testing.T) {
	pkg, err := Load("../../tui")
	if err != nil {
		t.Fatal(err)
	}
	ids := l10n.IDs()
	known := make(map[string]bool, len(ids))
	for _, id := range ids {
		known[id] = true
	}
	for _, f := range pkg.CheckIDs(func(id string) bool { return known[id] }, Prefixes(ids)) {
		t.Errorf("%s: catalog id missing from l10n/english*.go and l10n/ja.toml", f)
	}
}

// writePackage writes source as a one-file package in a temporary directory.
func writePackage(t *testing.T, source string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "view.go"), []byte("package view\n\n"+source), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckFindsDrawnText(t *testing.T) {
	tests := []struct {
		name   string
		source string
		want   []string
	}{
		{"rendered literal", `func v(s style) string { return s.Render("Queue is empty") }`, []string{"Queue is empty"}},
		{"format string with words", `func v(n int) string { return fmt.Sprintf("%d messages", n) }`, []string{"%d messages"}},
		{"assigned then drawn", `func v() string { retry := "due"; return retry }`, []string{"due"}},
		{"concatenation", `func v(x string) string { return "from " + x }`, []string{"from "}},
		{"closure in a function", `func v() func() string { return func() string { return "loading" } }`, []string{"loading"}},
		{"package-level text", `var title = "Domains"`, []string{"Domains"}},
		{"catalog lookup", `func v(l loc) string { return l.T("msgs.title") }`, nil},
		{"catalog id returned", `func v() string { return "action.deliver" }`, nil},
		{"format verbs and units only", `func v(x float64) string { return fmt.Sprintf("%.1fh %5.0f%% %-*s", x, x, 3, "") }`, nil},
		{"single letters", `func v() string { return "5m+" }`, nil},
		{"comparison", `func v(k key) bool { return k.String() == "ctrl+c" }`, nil},
		{"switch case", "func v(k string) int {\n\tswitch k {\n\tcase \"enter\":\n\t\treturn 1\n\t}\n\treturn 0\n}", nil},
		{"map key", `func v(id string) map[string]any { return map[string]any{"QueueID": id} }`, nil},
		{"index key", `func v(data map[string]any) { data["Error"] = 1 }`, nil},
		{"silent call", `func v(s string) bool { return strings.HasPrefix(s, "host ") }`, nil},
		{"concatenation in a silent call", `func v(s, h string) bool { return strings.HasPrefix(s, "host "+h) }`, nil},
		{"struct tag", "type row struct {\n\tName string `json:\"queue_name\"`\n}", nil},
		{"import path", `import "charm.land/lipgloss/v2"`, nil},
		{"technical word", `func v() string { return "mailtop" }`, nil},
		{"allowed in its function", `func basisName() string { return "none" }`, nil},
		{"allowed text elsewhere", `func other() string { return "none" }`, []string{"none"}},
	}
	cfg := Config{
		SilentCalls:    map[string]string{"T": "", "HasPrefix": ""},
		TechnicalWords: map[string]bool{"mailtop": true},
		Allow:          []Allowed{{"basisName", "none", "catalog id suffix"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkg, err := Load(writePackage(t, tt.source))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range pkg.Check(cfg) {
				got = append(got, f.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check found %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckIDsFindsMissingID(t *testing.T) {
	pkg, err := Load(writePackage(t, `func v(l loc) string { return l.T("col.domian") + l.T("col.domain") + "example.com" }`))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"col.domain": true}
	findings := pkg.CheckIDs(func(id string) bool { return known[id] }, Prefixes([]string{"col.domain"}))
	if len(findings) != 1 || findings[0].Text != "col.domian" {
		t.Errorf("CheckIDs = %v, want only col.domian", findings)
	}
	if len(findings) == 1 && !strings.HasSuffix(findings[0].Pos.Filename, "view.go") {
		t.Errorf("finding position %v does not name view.go", findings[0].Pos)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Load of a missing directory returned no error")
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty directory returned no error")
	}
	broken := writePackage(t, "func {")
	if _, err := Load(broken); err == nil {
		t.Error("Load of a file that does not parse returned no error")
	}
}
