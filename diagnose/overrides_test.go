package diagnose

import (
	"strings"
	"testing"

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
		name  string
		rule  OverrideRule
		parts []string
	}{
		{"missing pattern", OverrideRule{Class: "other"}, []string{"override rule 2", "pattern is missing"}},
		{"invalid regexp", OverrideRule{Pattern: "(unclosed", Class: "other"}, []string{"override rule 2", `invalid pattern "(unclosed"`, "missing closing )"}},
		{"missing class", OverrideRule{Pattern: "x"}, []string{"override rule 2", `invalid class ""`, "user_unknown"}},
		{"unknown class", OverrideRule{Pattern: "x", Class: "spam"}, []string{"override rule 2", `invalid class "spam"`, "spam_content"}},
		{"unknown phase", OverrideRule{Pattern: "x", Class: "other", Phase: "end-of-data"}, []string{"override rule 2", `invalid phase "end-of-data"`, "end_of_data"}},
		{"bad dsn class", OverrideRule{Pattern: "x", Class: "other", DSN: "3.1.1"}, []string{"override rule 2", `invalid dsn "3.1.1"`}},
		{"bad dsn text", OverrideRule{Pattern: "x", Class: "other", DSN: "5.x"}, []string{"override rule 2", `invalid dsn "5.x"`}},
		{"too many dsn parts", OverrideRule{Pattern: "x", Class: "other", DSN: "5.1.1.1"}, []string{"override rule 2", `invalid dsn "5.1.1.1"`}},
		{"address as domain", OverrideRule{Pattern: "x", Class: "other", Domain: "user@docomo.ne.jp"}, []string{"override rule 2", `invalid domain "user@docomo.ne.jp"`}},
		{"blank domain", OverrideRule{Pattern: "x", Class: "other", Domain: "  "}, []string{"override rule 2", `invalid domain "  "`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := CompileOverrides([]OverrideRule{valid, tt.rule})
			if err == nil {
				t.Fatalf("CompileOverrides accepted %+v", tt.rule)
			}
			if o != nil {
				t.Error("CompileOverrides returned rules with an error")
			}
			for _, part := range tt.parts {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q lacks %q", err, part)
				}
			}
		})
	}
}
