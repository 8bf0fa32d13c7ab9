package postfixconf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// Where a Route comes from.
const (
	SourceTransportMaps    = "transport_maps"
	SourceDefaultTransport = "default_transport"
	SourceRelayTransport   = "relay_transport"
)

// Route is the transport that Postfix picks for mail to a domain.
type Route struct {
	Domain    string `json:"domain"`
	Transport string `json:"transport"` // the master.cf service name, "smtp" for instance
	// Nexthop is the destination the transport connects to, such as
	// "[192.0.2.1]:25". It is "" when the transport picks the default:
	// the domain's MX hosts, or relayhost when it is set.
	Nexthop string `json:"nexthop"`
	// Source is SourceTransportMaps, SourceDefaultTransport or
	// SourceRelayTransport.
	Source string `json:"source"`
	// Table and Key are the transport_maps table and lookup key that
	// matched, when Source is SourceTransportMaps.
	Table string `json:"table"`
	Key   string `json:"key"`
	// Entry is the matched table value as postmap printed it.
	Entry string `json:"entry"`
	// Tables are the transport_maps tables, in order.
	Tables []string `json:"tables"`
}

// Resolve finds the transport for mail to domain, the way trivial-rewrite
// does for a recipient in that domain with no address-specific entry.
//
// transport_maps is searched key by key, and each key in every table in
// order before the next key: the domain, then its parent domains, then "*".
// Parent domains are written ".ne.jp" and ".jp" for docomo.ne.jp, unless
// parent_domain_matches_subdomains lists transport_maps, in which case
// Postfix matches them as "ne.jp" and "jp" (transport(5), Postfix 2.0 and
// later). A table that cannot be read is an error, as it is for Postfix.
//
// Without a match, or with an entry that leaves the transport empty
// (":[relay.example]"), the transport is relay_transport when relay_domains
// lists the domain and default_transport otherwise.
//
// NOTE: user@domain entries, which apply to single recipients, are not
// looked up. relay_domains is matched only by its literal domain names,
// not by the tables it may name.
func (in *Inspector) Resolve(ctx context.Context, domain string) (Route, error) {
	return in.resolve(ctx, domain, nil)
}

// tableEntry is a transport_maps entry by its table and lookup key.
type tableEntry struct {
	table, key string
}

// resolve is Resolve, passing over the entries in skip as if their
// tables lacked them.
func (in *Inspector) resolve(ctx context.Context, domain string, skip []tableEntry) (Route, error) {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	route := Route{Domain: domain, Tables: []string{}}
	params, err := in.parameters(ctx, "transport_maps", "parent_domain_matches_subdomains",
		"default_transport", "relay_transport", "relay_domains")
	if err != nil {
		return route, err
	}
	route.Tables = append(route.Tables, splitList(params["transport_maps"])...)

	bareParents := slices.Contains(splitList(params["parent_domain_matches_subdomains"]), "transport_maps")
	for _, key := range lookupKeys(domain, bareParents) {
		for _, table := range route.Tables {
			if slices.Contains(skip, tableEntry{table, key}) {
				continue
			}
			entry, found, err := in.lookup(ctx, table, key)
			if err != nil {
				return route, err
			}
			if !found {
				continue
			}
			route.Source, route.Table, route.Key, route.Entry = SourceTransportMaps, table, key, entry
			route.Transport, route.Nexthop = splitEntry(entry)
			if route.Transport == "" {
				route.Transport, _ = splitEntry(fallback(params, domain))
			}
			return route, nil
		}
	}

	route.Source = SourceDefaultTransport
	if slices.Contains(splitList(strings.ToLower(params["relay_domains"])), domain) {
		route.Source = SourceRelayTransport
	}
	route.Entry = params[route.Source]
	route.Transport, route.Nexthop = splitEntry(route.Entry)
	if route.Transport == "" {
		return route, fmt.Errorf("%s is empty in the instance's main.cf: Postfix cannot deliver mail to %s", route.Source, domain)
	}
	return route, nil
}

func fallback(params map[string]string, domain string) string {
	if slices.Contains(splitList(strings.ToLower(params["relay_domains"])), domain) {
		return params["relay_transport"]
	}
	return params["default_transport"]
}

// lookupKeys returns the transport_maps keys for domain, in Postfix's
// order: "docomo.ne.jp", ".ne.jp", ".jp", "*", or with bareParents
// "docomo.ne.jp", "ne.jp", "jp", "*".
func lookupKeys(domain string, bareParents bool) []string {
	keys := []string{domain}
	for rest := domain; ; {
		_, parent, ok := strings.Cut(rest, ".")
		if !ok || parent == "" {
			break
		}
		if bareParents {
			keys = append(keys, parent)
		} else {
			keys = append(keys, "."+parent)
		}
		rest = parent
	}
	return append(keys, "*")
}

// lookup queries one table with postmap -q. postmap exits with status 1
// both when the key is missing and when the table cannot be opened, so a
// "fatal:" on stderr separates the two.
func (in *Inspector) lookup(ctx context.Context, table, key string) (string, bool, error) {
	argv := in.command("postmap", "-q", key, table)
	stdout, stderr, err := in.Runner.Run(ctx, argv)
	if strings.Contains(string(stderr), "fatal:") {
		return "", false, fmt.Errorf("%s failed%s; fix or remove the table in transport_maps", strings.Join(argv, " "), stderrSuffix(stderr))
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return "", false, nil // not found
	}
	if err != nil {
		return "", false, fmt.Errorf("%s: %w; check that Postfix is installed", strings.Join(argv, " "), err)
	}
	value := strings.TrimSpace(string(stdout))
	// A table with several values for a key (regexp tables can) gives one
	// a line; Postfix uses the first.
	value, _, _ = strings.Cut(value, "\n")
	return strings.TrimSpace(value), true, nil
}

// splitEntry splits a transport table value "transport:nexthop" at its
// first colon. "smtp:[192.0.2.1]:25" is transport smtp, nexthop
// "[192.0.2.1]:25"; "docomo:" is transport docomo with no nexthop.
func splitEntry(entry string) (transport, nexthop string) {
	transport, nexthop, _ = strings.Cut(strings.TrimSpace(entry), ":")
	return strings.TrimSpace(transport), strings.TrimSpace(nexthop)
}
