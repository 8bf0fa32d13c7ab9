package diagnose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mailtop/mailtop/parsers"
)

// Advice is the list of steps an operator can take about one classified
// attempt, most important first. It contains message ids and template data,
// not text, so the screen renders it in the operator's language. An Advice
// with no steps means there is nothing to add to the class.
type Advice struct {
	Steps []AdviceStep
}

// AdviceStep is one piece of advice.
type AdviceStep struct {
	// ID is a message id of the l10n catalog, one of the Advice* constants.
	ID string
	// Data fills the message's template fields. Config snippets in it are
	// Postfix syntax, the same in every language.
	Data map[string]any
}

// IDs returns the message ids of the steps, in order.
func (a Advice) IDs() []string {
	ids := make([]string, len(a.Steps))
	for i, s := range a.Steps {
		ids[i] = s.ID
	}
	return ids
}

// Message ids of advice. They are stable: the l10n catalog defines a text
// for each, and tests and scripts may match them.
const (
	AdviceDocomoFiltered            = "advice.docomo.filtered"
	AdviceDocomoFilteredSinceChange = "advice.docomo.filtered_since_change"
	AdviceDocomoUserUnknown         = "advice.docomo.user_unknown"
	AdviceDocomoDeferred            = "advice.docomo.deferred"
	AdviceDocomoSent                = "advice.docomo.sent"
	AdviceAUFiltered                = "advice.au.filtered"
	AdviceAUUserUnknown             = "advice.au.user_unknown"
	AdviceAUDeferred                = "advice.au.deferred"
	AdviceCarrierUserUnknown        = "advice.carrier.user_unknown"
	AdviceCarrierDeferred           = "advice.carrier.deferred"
	AdviceCarrierNetwork            = "advice.carrier.network"
	AdviceCarrierSent               = "advice.carrier.sent"
	AdviceCollateral                = "advice.collateral"
	AdviceTooManyRecipients         = "advice.too_many_recipients"
	AdviceUserUnknown               = "advice.user_unknown"
	AdviceUserUnknownTemporary      = "advice.user_unknown_temporary"
	AdviceRecipientAccessDenied     = "advice.recipient_access_denied"
	AdviceFiltered                  = "advice.filtered"
	AdviceAuthFailure               = "advice.auth_failure"
	AdviceRequirePTR                = "advice.require_ptr"
	AdviceContentFormat             = "advice.content_format"
	AdviceSenderRejected            = "advice.sender_rejected"
	AdviceDNS                       = "advice.dns"
	AdviceDNSTemporary              = "advice.dns_temporary"
	AdviceGreylisted                = "advice.greylisted"
	AdviceMailboxUnavailable        = "advice.mailbox_unavailable"
	AdviceRateLimited               = "advice.rate_limited"
	AdviceSendingQuota              = "advice.sending_quota"
	AdviceBlocked                   = "advice.blocked"
	AdviceLocalConfig               = "advice.local_config"
	AdviceNetwork                   = "advice.network"
	AdviceNextHopDeferred           = "advice.nexthop.deferred"
	AdviceComplaints                = "advice.complaints"
)

// AdviceIDs returns every advice message id, for catalog tests.
func AdviceIDs() []string {
	return []string{
		AdviceDocomoFiltered, AdviceDocomoFilteredSinceChange, AdviceDocomoUserUnknown,
		AdviceDocomoDeferred, AdviceDocomoSent, AdviceAUFiltered, AdviceAUUserUnknown,
		AdviceAUDeferred, AdviceCarrierUserUnknown, AdviceCarrierDeferred, AdviceCarrierNetwork, AdviceCarrierSent,
		AdviceCollateral, AdviceTooManyRecipients, AdviceUserUnknown, AdviceUserUnknownTemporary,
		AdviceRecipientAccessDenied, AdviceFiltered,
		AdviceAuthFailure, AdviceRequirePTR, AdviceContentFormat, AdviceSenderRejected,
		AdviceDNS, AdviceDNSTemporary, AdviceGreylisted, AdviceMailboxUnavailable, AdviceRateLimited, AdviceSendingQuota,
		AdviceBlocked, AdviceLocalConfig, AdviceNetwork, AdviceNextHopDeferred, AdviceComplaints,
	}
}

// carrierDeferralClasses are the failures that, at a carrier, can mean it
// is holding this sender back. docomo and au rarely state it in a reply
// text, because they throttle, drop the connection or reset it instead.
// Network is one of them, but no connection was made, so Advise gives the
// network advice first and the carrier's part as a second step.
// Greylisted is not one of them: the receiver accepts the next retry
// however slowly this server sends, so a slow transport does not help.
var carrierDeferralClasses = []Class{RateLimited, Blocked, Suspended, ConnectionLost, Network}

// Advise returns the advice for one attempt that r classified. in is the
// attempt r was computed from, and its time decides the docomo date rule.
//
// One attempt cannot show how often a carrier deferred mail, so the advice
// for a carrier deferral is the same for the first and the hundredth. Its
// text asks the operator to act when the deferrals repeat.
func Advise(r Result, in Input) Advice {
	if r.Class == ClassNone {
		return adviseSuccess(r, in)
	}
	if r.Collateral {
		return one(AdviceCollateral, collateralData(r, in))
	}

	advice := adviseFailure(r, in)
	if mentionsComplaints(r, in) {
		// Slowing down does not end a deferral over complaints, which the
		// receiver counts against this sender's reputation, so list
		// hygiene comes first.
		advice.Steps = append([]AdviceStep{{ID: AdviceComplaints}}, advice.Steps...)
	}
	return advice
}

// mentionsComplaints reports whether a rate limit or a block names its
// recipients' complaints, as docomo's "[TS01] ... temporarily deferred due
// to user complaints" and Yahoo's "[TSS04] ... unexpected volume or user
// complaints" do.
func mentionsComplaints(r Result, in Input) bool {
	if r.Class != RateLimited && r.Class != Blocked {
		return false
	}
	return strings.Contains(strings.ToLower(in.Reason), "complaint")
}

// adviseFailure returns the advice for a failure that is not collateral.
func adviseFailure(r Result, in Input) Advice {
	data := map[string]any{
		"Carrier":   CarrierName(r.Carrier),
		"Recipient": in.Recipient,
		"Domain":    strings.ToLower(in.Domain),
	}
	switch r.Class {
	case Filtered:
		switch {
		case r.Carrier == CarrierDocomo && AfterDocomoFilterChange(in.Time):
			data["Date"] = docomoFilterChange.Format("2006-01-02")
			return one(AdviceDocomoFilteredSinceChange, data)
		case r.Carrier == CarrierDocomo:
			return one(AdviceDocomoFiltered, data)
		case r.Carrier == CarrierAU:
			return one(AdviceAUFiltered, data)
		}
		return one(AdviceFiltered, data)
	case UserUnknown:
		if RecipientAccessReject(in) {
			// The receiver's policy, not a missing mailbox, refuses the
			// address, temporarily or not.
			return one(AdviceRecipientAccessDenied, data)
		}
		if isTemporary(in) {
			// A 4xx 4.1.1 such as Postfix's "unverified address": the
			// receiver could not check the address yet and Postfix retries.
			return one(AdviceUserUnknownTemporary, data)
		}
		switch r.Carrier {
		case CarrierDocomo:
			return one(AdviceDocomoUserUnknown, data)
		case CarrierAU:
			return one(AdviceAUUserUnknown, data)
		case "":
			return one(AdviceUserUnknown, data)
		}
		return one(AdviceCarrierUserUnknown, data)
	case TooManyRecipients:
		return one(AdviceTooManyRecipients, withTransport(data, transportName(r.Carrier), in.Domain))
	case Greylisted:
		return one(AdviceGreylisted, data)
	case MailboxUnavailable:
		data["DSN"] = in.DSN
		return one(AdviceMailboxUnavailable, data)
	}

	if r.Class == RateLimited && isSendingQuota(in.Reason) {
		// The account or relay this server sends through reached its own
		// limit, whatever the recipient's domain.
		data["Host"] = deliveryHost(in)
		return one(AdviceSendingQuota, data)
	}

	if r.Carrier != "" && slices.Contains(carrierDeferralClasses, r.Class) {
		if host := deliveryHost(in); host != "" && matchSuffix(relayHosts, hostName(host)) != r.Carrier {
			// A relay or a transport_maps next hop failed, not the
			// carrier, so a slow transport to the carrier would not help.
			data["Host"] = host
			data["Check"] = "mailtop check --domain " + strings.ToLower(in.Domain)
			return one(AdviceNextHopDeferred, data)
		}
		if r.Class == Network {
			// No connection was made, so the network advice comes first.
			// A carrier that holds a sender back can also turn its
			// connections away, which the second step states.
			return Advice{Steps: []AdviceStep{
				{ID: AdviceNetwork, Data: data},
				{ID: AdviceCarrierNetwork, Data: data},
			}}
		}
		data = withTransport(data, r.Carrier, in.Domain)
		switch r.Carrier {
		case CarrierDocomo:
			return one(AdviceDocomoDeferred, data)
		case CarrierAU:
			return one(AdviceAUDeferred, data)
		}
		return one(AdviceCarrierDeferred, data)
	}

	switch r.Class {
	case AuthFailure:
		return one(AdviceAuthFailure, data)
	case RequirePTR:
		return one(AdviceRequirePTR, data)
	case ContentFormat:
		return one(AdviceContentFormat, data)
	case SenderRejected:
		return one(AdviceSenderRejected, data)
	case DNS:
		if in.ReplyCode/100 == 4 && strings.HasPrefix(in.DSN, "4.1.") {
			// The receiver could not resolve the recipient's domain for
			// now, as in a 4.1.2 "Domain not found", and Postfix retries.
			// A 4xx reply with another code may be about another name.
			return one(AdviceDNSTemporary, data)
		}
		return one(AdviceDNS, data)
	case RateLimited:
		return one(AdviceRateLimited, data)
	case Blocked:
		return one(AdviceBlocked, data)
	case LocalConfig:
		return one(AdviceLocalConfig, data)
	case Network:
		return one(AdviceNetwork, data)
	}
	return Advice{}
}

// isTemporary reports whether the receiver's reply was temporary (4xx),
// by its reply code, or by the enhanced status code when Postfix logged no
// reply code. A soft-bounced permanent reply (soft_bounce=yes) is logged
// with a 4.X.X code but keeps its 5xx reply code in the text, and without
// a reply code it is not treated as temporary.
func isTemporary(in Input) bool {
	if in.ReplyCode != 0 {
		return in.ReplyCode/100 == 4
	}
	return strings.HasPrefix(in.DSN, "4.") && in.Status != parsers.StatusSoftBounce
}

// deliveryHost returns the host Postfix delivered to or tried, as
// "name[address]:port" when the port is known: the attempt's relay, else
// the first host that Postfix's own text names ("connect to
// mx[192.0.2.1]:25: ..." when relay=none). It returns "" when neither
// names a host.
func deliveryHost(in Input) string {
	if strings.IndexByte(in.Relay, '[') > 0 && strings.IndexByte(in.Relay, ']') > 0 {
		return in.Relay
	}
	reason := in.Reason
	if i := strings.Index(reason, " said: "); i >= 0 {
		reason = reason[:i]
	}
	for _, word := range strings.Fields(reason) {
		open := strings.IndexByte(word, '[')
		close := strings.IndexByte(word, ']')
		if open > 0 && close > open+1 {
			return strings.TrimRight(word, ":,")
		}
	}
	return ""
}

// hostName returns the name part of "name[address]".
func hostName(host string) string {
	name, _, _ := strings.Cut(host, "[")
	return name
}

// adviseSuccess covers sent mail at the carriers that accept mail and then
// file or drop it: docomo since 2025-03-13 puts what its users' filters
// refuse in a spam folder, and au and SoftBank drop mail that some user
// filters refuse, all after replying 250.
func adviseSuccess(r Result, in Input) Advice {
	if in.Status != parsers.StatusSent {
		return Advice{}
	}
	data := map[string]any{"Carrier": CarrierName(r.Carrier), "Recipient": in.Recipient}
	switch r.Carrier {
	case CarrierDocomo:
		if AfterDocomoFilterChange(in.Time) {
			data["Date"] = docomoFilterChange.Format("2006-01-02")
			return one(AdviceDocomoSent, data)
		}
	case CarrierAU, CarrierSoftBank:
		return one(AdviceCarrierSent, data)
	}
	return Advice{}
}

func one(id string, data map[string]any) Advice {
	return Advice{Steps: []AdviceStep{{ID: id, Data: data}}}
}

// collateralData names the address that made the receiver reject the
// whole transaction, and the transport fix that stops it happening again.
func collateralData(r Result, in Input) map[string]any {
	named, _ := CollateralAddress(in)
	data := map[string]any{
		"Carrier":   CarrierName(r.Carrier),
		"Recipient": in.Recipient,
		"Named":     named,
		"Domain":    strings.ToLower(in.Domain),
	}
	if data["Carrier"] == "" {
		data["Carrier"] = strings.ToLower(in.Domain)
	}
	return withTransport(data, transportName(r.Carrier), in.Domain)
}

// transportName names the dedicated transport: the carrier, or "slow" for
// any other destination.
func transportName(carrier string) string {
	if carrier == "" {
		return "slow"
	}
	return carrier
}

// carrierNames are the carriers' names as customers know them.
var carrierNames = map[string]string{
	CarrierDocomo:   "docomo",
	CarrierAU:       "au",
	CarrierSoftBank: "SoftBank",
	CarrierRakuten:  "Rakuten Mobile",
}

// CarrierName returns a carrier's display name ("SoftBank" for
// CarrierSoftBank), or "" for no carrier.
func CarrierName(carrier string) string {
	return carrierNames[carrier]
}

// carrierMailDomains are the domains a carrier transport should carry.
var carrierMailDomains = map[string][]string{
	CarrierDocomo:   {"docomo.ne.jp"},
	CarrierAU:       {"ezweb.ne.jp", "au.com"},
	CarrierSoftBank: {"softbank.ne.jp", "i.softbank.jp"},
	CarrierRakuten:  {"rakumail.jp"},
}

const (
	// transportMapFile is the transport map that the TransportMap lines go
	// to, at the path Postfix's own examples use.
	transportMapFile = "/etc/postfix/transport"
	// transportRateDelay spaces deliveries over the whole transport. It is a
	// starting point, not a carrier's published figure: no carrier
	// publishes one.
	transportRateDelay = "1s"
)

// withTransport adds the Postfix settings for a dedicated slow transport
// named after the carrier: one process (master.cf maxproc 1), one recipient
// per delivery and a pause between deliveries.
//
// With a recipient limit of 1, Postfix counts each recipient as its own
// destination, so the per-destination concurrency limit and rate delay no
// longer hold the domain back. The process limit in master.cf and
// transport_rate_delay (Postfix 3.1 and later) apply to the whole transport
// instead.
func withTransport(data map[string]any, transport, domain string) map[string]any {
	domains := slices.Clone(carrierMailDomains[transport])
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	if domain != "" && !slices.Contains(domains, domain) {
		domains = append(domains, domain)
	}

	var mapLines []string
	for _, d := range domains {
		mapLines = append(mapLines, fmt.Sprintf("%-15s %s:", d, transport))
	}
	data["Transport"] = transport
	data["MapFile"] = transportMapFile
	data["TransportMap"] = strings.Join(mapLines, "\n")
	data["MainCF"] = strings.Join([]string{
		"transport_maps = hash:" + transportMapFile,
		transport + "_destination_concurrency_limit = 1",
		transport + "_destination_recipient_limit = 1",
		transport + "_transport_rate_delay = " + transportRateDelay,
	}, "\n")
	data["MasterCF"] = fmt.Sprintf("%-9s unix  -       -       n       -       1       smtp", transport)
	return data
}
