package alerts

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
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
		name     string
		edit     func(r *Rule)
		english  []string
		japanese []string
	}{
		{"no domain or carrier", func(r *Rule) { r.Carrier = "" },
			[]string{"neither domain nor carrier is set", "set domain (such as docomo.ne.jp)", "docomo, au, softbank, rakuten"},
			[]string{"domain も carrier もありません", `domain = "docomo.ne.jp" のように`, "carrier に docomo、au、softbank、rakuten のどれか"}},
		{"domain and carrier", func(r *Rule) { r.Domain = "docomo.ne.jp" },
			[]string{`domain "docomo.ne.jp" and carrier "docomo" are both set`, "keep one of them"},
			[]string{`domain "docomo.ne.jp" と carrier "docomo" は同時に指定できません`, "どちらかを外してください"}},
		{"domain with at sign", func(r *Rule) { r.Carrier, r.Domain = "", "user@docomo.ne.jp" },
			[]string{`domain "user@docomo.ne.jp" is not a domain name`, "such as docomo.ne.jp"},
			[]string{`domain "user@docomo.ne.jp" はドメイン名ではありません`, "docomo.ne.jp のようなドメイン名を指定してください"}},
		{"domain wildcard", func(r *Rule) { r.Carrier, r.Domain = "", "*.example.com" },
			[]string{`domain "*.example.com"`, "also matches its subdomains"},
			[]string{`domain "*.example.com" はドメイン名ではありません`, "サブドメインにも当てはまります"}},
		{"unknown carrier", func(r *Rule) { r.Carrier = "willcom" },
			[]string{`unknown carrier "willcom"`, "use one of docomo, au, softbank, rakuten"},
			[]string{`carrier "willcom" は使えません`, "docomo、au、softbank、rakuten のどれかを指定してください"}},
		{"unknown class", func(r *Rule) { r.Class = "spam" },
			[]string{`unknown class "spam"`, "rate_limited", "spam_content"},
			[]string{`class "spam" は使えません`, "rate_limited、", "spam_content、", "のどれかを指定してください"}},
		{"missing window", func(r *Rule) { r.Window = "" },
			[]string{"window is missing", "use 5m, 15m, 1h or 24h"},
			[]string{"window がありません", "5m、15m、1h、24h のどれかを指定してください"}},
		{"unsupported window", func(r *Rule) { r.Window = "10m" },
			[]string{`window "10m" is invalid: use 5m, 15m, 1h or 24h`},
			[]string{`window "10m" は使えません`, "5m、15m、1h、24h のどれかを指定してください"}},
		{"window all", func(r *Rule) { r.Window = "all" },
			[]string{`window "all" is invalid`},
			[]string{`window "all" は使えません`}},
		{"missing rate", func(r *Rule) { r.Rate = 0 },
			[]string{"rate 0 is invalid", "more than 0 and at most 100"},
			[]string{"rate 0 は使えません", "0 より大きく 100 以下の割合"}},
		{"negative rate", func(r *Rule) { r.Rate = -5 },
			[]string{"rate -5 is invalid"},
			[]string{"rate -5 は使えません"}},
		{"rate over 100", func(r *Rule) { r.Rate = 150 },
			[]string{"rate 150 is invalid"},
			[]string{"rate 150 は使えません"}},
		{"fractional rate over 100", func(r *Rule) { r.Rate = 100.5 },
			[]string{"rate 100.5 is invalid"},
			[]string{"rate 100.5 は使えません"}},
		{"zero min_attempts", func(r *Rule) { r.MinAttempts = ptr[int64](0) },
			[]string{"min_attempts 0 is invalid", "give 1 or more"},
			[]string{"min_attempts 0 は使えません", "1 以上の数を指定してください"}},
		{"empty hook", func(r *Rule) { r.Hook = []string{} },
			[]string{"hook [] has no command", `["/usr/local/bin/notify", "--urgent"]`},
			[]string{"hook [] に実行するコマンドがありません", `["/usr/local/bin/notify", "--urgent"] のように`}},
		{"blank hook command", func(r *Rule) { r.Hook = []string{" ", "x"} },
			[]string{`hook [" " "x"] has no command`},
			[]string{`hook [" " "x"] に実行するコマンドがありません`}},
		{"bad hook_timeout", func(r *Rule) { r.HookTimeout = "soon" },
			[]string{`hook_timeout "soon" is invalid`, "such as 10s, at most 10m0s"},
			[]string{`hook_timeout "soon" は使えません`, "10s のように、10m0s 以下の時間を指定してください"}},
		{"negative hook_timeout", func(r *Rule) { r.HookTimeout = "-1s" },
			[]string{`hook_timeout "-1s" is invalid`},
			[]string{`hook_timeout "-1s" は使えません`}},
		{"long hook_timeout", func(r *Rule) { r.HookTimeout = "1h" },
			[]string{`hook_timeout "1h" is invalid`},
			[]string{`hook_timeout "1h" は使えません`}},
	}
	japanese := l10n.New(l10n.Japanese)
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
			for _, want := range tc.english {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			text := japanese.ErrorText(err)
			if !strings.HasPrefix(text, "2 番目の [[alert]]: ") {
				t.Errorf("Japanese text %q does not name rule 2", text)
			}
			for _, want := range tc.japanese {
				if !strings.Contains(text, want) {
					t.Errorf("Japanese text %q lacks %q", text, want)
				}
			}
		})
	}
}
