package diagnose

import (
	"errors"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
)

func TestOverridesOrder(t *testing.T) {
	o, err := CompileOverrides([]OverrideRule{
		{Pattern: `(?i)unknown user`, Domain: "docomo.ne.jp", Phase: "end_of_data", Class: "user_unknown"},
		{Pattern: `(?i)unknown user`, Class: "other"},
		{Pattern: `Greylisted`, DSN: "4.2", Class: "blocked"},
		{Pattern: `.*`, DSN: "5", Domain: "example.org", Class: "spam_content"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.Len() != 4 {
		t.Errorf("Len() = %d, want 4", o.Len())
	}
	dataReject := docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, jstNoon())
	rcptReject := docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseRCPT, jstNoon())
	subdomain := dataReject
	subdomain.Domain = "sub.docomo.ne.jp"
	lookalike := dataReject
	lookalike.Domain = "xdocomo.ne.jp"
	tests := []struct {
		name  string
		in    Input
		class Class
		basis string
	}{
		{"first rule wins", dataReject, UserUnknown, BasisOverride},
		{"phase filter passes to the next rule", rcptReject, Other, BasisOverride},
		{"domain filter matches a subdomain", subdomain, UserUnknown, BasisOverride},
		{"domain filter is not a bare suffix", lookalike, Other, BasisOverride},
		{"dsn prefix", Input{Status: parsers.StatusDeferred, DSN: "4.2.0", Reason: "450 4.2.0 Greylisted"}, Blocked, BasisOverride},
		{"dsn prefix is not a string prefix", Input{Status: parsers.StatusDeferred, DSN: "4.20.0", Reason: "450 4.20.0 Greylisted"}, Greylisted, BasisText},
		{"class digit", Input{Status: parsers.StatusBounced, DSN: "5.1.1", Domain: "EXAMPLE.ORG", Reason: "anything"}, SpamContent, BasisOverride},
		{"no rule matches", Input{Status: parsers.StatusBounced, DSN: "4.1.1", Domain: "example.org", Reason: "anything"}, UserUnknown, BasisCode},
		{"success is never overridden", Input{Status: parsers.StatusSent, DSN: "5.0.0", Domain: "example.org", Reason: "250 ok"}, ClassNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := o.Classify(tt.in)
			if got.Class != tt.class {
				t.Errorf("class = %q, want %q", got.Class, tt.class)
			}
			if got.Basis != tt.basis {
				t.Errorf("basis = %q, want %q", got.Basis, tt.basis)
			}
			if tt.basis == BasisOverride && got.Confidence != ConfidenceHigh {
				t.Errorf("confidence = %q, want high", got.Confidence)
			}
		})
	}
}

func TestOverridesKeepCollateral(t *testing.T) {
	o, err := CompileOverrides([]OverrideRule{{Pattern: "Unknown user", Class: "user_unknown"}})
	if err != nil {
		t.Fatal(err)
	}
	got := o.Classify(docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, jstNoon()))
	if got.Class != UserUnknown || !got.Collateral {
		t.Errorf("Classify = %q collateral %v, want user_unknown with collateral", got.Class, got.Collateral)
	}
}

func TestOverridesNil(t *testing.T) {
	var o *Overrides
	if o.Len() != 0 {
		t.Errorf("nil Len() = %d, want 0", o.Len())
	}
	in := docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseRCPT, jstNoon())
	if o.Classify(in) != Classify(in) {
		t.Error("nil Overrides classify differently from Classify")
	}
	empty, err := CompileOverrides(nil)
	if err != nil || empty.Len() != 0 {
		t.Errorf("CompileOverrides(nil) = %v, %v; want no rules and no error", empty, err)
	}
}

func TestCompileOverridesErrors(t *testing.T) {
	valid := OverrideRule{Pattern: "x", Class: "other"}
	tests := []struct {
		name     string
		rule     OverrideRule
		english  []string
		japanese []string
	}{
		{"missing pattern", OverrideRule{Class: "other"},
			[]string{"override rule 2", "pattern is missing", "'(?i)unknown user'"},
			[]string{"2 番目の [[override]]", "pattern がありません", "pattern = '(?i)unknown user' のように"}},
		{"invalid regexp", OverrideRule{Pattern: "(unclosed", Class: "other"},
			[]string{"override rule 2", `invalid pattern "(unclosed"`, "missing closing )", "Go regular expression syntax"},
			[]string{"2 番目の [[override]]", `pattern "(unclosed" は正規表現として読めません`, "missing closing )", "Go の正規表現の構文で書いてください"}},
		{"missing class", OverrideRule{Pattern: "x"},
			[]string{"override rule 2", "class is missing", "user_unknown, filtered,", "other"},
			[]string{"2 番目の [[override]]", "class がありません", "user_unknown、filtered、", "のどれかを指定してください"}},
		{"unknown class", OverrideRule{Pattern: "x", Class: "spam"},
			[]string{"override rule 2", `invalid class "spam"`, "spam_content"},
			[]string{"2 番目の [[override]]", `class "spam" は使えません`, "spam_content、", "のどれかを指定してください"}},
		{"unknown phase", OverrideRule{Pattern: "x", Class: "other", Phase: "end-of-data"},
			[]string{"override rule 2", `invalid phase "end-of-data"`, "end_of_data"},
			[]string{"2 番目の [[override]]", `phase "end-of-data" は使えません`, "data、body、end_of_data、rset", "のどれかを指定してください"}},
		{"bad dsn class", OverrideRule{Pattern: "x", Class: "other", DSN: "3.1.1"},
			[]string{"override rule 2", `invalid dsn "3.1.1"`, "such as 5.7.1"},
			[]string{"2 番目の [[override]]", `dsn "3.1.1" は使えません`, "5.7.1 のような拡張ステータスコード"}},
		{"bad dsn text", OverrideRule{Pattern: "x", Class: "other", DSN: "5.x"},
			[]string{"override rule 2", `invalid dsn "5.x"`},
			[]string{`dsn "5.x" は使えません`}},
		{"too many dsn parts", OverrideRule{Pattern: "x", Class: "other", DSN: "5.1.1.1"},
			[]string{"override rule 2", `invalid dsn "5.1.1.1"`},
			[]string{`dsn "5.1.1.1" は使えません`}},
		{"address as domain", OverrideRule{Pattern: "x", Class: "other", Domain: "user@docomo.ne.jp"},
			[]string{"override rule 2", `invalid domain "user@docomo.ne.jp"`, "such as docomo.ne.jp"},
			[]string{"2 番目の [[override]]", `domain "user@docomo.ne.jp" はドメイン名ではありません`, "docomo.ne.jp のようなドメイン名を指定してください"}},
		{"blank domain", OverrideRule{Pattern: "x", Class: "other", Domain: "  "},
			[]string{"override rule 2", `invalid domain "  "`},
			[]string{`domain "  " はドメイン名ではありません`}},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := CompileOverrides([]OverrideRule{valid, tt.rule})
			if err == nil {
				t.Fatalf("CompileOverrides accepted %+v", tt.rule)
			}
			if o != nil {
				t.Error("CompileOverrides returned rules with an error")
			}
			for _, part := range tt.english {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q lacks %q", err, part)
				}
			}
			text := japanese.ErrorText(err)
			for _, part := range tt.japanese {
				if !strings.Contains(text, part) {
					t.Errorf("Japanese text %q lacks %q", text, part)
				}
			}
		})
	}
}

// The error of an invalid pattern wraps the regexp package's error, so
// that a caller can still inspect it.
func TestOverridePatternWrapsSyntaxError(t *testing.T) {
	_, err := CompileOverrides([]OverrideRule{{Pattern: "(unclosed", Class: "other"}})
	var syntaxErr *syntax.Error
	if !errors.As(err, &syntaxErr) || syntaxErr.Code != syntax.ErrMissingParen {
		t.Errorf("error %v does not wrap the *syntax.Error of the pattern", err)
	}
}
