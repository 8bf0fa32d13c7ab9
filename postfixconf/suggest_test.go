package postfixconf

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// softbankService is the SoftBank transport of a newcomer's master.cf,
// spaced as postconf -M prints it and not as the suggestion does.
const softbankService = "softbank   unix  -       -       n       -       1       smtp"

func TestSuggestionMasterCFByFields(t *testing.T) {
	tests := []struct {
		name     string
		existing string // the softbank/unix entry; "" for none
		inEffect bool
		replaces bool
		want     string // the master.cf line to add; "" for none
	}{
		{
			name:     "same fields other spacing",
			existing: softbankService,
			inEffect: true,
		},
		{
			name:     "single spaces",
			existing: "softbank unix - - n - 1 smtp",
			inEffect: true,
		},
		{
			name:     "chroot and -o options do not pace",
			existing: "softbank   unix  -       -       y       -       1       smtp -o smtp_helo_name=out.example",
			inEffect: true,
		},
		{
			name:     "default maxproc keeps the other fields and options",
			existing: "softbank   unix  -       -       y       -       -       smtp -o smtp_helo_name=out.example",
			replaces: true,
			want:     "softbank  unix  -       -       y       -       1       smtp -o smtp_helo_name=out.example",
		},
		{
			name:     "other command is replaced whole",
			existing: "softbank   unix  -       n       n       -       1       pipe flags=R user=nobody argv=/bin/true",
			replaces: true,
			want:     "softbank  unix  -       -       n       -       1       smtp",
		},
		{
			name: "missing service is added",
			want: "softbank  unix  -       -       n       -       1       smtp",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			if tc.existing != "" {
				f.services["softbank/unix"] = tc.existing
			}
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "softbank.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			s := r.Suggestion
			if s == nil {
				t.Fatalf("no Suggestion; Throttles %q", r.Throttles)
			}
			if got := s.MasterCFInEffect != ""; got != tc.inEffect {
				t.Errorf("MasterCFInEffect = %q, want it set: %v", s.MasterCFInEffect, tc.inEffect)
			}
			if tc.inEffect && s.MasterCFInEffect != tc.existing {
				t.Errorf("MasterCFInEffect = %q, want the existing entry %q", s.MasterCFInEffect, tc.existing)
			}
			if got := s.ReplacesMasterCF != ""; got != tc.replaces {
				t.Errorf("ReplacesMasterCF = %q, want it set: %v", s.ReplacesMasterCF, tc.replaces)
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(s.MasterCF, want) {
				t.Errorf("MasterCF = %q, want %q", s.MasterCF, want)
			}
		})
	}
}

func TestSuggestionMainCFComparedWithInstance(t *testing.T) {
	tests := []struct {
		name     string
		params   map[string]string
		services map[string]string
		add      []string
		changes  []LineChange
		inEffect []string
	}{
		{
			name: "nothing set",
			add: []string{
				"transport_maps = hash:/etc/postfix/transport",
				"softbank_destination_concurrency_limit = 1",
				"softbank_destination_recipient_limit = 1",
				"softbank_transport_rate_delay = 1s",
			},
		},
		{
			name:     "limits set already",
			params:   map[string]string{"softbank_destination_concurrency_limit": "1", "softbank_destination_recipient_limit": "1"},
			services: map[string]string{"softbank/unix": softbankService},
			add:      []string{"transport_maps = hash:/etc/postfix/transport", "softbank_transport_rate_delay = 1s"},
			inEffect: []string{"softbank_destination_concurrency_limit = 1", "softbank_destination_recipient_limit = 1"},
		},
		{
			name:     "other values are replaced",
			params:   map[string]string{"softbank_destination_concurrency_limit": "2", "softbank_transport_rate_delay": "5s"},
			services: map[string]string{"softbank/unix": softbankService},
			add:      []string{"transport_maps = hash:/etc/postfix/transport", "softbank_destination_recipient_limit = 1"},
			changes: []LineChange{
				{Old: "softbank_destination_concurrency_limit = 2", New: "softbank_destination_concurrency_limit = 1"},
				{Old: "softbank_transport_rate_delay = 5s", New: "softbank_transport_rate_delay = 1s"},
			},
		},
		{
			name:     "delay without unit",
			params:   map[string]string{"softbank_transport_rate_delay": "1"},
			services: map[string]string{"softbank/unix": softbankService},
			add: []string{
				"transport_maps = hash:/etc/postfix/transport",
				"softbank_destination_concurrency_limit = 1",
				"softbank_destination_recipient_limit = 1",
			},
			inEffect: []string{"softbank_transport_rate_delay = 1s"},
		},
		{
			name:     "unused before master.cf has the service",
			params:   map[string]string{"softbank_destination_concurrency_limit": "1", "softbank_destination_recipient_limit": "3"},
			add:      []string{"transport_maps = hash:/etc/postfix/transport", "softbank_transport_rate_delay = 1s"},
			changes:  []LineChange{{Old: "softbank_destination_recipient_limit = 3", New: "softbank_destination_recipient_limit = 1"}},
			inEffect: []string{"softbank_destination_concurrency_limit = 1"},
		},
		{
			name: "value from a default",
			params: map[string]string{
				"default_destination_recipient_limit": "1",
				"smtp_destination_recipient_limit":    "50",
			},
			services: map[string]string{"softbank/unix": softbankService},
			add: []string{
				"transport_maps = hash:/etc/postfix/transport",
				"softbank_destination_concurrency_limit = 1",
				"softbank_transport_rate_delay = 1s",
			},
			inEffect: []string{"softbank_destination_recipient_limit = 1"},
		},
		{
			name: "transport_maps with other spacing",
			params: map[string]string{
				"transport_maps": "hash:/etc/postfix/transport,proxy:mysql:/etc/postfix/mysql-transport.cf",
			},
			add: []string{
				"softbank_destination_concurrency_limit = 1",
				"softbank_destination_recipient_limit = 1",
				"softbank_transport_rate_delay = 1s",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			for name, value := range tc.params {
				f.params[name] = value
			}
			for name, line := range tc.services {
				f.services[name] = line
			}
			f.tables["hash:/etc/postfix/transport"] = map[string]string{}
			f.tables["proxy:mysql:/etc/postfix/mysql-transport.cf"] = map[string]string{}
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "softbank.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			s := r.Suggestion
			if s == nil {
				t.Fatalf("no Suggestion; Throttles %q", r.Throttles)
			}
			if !slices.Equal(s.MainCF, nonNil(tc.add)) {
				t.Errorf("MainCF = %q\nwant %q", s.MainCF, tc.add)
			}
			if !slices.Equal(s.MainCFChanges, nonNil(tc.changes)) {
				t.Errorf("MainCFChanges = %q\nwant %q", s.MainCFChanges, tc.changes)
			}
			if !slices.Equal(s.MainCFInEffect, nonNil(tc.inEffect)) {
				t.Errorf("MainCFInEffect = %q\nwant %q", s.MainCFInEffect, tc.inEffect)
			}
		})
	}
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func TestCheckLeavesOutRepeats(t *testing.T) {
	tests := []struct {
		name    string
		domains []string
		// above are the SuggestedAbove lines of each report.
		above    [][]string
		commands [][]string
	}{
		{
			name:    "au domains share a transport",
			domains: []string{"ezweb.ne.jp", "au.com"},
			above: [][]string{{}, {
				"transport_maps = hash:/etc/postfix/transport",
				"au_destination_concurrency_limit = 1",
				"au_destination_recipient_limit = 1",
				"au_transport_rate_delay = 1s",
				"au        unix  -       -       n       -       1       smtp",
			}},
			commands: [][]string{
				{"postmap hash:/etc/postfix/transport", "postfix reload"},
				{"postmap hash:/etc/postfix/transport", "postfix reload"},
			},
		},
		{
			name:    "two transports share transport_maps",
			domains: []string{"docomo.ne.jp", "softbank.ne.jp"},
			above:   [][]string{{}, {"transport_maps = hash:/etc/postfix/transport"}},
			commands: [][]string{
				{"postmap hash:/etc/postfix/transport", "postfix reload"},
				{"postmap hash:/etc/postfix/transport", "postfix reload"},
			},
		},
		{
			name:    "same domain twice",
			domains: []string{"au.com", "au.com"},
			above: [][]string{{}, {
				"transport_maps = hash:/etc/postfix/transport",
				"au_destination_concurrency_limit = 1",
				"au_destination_recipient_limit = 1",
				"au_transport_rate_delay = 1s",
				"au        unix  -       -       n       -       1       smtp",
				"au.com          au:",
			}},
			commands: [][]string{{"postmap hash:/etc/postfix/transport", "postfix reload"}, {}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			reports, err := (&Inspector{Runner: f}).Check(context.Background(), tc.domains)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, r := range reports {
				s := r.Suggestion
				if s == nil {
					t.Fatalf("%s: no Suggestion", r.Domain)
				}
				if !slices.Equal(s.SuggestedAbove, tc.above[i]) {
					t.Errorf("report %d (%s): SuggestedAbove = %q\nwant %q", i+1, r.Domain, s.SuggestedAbove, tc.above[i])
				}
				var grouped []string
				for _, group := range s.SuggestedAboveByFile {
					grouped = append(grouped, group.Lines...)
				}
				if !slices.Equal(nonNil(grouped), tc.above[i]) {
					t.Errorf("report %d (%s): SuggestedAboveByFile = %+v, want the lines of SuggestedAbove", i+1, r.Domain, s.SuggestedAboveByFile)
				}
				if !slices.Equal(s.Commands, tc.commands[i]) {
					t.Errorf("report %d (%s): Commands = %q, want %q", i+1, r.Domain, s.Commands, tc.commands[i])
				}
				lines := slices.Concat(s.MainCF, s.MasterCF, s.TransportMap)
				for _, change := range s.MainCFChanges {
					lines = append(lines, change.New)
				}
				for _, line := range lines {
					key := strings.Join(strings.Fields(line), " ")
					if seen[key] {
						t.Errorf("report %d (%s) suggests %q again", i+1, r.Domain, line)
					}
					seen[key] = true
				}
			}
		})
	}
}

func TestCheckRepeatsGroupedByFile(t *testing.T) {
	f := newFakePostfix(t, "")
	reports, err := (&Inspector{Runner: f}).Check(context.Background(), []string{"ezweb.ne.jp", "au.com"})
	if err != nil {
		t.Fatal(err)
	}
	s := reports[1].Suggestion
	if s == nil {
		t.Fatal("au.com: no Suggestion")
	}
	want := []FileLines{
		{File: "main.cf", Lines: []string{
			"transport_maps = hash:/etc/postfix/transport",
			"au_destination_concurrency_limit = 1",
			"au_destination_recipient_limit = 1",
			"au_transport_rate_delay = 1s",
		}},
		{File: "master.cf", Lines: []string{"au        unix  -       -       n       -       1       smtp"}},
	}
	if len(s.SuggestedAboveByFile) != len(want) {
		t.Fatalf("SuggestedAboveByFile = %+v\nwant %+v", s.SuggestedAboveByFile, want)
	}
	for i, group := range s.SuggestedAboveByFile {
		if group.File != want[i].File || !slices.Equal(group.Lines, want[i].Lines) {
			t.Errorf("group %d = %+v, want %+v", i+1, group, want[i])
		}
	}
}

func TestCheckSuggestsForCarriersOnly(t *testing.T) {
	tests := []struct {
		domain  string
		suggest bool
	}{
		{"gmail.com", false},
		{"example.com", false},
		{"yahoo.co.jp", false},
		{"docomo.ne.jp", true},
		{"softbank.ne.jp", true},
		{"rakumail.jp", true},
	}
	for _, tc := range tests {
		t.Run(tc.domain, func(t *testing.T) {
			r, err := (&Inspector{Runner: newFakePostfix(t, "")}).CheckDomain(context.Background(), tc.domain)
			if err != nil {
				t.Fatal(err)
			}
			if r.Throttled {
				t.Fatalf("Throttled by %q, want an unthrottled default instance", r.Throttles)
			}
			if got := r.Suggestion != nil; got != tc.suggest {
				t.Errorf("Suggestion = %+v, want one: %v", r.Suggestion, tc.suggest)
			}
		})
	}
}

// TestSuggestionForBlockedDomain checks a domain that transport_maps
// routes to the error, retry or discard service, whose next hop is the
// reason text and not a destination.
func TestSuggestionForBlockedDomain(t *testing.T) {
	const table = "hash:/etc/postfix/transport"
	tests := []struct {
		name    string
		entries map[string]string
		blocked string
		replace string // ReplacesEntry
		line    string // TransportMap[0]
	}{
		{
			name:    "error bounces",
			entries: map[string]string{"softbank.ne.jp": "error:blocked"},
			blocked: BlockedBounce,
			replace: "softbank.ne.jp error:blocked",
			line:    "softbank.ne.jp  softbank:",
		},
		{
			name:    "retry defers",
			entries: map[string]string{"softbank.ne.jp": "retry:4.7.1 paused"},
			blocked: BlockedDefer,
			replace: "softbank.ne.jp retry:4.7.1 paused",
			line:    "softbank.ne.jp  softbank:",
		},
		{
			name:    "discard drops",
			entries: map[string]string{"softbank.ne.jp": "discard:dropped"},
			blocked: BlockedDiscard,
			replace: "softbank.ne.jp discard:dropped",
			line:    "softbank.ne.jp  softbank:",
		},
		{
			name:    "next hop of the wildcard entry below",
			entries: map[string]string{"softbank.ne.jp": "error:blocked", "*": "smtp:[192.0.2.25]:587"},
			blocked: BlockedBounce,
			replace: "softbank.ne.jp error:blocked",
			line:    "softbank.ne.jp  softbank:[192.0.2.25]:587",
		},
		{
			name:    "parent domain blocked too",
			entries: map[string]string{"softbank.ne.jp": "error:blocked", ".ne.jp": "retry:paused", "*": "smtp:[192.0.2.25]"},
			blocked: BlockedBounce,
			replace: "softbank.ne.jp error:blocked",
			line:    "softbank.ne.jp  softbank:[192.0.2.25]",
		},
		{
			name:    "blocked by the parent domain",
			entries: map[string]string{".ne.jp": "error:blocked"},
			blocked: BlockedBounce,
			line:    "softbank.ne.jp  softbank:",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			f.params["transport_maps"] = table
			f.tables[table] = tc.entries
			f.services["error/unix"] = "error      unix  -       -       y       -       -       error"
			f.services["retry/unix"] = "retry      unix  -       -       y       -       -       error"
			f.services["discard/unix"] = "discard    unix  -       -       y       -       -       discard"
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "softbank.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			if r.Blocked != tc.blocked {
				t.Errorf("Blocked = %q, want %q", r.Blocked, tc.blocked)
			}
			s := r.Suggestion
			if s == nil {
				t.Fatal("no Suggestion")
			}
			if !s.Unblocks {
				t.Error("Unblocks = false for a blocked domain")
			}
			if s.ReplacesEntry != tc.replace {
				t.Errorf("ReplacesEntry = %q, want %q", s.ReplacesEntry, tc.replace)
			}
			if !slices.Equal(s.TransportMap, []string{tc.line}) {
				t.Errorf("TransportMap = %q, want %q", s.TransportMap, tc.line)
			}
		})
	}
}

// TestSuggestionAfterBlockedDomain checks that the lines of a blocked
// domain's suggestion, which the operator may never apply, are not left
// out of the next domain's suggestion as "suggested above".
func TestSuggestionAfterBlockedDomain(t *testing.T) {
	f := newFakePostfix(t, "")
	f.params["transport_maps"] = "hash:/etc/postfix/transport"
	f.tables["hash:/etc/postfix/transport"] = map[string]string{"softbank.ne.jp": "error:blocked"}
	f.services["error/unix"] = "error      unix  -       -       y       -       -       error"
	reports, err := (&Inspector{Runner: f}).Check(context.Background(), []string{"softbank.ne.jp", "i.softbank.jp"})
	if err != nil {
		t.Fatal(err)
	}
	s := reports[1].Suggestion
	if s == nil {
		t.Fatal("i.softbank.jp: no Suggestion")
	}
	if s.Unblocks {
		t.Error("i.softbank.jp: Unblocks = true for a domain that is not blocked")
	}
	if len(s.SuggestedAbove) != 0 {
		t.Errorf("i.softbank.jp: SuggestedAbove = %q, want none", s.SuggestedAbove)
	}
	if !slices.Contains(s.MasterCF, "softbank  unix  -       -       n       -       1       smtp") {
		t.Errorf("i.softbank.jp: MasterCF = %q, want the softbank entry", s.MasterCF)
	}
}

// TestSuggestionKeepsNexthop checks that the suggested transport table
// line carries the next hop that mail to the domain takes now. A line
// "ezweb.ne.jp au:" would send the mail to the MX hosts of ezweb.ne.jp
// and skip a relayhost or smarthost.
func TestSuggestionKeepsNexthop(t *testing.T) {
	const table = "texthash:/etc/postfix/transport"
	tests := []struct {
		name    string
		params  map[string]string
		entries map[string]string
		line    string // TransportMap[0]
		replace string // ReplacesEntry
	}{
		{
			name:   "relayhost",
			params: map[string]string{"relayhost": "[smarthost.example]:587"},
			line:   "ezweb.ne.jp     au:[smarthost.example]:587",
		},
		{
			name:    "wildcard entry with a next hop",
			params:  map[string]string{"relayhost": "[smarthost.example]"},
			entries: map[string]string{"*": "smtp:[wildcard.example]:587"},
			line:    "ezweb.ne.jp     au:[wildcard.example]:587",
		},
		{
			name:   "default_transport with a next hop",
			params: map[string]string{"default_transport": "smtp:[outbound.example]:2525"},
			line:   "ezweb.ne.jp     au:[outbound.example]:2525",
		},
		{
			name:    "transport-only entry goes to the MX hosts",
			params:  map[string]string{"relayhost": "[smarthost.example]:587"},
			entries: map[string]string{"ezweb.ne.jp": "smtp:"},
			line:    "ezweb.ne.jp     au:",
			replace: "ezweb.ne.jp smtp:",
		},
		{
			name:    "colon entry keeps relayhost",
			params:  map[string]string{"relayhost": "[smarthost.example]:587"},
			entries: map[string]string{"ezweb.ne.jp": ":"},
			line:    "ezweb.ne.jp     au:[smarthost.example]:587",
			replace: "ezweb.ne.jp :",
		},
		{
			name: "no relayhost goes to the MX hosts",
			line: "ezweb.ne.jp     au:",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			for name, value := range tc.params {
				f.params[name] = value
			}
			if tc.entries != nil {
				f.params["transport_maps"] = table
				f.tables[table] = tc.entries
			}
			r, err := (&Inspector{Runner: f}).CheckDomain(context.Background(), "ezweb.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			s := r.Suggestion
			if s == nil {
				t.Fatal("no Suggestion")
			}
			if !slices.Equal(s.TransportMap, []string{tc.line}) {
				t.Errorf("TransportMap = %q, want %q", s.TransportMap, tc.line)
			}
			if s.ReplacesEntry != tc.replace {
				t.Errorf("ReplacesEntry = %q, want %q", s.ReplacesEntry, tc.replace)
			}
		})
	}
}
