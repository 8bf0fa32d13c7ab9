package alerts

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

func ptr[T any](v T) *T { return &v }

func TestCompileDefaults(t *testing.T) {
	got, err := Compile([]Rule{{Carrier: "Docomo", Window: "15m", Rate: 20}})
	if err != nil {
		t.Fatal(err)
	}
	want := Threshold{
		Index:       1,
		Carrier:     diagnose.CarrierDocomo,
		Window:      stats.Window15m,
		Rate:        20,
		MinAttempts: DefaultMinAttempts,
		HookTimeout: DefaultHookTimeout,
		Bell:        true,
	}
	if len(got) != 1 {
		t.Fatalf("%d thresholds, want 1", len(got))
	}
	if got[0].Index != want.Index || got[0].Carrier != want.Carrier || got[0].Window != want.Window ||
		got[0].Rate != want.Rate || got[0].MinAttempts != want.MinAttempts ||
		got[0].HookTimeout != want.HookTimeout || got[0].Bell != want.Bell ||
		got[0].Class != diagnose.ClassNone || got[0].Hook != nil || got[0].Domain != "" {
		t.Errorf("Compile = %+v, want %+v", got[0], want)
	}
}

func TestCompileEverySetting(t *testing.T) {
	rules := []Rule{
		{Domain: "example.com", Window: "5m", Rate: 50},
		{
			Domain: " Mail.Example.ORG. ", Class: "rate_limited", Window: "24h", Rate: 100,
			MinAttempts: ptr[int64](1), Hook: []string{"/bin/notify", "--urgent"},
			HookTimeout: "1m30s", Bell: ptr(false),
		},
	}
	got, err := Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	second := got[1]
	if second.Index != 2 {
		t.Errorf("Index = %d, want 2", second.Index)
	}
	if second.Domain != "mail.example.org" {
		t.Errorf("Domain = %q, want mail.example.org", second.Domain)
	}
	if second.Class != diagnose.RateLimited {
		t.Errorf("Class = %v, want rate_limited", second.Class)
	}
	if second.Window != stats.Window24h {
		t.Errorf("Window = %v, want 24h", second.Window)
	}
	if second.MinAttempts != 1 {
		t.Errorf("MinAttempts = %d, want 1", second.MinAttempts)
	}
	if len(second.Hook) != 2 || second.Hook[1] != "--urgent" {
		t.Errorf("Hook = %q", second.Hook)
	}
	if second.HookTimeout != 90*time.Second {
		t.Errorf("HookTimeout = %v, want 1m30s", second.HookTimeout)
	}
	if second.Bell {
		t.Error("Bell = true, want false")
	}

	// The thresholds do not share the hook slice with the rules.
	rules[1].Hook[0] = "/bin/changed"
	if second.Hook[0] != "/bin/notify" {
		t.Errorf("Hook[0] changed with the rule to %q", second.Hook[0])
	}
}

func TestCompileErrors(t *testing.T) {
	valid := Rule{Carrier: "docomo", Window: "5m", Rate: 10}
	tests := []struct {
		name string
		edit func(r *Rule)
		want string
	}{
		{"no domain or carrier", func(r *Rule) { r.Carrier = "" }, "set domain"},
		{"domain and carrier", func(r *Rule) { r.Domain = "docomo.ne.jp" }, `domain "docomo.ne.jp" and carrier "docomo" are both set`},
		{"domain with at sign", func(r *Rule) { r.Carrier, r.Domain = "", "user@docomo.ne.jp" }, `domain "user@docomo.ne.jp" is not a domain name`},
		{"domain wildcard", func(r *Rule) { r.Carrier, r.Domain = "", "*.example.com" }, `domain "*.example.com"`},
		{"unknown carrier", func(r *Rule) { r.Carrier = "willcom" }, `unknown carrier "willcom"`},
		{"unknown class", func(r *Rule) { r.Class = "spam" }, `unknown class "spam"`},
		{"missing window", func(r *Rule) { r.Window = "" }, `window "" is invalid`},
		{"unsupported window", func(r *Rule) { r.Window = "10m" }, `window "10m" is invalid: use 5m, 15m, 1h or 24h`},
		{"window all", func(r *Rule) { r.Window = "all" }, `window "all" is invalid`},
		{"missing rate", func(r *Rule) { r.Rate = 0 }, "rate 0 is invalid"},
		{"negative rate", func(r *Rule) { r.Rate = -5 }, "rate -5 is invalid"},
		{"rate over 100", func(r *Rule) { r.Rate = 150 }, "rate 150 is invalid"},
		{"zero min_attempts", func(r *Rule) { r.MinAttempts = ptr[int64](0) }, "min_attempts 0 is invalid"},
		{"empty hook", func(r *Rule) { r.Hook = []string{} }, "has no command"},
		{"blank hook command", func(r *Rule) { r.Hook = []string{" ", "x"} }, "has no command"},
		{"bad hook_timeout", func(r *Rule) { r.HookTimeout = "soon" }, `hook_timeout "soon" is invalid`},
		{"negative hook_timeout", func(r *Rule) { r.HookTimeout = "-1s" }, `hook_timeout "-1s" is invalid`},
		{"long hook_timeout", func(r *Rule) { r.HookTimeout = "1h" }, `hook_timeout "1h" is invalid`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := valid
			tc.edit(&bad)
			_, err := Compile([]Rule{valid, bad})
			if err == nil {
				t.Fatal("Compile accepted the rule")
			}
			if !strings.HasPrefix(err.Error(), "alert rule 2: ") {
				t.Errorf("error %q does not name rule 2", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}
