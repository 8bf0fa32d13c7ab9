package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// journalLabel names the systemd journal where a log path would be shown.
const journalLabel = "systemd journal (" + sources.MailFacilityMatch + ")"

// logSetup is the Postfix instance and the log sources that findLogs chose.
type logSetup struct {
	instance sources.Instance
	// paths are the log files read, oldest first, or journalLabel when
	// journal is set.
	paths []string
	// journal is set when the lines come from the systemd journal,
	// because no log file was readable.
	journal bool
	// instanceErr is the error from postconf (not installed, no main.cf).
	// The log may still be readable.
	instanceErr error
}

// findJournal returns the path of journalctl when the machine keeps journal
// files for it. Tests replace it to stand in for a machine with or without
// them.
var findJournal = sources.FindJournal

// findLogs queries Postfix (through postconf, with -c DIR when given) for its
// queue and log, then picks what to read: the --log files when given,
// else maillog_file, else the syslog files, else the systemd journal. A log
// that mailtop found itself comes with its rotated copies that reach back
// to since.
func findLogs(ctx context.Context, opts *options, since time.Time) (logSetup, error) {
	var setup logSetup
	opts.logPaths, opts.logArguments = dropRepeatedLogPaths(opts), nil
	if opts.journal {
		if len(opts.logPaths) > 0 {
			return setup, usageError{hintedError{
				errors.New("--journal and --log cannot be combined: pick one"),
				"cli.error.journalLog", map[string]any{},
			}}
		}
		if _, err := sources.FindJournalctl(); err != nil {
			return setup, err
		}
		setup.journal = true
		setup.paths = []string{journalLabel}
		return setup, nil
	}

	if err := checkLogDirectories(opts.logPaths); err != nil {
		return setup, err
	}
	if len(opts.logPaths) > 0 && opts.configDir == "" {
		// --log names the files; asking postconf would only cost time, about
		// a second where Postfix has no main.cf.
		setup.paths = opts.logPaths
		return setup, nil
	}

	inst, err := sources.FindInstance(ctx, sources.ExecRunner{}, opts.configDir)
	if err != nil {
		if opts.configDir != "" {
			return setup, fmt.Errorf("find Postfix instance %s: %w", opts.configDir, err)
		}
		setup.instanceErr = err
		opts.logger.Debug("postconf failed; using the default log paths", "err", err)
	}
	setup.instance = inst

	paths, err := sources.LogPaths(inst, opts.logPaths)
	if errors.Is(err, sources.ErrNoLog) {
		if _, journalErr := sources.FindJournal(); journalErr != nil {
			return setup, fmt.Errorf("%w; the systemd journal cannot be read either: %w", err, journalErr)
		}
		opts.logger.Info("no mail log file is readable; reading the systemd journal", "err", err)
		setup.journal = true
		setup.paths = []string{journalLabel}
		return setup, nil
	}
	if err != nil {
		return setup, err
	}

	// A log that mailtop found itself is read with its rotated copies. With
	// --log, exactly the files named are read.
	if len(opts.logPaths) == 0 {
		history, err := sources.HistoryPaths(paths[0], since)
		if err != nil {
			opts.logger.Warn("reading the log without some of its rotated copies", "log", paths[0], "err", err)
		}
		paths = history
	}
	setup.paths = paths
	return setup, nil
}

// checkLogDirectories returns an error for the first of paths that is a
// directory, naming the fix: the log file inside it. sources.OpenLogs
// would only report "not a regular file".
func checkLogDirectories(paths []string) error {
	for _, path := range paths {
		if path == "-" || path == "" {
			continue
		}
		info, err := os.Stat(path)
		if err != nil || !info.IsDir() {
			continue
		}
		example := filepath.Join(path, "mail.log")
		return hintedError{
			fmt.Errorf("cannot read log %s, a directory: name the log file inside it, such as %s", path, example),
			"cli.error.logDirectory", map[string]any{"Path": path, "Example": example},
		}
	}
	return nil
}

// findQueueDir returns the queue_directory the dashboard's queue screen
// watches. findLogs leaves postconf unasked with --journal, and with --log
// without -c, so it is asked here, for the -c instance or else the default
// one. postmulti is not run: it takes a second to fail where /etc/postfix
// is absent. The error explains why no queue can be read.
func findQueueDir(ctx context.Context, opts *options, setup logSetup) (string, error) {
	if setup.instance.QueueDir != "" {
		return setup.instance.QueueDir, nil
	}
	if setup.instanceErr != nil {
		return "", setup.instanceErr
	}
	inst, err := sources.FindInstanceDirs(ctx, sources.ExecRunner{}, opts.configDir)
	if err != nil {
		return "", err
	}
	if inst.QueueDir == "" {
		return "", fmt.Errorf("%w: postconf printed no queue_directory; name the instance with -c DIR", sources.ErrNoPostfix)
	}
	return inst.QueueDir, nil
}

// openLogs finds the logs and opens them from since on (the zero time reads
// them whole), following the current file or the journal when follow is
// set. ctx bounds the life of journalctl when the journal is read.
func openLogs(ctx context.Context, opts *options, since time.Time, follow bool) (sources.LogSource, logSetup, error) {
	setup, err := findLogs(ctx, opts, since)
	if err != nil {
		return nil, setup, err
	}
	if setup.journal {
		src, err := sources.OpenJournal(ctx, sources.JournalOptions{
			Since:    since,
			Follow:   follow,
			Logger:   opts.logger,
			Location: opts.location,
		})
		if err != nil {
			return nil, setup, err
		}
		return src, setup, nil
	}
	src, err := sources.OpenLogs(setup.paths, sources.Options{
		Since:    since,
		Follow:   follow,
		Logger:   opts.logger,
		Location: opts.location,
		Year:     opts.year,
	})
	if err != nil {
		return nil, setup, err
	}
	return src, setup, nil
}

// readLogError returns the error of reading a log to its end. A binary
// log's error already names the log and the fix, so it is returned as it
// is, and any other error gets "read mail log" in front.
func readLogError(err error) error {
	if errors.Is(err, sources.ErrBinaryLog) {
		return err
	}
	return fmt.Errorf("read mail log: %w", err)
}
