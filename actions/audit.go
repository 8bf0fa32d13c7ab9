package actions

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Audit appends one JSON line per action call to a file, successful or
// not. It is safe for concurrent use. A nil *Audit records nothing, and
// Postfix accepts a nil Audit to run without an audit log.
//
// Each line has these members:
//
//	time       RFC 3339 time of the call's end, with the local offset
//	user       the user running mailtop (os/user, else "uid N")
//	sudo_user  the user who ran sudo, from SUDO_USER; omitted without sudo
//	action     deliver-now, requeue, hold, release, expire, delete,
//	           flush-domain or flush
//	queue_ids  the queue IDs the action was asked to change
//	argv       the command that ran; omitted when none ran
//	count      how many messages the command changed
//	output     Postfix's own message; omitted when empty
//	error      why the action failed; omitted on success
//	warning    a problem that did not stop the action, such as Postfix's
//	           log file that postsuper could not write; omitted when none
//	simulated  true for a simulated action; omitted otherwise
//	skipped    [{"queue_id", "reason"}] for the messages a batch action
//	           left alone; omitted when none
//	envelope_sender
//	           the MAIL FROM address of a forward, "" for the null
//	           sender; omitted for the other actions
type Audit struct {
	mu       sync.Mutex
	file     *os.File
	path     string
	user     string
	sudoUser string
	now      func() time.Time
}

// auditEntry is one line of the audit log.
type auditEntry struct {
	Time      string         `json:"time"`
	User      string         `json:"user"`
	SudoUser  string         `json:"sudo_user,omitempty"`
	Action    Action         `json:"action"`
	QueueIDs  []string       `json:"queue_ids"`
	Argv      []string       `json:"argv,omitempty"`
	Count     int            `json:"count"`
	Output    string         `json:"output,omitempty"`
	Error     string         `json:"error,omitempty"`
	Warning   string         `json:"warning,omitempty"`
	Simulated bool           `json:"simulated,omitempty"`
	Skipped   []skippedEntry `json:"skipped,omitempty"`
	// EnvelopeSender is a pointer so that the null sender is written as
	// "" while the actions that send no mail omit the member.
	EnvelopeSender *string `json:"envelope_sender,omitempty"`
}

// skippedEntry is a message a batch action left alone.
type skippedEntry struct {
	QueueID string `json:"queue_id"`
	Reason  string `json:"reason"`
}

// DefaultAuditPath returns where the audit log goes when the command line
// names none: /var/log/mailtop/audit.log for root, else
// $XDG_STATE_HOME/mailtop/audit.log, with $XDG_STATE_HOME defaulting to
// ~/.local/state as in the XDG Base Directory specification. Without a
// home directory it falls back to a per-user directory under os.TempDir.
func DefaultAuditPath() string {
	return auditPathFor(os.Geteuid())
}

func auditPathFor(euid int) string {
	if euid == 0 {
		return "/var/log/mailtop/audit.log"
	}
	if state := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(state) {
		return filepath.Join(state, "mailtop", "audit.log")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".local", "state", "mailtop", "audit.log")
	}
	return filepath.Join(os.TempDir(), "mailtop-"+strconv.Itoa(euid), "audit.log")
}

// OpenAudit opens the audit log at path for appending, creating the file
// with mode 0600 and its directory with mode 0700 when they are missing. An
// existing file keeps its mode. The error names path, and the caller adds
// how to pass another one.
func OpenAudit(path string) (*Audit, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create audit log directory for %s: %w", path, err)
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		// The *fs.PathError would name path a second time.
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err
		}
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	return &Audit{
		file:     file,
		path:     path,
		user:     currentUser(),
		sudoUser: os.Getenv("SUDO_USER"),
		now:      time.Now,
	}, nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Geteuid())
}

// Path returns the file the audit log writes to.
func (a *Audit) Path() string {
	if a == nil {
		return ""
	}
	return a.path
}

// Record appends one line for an action call with its result and error.
// Each line is written with a single write call to a file opened with
// O_APPEND, so lines from several mailtop processes do not interleave.
func (a *Audit) Record(res Result, actionErr error) error {
	if a == nil {
		return nil
	}
	entry := auditEntry{
		User:      a.user,
		SudoUser:  a.sudoUser,
		Action:    res.Action,
		QueueIDs:  res.QueueIDs,
		Argv:      res.Argv,
		Count:     res.Count,
		Output:    res.Output,
		Simulated: res.Simulated,

		EnvelopeSender: res.EnvelopeSender,
	}
	for _, skip := range res.Skipped {
		entry.Skipped = append(entry.Skipped, skippedEntry{QueueID: skip.Target.ID, Reason: skip.Err.Error()})
	}
	if entry.QueueIDs == nil {
		entry.QueueIDs = []string{}
	}
	if actionErr != nil {
		entry.Error = actionErr.Error()
	}
	if res.Warning != nil {
		entry.Warning = res.Warning.Error()
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	entry.Time = a.now().Format(time.RFC3339)
	line, err := json.Marshal(entry)
	if err != nil {
		return fmt.Errorf("encode audit entry for %s: %w", res.Action, err)
	}
	line = append(line, '\n')
	if a.file == nil {
		return fmt.Errorf("write audit log %s: the log is closed", a.path)
	}
	if _, err := a.file.Write(line); err != nil {
		return fmt.Errorf("write audit log %s: %w; the %s of %v is not recorded", a.path, err, res.Action, res.QueueIDs)
	}
	return nil
}

// Close closes the file. Later calls to Record fail.
func (a *Audit) Close() error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.file == nil {
		return nil
	}
	err := a.file.Close()
	a.file = nil
	return err
}
