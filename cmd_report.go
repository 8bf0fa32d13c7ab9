package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/pipeline"
	"github.com/mailtop/mailtop/postfixconf"
	"github.com/mailtop/mailtop/report"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

func newReportCommand(opts *options) *cobra.Command {
	var asJSON, unknownRecipients bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Print per-domain delivery counts for a mail log and exit",
		Long: `Read the mail log once and print, per recipient domain, the deliveries sent,
deferred, bounced and expired, the delays and the most frequent failure
classes, with the watch-list domains first. Whole files are read unless
--since is given. --json prints a stable document for scripts.

The report reads the log alone, not the queue, so it needs no access to
the queue and gives no count of queued messages. mailtop queue lists what
is queued now, the messages in the maildrop queue included, which no log
line names until pickup takes them.

--unknown-recipients prints instead, as CSV, every address that a receiver
rejected as unknown, one row per address with its latest failure, sorted by
domain and then address. The header row is
recipient,domain,carrier,time,queue_id,dsn,reply,basis. basis is
unknown_at_rcpt for a reject in reply to RCPT TO. Rejects at end of DATA are
left out, because there a receiver rejects every recipient of the
transaction, with one exception: docomo's "550 Unknown user" for the
recipient itself, logged on or after 2025-03-13, has basis
likely_unknown_since_docomo_2025-03-13. docomo sent that reply for its
users' filters until then, and since then it more often means that the
address does not exist.`,
		Args: rejectArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			if unknownRecipients {
				if asJSON {
					return usageError{hintedError{
						errors.New("--json and --unknown-recipients cannot be combined: --unknown-recipients prints CSV"),
						"cli.error.jsonUnknownRecipients", map[string]any{},
					}}
				}
				return runUnknownRecipients(cmd.Context(), opts, cmd.OutOrStdout())
			}
			return runReport(cmd.Context(), opts, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	cmd.Flags().BoolVar(&unknownRecipients, "unknown-recipients", false, "print the addresses rejected as unknown as CSV instead of the report")
	return cmd
}

func runReport(ctx context.Context, opts *options, asJSON bool) error {
	if err := checkDomainFlag(opts.domain); err != nil {
		return err
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return err
	}
	since := time.Time{}
	if opts.since != "" {
		since, _ = parseSince(opts.since, time.Now(), opts.location)
	}
	src, setup, err := openLogs(ctx, opts, since, false)
	if err != nil {
		return err
	}
	defer src.Close()
	warnLogZone(os.Stderr, opts, setup)
	stale := staleLog(opts, setup, since, opts.since)
	if stale != nil {
		printStaleLogWarning(opts, stale)
	}

	coll, err := newCollector(cfg, false, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	limitCtx, stopLimit := context.WithCancel(ctx)
	defer stopLimit()
	limitHeap(limitCtx, reportHeapLimit, os.Getenv, opts.logger)
	if err := pipeline.Run(ctx, src, coll, pipeline.Options{Year: opts.year, Location: opts.location}); err != nil {
		return readLogError(err)
	}
	sum := coll.Summary()
	warnNoPostfixLines(opts, setup, logCounts{read: sum.Lines.Read, postfix: sum.Lines.Postfix, skipped: skippedBeforeSince(src)}, logByFlag)
	if sum.Lines.Read == 0 && !since.IsZero() && stale == nil {
		// Without the warning above, as for standard input or a
		// compressed file, the lines skipped before --since are counted.
		if err := warnAllBeforeSince(os.Stderr, src, opts); err != nil {
			return err
		}
	}
	watch := cfg.Watch
	if opts.domain != "" {
		sum = report.FilterDomain(sum, opts.domain)
		watch = nil // rows for the other watched domains would read as zero traffic
	}
	if asJSON {
		return report.WriteJSON(os.Stdout, report.BuildSummary(sum, opts.location))
	}
	return report.WriteTextIn(os.Stdout, sum, watch, opts.location, textLocalizer(opts))
}

// warnAllBeforeSince writes the warning for a log whose every line is
// older than --since to w: how many lines were read, and that none was at
// or after --since. It writes nothing when src cannot count them (the
// journal) or skipped none.
func warnAllBeforeSince(w io.Writer, src sources.LogSource, opts *options) error {
	counter, ok := src.(interface{ SkippedBeforeSince() (int64, error) })
	if !ok {
		return nil
	}
	skipped, err := counter.SkippedBeforeSince()
	if err != nil || skipped == 0 {
		return err
	}
	id := "out.report.allBeforeSince"
	if skipped == 1 {
		id = "out.report.allBeforeSinceOne"
	}
	printWarning(w, textLocalizer(opts), id, map[string]any{"Read": skipped, "Since": opts.since})
	return nil
}

// textLocalizer returns the catalog for the text output of the
// subcommands, in the language --lang or the locale selects. A Japanese
// locale that is not UTF-8 gets English unless --lang ja is given.
func textLocalizer(opts *options) *l10n.Localizer {
	return l10n.New(l10n.TextLanguage(opts.lang, os.Getenv))
}

// warnStaleLog writes a warning to standard error when every line of the
// log files is older than since, so that --since skipped them all.
func warnStaleLog(opts *options, setup logSetup, since time.Time) {
	if stale := staleLog(opts, setup, since, opts.since); stale != nil {
		printStaleLogWarning(opts, stale)
	}
}

// printStaleLogWarning writes the warning about stale to standard error,
// with the time of the last line in the --tz zone and its abbreviation.
func printStaleLogWarning(opts *options, stale *tui.StaleLog) {
	printWarning(os.Stderr, textLocalizer(opts), "log.sinceSkipped", map[string]any{
		"Since": stale.Since,
		"End":   stale.End.In(opts.location).Format("2006-01-02 15:04 MST"),
	})
}

// logCounts are the line counts that warnNoPostfixLines judges a log by.
type logCounts struct {
	read    int64 // lines read
	postfix int64 // lines from a Postfix program
	skipped int64 // lines skipped because they are older than --since
}

// logPassing is the way a command takes its log file, which the advice
// of a warning about the log names.
type logPassing int

const (
	logByFlag     logPassing = iota // --log FILE, as report and the dashboard take it
	logByArgument                   // the FILE argument of classify
)

// warnNoPostfixLines writes a warning to standard error when lines were
// read but none of them came from a Postfix program. The log named is then
// not a mail log (a config file, another program's log), or a mail log
// that holds no Postfix line yet. It also warns when the input was empty,
// and when the systemd journal gave no line, naming the cause. Lines that
// --since skipped are not reported here, because warnStaleLog does.
func warnNoPostfixLines(opts *options, setup logSetup, counts logCounts, passing logPassing) {
	if counts.read == 0 && setup.journal {
		id, data := emptyJournalWarning(sources.FindJournal)
		printWarning(os.Stderr, textLocalizer(opts), id, data)
		return
	}
	if counts.postfix > 0 || counts.read == 0 && counts.skipped > 0 {
		return
	}
	tr := textLocalizer(opts)
	var id string
	switch {
	case counts.read == 0:
		id = "log.noLines"
	case counts.read == 1:
		id = "log.noPostfixLinesOne"
	default:
		id = "log.noPostfixLines"
	}
	if passing == logByArgument {
		id += "Argument"
	}
	printWarning(os.Stderr, tr, id, map[string]any{
		"Lines":  counts.read,
		"Source": tr.BeforeParticle(logSourceNames(tr, setup.paths)),
	})
}

// skippedBeforeSince returns how many lines src skipped because they are
// older than --since, or 0 when src does not count them (the journal).
func skippedBeforeSince(src sources.LogSource) int64 {
	counter, ok := src.(interface{ SkippedBeforeSince() (int64, error) })
	if !ok {
		return 0
	}
	skipped, err := counter.SkippedBeforeSince()
	if err != nil {
		return 0
	}
	return skipped
}

// emptyJournalWarning returns the catalog id and data of the warning for a
// journal that gave no line: either the machine keeps no journal files,
// which findJournal reports, or none of its entries is from the mail
// facility.
func emptyJournalWarning(findJournal func() (string, error)) (string, map[string]any) {
	if _, err := findJournal(); err != nil {
		dirs := sources.JournalDirectories() // persistent, then volatile
		return "log.journalNoFiles", map[string]any{"Persistent": dirs[0], "Volatile": dirs[1]}
	}
	return "log.journalNoMail", map[string]any{"Match": sources.MailFacilityMatch}
}

// logSourceNames returns the log paths joined as tr's language writes a
// list, with "-" named as standard input.
func logSourceNames(tr *l10n.Localizer, paths []string) string {
	names := make([]string, len(paths))
	for i, path := range paths {
		names[i] = path
		if path == "-" {
			names[i] = tr.T("log.stdin")
		}
	}
	return tr.JoinList(names)
}

// checkDomainFlag returns a usage error when --domain is given but is not
// a domain name, by the rule mailtop check applies, so that a typo does
// not print an empty report.
func checkDomainFlag(domain string) error {
	if domain == "" {
		return nil
	}
	if err := postfixconf.ValidateDomain(strings.ToLower(strings.TrimSpace(domain))); err != nil {
		return usageError{fmt.Errorf("--domain: %w", err)}
	}
	return nil
}
