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

// postfixStoppedText returns the warning that Postfix delivers nothing
// while it is stopped, with the command that starts it.
func (c *common) postfixStoppedText(p postfixStatus) string {
	return c.l.T("postfix.stopped", map[string]any{"Start": p.start})
}

// maxPostfixLines bounds the warning that Postfix is stopped. At 80
// columns the Japanese warning for -c /etc/postfix takes two lines.
const maxPostfixLines = 2

// postfixLines returns the header lines that say that Postfix is stopped,
// or none while it runs, when nothing is known, and on the queue screen,
// which says it under its title instead.
func (m Model) postfixLines() []string {
	if !m.postfix.stopped() || m.opts.Demo || m.screen == screenQueue {
		return nil
	}
	return m.wrapFooter(m.c.postfixStoppedText(m.postfix), m.c.styles.Error, maxPostfixLines)
}
