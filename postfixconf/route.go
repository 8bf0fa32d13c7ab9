package postfixconf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// Where a Route or its next hop comes from.
const (
	SourceTransportMaps    = "transport_maps"
	SourceDefaultTransport = "default_transport"
	SourceRelayTransport   = "relay_transport"
	// SourceRelayhost and SourceRecipientDomain are for Route.NexthopSource
	// only.
	SourceRelayhost       = "relayhost"
	SourceRecipientDomain = "recipient_domain"
)

// senderDependentParameters are the main.cf parameters that can pick
// another transport or next hop for mail from some senders, which Resolve
// does not look up.
var senderDependentParameters = []string{"sender_dependent_default_transport_maps", "sender_dependent_relayhost_maps"}

// Route is the transport that Postfix picks for mail to a domain.
type Route struct {
	Domain    string `json:"domain"`
	Transport string `json:"transport"` // the master.cf service name, "smtp" for instance
	// Nexthop is the next hop that Postfix passes to the transport, such
	// as "[192.0.2.1]:25". It is "" when that is the recipient domain,
	// whose MX hosts the smtp and lmtp clients then deliver to.
	Nexthop string `json:"nexthop"`
	// NexthopSource names the setting that Nexthop comes from:
	// SourceTransportMaps, SourceDefaultTransport, SourceRelayTransport,
	// SourceRelayhost, or SourceRecipientDomain when Nexthop is "".
	NexthopSource string `json:"nexthop_source"`
	// SenderDependent are the sender_dependent_* parameters that main.cf
	// sets and that apply to the domain's address class unless a
	// transport_maps entry overrides them. They can route mail from some
	// senders through another transport or next hop than this Route.
	SenderDependent []string `json:"sender_dependent"`
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

// Resolve finds the transport and next hop for mail to domain, the way
// trivial-rewrite does for a recipient in that domain with no
// address-specific entry.
//
// Without transport_maps, the transport is relay_transport when
// relay_domains lists the domain and default_transport otherwise. The
// next hop is that parameter's own, as in "smtp:[relay.example]:587",
// else relayhost when it is set, else the recipient domain.
//
// transport_maps is searched key by key, and each key in every table in
// order before the next key: the domain, then its parent domains, then "*".
// Parent domains are written ".ne.jp" and ".jp" for docomo.ne.jp, unless
// parent_domain_matches_subdomains lists transport_maps, in which case
// Postfix matches them as "ne.jp" and "jp" (transport(5), Postfix 2.0 and
// later). A table that cannot be read is an error, as it is for Postfix.
// A matching entry changes the route as transport(5) of Postfix 3.7
// describes, and as update_entry in trivial-rewrite's transport.c does:
//
//   - ":" changes nothing: the transport and next hop stay as above.
//   - ":nexthop" keeps the transport and sets the next hop.
//   - "transport:nexthop" sets both.
//   - "transport:" sets the transport and resets the next hop to the
//     recipient domain, so relayhost and a next hop in default_transport
//     no longer apply. For the error and retry transports the next hop
//     becomes the reason "Address is undeliverable" instead.
//
// NOTE: user@domain entries, which apply to single recipients, are not
// looked up. relay_domains is matched only by its literal domain names,
// not by the tables it may name. The sender_dependent_* parameters are
// listed in Route.SenderDependent but not looked up.
func (in *Inspector) Resolve(ctx context.Context, domain string) (Route, error) {
	return in.resolve(ctx, domain, nil)
}

// tableEntry is a transport_maps entry by its table and lookup key.
type tableEntry struct {
	table, key string
}

// undeliverableReason is the next hop that trivial-rewrite gives the
// error and retry transports when a transport_maps entry names one of
// them without a next hop.
const undeliverableReason = "Address is undeliverable"

// resolve is Resolve, passing over the entries in skip as if their
// tables lacked them.
func (in *Inspector) resolve(ctx context.Context, domain string, skip []tableEntry) (Route, error) {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	route := Route{Domain: domain, Tables: []string{}, SenderDependent: []string{}}
	names := []string{"transport_maps", "parent_domain_matches_subdomains",
		"default_transport", "relay_transport", "relay_domains", "relayhost"}
	params, err := in.parameters(ctx, append(names, senderDependentParameters...)...)
	if err != nil {
		return route, err
	}
	route.Tables = append(route.Tables, splitList(params["transport_maps"])...)

	// The route of the domain's address class, before transport_maps.
	route.Source = SourceDefaultTransport
	if slices.Contains(splitList(strings.ToLower(params["relay_domains"])), domain) {
		route.Source = SourceRelayTransport
	}
	route.Entry = params[route.Source]
	route.Transport, route.Nexthop = splitEntry(route.Entry)
	route.NexthopSource = route.Source
	if route.Transport == "" {
		// trivial-rewrite fails before it reads transport_maps.
		return route, fmt.Errorf("%s is empty in the instance's main.cf: Postfix cannot deliver mail to %s", route.Source, domain)
	}
	if route.Nexthop == "" {
		route.Nexthop, route.NexthopSource = strings.TrimSpace(params["relayhost"]), SourceRelayhost
	}
	if route.Nexthop == "" {
		route.NexthopSource = SourceRecipientDomain
	}
	// sender_dependent_default_transport_maps applies to the default
	// class only, and a next hop in the class's transport overrides
	// sender_dependent_relayhost_maps (postconf(5) of Postfix 3.7).
	if route.Source == SourceDefaultTransport && strings.TrimSpace(params[senderDependentParameters[0]]) != "" {
		route.SenderDependent = append(route.SenderDependent, senderDependentParameters[0])
	}
	if route.NexthopSource != route.Source && strings.TrimSpace(params[senderDependentParameters[1]]) != "" {
		route.SenderDependent = append(route.SenderDependent, senderDependentParameters[1])
	}

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
			applyEntry(&route, entry)
			return route, nil
		}
	}
	return route, nil
}

// applyEntry changes route by the transport_maps entry, as Resolve
// describes.
func applyEntry(route *Route, entry string) {
	transport, nexthop := splitEntry(entry)
	if transport != "" {
		route.Transport = transport
	}
	switch {
	case nexthop != "":
		route.Nexthop, route.NexthopSource = nexthop, SourceTransportMaps
	case transport == "":
		// ":" keeps the class's next hop.
	case transport == "error" || transport == "retry":
		route.Nexthop, route.NexthopSource = undeliverableReason, SourceTransportMaps
	default:
		route.Nexthop, route.NexthopSource = "", SourceRecipientDomain
	}
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
		command := strings.Join(argv, " ")
		return "", false, &CommandError{Command: command, Err: fmt.Errorf("%s failed%s; fix or remove the table in transport_maps", command, stderrSuffix(stderr))}
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
