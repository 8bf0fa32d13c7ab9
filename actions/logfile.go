package actions

import (
	"errors"
	"strings"

	"github.com/mailtop/mailtop/l10n"
)

// ErrLogFile reports that postsuper could not write Postfix's log file.
var ErrLogFile = errors.New("postsuper could not write Postfix's log file")

// LogFileError reports that postsuper stopped with "fatal: open logfile"
// after changing some messages or none. When Postfix is down, postsuper
// writes $maillog_file itself (postlogd(8), Postfix 3.7), after it has
// switched to the mail_owner user, which usually may not create or open
// that file. It prints its line for a message before it logs it, so every
// per-ID line it printed names a message it changed.
type LogFileError struct {
	Action Action
	// Flag is the postsuper option that ran, such as -h.
	Flag string
	// ConfigDir is the instance's configuration directory, "" for the
	// default instance.
	ConfigDir string
	// Path is the log file postsuper named, and Reason why it could not
	// open it, as in "cannot open file: Permission denied".
	Path   string
	Reason string
	// Changed is how many messages postsuper reported as changed.
	Changed int
	// Unchanged are the queue IDs postsuper did not reach. When it is
	// empty, the action is complete and the error is only a warning,
	// which Result.Warning carries.
	Unchanged []string
	// Err is the failure of the postsuper command.
	Err error
}

// Error returns the error's text in English.
func (e *LogFileError) Error() string {
	return e.LocalizedError().Error()
}

// LocalizedError returns the error's text as a catalog entry: what
// postsuper changed, which log file it could not write and why, and the
// command that starts Postfix so that postlogd writes the log.
func (e *LogFileError) LocalizedError() *l10n.Error {
	data := map[string]any{
		"Action":  e.Action,
		"Flag":    e.Flag,
		"Path":    e.Path,
		"Reason":  e.Reason,
		"Changed": e.Changed,
		"Total":   e.Changed + len(e.Unchanged),
		"Start":   StartCommand(e.ConfigDir),
	}
	if len(e.Unchanged) == 0 {
		return l10n.NewError("reason.logFile.changed", data)
	}
	data["QueueIDs"] = describeIDs(e.Unchanged)
	return l10n.NewError("reason.logFile.stopped", data)
}

// Unwrap returns ErrLogFile and the command's failure.
func (e *LogFileError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrLogFile}
	}
	return []error{ErrLogFile, e.Err}
}

// StartCommand returns the command that starts the instance.
func (e *LogFileError) StartCommand() string {
	return StartCommand(e.ConfigDir)
}

// logFileFailure returns the log file and the reason from postsuper's
// "fatal: open logfile 'PATH': REASON" line, as Postfix 3.7.11 prints it,
// and false when stderr has no such line.
func logFileFailure(stderr []byte) (path, reason string, ok bool) {
	for line := range strings.Lines(string(stderr)) {
		_, rest, found := strings.Cut(line, "fatal: open logfile '")
		if !found {
			continue
		}
		path, reason, found = strings.Cut(rest, "': ")
		if !found {
			continue
		}
		return path, strings.TrimSpace(reason), true
	}
	return "", "", false
}

// WithoutLogFileFailure returns output without postsuper's "fatal: open
// logfile" lines, for a caller that explains them with a *LogFileError.
func WithoutLogFileFailure(output string) string {
	var kept []string
	for line := range strings.Lines(output) {
		if _, _, ok := logFileFailure([]byte(line)); !ok {
			kept = append(kept, line)
		}
	}
	return strings.TrimRight(strings.Join(kept, ""), "\n")
}

// changedIDs returns the IDs among ids that postsuper printed a per-ID
// line of op for, in the order of ids.
func changedIDs(stderr []byte, op postsuperOp, ids []string) (changed, unchanged []string) {
	printed := make(map[string]bool, len(ids))
	for line := range strings.Lines(string(stderr)) {
		line = strings.TrimPrefix(strings.TrimSpace(line), "postsuper: ")
		id, text, ok := strings.Cut(line, ": ")
		if ok && text == op.perID {
			printed[id] = true
		}
	}
	for _, id := range ids {
		if printed[id] {
			changed = append(changed, id)
		} else {
			unchanged = append(unchanged, id)
		}
	}
	return changed, unchanged
}
