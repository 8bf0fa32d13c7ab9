package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// logSetup is what mailtop found about the Postfix instance and its log.
type logSetup struct {
	instance sources.Instance
	paths    []string
	// instanceErr is why the instance could not be asked for its settings
	// (no postconf, not installed); the log may still be readable.
	instanceErr error
}

// findLogs asks Postfix (through postconf, with -c DIR when given) where its
// queue and log are, then picks the log paths: --log when given, else
// maillog_file, else the syslog files.
func findLogs(ctx context.Context, opts *options) (logSetup, error) {
	var setup logSetup
	if len(opts.logPaths) > 0 && opts.configDir == "" {
		// --log names the files; asking postconf would only cost time, about
		// a second where Postfix has no main.cf.
		setup.paths = opts.logPaths
		return setup, nil
	}
	inst, err := sources.FindInstance(ctx, sources.ExecRunner{}, opts.configDir)
	if err != nil {
		if opts.configDir != "" && len(opts.logPaths) == 0 {
			return setup, fmt.Errorf("find Postfix instance %s: %w", opts.configDir, err)
		}
		setup.instanceErr = err
		opts.logger.Debug("postconf failed; using the default log paths", "err", err)
	}
	setup.instance = inst
	paths, err := sources.LogPaths(inst, opts.logPaths)
	if err != nil {
		return setup, err
	}
	setup.paths = paths
	return setup, nil
}

// openLogs finds the logs and opens them from since on (the zero time reads
// them whole), following the current file when follow is set.
func openLogs(ctx context.Context, opts *options, since time.Time, follow bool) (sources.LogSource, logSetup, error) {
	setup, err := findLogs(ctx, opts)
	if err != nil {
		return nil, setup, err
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
