package postfixconf

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// docomoTransport sets up a dedicated docomo transport through a hash
// table, throttled or not.
func docomoTransport(f *fakePostfix, throttled bool) {
	f.params["transport_maps"] = "hash:/etc/postfix-out/transport"
	f.tables["hash:/etc/postfix-out/transport"] = map[string]string{"docomo.ne.jp": "docomo:"}
	maxproc := "-"
	if throttled {
		maxproc = "1"
		f.params["docomo_destination_concurrency_limit"] = "1"
		f.params["docomo_destination_recipient_limit"] = "1"
		f.params["docomo_transport_rate_delay"] = "1s"
	}
	f.services["docomo/unix"] = "docomo     unix  -       -       n       -       " + maxproc + "       smtp"
}

func containsText(list []string, text string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, text) })
}

func TestCheckThrottledDedicatedTransport(t *testing.T) {
	f := newFakePostfix(t, "/etc/postfix-out")
	docomoTransport(f, true)
	in := &Inspector{Runner: f, ConfigDir: "/etc/postfix-out"}

	r, err := in.CheckDomain(context.Background(), "docomo.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if r.Carrier != "docomo" {
		t.Errorf("Carrier = %q, want docomo", r.Carrier)
	}
	if r.Route.Transport != "docomo" || r.Service.MaxProc != "1" || r.Service.Command != "smtp" {
		t.Errorf("Route %+v, Service %+v", r.Route, r.Service)
	}
	if !r.Throttled {
		t.Error("Throttled = false for concurrency 1, recipients 1, 1s delay, maxproc 1")
	}
	want := []string{
		"docomo_destination_concurrency_limit = 1",
		"docomo_destination_recipient_limit = 1",
		"master.cf maxproc = 1",
		"docomo_transport_rate_delay = 1s",
	}
	if !slices.Equal(r.Throttles, want) {
		t.Errorf("Throttles = %q, want %q", r.Throttles, want)
	}
	if r.Limits.DestinationRateDelay != (Setting{"docomo_destination_rate_delay", "0s"}) {
		t.Errorf("DestinationRateDelay = %+v, want the transport's own parameter, 0s", r.Limits.DestinationRateDelay)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none", r.Warnings)
	}
	if r.Suggestion != nil {
		t.Errorf("Suggestion = %+v for a throttled domain", r.Suggestion)
	}
	wantCalls := [][]string{
		{"postconf", "-c", "/etc/postfix-out", "-x", "transport_maps", "parent_domain_matches_subdomains", "default_transport", "relay_transport", "relay_domains", "relayhost",
			"sender_dependent_default_transport_maps", "sender_dependent_relayhost_maps"},
		{"postmap", "-c", "/etc/postfix-out", "-q", "docomo.ne.jp", "hash:/etc/postfix-out/transport"},
		{"postconf", "-c", "/etc/postfix-out", "-M", "docomo/unix"},
		{"postconf", "-c", "/etc/postfix-out", "-P", "docomo/unix"},
	}
	for i, call := range wantCalls {
		if i >= len(f.calls) || !slices.Equal(f.calls[i], call) {
			t.Errorf("call %d = %q, want %q", i+1, f.calls[min(i, len(f.calls)-1)], call)
		}
	}
}

func TestCheckUnthrottledDefaultTransport(t *testing.T) {
	f := newFakePostfix(t, "")
	in := &Inspector{Runner: f}
	r, err := in.CheckDomain(context.Background(), "docomo.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if r.Throttled || len(r.Throttles) != 0 {
		t.Errorf("Throttled %v by %q with Postfix's defaults", r.Throttled, r.Throttles)
	}
	wantLimits := Limits{
		DestinationConcurrencyLimit: Setting{"smtp_destination_concurrency_limit", "20"},
		DestinationRecipientLimit:   Setting{"smtp_destination_recipient_limit", "50"},
		DestinationRateDelay:        Setting{"smtp_destination_rate_delay", "0s"},
		TransportRateDelay:          Setting{"smtp_transport_rate_delay", "0s"},
		ProcessLimit:                Setting{"default_process_limit", "100"},
	}
	if r.Limits != wantLimits {
		t.Errorf("Limits = %+v\nwant %+v", r.Limits, wantLimits)
	}

	s := r.Suggestion
	if s == nil {
		t.Fatal("no Suggestion for an unthrottled domain")
	}
	if s.Transport != "docomo" {
		t.Errorf("Transport = %q, want docomo", s.Transport)
	}
	wantMain := []string{
		"transport_maps = hash:/etc/postfix/transport",
		"docomo_destination_concurrency_limit = 1",
		"docomo_destination_recipient_limit = 1",
		"docomo_transport_rate_delay = 1s",
	}
	if !slices.Equal(s.MainCF, wantMain) {
		t.Errorf("MainCF = %q\nwant %q", s.MainCF, wantMain)
	}
	if len(s.MasterCF) != 1 || !strings.HasPrefix(s.MasterCF[0], "docomo    unix") || !strings.HasSuffix(s.MasterCF[0], " 1       smtp") {
		t.Errorf("MasterCF = %q, want a docomo unix smtp service with maxproc 1", s.MasterCF)
	}
	if s.ReplacesMasterCF != "" || s.ReplacesEntry != "" {
		t.Errorf("ReplacesMasterCF %q, ReplacesEntry %q; want none", s.ReplacesMasterCF, s.ReplacesEntry)
	}
	if s.MapFile != "/etc/postfix/transport" {
		t.Errorf("MapFile = %q", s.MapFile)
	}
	if !slices.Equal(s.TransportMap, []string{"docomo.ne.jp    docomo:"}) {
		t.Errorf("TransportMap = %q", s.TransportMap)
	}
	if !slices.Equal(s.Commands, []string{"postmap hash:/etc/postfix/transport", "postfix reload"}) {
		t.Errorf("Commands = %q", s.Commands)
	}
}

func TestCheckSuggestionFitsInstance(t *testing.T) {
	tests := []struct {
		name      string
		configDir string
		setup     func(f *fakePostfix)
		domain    string
		check     func(t *testing.T, s *Suggestion)
	}{
		{
			name:      "config directory holds the new table",
			configDir: "/etc/postfix-out",
			domain:    "ezweb.ne.jp",
			check: func(t *testing.T, s *Suggestion) {
				if s.Transport != "au" || s.MapFile != "/etc/postfix-out/transport" {
					t.Errorf("Transport %q, MapFile %q", s.Transport, s.MapFile)
				}
				if s.MainCF[0] != "transport_maps = hash:/etc/postfix-out/transport" {
					t.Errorf("MainCF[0] = %q", s.MainCF[0])
				}
				if !slices.Equal(s.Commands, []string{"postmap -c /etc/postfix-out hash:/etc/postfix-out/transport", "postfix -c /etc/postfix-out reload"}) {
					t.Errorf("Commands = %q", s.Commands)
				}
			},
		},
		{
			name: "existing entry keeps its nexthop",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "texthash:/etc/postfix/transport"
				f.tables["texthash:/etc/postfix/transport"] = map[string]string{"au.com": "smtp:[192.0.2.25]:2525"}
			},
			domain: "au.com",
			check: func(t *testing.T, s *Suggestion) {
				if s.ReplacesEntry != "au.com smtp:[192.0.2.25]:2525" {
					t.Errorf("ReplacesEntry = %q", s.ReplacesEntry)
				}
				if !slices.Equal(s.TransportMap, []string{"au.com          au:[192.0.2.25]:2525"}) {
					t.Errorf("TransportMap = %q", s.TransportMap)
				}
				if containsText(s.MainCF, "transport_maps") {
					t.Errorf("MainCF %q changes transport_maps, which already reads a file", s.MainCF)
				}
				if !slices.Equal(s.Commands, []string{"postfix reload"}) {
					t.Errorf("Commands = %q, want no postmap for texthash", s.Commands)
				}
			},
		},
		{
			name: "database tables are kept after the new file",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "proxy:mysql:/etc/postfix/mysql-transport.cf"
				f.tables["proxy:mysql:/etc/postfix/mysql-transport.cf"] = map[string]string{}
			},
			domain: "softbank.ne.jp",
			check: func(t *testing.T, s *Suggestion) {
				want := []LineChange{{
					Old: "transport_maps = proxy:mysql:/etc/postfix/mysql-transport.cf",
					New: "transport_maps = hash:/etc/postfix/transport, proxy:mysql:/etc/postfix/mysql-transport.cf",
				}}
				if !slices.Equal(s.MainCFChanges, want) {
					t.Errorf("MainCFChanges = %q, want %q", s.MainCFChanges, want)
				}
				if containsText(s.MainCF, "transport_maps") {
					t.Errorf("MainCF %q adds a second transport_maps line", s.MainCF)
				}
			},
		},
		{
			name:   "existing service of the same name is replaced",
			setup:  func(f *fakePostfix) { docomoTransport(f, false) },
			domain: "docomo.ne.jp",
			check: func(t *testing.T, s *Suggestion) {
				if !strings.HasPrefix(s.ReplacesMasterCF, "docomo     unix") {
					t.Errorf("ReplacesMasterCF = %q", s.ReplacesMasterCF)
				}
				if !slices.Equal(s.MasterCF, []string{"docomo    unix  -       -       n       -       1       smtp"}) {
					t.Errorf("MasterCF = %q, want the entry with maxproc 1", s.MasterCF)
				}
				if s.TransportMapInEffect != "docomo.ne.jp docomo:" {
					t.Errorf("TransportMapInEffect = %q, want the entry that routes to docomo already", s.TransportMapInEffect)
				}
				if len(s.TransportMap) != 0 || s.ReplacesEntry != "" {
					t.Errorf("TransportMap %q, ReplacesEntry %q; want none", s.TransportMap, s.ReplacesEntry)
				}
				if !slices.Equal(s.Commands, []string{"postfix reload"}) {
					t.Errorf("Commands = %q, want no postmap without a table line", s.Commands)
				}
			},
		},
		{
			name:   "SoftBank gets its own transport",
			domain: "softbank.ne.jp",
			check: func(t *testing.T, s *Suggestion) {
				if s.Transport != "softbank" || !slices.Equal(s.TransportMap, []string{"softbank.ne.jp  softbank:"}) {
					t.Errorf("Transport %q, TransportMap %q", s.Transport, s.TransportMap)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, tc.configDir)
			if tc.setup != nil {
				tc.setup(f)
			}
			r, err := (&Inspector{Runner: f, ConfigDir: tc.configDir}).CheckDomain(context.Background(), tc.domain)
			if err != nil {
				t.Fatal(err)
			}
			if r.Suggestion == nil {
				t.Fatalf("no Suggestion; Throttles %q", r.Throttles)
			}
			tc.check(t, r.Suggestion)
		})
	}
}

func TestCheckWarnings(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(f *fakePostfix)
		domain    string
		throttled bool
		warning   string // "" for none
	}{
		{
			name:      "recipient limit alone",
			setup:     func(f *fakePostfix) { f.params["smtp_destination_recipient_limit"] = "1" },
			domain:    "docomo.ne.jp",
			throttled: true,
			warning:   "every recipient is its own destination",
		},
		{
			name:      "shared transport slowed",
			setup:     func(f *fakePostfix) { f.params["smtp_destination_concurrency_limit"] = "1" },
			domain:    "docomo.ne.jp",
			throttled: true,
			warning:   "the transport of every destination without a transport_maps entry",
		},
		{
			name: "transport missing from master.cf",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "texthash:/etc/postfix/transport"
				f.tables["texthash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": "docomo:"}
			},
			domain:  "docomo.ne.jp",
			warning: "master.cf has no docomo unix service",
		},
		{
			name: "qmgr limit set with -o",
			setup: func(f *fakePostfix) {
				docomoTransport(f, false)
				f.overrides["docomo/unix"] = []string{"docomo/unix/docomo_destination_concurrency_limit = 1"}
			},
			domain:  "docomo.ne.jp",
			warning: "master.cf sets -o docomo_destination_concurrency_limit for docomo, which has no effect",
		},
		{
			name: "error transport",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "texthash:/etc/postfix/transport"
				f.tables["texthash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": "error:blocked"}
				f.services["error/unix"] = "error      unix  -       -       y       -       -       error"
			},
			domain:  "docomo.ne.jp",
			warning: "runs the error delivery agent",
		},
		{
			name:      "rate delay only",
			setup:     func(f *fakePostfix) { docomoTransport(f, false); f.params["docomo_destination_rate_delay"] = "2s" },
			domain:    "docomo.ne.jp",
			throttled: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			tc.setup(f)
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), tc.domain)
			if err != nil {
				t.Fatal(err)
			}
			if r.Throttled != tc.throttled {
				t.Errorf("Throttled = %v, want %v (Throttles %q)", r.Throttled, tc.throttled, r.Throttles)
			}
			if tc.warning == "" && len(r.Warnings) != 0 {
				t.Errorf("Warnings = %q, want none", r.Warnings)
			}
			if tc.warning != "" && !containsText(r.Warnings, tc.warning) {
				t.Errorf("Warnings = %q, want one containing %q", r.Warnings, tc.warning)
			}
		})
	}
}

func TestCheckStopsAtFirstError(t *testing.T) {
	f := newFakePostfix(t, "")
	f.params["transport_maps"] = "texthash:/etc/postfix/transport"
	f.tables["texthash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": "docomo:"}
	f.params["transport_maps"] += ", hash:/etc/postfix/gone"
	reports, err := (&Inspector{Runner: f}).Check(context.Background(), []string{"docomo.ne.jp", "au.com"})
	if err == nil {
		t.Fatal("Check ignored an unreadable table")
	}
	if !strings.HasPrefix(err.Error(), "check au.com: ") {
		t.Errorf("error %q does not name au.com", err)
	}
	if len(reports) != 1 || reports[0].Domain != "docomo.ne.jp" {
		t.Errorf("reports before the error: %d, want docomo.ne.jp only", len(reports))
	}
}

// TestCheckWarningsEnglishText pins the English text of each warning, which
// scripts read in the JSON output of mailtop check.
func TestCheckWarningsEnglishText(t *testing.T) {
	transportMap := func(f *fakePostfix, entry string) {
		f.params["transport_maps"] = "texthash:/etc/postfix/transport"
		f.tables["texthash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": entry}
	}
	tests := []struct {
		name     string
		setup    func(f *fakePostfix)
		warnings []string
	}{
		{
			name: "recipient limit on the shared transport",
			setup: func(f *fakePostfix) {
				f.params["smtp_destination_recipient_limit"] = "1"
			},
			warnings: []string{
				"docomo.ne.jp is paced through smtp, the transport of every destination without a transport_maps entry, so all that mail is slowed too; a dedicated transport paces only docomo.ne.jp",
				"with smtp_destination_recipient_limit = 1 every recipient is its own destination, so the destination concurrency limit and rate delay no longer pace docomo.ne.jp as a whole; set smtp_transport_rate_delay (Postfix 3.1 and later) or maxproc 1 in master.cf",
			},
		},
		{
			name:  "transport missing from master.cf",
			setup: func(f *fakePostfix) { transportMap(f, "docomo:") },
			warnings: []string{
				`master.cf has no docomo unix service, so Postfix defers mail to docomo.ne.jp with "unknown mail transport"; add the service or fix the route`,
			},
		},
		{
			name: "qmgr limit set with -o",
			setup: func(f *fakePostfix) {
				docomoTransport(f, false)
				f.overrides["docomo/unix"] = []string{"docomo/unix/docomo_destination_concurrency_limit = 1"}
			},
			warnings: []string{
				"master.cf sets -o docomo_destination_concurrency_limit for docomo, which has no effect: qmgr reads it from main.cf only",
			},
		},
		{
			name: "discard transport",
			setup: func(f *fakePostfix) {
				transportMap(f, "discard:")
				f.services["discard/unix"] = "discard    unix  -       -       y       -       -       discard"
			},
			warnings: []string{
				"transport discard runs the discard delivery agent, so mail to docomo.ne.jp is never delivered",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			tc.setup(f)
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "docomo.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Warnings, tc.warnings) {
				t.Errorf("Warnings =\n%q\nwant\n%q", r.Warnings, tc.warnings)
			}
		})
	}
}

func TestSenderDependentWarningListsByLanguage(t *testing.T) {
	f := newFakePostfix(t, "")
	f.params["sender_dependent_relayhost_maps"] = "hash:/etc/postfix/sender_relay"
	f.params["sender_dependent_default_transport_maps"] = "hash:/etc/postfix/sender_transport"
	r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "ezweb.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.WarningMessages) != 1 {
		t.Fatalf("warnings = %q, want one", r.Warnings)
	}
	cases := []struct{ lang, want string }{
		{l10n.English, "sender_dependent_default_transport_maps, sender_dependent_relayhost_maps"},
		{l10n.Japanese, "sender_dependent_default_transport_maps、sender_dependent_relayhost_maps"},
	}
	for _, tc := range cases {
		if text := r.WarningMessages[0].Text(l10n.New(tc.lang)); !strings.Contains(text, tc.want) {
			t.Errorf("%s warning %q lacks %q", tc.lang, text, tc.want)
		}
	}
}

func TestCheckWarnsSenderDependentRoute(t *testing.T) {
	f := newFakePostfix(t, "")
	f.params["sender_dependent_relayhost_maps"] = "hash:/etc/postfix/sender_relay"
	r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "ezweb.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	want := "main.cf sets sender_dependent_relayhost_maps, so mail to ezweb.ne.jp from some senders can take another transport or next hop than shown here"
	if len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], want) {
		t.Errorf("Warnings = %q, want one starting %q", r.Warnings, want)
	}
}
