// Command mailtop-loggen writes a synthetic Postfix 3.7 log for tests and
// benchmarks, and optionally the per-domain counts a correct reader of
// that log reports.
//
//	mailtop-loggen -lines 1000000 -seed 1 -o mail.log -expected mail.expected.json
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mailtop/mailtop/internal/loggen"
)

func main() {
	err := run(os.Args[1:], os.Stdout)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "mailtop-loggen:", err)
	}
	os.Exit(exitStatus(err))
}

// exitStatus returns the exit status for the error of run: 0 for none and
// for -help or -h, whose usage the flag package has printed, else 1.
func exitStatus(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 1
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("mailtop-loggen", flag.ContinueOnError)
	lines := fs.Int("lines", 100000, "number of log lines to write")
	seed := fs.Uint64("seed", 1, "random seed; the same seed and flags give the same log")
	start := fs.String("start", "2026-12-04T06:00:00Z", "time of the first line, RFC 3339; its offset is the zone of the timestamps")
	span := fs.Duration("span", 0, "log time the lines cover (default: one day per million lines, at least one day)")
	header := fs.String("header", "maillog", "timestamp format: maillog (Dec 04), syslog (Dec  4) or rfc3339")
	host := fs.String("host", "mx", "host field of every line")
	longIDs := fs.Float64("long-ids", 0.25, "share of messages with long queue IDs, 0 to 1")
	lifetime := fs.Duration("lifetime", 6*time.Hour, "maximal_queue_lifetime: deferred mail older than this expires")
	tail := fs.Int("domains", 40000, "number of long-tail recipient domains besides the named providers")
	tailShare := fs.Float64("tail-share", 0, "share of remote recipients sent to the long-tail domains, 0 to 1 (default: the captured log's, about 0.28)")
	output := fs.String("o", "", "write the log to this file instead of standard output")
	expected := fs.String("expected", "", "write the expected per-domain counts as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: all options are flags", fs.Arg(0))
	}

	opts := loggen.Options{Lines: *lines, Seed: *seed, Span: *span, Host: *host, QueueLifetime: *lifetime, TailDomains: *tail}
	var err error
	if *tail < 1 {
		return fmt.Errorf("invalid -domains %d: give at least 1", *tail)
	}
	if *tailShare < 0 || *tailShare > 1 {
		return fmt.Errorf("invalid -tail-share %v: give a share from 0 to 1", *tailShare)
	}
	opts.TailShare = *tailShare
	if opts.Start, err = time.Parse(time.RFC3339, *start); err != nil {
		return fmt.Errorf("invalid -start %q: use RFC 3339, like 2026-12-04T06:00:00Z: %w", *start, err)
	}
	if opts.Header, err = loggen.ParseHeaderFormat(*header); err != nil {
		return err
	}
	switch {
	case *longIDs < 0 || *longIDs > 1:
		return fmt.Errorf("invalid -long-ids %v: give a share from 0 to 1", *longIDs)
	case *longIDs == 0:
		opts.LongQueueIDs = -1
	default:
		opts.LongQueueIDs = *longIDs
	}

	w := stdout
	var file *os.File
	if *output != "" {
		if file, err = os.Create(*output); err != nil {
			return fmt.Errorf("create log file: %w", err)
		}
		defer file.Close()
		w = file
	}
	exp, err := loggen.Generate(w, opts)
	if err != nil {
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("close log file %s: %w", *output, err)
		}
	}
	if *expected == "" {
		return nil
	}
	data, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		return fmt.Errorf("encode expected counts: %w", err)
	}
	if err := os.WriteFile(*expected, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write expected counts: %w", err)
	}
	return nil
}
