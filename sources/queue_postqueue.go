package sources

// The queue listing through postqueue -j, for when the queue directory
// cannot be read (mailtop is not root).

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mailtop/mailtop/parsers"
)

// scanPostqueue lists the queue with postqueue [-c DIR] -j and keeps the
// messages of the given queues.
func scanPostqueue(ctx context.Context, run Runner, configDir, queueDir string, queues []string) (QueueSnapshot, error) {
	argv := []string{"postqueue"}
	if configDir != "" {
		argv = append(argv, "-c", configDir)
	}
	argv = append(argv, "-j")
	stdout, stderr, err := run.Run(ctx, argv)
	if err != nil {
		return QueueSnapshot{}, &postqueueError{
			err:       fmt.Errorf("%s failed: %w%s", strings.Join(argv, " "), err, stderrSuffix(stderr)),
			firstLine: firstLine(stderr, err),
			down:      mailSystemDown(stderr),
		}
	}
	snap, err := parsePostqueueJSON(stdout, queues)
	if err != nil {
		return QueueSnapshot{}, fmt.Errorf("read %s output: %w", strings.Join(argv, " "), err)
	}
	snap.Dir = queueDir
	// Root's postqueue reads the queue files itself when showq cannot be
	// reached, and warns that the mail system is down. For other users a
	// listing means that showq, and so the master, responded.
	snap.Master = MasterRunning
	if mailSystemDown(stderr) {
		snap.Master = MasterStopped
	}
	return snap, nil
}

// mailSystemDown reports whether postqueue's stderr contains Postfix's
// message that the master process does not run. Postfix 3.7.11 postqueue
// writes "warning: Mail system is down -- accessing queue directly" for
// root and "fatal: Queue report unavailable - mail system is down" for
// other users.
func mailSystemDown(stderr []byte) bool {
	return bytes.Contains(bytes.ToLower(stderr), []byte("mail system is down"))
}

// postqueueError is a failure of postqueue -j.
type postqueueError struct {
	err error
	// firstLine is the first line that postqueue wrote to standard error,
	// its own words for the failure, or the error of running it when
	// postqueue wrote none.
	firstLine string
	// down is set when postqueue reported that the mail system is down.
	down bool
}

func (e *postqueueError) Error() string { return e.err.Error() }

// Unwrap returns the error of running postqueue and, when postqueue
// reported that the mail system is down, ErrMailSystemDown.
func (e *postqueueError) Unwrap() []error {
	if e.down {
		return []error{e.err, ErrMailSystemDown}
	}
	return []error{e.err}
}

// firstLine returns the first line of stderr that is not blank, or the
// text of err when there is none.
func firstLine(stderr []byte, err error) string {
	for _, line := range strings.Split(string(bytes.ToValidUTF8(stderr, []byte("?"))), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return err.Error()
}

// parsePostqueueJSON reads postqueue -j output: one JSON object per line,
// nothing at all for an empty queue.
func parsePostqueueJSON(out []byte, queues []string) (QueueSnapshot, error) {
	snap := QueueSnapshot{Source: QueueFromPostqueue, Counts: make(map[string]int)}
	for _, q := range queues {
		snap.Counts[q] = 0
	}
	lineNumber := 0
	for len(out) > 0 {
		var line []byte
		line, out, _ = bytes.Cut(out, []byte{'\n'})
		lineNumber++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		raw, err := parsers.ParsePostqueueLine(line)
		if err != nil {
			return snap, fmt.Errorf("line %d: %w", lineNumber, err)
		}
		if _, wanted := snap.Counts[raw.QueueName]; !wanted {
			continue
		}
		msg := QueuedMessage{
			Queue:        raw.QueueName,
			QueueID:      raw.QueueID,
			Arrival:      raw.Arrival,
			Size:         raw.Size,
			Sender:       raw.Sender,
			ForcedExpire: raw.ForcedExpire,
		}
		for _, r := range raw.Recipients {
			msg.Recipients = append(msg.Recipients, QueuedRecipient{
				Address:      r.Address,
				OrigAddress:  r.OrigAddress,
				Reason:       r.DelayReason,
				BounceReason: r.BounceReason,
			})
		}
		snap.Counts[msg.Queue]++
		snap.Messages = append(snap.Messages, msg)
	}
	slices.SortFunc(snap.Messages, compareQueued)
	return snap, nil
}
