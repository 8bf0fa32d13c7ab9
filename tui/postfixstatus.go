package tui

import (
	"errors"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// postfixStatus is whether the master process of the watched instance
// ran at the latest queue scan, and how to start it.
type postfixStatus struct {
	state sources.MasterState
	// start is the command that starts the instance, sanitized.
	start string
}

// postfixStatusOf returns the status a queue scan shows for the instance
// in configDir ("" for the default one). A scan that failed because
// postqueue found the mail system down shows it stopped, and any other
// failed scan shows nothing known.
func postfixStatusOf(msg QueueSnapshotMsg, configDir string) postfixStatus {
	status := postfixStatus{start: Sanitize(actions.StartCommand(configDir))}
	switch {
	case msg.Err == nil:
		status.state = msg.Snapshot.Master
	case errors.Is(msg.Err, sources.ErrMailSystemDown):
		status.state = sources.MasterStopped
	}
	return status
}

// stopped reports whether the master process is known not to run.
func (p postfixStatus) stopped() bool {
	return p.state == sources.MasterStopped
}

// deliverNeedsPostfix reports whether deliver now cannot work because
// the latest queue scan found Postfix stopped: postqueue -i needs the
// flush service. The demo has no Postfix to stop.
func (m Model) deliverNeedsPostfix() bool {
	return m.postfix.stopped() && !m.opts.Demo
}

// postfixStoppedText returns the warning that Postfix delivers nothing
// while it is stopped, with the command that starts it.
func (c *common) postfixStoppedText(p postfixStatus) string {
	return c.l.T("postfix.stopped", map[string]any{"Start": keepWhole(p.start)})
}

// maxPostfixLines bounds the warning that Postfix is stopped. At 80
// columns the Japanese warning for -c /etc/postfix takes two lines.
const maxPostfixLines = 2

// postfixLines returns the header lines that warn that Postfix is
// stopped, or else that the last queue scan failed, so that the queued
// counts, which come from the log, cannot be checked against the queue.
// It returns none while Postfix runs and the queue is read, when nothing
// is known, and on the queue screen, which shows the warning under its
// title instead.
func (m Model) postfixLines() []string {
	if m.opts.Demo || m.screen == screenQueue {
		return nil
	}
	if m.postfix.stopped() {
		return m.wrapFooter(m.c.postfixStoppedText(m.postfix), m.c.styles.Error, maxPostfixLines)
	}
	if m.queue.scanErr != "" {
		text := m.c.l.T("queue.scanFailedHeader", map[string]any{"Error": m.queue.scanErr})
		if rejected := m.queue.rejected; rejected != nil {
			// Postfix's own lines would push the fix out of the lines
			// the warning may take.
			text = m.c.l.T("queue.configDirRejectedHeader", map[string]any{"Dir": rejected.ConfigDir, "MainCF": rejected.MainCF})
		}
		return m.wrapFooter(text, m.c.styles.Error, maxScanFailedLines)
	}
	return nil
}

// maxScanFailedLines bounds the header warning that the queue could not
// be read. At 80 columns three lines hold the English warning about a
// queue removed under /var/spool/postfix-NAME; a longer error is cut.
const maxScanFailedLines = 3

// logFileResultText returns the footer text of an action after which
// postsuper could not write Postfix's log file: what it changed, the
// cause and the command that starts Postfix. For -c /etc/postfix-out it
// fits maxQueueResultLines lines at 80 columns in both languages.
func (c *common) logFileResultText(action string, err *actions.LogFileError) string {
	data := map[string]any{
		"Action":    action,
		"Changed":   err.Changed,
		"Total":     err.Changed + len(err.Unchanged),
		"Unchanged": len(err.Unchanged),
		"Path":      Sanitize(err.Path),
		"Reason":    Sanitize(err.Reason),
		"Start":     keepWhole(Sanitize(err.StartCommand())),
	}
	if len(err.Unchanged) == 0 {
		return c.l.T("qresult.logFileChanged", data)
	}
	return c.l.T("qresult.logFileStopped", data)
}
