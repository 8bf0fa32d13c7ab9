package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/postfixconf"
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
set. For a domain that is not, print the main.cf, master.cf and transport
table lines of a dedicated slow transport.

check runs postconf and postmap only. It never changes the Postfix
configuration: apply the suggested lines yourself, then run the commands
it lists. -c DIR checks another instance. --json prints one document for
scripts.`,
		Args: cobra.NoArgs,
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
		domains = []string{strings.ToLower(strings.TrimSpace(opts.domain))}
	}
	inspector := &postfixconf.Inspector{Runner: runner, ConfigDir: opts.configDir}
	reports, err := inspector.Check(ctx, domains)
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
	for i := range reports {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeCheckReport(stdout, &reports[i])
	}
	return nil
}

// writeCheckReport prints one domain's report as text.
func writeCheckReport(w io.Writer, r *postfixconf.Report) {
	title := r.Domain
	if r.Carrier != "" {
		title += " (" + diagnose.CarrierName(r.Carrier) + ")"
	}
	fmt.Fprintln(w, title)

	route := r.Route
	via := route.Source
	if route.Source == postfixconf.SourceTransportMaps {
		via = fmt.Sprintf("transport_maps %s, key %s", route.Table, route.Key)
	}
	nexthop := route.Nexthop
	if nexthop == "" {
		nexthop = "default: relayhost, or else the domain's MX hosts"
	}
	fmt.Fprintf(w, "  %-16s %s (from %s)\n", "transport", route.Transport, via)
	fmt.Fprintf(w, "  %-16s %s\n", "next hop", nexthop)
	if r.Service.Line != "" {
		fmt.Fprintf(w, "  %-16s %s\n", "master.cf", r.Service.Line)
	} else {
		fmt.Fprintf(w, "  %-16s no %s unix service\n", "master.cf", route.Transport)
	}

	l := r.Limits
	for _, s := range []struct {
		label   string
		setting postfixconf.Setting
	}{
		{"concurrency", l.DestinationConcurrencyLimit},
		{"recipients", l.DestinationRecipientLimit},
		{"rate delay", l.DestinationRateDelay},
		{"transport delay", l.TransportRateDelay},
		{"processes", l.ProcessLimit},
	} {
		fmt.Fprintf(w, "  %-16s %s (%s)\n", s.label, s.setting.Value, s.setting.Parameter)
	}

	if r.Throttled {
		fmt.Fprintf(w, "  THROTTLED by %s\n", strings.Join(r.Throttles, ", "))
	} else {
		fmt.Fprintln(w, "  NOT THROTTLED: nothing limits how fast mail goes to this domain")
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warning)
	}
	if s := r.Suggestion; s != nil {
		writeSuggestion(w, s)
	}
}

func writeSuggestion(w io.Writer, s *postfixconf.Suggestion) {
	fmt.Fprintf(w, "  Suggested dedicated transport %q (mailtop changes nothing):\n", s.Transport)
	fmt.Fprintln(w, "    add to main.cf:")
	for _, line := range s.MainCF {
		fmt.Fprintf(w, "      %s\n", line)
	}
	if s.ReplacesMasterCF != "" {
		fmt.Fprintln(w, "    replace in master.cf:")
		fmt.Fprintf(w, "      %s\n", s.ReplacesMasterCF)
		fmt.Fprintln(w, "    with:")
	} else {
		fmt.Fprintln(w, "    add to master.cf:")
	}
	for _, line := range s.MasterCF {
		fmt.Fprintf(w, "      %s\n", line)
	}
	if s.ReplacesEntry != "" {
		fmt.Fprintf(w, "    replace in %s:\n", s.MapFile)
		fmt.Fprintf(w, "      %s\n", s.ReplacesEntry)
		fmt.Fprintln(w, "    with:")
	} else {
		fmt.Fprintf(w, "    add to %s:\n", s.MapFile)
	}
	for _, line := range s.TransportMap {
		fmt.Fprintf(w, "      %s\n", line)
	}
	fmt.Fprintln(w, "    then run:")
	for _, line := range s.Commands {
		fmt.Fprintf(w, "      %s\n", line)
	}
}
