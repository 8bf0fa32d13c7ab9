package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/pipeline"
	"github.com/mailtop/mailtop/report"
	"github.com/mailtop/mailtop/stats"
)

func newReportCommand(opts *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Print per-domain delivery counts for a mail log and exit",
		Long: `Read the mail log once and print, per recipient domain, the deliveries sent,
deferred, bounced and expired, the delays and the most frequent failure
classes, with the watch-list domains first. Whole files are read unless
--since is given. --json prints a stable document for scripts.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), opts, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

func runReport(ctx context.Context, opts *options, asJSON bool) error {
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return err
	}
	since := time.Time{}
	if opts.since != "" {
		since, _ = parseSince(opts.since, time.Now(), opts.location)
	}
	src, _, err := openLogs(ctx, opts, since, false)
	if err != nil {
		return err
	}
	defer src.Close()

	coll := stats.New(stats.DefaultConfig())
	if err := pipeline.Run(ctx, src, coll, pipeline.Options{Year: opts.year, Location: opts.location}); err != nil {
		return fmt.Errorf("read mail log: %w", err)
	}
	snap := coll.Snapshot(coll.Snapshot(time.Time{}).Last)
	if opts.domain != "" {
		snap = report.FilterDomain(snap, opts.domain)
	}
	if asJSON {
		return report.WriteJSON(os.Stdout, report.Build(snap, opts.location))
	}
	return report.WriteText(os.Stdout, snap, cfg.Watch, opts.location)
}
