package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/postfixconf"
	"github.com/mailtop/mailtop/tui"
)

func newCheckCommand(opts *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Show how Postfix routes and paces mail to each watched domain",
		Long: `For each domain of the watch list (or --domain), find the transport Postfix
uses for it (transport_maps, then default_transport or relay_transport), its
master.cf entry, and the limits qmgr applies: the destination concurrency
and recipient limits, the destination and transport rate delays and the
process limit. A domain is throttled when one of them is 1 or a delay is
set. For a Japanese mobile carrier's domain that is not, print the main.cf,
master.cf and transport table lines of a dedicated slow transport that
differ from the instance's configuration, and list apart the lines it has
already. A line that an earlier domain's suggestion lists is not repeated.
Other domains, such as gmail.com, get no suggestion: they need no such
throttling. A domain routed to the error or discard delivery agent is
shown as blocked, with the reason that agent logs. Its suggestion is for
when its mail is to be delivered again, because its transport table line
lifts the block.

check runs postconf and postmap only. It never changes the Postfix
configuration: apply the suggested lines yourself, then run the commands
it lists. -c DIR checks another instance. --json prints one document for
scripts.`,
		Args: rejectArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), opts, sbinRunner{}, asJSON, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

// sbinRunner runs postconf and postmap with actions.ExecRunner, which also
// looks in /usr/sbin and /usr/local/sbin, so check works for a user whose
// PATH lacks them, and which bounds each command's time and output.
type sbinRunner struct {
	runner actions.ExecRunner
}

func (r sbinRunner) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	return r.runner.Run(ctx, argv, nil)
}

// checkDocument is the JSON output of check.
type checkDocument struct {
	ConfigDirectory string               `json:"config_directory"` // "" for the default instance
	Domains         []postfixconf.Report `json:"domains"`
}

func runCheck(ctx context.Context, opts *options, runner postfixconf.Runner, asJSON bool, stdout io.Writer) error {
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return err
	}
	domains := cfg.Watch
	if opts.domain != "" {
		domain := strings.ToLower(strings.TrimSpace(opts.domain))
		if err := postfixconf.ValidateDomain(domain); err != nil {
			return usageError{fmt.Errorf("--domain: %w", err)}
		}
		domains = []string{domain}
	}
	inspector := &postfixconf.Inspector{Runner: runner, ConfigDir: opts.configDir}
	reports, err := inspector.Check(ctx, domains)
	var commandErr *postfixconf.CommandError
	if errors.As(err, &commandErr) {
		return wrappedError{err, []string{commandErr.Command}}
	}
	if err != nil {
		return err
	}

	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(checkDocument{ConfigDirectory: opts.configDir, Domains: reports}); err != nil {
			return fmt.Errorf("write check output: %w", err)
		}
		return nil
	}
	tr := textLocalizer(opts)
	if block := defaultTransportBlock(reports); block != "" {
		writeCheckText(stdout, "", tr.T("out.check.defaultBlocked", map[string]any{"Setting": block}))
		fmt.Fprintln(stdout)
	}
	for i := range reports {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeCheckReport(stdout, &reports[i], tr)
	}
	return nil
}

// defaultTransportBlock returns "default_transport = VALUE" when
// default_transport blocks some of the reports' domains, or "". On such an
// instance every domain without a transport_maps entry is BLOCKED for the
// same reason, which the output then states once before the domains.
func defaultTransportBlock(reports []postfixconf.Report) string {
	for _, r := range reports {
		if r.Blocked == "" || r.Route.Source != postfixconf.SourceDefaultTransport {
			continue
		}
		value := r.Route.Transport
		if r.Route.NexthopSource == postfixconf.SourceDefaultTransport && r.Route.Nexthop != "" {
			value += ":" + r.Route.Nexthop
		}
		return postfixconf.SourceDefaultTransport + " = " + value
	}
	return ""
}

// writeCheckReport prints one domain's report as text in the language of
// tr. Parameter names, values and configuration lines stay as Postfix
// spells them.
func writeCheckReport(w io.Writer, r *postfixconf.Report, tr *l10n.Localizer) {
	title := r.Domain
	if r.Carrier != "" {
		title = tr.T("out.check.titleCarrier", map[string]any{"Domain": r.Domain, "Carrier": diagnose.CarrierName(r.Carrier)})
	}
	fmt.Fprintln(w, title)

	l := r.Limits
	limits := []struct {
		label   string
		setting postfixconf.Setting
	}{
		{tr.T("out.check.concurrency"), l.DestinationConcurrencyLimit},
		{tr.T("out.check.recipients"), l.DestinationRecipientLimit},
		{tr.T("out.check.rateDelay"), l.DestinationRateDelay},
		{tr.T("out.check.transportDelay"), l.TransportRateDelay},
		{tr.T("out.check.processes"), l.ProcessLimit},
	}
	transportLabel, nexthopLabel := tr.T("out.check.transport"), tr.T("out.check.nexthop")
	// Labels are padded to at least 16 cells, and wider when a Japanese
	// label needs it, so that the values line up.
	labelWidth := 16
	for _, label := range []string{transportLabel, nexthopLabel} {
		labelWidth = max(labelWidth, ansi.StringWidth(label)+1)
	}
	for _, limit := range limits {
		labelWidth = max(labelWidth, ansi.StringWidth(limit.label)+1)
	}
	field := func(label, value string) {
		writeCheckText(w, "  "+padCells(label, labelWidth)+" ", value)
	}

	route := r.Route
	via := route.Source
	if route.Source == postfixconf.SourceTransportMaps {
		via = tr.T("out.check.viaMap", map[string]any{"Table": route.Table, "Key": route.Key})
	}
	var nexthop string
	switch {
	case r.Blocked != "":
		nexthop = tr.T("out.check.nexthopReason", map[string]any{"Reason": blockedReason(r), "Agent": r.Service.Command})
	case route.Nexthop == "":
		nexthop = tr.T("out.check.nexthopDomain", map[string]any{"Domain": r.Domain})
	default:
		nexthop = tr.T("out.check.nexthopFrom", map[string]any{"Nexthop": route.Nexthop, "Source": route.NexthopSource})
	}
	field(transportLabel, tr.T("out.check.via", map[string]any{"Transport": route.Transport, "Source": via}))
	field(nexthopLabel, nexthop)
	if r.Service.Line != "" {
		// A configuration line stays whole, so that it can be copied.
		fmt.Fprintf(w, "  %s %s\n", padCells("master.cf", labelWidth), r.Service.Line)
	} else {
		field("master.cf", tr.T("out.check.noService", map[string]any{"Transport": route.Transport}))
	}
	if r.Blocked == "" {
		// The limits of a transport that delivers nothing pace nothing.
		for _, limit := range limits {
			field(limit.label, tr.T("out.check.limitValue", map[string]any{"Value": limit.setting.Value, "Parameter": limit.setting.Parameter}))
		}
	}

	switch {
	case r.Blocked != "":
		data := map[string]any{"Transport": route.Transport, "Domain": r.Domain, "Reason": blockedReason(r)}
		writeCheckText(w, "  ", tr.T("out.check.blocked."+r.Blocked, data))
	case r.Throttled:
		writeCheckText(w, "  ", tr.T("out.check.throttled", map[string]any{"Settings": l10n.List(r.Throttles)}))
	case r.Carrier == "":
		// Only the carriers need pacing, so for another domain this is
		// the normal state, not an alarm.
		writeCheckText(w, "  ", tr.T("out.check.notThrottledOther"))
	default:
		writeCheckText(w, "  ", tr.T("out.check.notThrottled"))
	}
	for _, warning := range r.WarningMessages {
		// The BLOCKED line above gives the reason that this warning lacks.
		if r.Blocked != "" && warning.ID == "out.check.warning.neverDelivered" {
			continue
		}
		writeCheckText(w, "  ", tr.T("out.check.warning", map[string]any{"Warning": warning.Text(tr)}))
	}
	if s := r.Suggestion; s != nil {
		writeSuggestion(w, s, r.Domain, tr)
	} else if !r.Throttled && r.Carrier == "" {
		writeCheckText(w, "  ", tr.T("out.check.noCarrier"))
	}
}

// checkLineWidth is the width in terminal cells that the text of mailtop
// check wraps at, that of a standard terminal. It is a variable so that
// tests of the wording can read each sentence on one line.
var checkLineWidth = 80

// writeCheckText prints text after prefix, wrapped to checkLineWidth cells
// with the Japanese line-break rules of the dashboard. The lines after the
// first are indented to the end of prefix, or by 2 more spaces when prefix
// is only an indent, so that they read as the same item. A text with a
// word longer than a line, such as a long path, is printed whole, because
// a path cut in two could not be copied.
func writeCheckText(w io.Writer, prefix, text string) {
	indent := strings.Repeat(" ", ansi.StringWidth(prefix))
	if strings.TrimSpace(prefix) == "" {
		indent = prefix + "  "
	}
	width := max(checkLineWidth-ansi.StringWidth(indent), 20)
	for _, word := range strings.Fields(text) {
		// Japanese text has no spaces, and breaks between its characters.
		if ansi.StringWidth(word) > width && isASCII(word) {
			fmt.Fprintf(w, "%s%s\n", prefix, text)
			return
		}
	}
	for i, line := range tui.WrapText(text, width) {
		if i == 0 {
			fmt.Fprintf(w, "%s%s\n", prefix, line)
		} else {
			fmt.Fprintf(w, "%s%s\n", indent, line)
		}
	}
}

// blockedReason returns the reason that the error or discard agent gives
// for mail to a Blocked domain, which is the route's next hop, or the
// domain when the next hop is the recipient domain.
func blockedReason(r *postfixconf.Report) string {
	if r.Route.Nexthop == "" {
		return r.Domain
	}
	return r.Route.Nexthop
}

// writeSuggestion prints the lines of s for domain to add or replace,
// file by file, and apart from them the lines the instance has already
// and those an earlier domain's suggestion lists.
func writeSuggestion(w io.Writer, s *postfixconf.Suggestion, domain string, tr *l10n.Localizer) {
	heading := func(indent, id string, data ...map[string]any) {
		writeCheckText(w, indent, tr.T(id, data...))
	}
	lines := func(lines ...string) {
		for _, line := range lines {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
	file := func(name string) map[string]any { return map[string]any{"File": name} }
	heading("  ", "out.check.suggestion", map[string]any{"Transport": strconv.Quote(s.Transport)})
	if s.Unblocks {
		heading("    ", "out.check.unblocks", map[string]any{"Domain": domain})
	}

	if len(s.MainCFInEffect) > 0 {
		heading("    ", "out.check.alreadyRight", file("main.cf"))
		lines(s.MainCFInEffect...)
	}
	if len(s.MainCFChanges) > 0 {
		heading("    ", "out.check.replaceIn", file("main.cf"))
		for _, change := range s.MainCFChanges {
			lines(change.Old)
		}
		heading("    ", "out.check.with")
		for _, change := range s.MainCFChanges {
			lines(change.New)
		}
	}
	if len(s.MainCF) > 0 {
		heading("    ", "out.check.addTo", file("main.cf"))
		lines(s.MainCF...)
	}

	switch {
	case s.MasterCFInEffect != "":
		heading("    ", "out.check.alreadyRight", file("master.cf"))
		lines(s.MasterCFInEffect)
	case len(s.MasterCF) > 0 && s.ReplacesMasterCF != "":
		heading("    ", "out.check.replaceIn", file("master.cf"))
		lines(s.ReplacesMasterCF)
		heading("    ", "out.check.with")
		lines(s.MasterCF...)
	case len(s.MasterCF) > 0:
		heading("    ", "out.check.addTo", file("master.cf"))
		lines(s.MasterCF...)
	}

	switch {
	case s.TransportMapInEffect != "":
		heading("    ", "out.check.alreadyRight", file(s.MapFile))
		lines(s.TransportMapInEffect)
	case len(s.TransportMap) > 0 && s.ReplacesEntry != "":
		heading("    ", "out.check.replaceIn", file(s.MapFile))
		lines(s.ReplacesEntry)
		heading("    ", "out.check.with")
		lines(s.TransportMap...)
	case len(s.TransportMap) > 0:
		heading("    ", "out.check.addTo", file(s.MapFile))
		lines(s.TransportMap...)
	}

	for _, group := range s.SuggestedAboveByFile {
		heading("    ", "out.check.suggestedAbove", file(group.File))
		lines(group.Lines...)
	}
	if len(s.Commands) == 0 {
		heading("    ", "out.check.nothingToRun")
		return
	}
	heading("    ", "out.check.thenRun")
	lines(s.Commands...)
}

// checkTransportAdvice returns the dashboard's source of mailtop check's
// lines for one domain on the instance in configDir (default when ""):
// the dedicated transport to add, or that the domain is already paced. It
// returns no lines when check has nothing to suggest.
func checkTransportAdvice(configDir string, tr *l10n.Localizer) func(context.Context, string) ([]string, error) {
	inspector := &postfixconf.Inspector{Runner: sbinRunner{}, ConfigDir: configDir}
	return func(ctx context.Context, domain string) ([]string, error) {
		report, err := inspector.CheckDomain(ctx, domain)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		switch {
		case report.Suggestion != nil:
			writeSuggestion(&b, report.Suggestion, report.Domain, tr)
		case report.Throttled:
			writeCheckText(&b, "  ", tr.T("out.check.throttled", map[string]any{"Settings": l10n.List(report.Throttles)}))
		default:
			return nil, nil
		}
		// The panel indents the lines itself.
		var lines []string
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			lines = append(lines, strings.TrimPrefix(line, "  "))
		}
		return lines, nil
	}
}

// isASCII reports whether s has only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
