package actions

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
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
	// Err is the failure of postqueue -j, nil when postqueue read the
	// queue files itself.
	Err error
}

// Error returns which instance is down, which messages could not be
// checked, and the command that starts Postfix.
func (e *NotRunningError) Error() string {
	instance := "Postfix"
	if e.ConfigDir != "" {
		instance = "Postfix instance " + e.ConfigDir
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not running (postqueue: mail system is down), so ", instance)
	if len(e.QueueIDs) == 0 {
		b.WriteString("the queue could not be listed")
	} else {
		fmt.Fprintf(&b, "mailtop could not check that %s still queued", describeIDs(e.QueueIDs))
	}
	fmt.Fprintf(&b, ", and the queue was not changed; start Postfix with %s, then try again", e.StartCommand())
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
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
	if e.ConfigDir != "" {
		return FormatArgv([]string{"postfix", "-c", e.ConfigDir, "start"})
	}
	return "systemctl start postfix"
}

// maxListedIDs caps the queue IDs an error names, because a batch action
// may have thousands of targets.
const maxListedIDs = 3

// describeIDs returns "queue ID X is" or "queue IDs X, Y and N more are".
func describeIDs(ids []string) string {
	if len(ids) == 1 {
		return "queue ID " + ids[0] + " is"
	}
	named := ids[:min(len(ids), maxListedIDs)]
	text := "queue IDs " + strings.Join(named, ", ")
	if rest := len(ids) - len(named); rest > 0 {
		text += fmt.Sprintf(" and %d more", rest)
	}
	return text + " are"
}

// mailSystemDown reports whether postqueue's stderr contains Postfix's
// message that the mail system is down. Postfix 3.7.11 postqueue writes
// "warning: Mail system is down -- accessing queue directly" when root
// lists the queue without showq, and "fatal: Queue report unavailable -
// mail system is down" for other users.
func mailSystemDown(stderr []byte) bool {
	return bytes.Contains(bytes.ToLower(stderr), []byte("mail system is down"))
}
