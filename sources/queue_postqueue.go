package sources

// The queue listing through postqueue -j, for when the queue directory
// cannot be read (mailtop is not root).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mailtop/mailtop/l10n"
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
		failed := fmt.Errorf("%s failed: %w%s", strings.Join(argv, " "), err, stderrSuffix(stderr))
		if rejected := ConfigDirRejection(stderr, configDir); rejected != nil {
			failed = fmt.Errorf("%w: %w", failed, rejected)
		}
		return QueueSnapshot{}, &postqueueError{
			err:       failed,
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

// fallbackError joins the error of reading queueDir and that of the
// postqueue fallback. When postqueue rejected -c DIR, the text gives only
// that rejection's fix: the permission error's own advice (run as root or
// the postfix user) and postqueue's lines would bury it. errors.Is and
// errors.As still find both errors.
func fallbackError(queueDir string, readErr, postqueueErr error) error {
	var rejected *ConfigDirRejectedError
	if errors.As(postqueueErr, &rejected) {
		return &queueFallbackError{
			text: fmt.Sprintf("%s in %s, and %s", ErrQueuePermission, queueDir, rejected.Error()),
			errs: []error{readErr, postqueueErr},
		}
	}
	return fmt.Errorf("%w, and the fallback failed: %w", readErr, postqueueErr)
}

// queueFallbackError is an error with its own text that wraps several.
type queueFallbackError struct {
	text string
	errs []error
}

func (e *queueFallbackError) Error() string   { return e.text }
func (e *queueFallbackError) Unwrap() []error { return e.errs }

// mailSystemDown reports whether postqueue's stderr contains Postfix's
// message that the master process does not run. Postfix 3.7.11 postqueue
// writes "warning: Mail system is down -- accessing queue directly" for
// root and "fatal: Queue report unavailable - mail system is down" for
// other users.
func mailSystemDown(stderr []byte) bool {
	return bytes.Contains(bytes.ToLower(stderr), []byte("mail system is down"))
}

// DefaultMainCF is the main.cf of the default instance in the Debian,
// Ubuntu and Red Hat packages of Postfix (config_directory /etc/postfix).
// Another build may compile in another config_directory, which
// postconf -d -h config_directory shows.
const DefaultMainCF = "/etc/postfix/main.cf"

// ConfigDirRejectedError reports that postqueue rejected -c DIR because
// mailtop does not run as root. Postfix's set-gid commands accept another
// user's -c DIR only when the default instance's main.cf lists DIR in
// alternate_config_directories or multi_instance_directories, and they
// fail when that main.cf cannot be read.
type ConfigDirRejectedError struct {
	// ConfigDir is the directory given to -c.
	ConfigDir string
	// MainCF is the default instance's main.cf: the one that postqueue
	// could not open, else DefaultMainCF.
	MainCF string
}

func (e *ConfigDirRejectedError) Error() string {
	return e.LocalizedError().Error()
}

// LocalizedError returns the error's text as a catalog entry, so that
// Japanese output words it in Japanese.
func (e *ConfigDirRejectedError) LocalizedError() *l10n.Error {
	return l10n.NewError("reason.configDirRejected", map[string]any{"Dir": e.ConfigDir, "MainCF": e.MainCF})
}

// ConfigDirRejection returns the rejection of configDir that the stderr
// of postqueue or postdrop reports, or nil. As user nobody, Postfix
// 3.7.11 writes "fatal: open file /etc/postfix/main.cf: ..." when that
// main.cf cannot be opened, and when it does not list DIR:
//
//	postqueue: error: unauthorized configuration directory name: DIR
//	postqueue: fatal: specify "alternate_config_directories = DIR" or "multi_instance_directories = DIR" in /etc/postfix/main.cf
func ConfigDirRejection(stderr []byte, configDir string) *ConfigDirRejectedError {
	if configDir == "" {
		return nil
	}
	var rejected *ConfigDirRejectedError
	for _, line := range strings.Split(string(stderr), "\n") {
		if strings.Contains(line, ": unauthorized configuration directory name") {
			rejected = &ConfigDirRejectedError{ConfigDir: configDir, MainCF: DefaultMainCF}
			continue
		}
		_, fatal, ok := strings.Cut(line, "fatal: ")
		if !ok {
			continue
		}
		if strings.HasPrefix(fatal, `specify "alternate_config_directories`) {
			// The line ends with the main.cf that has to list DIR.
			rejected = &ConfigDirRejectedError{ConfigDir: configDir, MainCF: DefaultMainCF}
			if i := strings.LastIndex(fatal, " in "); i >= 0 && filepath.Base(fatal[i+4:]) == "main.cf" {
				rejected.MainCF = fatal[i+4:]
			}
			continue
		}
		opened, ok := strings.CutPrefix(fatal, "open file ")
		if !ok {
			continue
		}
		// A missing main.cf in configDir itself is another failure.
		path, _, _ := strings.Cut(opened, ": ")
		if filepath.Base(path) == "main.cf" && filepath.Clean(filepath.Dir(path)) != filepath.Clean(configDir) {
			return &ConfigDirRejectedError{ConfigDir: configDir, MainCF: path}
		}
	}
	return rejected
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
