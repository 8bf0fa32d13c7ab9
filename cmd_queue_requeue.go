package main

// What mailtop queue requeue prints after postsuper -r: the new queue ID
// of each requeued message, which pickup logs when it takes the message
// from the maildrop queue, or where that ID will appear.

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// requeueLinkWait bounds how long mailtop queue requeue reads the log for
// pickup's lines. After postkick, pickup takes a message at once. When
// pickup does not run, the command still ends after this wait.
const requeueLinkWait = 5 * time.Second

// requeueLog is the mail log, opened at its end before postsuper -r runs,
// so that it returns the lines logged since.
type requeueLog struct {
	src sources.LogSource
	// label names the log in the output: its path, or the journal.
	label  string
	parser *parsers.Parser
}

// openRequeueLog opens the log that mailtop reads for the instance, or
// the --log file or --journal, at its end. When the log was not named
// and none can be followed, it returns nil, and writes why to the debug
// log. The output then names where the new queue IDs appear instead. A
// log named with --log or --journal that cannot be followed is an error,
// so that the requeue does not run without the log the operator chose.
func openRequeueLog(ctx context.Context, opts *options) (*requeueLog, error) {
	named := len(opts.logPaths) > 0 || opts.journal
	log, err := followRequeueLog(ctx, opts)
	if err != nil && !named {
		opts.logger.Debug("the new queue IDs are not read from the log", "err", err)
		return nil, nil
	}
	return log, err
}

// followRequeueLog opens the log for openRequeueLog.
func followRequeueLog(ctx context.Context, opts *options) (*requeueLog, error) {
	setup, err := findLogs(ctx, opts, time.Now())
	if err != nil {
		return nil, err
	}
	if !setup.journal && slices.Contains(setup.paths, "-") {
		return nil, usageError{hintedError{
			errors.New("mailtop queue requeue reads pickup's lines logged after the requeue, which --log - (standard input) cannot give: name the log file, or leave out --log"),
			"cli.error.requeueStdin", map[string]any{},
		}}
	}
	log := &requeueLog{parser: parsers.NewParser(parsers.Options{Year: opts.year, Location: opts.location})}
	if setup.journal {
		log.label = journalLabel
		log.src, err = sources.OpenJournal(ctx, sources.JournalOptions{Since: time.Now(), Follow: true, Logger: opts.logger, Location: opts.location})
	} else {
		// Only the current file gets the lines logged from now on.
		current := setup.paths[len(setup.paths)-1]
		log.label = current
		log.src, err = sources.OpenLogs([]string{current}, sources.Options{AtEnd: true, Follow: true, Logger: opts.logger, Location: opts.location, Year: opts.year})
	}
	if err != nil {
		return nil, err
	}
	return log, nil
}

// Close stops reading the log. A nil log is closed already.
func (l *requeueLog) Close() error {
	if l == nil {
		return nil
	}
	return l.src.Close()
}

// newQueueIDs reads the log until pickup has logged the new queue ID of
// each of oldIDs ("NEWID: uid=N from=<...> orig_id=OLDID"), or until wait
// has passed, and returns the new IDs by old ID.
func (l *requeueLog) newQueueIDs(ctx context.Context, oldIDs []string, wait time.Duration) map[string]string {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	found := make(map[string]string, len(oldIDs))
	for len(found) < len(oldIDs) {
		lines, err := l.src.Next(ctx)
		if err != nil {
			// The wait ended, or the log cannot be read any further.
			return found
		}
		for _, line := range lines {
			var ev parsers.Event
			l.parser.SetReference(line.Reference)
			l.parser.Parse(line.Text, &ev)
			if ev.Kind != parsers.KindPickup || len(ev.OrigID) == 0 {
				continue
			}
			if oldID := string(ev.OrigID); slices.Contains(oldIDs, oldID) {
				found[oldID] = string(ev.QueueID)
			}
		}
	}
	return found
}

// requeueOutcome describes a finished requeue: the messages requeued, and
// how to learn their new queue IDs.
type requeueOutcome struct {
	// requeued are the queue IDs postsuper reported as requeued.
	requeued []string
	// messages are the messages selected, by queue ID, for their
	// recipients.
	messages map[string]sources.QueuedMessage
	// configDir is -c DIR, "" for the default instance.
	configDir string
	// stopped is set when Postfix was known to be stopped, so that
	// pickup cannot take the messages.
	stopped bool
	log     *requeueLog
	// wake requests that pickup scan the maildrop queue now.
	wake   func(context.Context) error
	logger *slog.Logger
}

// writeRequeueOutcome prints the new queue ID of each requeued message
// that pickup logged within requeueLinkWait, as "OLD → NEW", and for the
// others where their new IDs will appear and how to list them.
func writeRequeueOutcome(ctx context.Context, w *queueWriter, tr *l10n.Localizer, outcome requeueOutcome) {
	if len(outcome.requeued) == 0 {
		return
	}
	if outcome.stopped {
		w.printf("%s\n", tr.T(queuePlural(len(outcome.requeued), "out.requeue.stoppedOne", "out.requeue.stoppedMany"),
			map[string]any{"ID": outcome.requeued[0], "Start": tui.Sanitize(actions.StartCommand(outcome.configDir))}))
		return
	}
	if err := outcome.wake(ctx); err != nil {
		// pickup still takes the messages at its next wake-up, which
		// the wait below may catch.
		outcome.logger.Debug("pickup was not woken up after the requeue", "err", err)
	}
	if outcome.log == nil {
		writeRequeueWhere(w, tr, outcome, outcome.requeued, "")
		return
	}
	label := tui.Sanitize(outcome.log.label)
	found := outcome.log.newQueueIDs(ctx, outcome.requeued, requeueLinkWait)
	var missing []string
	for _, oldID := range outcome.requeued {
		if _, ok := found[oldID]; !ok {
			missing = append(missing, oldID)
		}
	}
	if len(found) > 0 {
		w.printf("%s\n", tr.T("out.requeue.newIDs", map[string]any{"Log": label}))
		for _, oldID := range outcome.requeued {
			if newID, ok := found[oldID]; ok {
				w.printf("  %s → %s\n", oldID, tui.Sanitize(newID))
			}
		}
	}
	writeRequeueWhere(w, tr, outcome, missing, label)
}

// writeRequeueWhere prints where the new queue IDs of the requeued
// messages missing will appear: in the log named label, which pickup has
// not named them in yet, or in the log when label is "".
func writeRequeueWhere(w *queueWriter, tr *l10n.Localizer, outcome requeueOutcome, missing []string, label string) {
	if len(missing) == 0 {
		return
	}
	data := map[string]any{
		"ID":      missing[0],
		"IDs":     shortList(tr, missing, maxOutsideIDs),
		"Count":   len(missing),
		"Log":     label,
		"Seconds": int(requeueLinkWait / time.Second),
		"Command": tui.Sanitize(actions.FormatArgv(queueCommand(outcome.configDir, "--queue", sources.QueueMaildrop))),
	}
	if len(missing) == 1 {
		if address := firstPendingAddress(outcome.messages[missing[0]]); address != "" {
			data["Command"] = tui.Sanitize(actions.FormatArgv(queueCommand(outcome.configDir, "--recipient", address)))
		}
	}
	id := "out.requeue.waiting"
	if label == "" {
		id = "out.requeue.noLog"
	}
	w.printf("%s\n", tr.T(queuePlural(len(missing), id+"One", id+"Many"), data))
}

// queueCommand returns the mailtop queue command line for the instance in
// configDir with args.
func queueCommand(configDir string, args ...string) []string {
	argv := []string{"mailtop", "queue"}
	if configDir != "" {
		argv = append(argv, "-c", configDir)
	}
	return append(argv, args...)
}

// firstPendingAddress returns the address of the first recipient of m
// still to be delivered, or "".
func firstPendingAddress(m sources.QueuedMessage) string {
	for _, r := range m.Recipients {
		if !r.Done {
			return r.Address
		}
	}
	return ""
}
