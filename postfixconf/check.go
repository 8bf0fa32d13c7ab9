package postfixconf

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
)

// Setting is the effective value of one limit and the parameter it came
// from.
type Setting struct {
	// Parameter is the main.cf parameter that sets the value, such as
	// docomo_destination_concurrency_limit, or the default_* parameter when
	// the transport has no value of its own. For the process limit it is
	// "master.cf maxproc" when master.cf sets one.
	Parameter string `json:"parameter"`
	Value     string `json:"value"` // as postconf -x printed it
}

// Limits are the settings that pace deliveries through one transport.
type Limits struct {
	DestinationConcurrencyLimit Setting `json:"destination_concurrency_limit"`
	DestinationRecipientLimit   Setting `json:"destination_recipient_limit"`
	DestinationRateDelay        Setting `json:"destination_rate_delay"`
	TransportRateDelay          Setting `json:"transport_rate_delay"`
	ProcessLimit                Setting `json:"process_limit"`
}

// Service is a transport's entry in master.cf.
type Service struct {
	Name string `json:"name"`
	// Line is the entry as postconf -M prints it, on one line, or "" when
	// master.cf has no such unix service.
	Line    string `json:"line"`
	MaxProc string `json:"maxproc"` // the seventh field; "-" means default_process_limit
	Command string `json:"command"` // the delivery agent: smtp, lmtp, pipe, error, discard
	// Overrides are the service's -o name=value settings, from postconf -P.
	Overrides map[string]string `json:"overrides"`
}

// Suggestion is the configuration of a dedicated slow transport for a
// Japanese mobile carrier's domain that nothing holds back. It is text for the operator to apply:
// mailtop never writes it. Each suggested line is compared with the
// instance's configuration, so the lines to add or replace are only those
// that differ, and the lines already in effect are listed apart.
type Suggestion struct {
	Transport string `json:"transport"`
	// MainCF are the lines to add to main.cf, for parameters it does not
	// set yet.
	MainCF []string `json:"main_cf"`
	// MainCFChanges replace the lines of parameters that main.cf already
	// sets to another value.
	MainCFChanges []LineChange `json:"main_cf_changes"`
	// MainCFInEffect are the suggested main.cf lines whose value is
	// already the effective one, set in main.cf or by a default.
	MainCFInEffect []string `json:"main_cf_in_effect"`
	MasterCF       []string `json:"master_cf"` // lines to add to master.cf
	// ReplacesMasterCF is the existing master.cf entry that MasterCF
	// replaces, or "" when MasterCF adds a new one.
	ReplacesMasterCF string `json:"replaces_master_cf"`
	// MasterCFInEffect is the existing master.cf entry when it already
	// has the suggested service type, process limit and command, or "".
	MasterCFInEffect string `json:"master_cf_in_effect"`
	MapFile          string `json:"map_file"` // the transport table file to add TransportMap to
	// TransportMap is the domain's line for MapFile. It keeps the nexthop
	// the domain has now, so mail still leaves through the same relay.
	// For a Blocked domain it takes the next hop of the route that the
	// domain would take without the entries that block it. It is empty
	// when TransportMapInEffect is set.
	TransportMap []string `json:"transport_map"`
	// Unblocks is true for the suggestion of a Blocked domain: its
	// TransportMap line routes the domain to delivery again, so apply it
	// only to lift the block.
	Unblocks bool `json:"unblocks"`
	// ReplacesEntry is the domain's current transport_maps entry, as
	// "KEY VALUE", that TransportMap replaces, or "" when it has none.
	ReplacesEntry string `json:"replaces_entry"`
	// TransportMapInEffect is the domain's transport_maps entry, as
	// "KEY VALUE", when it already routes the domain to Transport.
	TransportMapInEffect string `json:"transport_map_in_effect"`
	// SuggestedAbove are the lines left out because the suggestion for an
	// earlier domain of the same Check lists them already, such as the
	// master.cf entry of the au transport that ezweb.ne.jp and au.com
	// share. Applying every report of a Check adds each line once.
	SuggestedAbove []string `json:"suggested_above"`
	// SuggestedAboveByFile are the lines of SuggestedAbove, grouped by the
	// file they go in (main.cf, master.cf or MapFile), files in that order.
	SuggestedAboveByFile []FileLines `json:"suggested_above_by_file"`
	Commands             []string    `json:"commands"` // to run afterwards, in order

	// mapType is the table type of MapFile, such as hash.
	mapType string
}

// FileLines are configuration lines that go in one file.
type FileLines struct {
	File  string   `json:"file"` // "main.cf", "master.cf" or a transport table path
	Lines []string `json:"lines"`
}

// LineChange is a configuration line to replace.
type LineChange struct {
	Old string `json:"old"` // the line as the configuration has it now
	New string `json:"new"` // the line to put in its place
}

// Report is the route and pacing of mail to one domain.
type Report struct {
	Domain  string  `json:"domain"`
	Carrier string  `json:"carrier"` // diagnose.CarrierOf the domain; "" for none
	Route   Route   `json:"route"`
	Service Service `json:"service"`
	Limits  Limits  `json:"limits"`
	// Throttled is true when at least one setting holds the domain back:
	// a destination concurrency or recipient limit of 1, a rate delay, or
	// a single process.
	Throttled bool `json:"throttled"`
	// Throttles name the settings that hold it back, as "name = value".
	Throttles []string `json:"throttles"`
	// Blocked is the action that the domain's transport takes instead of
	// delivering: BlockedBounce, BlockedDefer or BlockedDiscard, with
	// Route.Nexthop as the reason. It is "" for a transport that delivers.
	Blocked string `json:"blocked"`
	// Warnings are problems with the settings as they are, in English.
	Warnings []string `json:"warnings"`
	// WarningMessages are the Warnings as l10n catalog messages, in the
	// same order, for text output in the chosen language.
	WarningMessages []Warning `json:"-"`
	// Suggestion is nil when Throttled is true, and for a domain that is
	// not a Japanese mobile carrier's (Carrier is ""): mailtop has pacing
	// rules for those carriers only, and other receivers such as Gmail
	// need no such throttling. For a Blocked domain it is the pacing to
	// apply when mail to the domain is to be delivered again.
	Suggestion *Suggestion `json:"suggestion"`
}

// Actions of a transport that does not deliver, as in Report.Blocked.
const (
	BlockedBounce  = "bounce"  // the error delivery agent returns the mail to the sender
	BlockedDefer   = "defer"   // the error agent as the retry service keeps the mail queued until it expires
	BlockedDiscard = "discard" // the discard delivery agent logs the mail as sent and drops it
)

// blockedAction returns what the master.cf service svc, named transport,
// does with mail instead of delivering it, or "" when it delivers.
// error(8) of Postfix 2.4 and later bounces mail as the service error and
// defers it as the service retry. Under any other name it stops with the
// fatal error "bad error service name" and delivers nothing, which is
// taken here as a deferral.
func blockedAction(transport string, svc Service) string {
	switch {
	case svc.Command == "discard":
		return BlockedDiscard
	case svc.Command == "error" && transport == "error":
		return BlockedBounce
	case svc.Command == "error":
		return BlockedDefer
	}
	return ""
}

// Check resolves the transport of each domain and reads its limits.
// A suggested line that an earlier domain's suggestion lists already is
// moved to SuggestedAbove. It stops at the first error, which names the
// domain and the command that failed.
func (in *Inspector) Check(ctx context.Context, domains []string) ([]Report, error) {
	reports := make([]Report, 0, len(domains))
	for _, domain := range domains {
		report, err := in.CheckDomain(ctx, domain)
		if err != nil {
			return reports, fmt.Errorf("check %s: %w", domain, err)
		}
		reports = append(reports, report)
	}
	in.leaveOutRepeats(reports)
	return reports, nil
}

// CheckDomain resolves the transport of one domain, reads its master.cf
// entry and the limits qmgr applies to it, and reports whether anything
// holds the domain back.
//
// domain must be a DNS name, as ValidateDomain accepts.
func (in *Inspector) CheckDomain(ctx context.Context, domain string) (Report, error) {
	if err := ValidateDomain(domain); err != nil {
		return Report{Domain: domain}, err
	}
	route, err := in.Resolve(ctx, domain)
	if err != nil {
		return Report{Domain: domain}, err
	}
	report := Report{
		Domain:  route.Domain,
		Carrier: diagnose.CarrierOf("", route.Domain),
		Route:   route,
	}
	if report.Service, err = in.service(ctx, route.Transport); err != nil {
		return report, err
	}
	if report.Limits, err = in.limits(ctx, route.Transport, report.Service); err != nil {
		return report, err
	}
	report.Blocked = blockedAction(route.Transport, report.Service)
	report.Throttles = append([]string{}, throttles(report.Limits)...)
	report.Throttled = len(report.Throttles) > 0
	report.WarningMessages = warnings(report)
	report.Warnings = []string{}
	for _, warning := range report.WarningMessages {
		report.Warnings = append(report.Warnings, warning.Text(englishText()))
	}
	if !report.Throttled && report.Carrier != "" {
		if report.Suggestion, err = in.suggest(ctx, report); err != nil {
			return report, err
		}
	}
	return report, nil
}

// service reads the master.cf entry of a transport with postconf -M and
// its -o settings with postconf -P. Transports are unix services.
func (in *Inspector) service(ctx context.Context, transport string) (Service, error) {
	svc := Service{Name: transport, Overrides: map[string]string{}}
	out, err := in.postconf(ctx, "-M", transport+"/unix")
	if err != nil {
		return svc, err
	}
	svc.Line = strings.TrimSpace(out)
	if fields := strings.Fields(svc.Line); len(fields) >= 8 {
		svc.MaxProc, svc.Command = fields[6], fields[7]
	}

	out, err = in.postconf(ctx, "-P", transport+"/unix")
	if err != nil {
		return svc, err
	}
	prefix := transport + "/unix/"
	for _, line := range strings.Split(out, "\n") {
		name, value, ok := strings.Cut(line, " = ")
		if rest, found := strings.CutPrefix(name, prefix); ok && found {
			svc.Overrides[rest] = strings.TrimSpace(value)
		}
	}
	return svc, nil
}

// qmgrLimits are the per-transport parameters qmgr reads, without the
// transport name: TRANSPORT_destination_concurrency_limit and so on.
var qmgrLimits = []string{
	"destination_concurrency_limit",
	"destination_recipient_limit",
	"destination_rate_delay",
	"transport_rate_delay",
}

// limits reads the effective limits of a transport. postconf prints the
// TRANSPORT_* parameters only of services that master.cf defines, so a
// missing one falls back to its default_* parameter, as qmgr does.
func (in *Inspector) limits(ctx context.Context, transport string, svc Service) (Limits, error) {
	var names []string
	for _, limit := range qmgrLimits {
		names = append(names, transport+"_"+limit, "default_"+limit)
	}
	names = append(names, "default_process_limit")
	params, err := in.parameters(ctx, names...)
	if err != nil {
		return Limits{}, err
	}

	effective := func(limit string) Setting {
		if value, ok := params[transport+"_"+limit]; ok && value != "" {
			return Setting{Parameter: transport + "_" + limit, Value: value}
		}
		return Setting{Parameter: "default_" + limit, Value: params["default_"+limit]}
	}
	limits := Limits{
		DestinationConcurrencyLimit: effective("destination_concurrency_limit"),
		DestinationRecipientLimit:   effective("destination_recipient_limit"),
		DestinationRateDelay:        effective("destination_rate_delay"),
		TransportRateDelay:          effective("transport_rate_delay"),
		ProcessLimit:                Setting{Parameter: "default_process_limit", Value: params["default_process_limit"]},
	}
	if svc.MaxProc != "" && svc.MaxProc != "-" {
		limits.ProcessLimit = Setting{Parameter: "master.cf maxproc", Value: svc.MaxProc}
	}
	return limits, nil
}

// throttles lists the limits that hold a destination back.
func throttles(l Limits) []string {
	var found []string
	for _, s := range []Setting{l.DestinationConcurrencyLimit, l.DestinationRecipientLimit, l.ProcessLimit} {
		if n, err := strconv.Atoi(s.Value); err == nil && n == 1 {
			found = append(found, s.Parameter+" = "+s.Value)
		}
	}
	for _, s := range []Setting{l.DestinationRateDelay, l.TransportRateDelay} {
		if d, err := ParseTime(s.Value); err == nil && d > 0 {
			found = append(found, s.Parameter+" = "+s.Value)
		}
	}
	return found
}

// Warning is one problem with the settings, as the l10n catalog id of its
// text (out.check.warning.*) and the template data.
type Warning struct {
	ID   string
	Data map[string]any
}

// Text returns the warning in tr's language.
func (w Warning) Text(tr *l10n.Localizer) string {
	return tr.T(w.ID, w.Data)
}

// englishText returns the English localizer, built once, that fills
// Report.Warnings.
var englishText = sync.OnceValue(func() *l10n.Localizer { return l10n.New(l10n.English) })

// warnings finds settings that do not do what they seem to, sorted by
// their English text.
func warnings(r Report) []Warning {
	var found []Warning
	add := func(id string, data map[string]any) {
		found = append(found, Warning{ID: "out.check.warning." + id, Data: data})
	}
	transport := r.Route.Transport
	if r.Service.Line == "" {
		add("noService", map[string]any{"Transport": transport, "Domain": r.Domain})
	}
	switch r.Service.Command {
	case "error", "discard":
		add("neverDelivered", map[string]any{"Transport": transport, "Agent": r.Service.Command, "Domain": r.Domain})
	}
	for name := range r.Service.Overrides {
		for _, limit := range qmgrLimits {
			if strings.HasSuffix(name, "_"+limit) {
				add("qmgrOverride", map[string]any{"Parameter": name, "Transport": transport})
			}
		}
	}

	recipients, _ := strconv.Atoi(r.Limits.DestinationRecipientLimit.Value)
	processes, _ := strconv.Atoi(r.Limits.ProcessLimit.Value)
	pace, _ := ParseTime(r.Limits.TransportRateDelay.Value)
	if recipients == 1 && processes != 1 && pace == 0 {
		add("recipientLimit", map[string]any{"Parameter": r.Limits.DestinationRecipientLimit.Parameter, "Domain": r.Domain, "Transport": transport})
	}
	// An entry's own next hop overrides the sender-dependent maps, which
	// are read before transport_maps (resolve.c of Postfix 3.7).
	if len(r.Route.SenderDependent) > 0 && r.Route.NexthopSource != SourceTransportMaps {
		add("senderDependent", map[string]any{"Parameters": l10n.List(r.Route.SenderDependent), "Domain": r.Domain})
	}
	if r.Throttled && r.Route.Source != SourceTransportMaps {
		add("sharedTransport", map[string]any{"Domain": r.Domain, "Transport": transport})
	}
	english := englishText()
	slices.SortFunc(found, func(a, b Warning) int { return strings.Compare(a.Text(english), b.Text(english)) })
	return found
}

// ParseTime parses a Postfix time value such as "1s" or "2m": a whole
// number with an optional unit s, m, h, d or w, seconds when the unit is
// missing. Other units are an error.
func ParseTime(value string) (time.Duration, error) {
	value = strings.TrimSpace(value)
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	unit := time.Second
	number := value
	if n := len(value); n > 0 {
		if u, ok := units[value[n-1]]; ok {
			unit, number = u, value[:n-1]
		}
	}
	count, err := strconv.ParseInt(number, 10, 64)
	if err != nil || count < 0 {
		return 0, fmt.Errorf("invalid Postfix time value %q: want a number with an optional unit s, m, h, d or w", value)
	}
	return time.Duration(count) * unit, nil
}
