package actions

import (
	"bytes"
	"errors"

	"github.com/mailtop/mailtop/l10n"
)

// ErrNotRunning reports that postqueue could not reach the showq service
// of the Postfix instance because Postfix is not running.
var ErrNotRunning = errors.New("Postfix is not running")

// NotRunningError reports an action that mailtop rejected because Postfix
// is not running. As root, postqueue -j then reads the queue files itself
// and leaves out those that the postfix user cannot read. A message
// missing from that listing may therefore still be queued. As another
// user, postqueue -j fails.
type NotRunningError struct {
	// ConfigDir is the instance's configuration directory, "" for the
	// default instance.
	ConfigDir string
	// QueueIDs are the targets that postqueue -j did not list. It is
	// empty when postqueue failed.
	QueueIDs []string
	// Err is the failure of postqueue -j or -i, nil when postqueue read
	// the queue files itself.
	Err error
	// Undelivered is set when postqueue -i failed: the queue was listed,
	// but the flush service could not be asked to deliver QueueIDs now.
	Undelivered bool
	// Flush is set when postqueue -s or -f failed, which list nothing.
	Flush bool
	// Listing is set when mailtop queue could not list the queue: a user
	// other than root lists it with postqueue -j, which needs showq, a
	// service of the running Postfix. Root reads the queue files itself.
	Listing bool
}

// Error returns which instance is down, which messages could not be
// checked, and the command that starts Postfix, in English.
func (e *NotRunningError) Error() string {
	return e.LocalizedError().Error()
}

// LocalizedError returns the error's text as a catalog entry, so that
// Japanese output words it in Japanese.
func (e *NotRunningError) LocalizedError() *l10n.Error {
	data := map[string]any{"Dir": e.ConfigDir, "Start": e.StartCommand()}
	if e.Err != nil {
		data["Error"] = e.Err
	}
	if e.Flush || e.Listing {
		// postqueue's own message adds nothing to these texts.
		delete(data, "Error")
	}
	if e.Flush {
		return l10n.NewError("reason.notRunning.flush", data)
	}
	if e.Listing {
		return l10n.NewError("reason.notRunning.listing", data)
	}
	if len(e.QueueIDs) == 0 {
		return l10n.NewError("reason.notRunning.unlisted", data)
	}
	data["QueueIDs"] = describeIDs(e.QueueIDs)
	if e.Undelivered {
		// postqueue's own message is in English and adds nothing to
		// this text, so it is left out. Unwrap still returns it.
		delete(data, "Error")
		return l10n.NewError("reason.notRunning.undelivered", data)
	}
	return l10n.NewError("reason.notRunning.unchecked", data)
}

// Unwrap returns ErrNotRunning and, when postqueue failed, its error.
func (e *NotRunningError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrNotRunning}
	}
	return []error{ErrNotRunning, e.Err}
}

// StartCommand returns the command that starts the instance: postfix -c
// DIR start for a selected instance, systemctl start postfix for the
// default one.
func (e *NotRunningError) StartCommand() string {
	return StartCommand(e.ConfigDir)
}

// StartCommand returns the command that starts the instance whose
// configuration directory is configDir: postfix -c DIR start, or
// systemctl start postfix for the default instance ("").
func StartCommand(configDir string) string {
	if configDir != "" {
		return FormatArgv([]string{"postfix", "-c", configDir, "start"})
	}
	return "systemctl start postfix"
}

// maxListedIDs caps the queue IDs an error names, because a batch action
// may have thousands of targets.
const maxListedIDs = 3

// describeIDs returns the catalog phrase that names ids, such as "queue
// IDs X, Y and 2 more are" in English. It is an *l10n.Error so that an
// error's text in each language words the phrase in that language.
func describeIDs(ids []string) *l10n.Error {
	if len(ids) == 1 {
		return l10n.NewError("reason.notRunning.oneID", map[string]any{"QueueID": ids[0]})
	}
	named := ids[:min(len(ids), maxListedIDs)]
	data := map[string]any{"QueueIDs": l10n.List(named)}
	if rest := len(ids) - len(named); rest > 0 {
		data["More"] = rest
		return l10n.NewError("reason.notRunning.moreIDs", data)
	}
	return l10n.NewError("reason.notRunning.someIDs", data)
}

// mailSystemDown reports whether postqueue's stderr contains Postfix's
// message that the mail system is down. Postfix 3.7.11 postqueue writes
// "warning: Mail system is down -- accessing queue directly" when root
// lists the queue without showq, and "fatal: Queue report unavailable -
// mail system is down" for other users. postqueue -i fails with "fatal:
// Cannot flush mail queue - mail system is down".
func mailSystemDown(stderr []byte) bool {
	return bytes.Contains(bytes.ToLower(stderr), []byte("mail system is down"))
}
