package postfixconf

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLookupKeys(t *testing.T) {
	tests := []struct {
		domain      string
		bareParents bool
		want        []string
	}{
		{"docomo.ne.jp", false, []string{"docomo.ne.jp", ".ne.jp", ".jp", "*"}},
		{"docomo.ne.jp", true, []string{"docomo.ne.jp", "ne.jp", "jp", "*"}},
		{"localhost", false, []string{"localhost", "*"}},
		{"mail.i.softbank.jp", false, []string{"mail.i.softbank.jp", ".i.softbank.jp", ".softbank.jp", ".jp", "*"}},
	}
	for _, tc := range tests {
		if got := lookupKeys(tc.domain, tc.bareParents); !slices.Equal(got, tc.want) {
			t.Errorf("lookupKeys(%q, %v) = %q, want %q", tc.domain, tc.bareParents, got, tc.want)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"", nil},
		{"hash:/etc/postfix/transport", []string{"hash:/etc/postfix/transport"}},
		{"hash:/a, texthash:/b  pcre:/c,", []string{"hash:/a", "texthash:/b", "pcre:/c"}},
		{"inline:{ docomo.ne.jp=docomo:, au.com=au: }, hash:/a", []string{"inline:{ docomo.ne.jp=docomo:, au.com=au: }", "hash:/a"}},
	}
	for _, tc := range tests {
		if got := splitList(tc.value); !slices.Equal(got, tc.want) {
			t.Errorf("splitList(%q) = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"0s", 0, true},
		{"1s", time.Second, true},
		{"5", 5 * time.Second, true},
		{"2m", 2 * time.Minute, true},
		{"1h", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"1w", 7 * 24 * time.Hour, true},
		{"", 0, false},
		{"s", 0, false},
		{"500ms", 0, false},
		{"-1s", 0, false},
		{"$default_destination_rate_delay", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseTime(tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("ParseTime(%q) error %v, want ok %v", tc.value, err, tc.ok)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseTime(%q) = %v, want %v", tc.value, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fakePostfix)
		domain  string
		want    Route
		queries []string // postmap keys and tables in order, when checked
	}{
		{
			name:   "no transport_maps",
			domain: "docomo.ne.jp",
			want:   Route{Domain: "docomo.ne.jp", Transport: "smtp", Source: SourceDefaultTransport, Entry: "smtp", NexthopSource: SourceRecipientDomain, Tables: []string{}},
		},
		{
			name: "exact key in the second table beats a parent in the first",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "hash:/etc/postfix/a, texthash:/etc/postfix/b"
				f.tables["hash:/etc/postfix/a"] = map[string]string{".ne.jp": "smtp:[192.0.2.9]"}
				f.tables["texthash:/etc/postfix/b"] = map[string]string{"docomo.ne.jp": "docomo:"}
			},
			domain: "DoCoMo.ne.jp.",
			want: Route{Domain: "docomo.ne.jp", Transport: "docomo", Source: SourceTransportMaps,
				Table: "texthash:/etc/postfix/b", Key: "docomo.ne.jp", Entry: "docomo:", NexthopSource: SourceRecipientDomain,
				Tables: []string{"hash:/etc/postfix/a", "texthash:/etc/postfix/b"}},
			queries: []string{"docomo.ne.jp hash:/etc/postfix/a", "docomo.ne.jp texthash:/etc/postfix/b"},
		},
		{
			name: "dotted parent domain",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "hash:/etc/postfix/transport"
				f.tables["hash:/etc/postfix/transport"] = map[string]string{".ne.jp": "slow:[192.0.2.1]:587", "ne.jp": "wrong:"}
			},
			domain: "docomo.ne.jp",
			want: Route{Domain: "docomo.ne.jp", Transport: "slow", Nexthop: "[192.0.2.1]:587", Source: SourceTransportMaps,
				Table: "hash:/etc/postfix/transport", Key: ".ne.jp", Entry: "slow:[192.0.2.1]:587", NexthopSource: SourceTransportMaps,
				Tables: []string{"hash:/etc/postfix/transport"}},
			queries: []string{"docomo.ne.jp hash:/etc/postfix/transport", ".ne.jp hash:/etc/postfix/transport"},
		},
		{
			name: "bare parent domain when transport_maps matches subdomains",
			setup: func(f *fakePostfix) {
				f.params["parent_domain_matches_subdomains"] = "relay_domains, transport_maps"
				f.params["transport_maps"] = "hash:/etc/postfix/transport"
				f.tables["hash:/etc/postfix/transport"] = map[string]string{".ne.jp": "wrong:", "ne.jp": "slow:"}
			},
			domain: "docomo.ne.jp",
			want: Route{Domain: "docomo.ne.jp", Transport: "slow", Source: SourceTransportMaps,
				Table: "hash:/etc/postfix/transport", Key: "ne.jp", Entry: "slow:", NexthopSource: SourceRecipientDomain,
				Tables: []string{"hash:/etc/postfix/transport"}},
		},
		{
			name: "wildcard",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "hash:/etc/postfix/transport"
				f.tables["hash:/etc/postfix/transport"] = map[string]string{"*": "smtp:[smarthost.example]:587"}
			},
			domain: "au.com",
			want: Route{Domain: "au.com", Transport: "smtp", Nexthop: "[smarthost.example]:587", Source: SourceTransportMaps,
				Table: "hash:/etc/postfix/transport", Key: "*", Entry: "smtp:[smarthost.example]:587", NexthopSource: SourceTransportMaps,
				Tables: []string{"hash:/etc/postfix/transport"}},
			queries: []string{"au.com hash:/etc/postfix/transport", ".com hash:/etc/postfix/transport", "* hash:/etc/postfix/transport"},
		},
		{
			name: "empty transport in the entry takes the default",
			setup: func(f *fakePostfix) {
				f.params["transport_maps"] = "hash:/etc/postfix/transport"
				f.tables["hash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": ":[192.0.2.7]"}
			},
			domain: "docomo.ne.jp",
			want: Route{Domain: "docomo.ne.jp", Transport: "smtp", Nexthop: "[192.0.2.7]", Source: SourceTransportMaps,
				Table: "hash:/etc/postfix/transport", Key: "docomo.ne.jp", Entry: ":[192.0.2.7]", NexthopSource: SourceTransportMaps,
				Tables: []string{"hash:/etc/postfix/transport"}},
		},
		{
			name:   "relay domain",
			setup:  func(f *fakePostfix) { f.params["relay_domains"] = "example.org, Docomo.ne.jp" },
			domain: "docomo.ne.jp",
			want:   Route{Domain: "docomo.ne.jp", Transport: "relay", Source: SourceRelayTransport, Entry: "relay", NexthopSource: SourceRecipientDomain, Tables: []string{}},
		},
		{
			name:   "default transport with a nexthop",
			setup:  func(f *fakePostfix) { f.params["default_transport"] = "smtp:[relay.example.net]:587" },
			domain: "ezweb.ne.jp",
			want:   Route{Domain: "ezweb.ne.jp", Transport: "smtp", Nexthop: "[relay.example.net]:587", Source: SourceDefaultTransport, Entry: "smtp:[relay.example.net]:587", NexthopSource: SourceDefaultTransport, Tables: []string{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePostfix(t, "")
			if tc.setup != nil {
				tc.setup(f)
			}
			in := &Inspector{Runner: f}
			got, err := in.Resolve(context.Background(), tc.domain)
			if err != nil {
				t.Fatal(err)
			}
			if got.Domain != tc.want.Domain || got.Transport != tc.want.Transport || got.Nexthop != tc.want.Nexthop ||
				got.Source != tc.want.Source || got.Table != tc.want.Table || got.Key != tc.want.Key ||
				got.Entry != tc.want.Entry || !slices.Equal(got.Tables, tc.want.Tables) {
				t.Errorf("Resolve = %+v\nwant       %+v", got, tc.want)
			}
			if got.NexthopSource != tc.want.NexthopSource {
				t.Errorf("NexthopSource = %q, want %q", got.NexthopSource, tc.want.NexthopSource)
			}
			if tc.queries != nil {
				if queries := f.postmapQueries(); !slices.Equal(queries, tc.queries) {
					t.Errorf("postmap queries %q, want %q", queries, tc.queries)
				}
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	t.Run("missing table", func(t *testing.T) {
		f := newFakePostfix(t, "")
		f.params["transport_maps"] = "hash:/etc/postfix/missing"
		_, err := (&Inspector{Runner: f}).Resolve(context.Background(), "docomo.ne.jp")
		if err == nil {
			t.Fatal("Resolve ignored a table that cannot be opened")
		}
		if !strings.Contains(err.Error(), "postmap -q docomo.ne.jp hash:/etc/postfix/missing failed") ||
			!strings.Contains(err.Error(), "open database /etc/postfix/missing.db") {
			t.Errorf("error %q does not name the command and Postfix's message", err)
		}
	})
	t.Run("postconf fails", func(t *testing.T) {
		f := newFakePostfix(t, "")
		f.broken = true
		_, err := (&Inspector{Runner: f}).Resolve(context.Background(), "docomo.ne.jp")
		if !errors.Is(err, ErrPostconf) {
			t.Fatalf("error %v, want ErrPostconf", err)
		}
		if !strings.Contains(err.Error(), "main.cf: No such file or directory") {
			t.Errorf("error %q lacks postconf's message", err)
		}
		if !strings.Contains(err.Error(), "pick one with -c DIR") {
			t.Errorf("error %q without -c does not suggest -c DIR", err)
		}
	})
	t.Run("postconf fails with -c", func(t *testing.T) {
		f := newFakePostfix(t, "/tmp/nonexist")
		f.broken = true
		_, err := (&Inspector{Runner: f, ConfigDir: "/tmp/nonexist"}).Resolve(context.Background(), "docomo.ne.jp")
		if !errors.Is(err, ErrPostconf) {
			t.Fatalf("error %v, want ErrPostconf", err)
		}
		if strings.Contains(err.Error(), "pick one with -c DIR") {
			t.Errorf("error %q suggests -c DIR though -c was given", err)
		}
		if !strings.Contains(err.Error(), "/tmp/nonexist is the directory of a readable main.cf") {
			t.Errorf("error %q does not name the -c directory", err)
		}
	})
	t.Run("empty default_transport with a transport_maps entry", func(t *testing.T) {
		f := newFakePostfix(t, "")
		f.params["default_transport"] = ""
		f.params["transport_maps"] = "texthash:/etc/postfix/transport"
		f.tables["texthash:/etc/postfix/transport"] = map[string]string{"docomo.ne.jp": "docomo:"}
		_, err := (&Inspector{Runner: f}).Resolve(context.Background(), "docomo.ne.jp")
		if err == nil || !strings.Contains(err.Error(), "default_transport is empty") {
			t.Errorf("error %v, want default_transport is empty", err)
		}
	})
	t.Run("empty default_transport", func(t *testing.T) {
		f := newFakePostfix(t, "")
		f.params["default_transport"] = ""
		_, err := (&Inspector{Runner: f}).Resolve(context.Background(), "docomo.ne.jp")
		if err == nil || !strings.Contains(err.Error(), "default_transport is empty") {
			t.Errorf("error %v, want default_transport is empty", err)
		}
	})
}

// TestResolveNexthop checks where the next hop comes from, as transport(5)
// and trivial-rewrite's resolve.c of Postfix 3.7 order them: the
// transport_maps entry, the next hop in default_transport or
// relay_transport, relayhost, then the recipient domain.
func TestResolveNexthop(t *testing.T) {
	const table = "texthash:/etc/postfix/transport"
	tests := []struct {
		name      string
		params    map[string]string
		entries   map[string]string
		transport string
		nexthop   string
		source    string // NexthopSource
	}{
		{
			name:      "relayhost",
			params:    map[string]string{"relayhost": "[smarthost.example]:587"},
			transport: "smtp", nexthop: "[smarthost.example]:587", source: SourceRelayhost,
		},
		{
			name:      "relayhost for a relay domain",
			params:    map[string]string{"relayhost": "[smarthost.example]", "relay_domains": "ezweb.ne.jp"},
			transport: "relay", nexthop: "[smarthost.example]", source: SourceRelayhost,
		},
		{
			name:      "no relayhost is the recipient domain",
			transport: "smtp", nexthop: "", source: SourceRecipientDomain,
		},
		{
			name:      "default_transport next hop beats relayhost",
			params:    map[string]string{"default_transport": "smtp:[outbound.example]:2525", "relayhost": "[smarthost.example]"},
			transport: "smtp", nexthop: "[outbound.example]:2525", source: SourceDefaultTransport,
		},
		{
			name:      "wildcard entry next hop beats relayhost",
			params:    map[string]string{"relayhost": "[smarthost.example]"},
			entries:   map[string]string{"*": "smtp:[wildcard.example]:587"},
			transport: "smtp", nexthop: "[wildcard.example]:587", source: SourceTransportMaps,
		},
		{
			name:      "transport-only entry skips relayhost",
			params:    map[string]string{"relayhost": "[smarthost.example]:587"},
			entries:   map[string]string{"ezweb.ne.jp": "smtp:"},
			transport: "smtp", nexthop: "", source: SourceRecipientDomain,
		},
		{
			name:      "transport-only wildcard skips default_transport next hop",
			params:    map[string]string{"default_transport": "smtp:[outbound.example]"},
			entries:   map[string]string{"*": "au:"},
			transport: "au", nexthop: "", source: SourceRecipientDomain,
		},
		{
			name:      "colon entry keeps relayhost",
			params:    map[string]string{"relayhost": "[smarthost.example]:587"},
			entries:   map[string]string{"ezweb.ne.jp": ":"},
			transport: "smtp", nexthop: "[smarthost.example]:587", source: SourceRelayhost,
		},
		{
			name:      "colon entry keeps default_transport next hop",
			params:    map[string]string{"default_transport": "smtp:[outbound.example]:2525"},
			entries:   map[string]string{"ezweb.ne.jp": ":", "*": "smtp:[wildcard.example]"},
			transport: "smtp", nexthop: "[outbound.example]:2525", source: SourceDefaultTransport,
		},
		{
			name:      "colon entry without relayhost",
			entries:   map[string]string{"ezweb.ne.jp": ":"},
			transport: "smtp", nexthop: "", source: SourceRecipientDomain,
		},
		{
			name:      "next-hop-only entry keeps the transport",
			params:    map[string]string{"default_transport": "slow:[outbound.example]", "relayhost": "[smarthost.example]"},
			entries:   map[string]string{".ne.jp": ":[partner.example]"},
			transport: "slow", nexthop: "[partner.example]", source: SourceTransportMaps,
		},
		{
			name:      "error entry without a reason",
			params:    map[string]string{"relayhost": "[smarthost.example]"},
			entries:   map[string]string{"ezweb.ne.jp": "error:"},
			transport: "error", nexthop: "Address is undeliverable", source: SourceTransportMaps,
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
			got, err := (&Inspector{Runner: f}).Resolve(context.Background(), "ezweb.ne.jp")
			if err != nil {
				t.Fatal(err)
			}
			if got.Transport != tc.transport {
				t.Errorf("Transport = %q, want %q", got.Transport, tc.transport)
			}
			if got.Nexthop != tc.nexthop {
				t.Errorf("Nexthop = %q, want %q", got.Nexthop, tc.nexthop)
			}
			if got.NexthopSource != tc.source {
				t.Errorf("NexthopSource = %q, want %q", got.NexthopSource, tc.source)
			}
		})
	}
}

func TestResolveSenderDependent(t *testing.T) {
	f := newFakePostfix(t, "")
	f.params["sender_dependent_relayhost_maps"] = "hash:/etc/postfix/sender_relay"
	got, err := (&Inspector{Runner: f}).Resolve(context.Background(), "ezweb.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sender_dependent_relayhost_maps"}; !slices.Equal(got.SenderDependent, want) {
		t.Errorf("SenderDependent = %q, want %q", got.SenderDependent, want)
	}

	// A next hop in default_transport overrides the sender's relayhost.
	f.params["default_transport"] = "smtp:[outbound.example]"
	got, err = (&Inspector{Runner: f}).Resolve(context.Background(), "ezweb.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SenderDependent) != 0 {
		t.Errorf("SenderDependent = %q with a default_transport next hop, want none", got.SenderDependent)
	}
}
