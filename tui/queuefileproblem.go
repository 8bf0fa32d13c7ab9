package tui

import (
	"github.com/mailtop/mailtop/sources"
)

// queueFileFix is the pair of names in the warnings about a queue file
// that Postfix cannot read: the user that must be able to read it
// (mail_owner) and the command that gives the queue files back to it.
type queueFileFix struct {
	owner, command string
}

// fileFixOf returns the names a snapshot's warnings use, sanitized.
func fileFixOf(snap *sources.QueueSnapshot) queueFileFix {
	if snap == nil {
		return queueFileFix{}
	}
	return queueFileFix{owner: Sanitize(snap.MailOwner), command: Sanitize(snap.SetPermissionsCommand())}
}

// fileProblemLabel returns the short mark that the queue list shows in
// place of the class of a message whose queue file Postfix cannot read,
// or "" when Postfix can read it.
func (c *common) fileProblemLabel(problem sources.QueueFileProblem) string {
	switch problem {
	case sources.QueueFileNotOwned:
		return c.l.T("queue.fileNotOwnedLabel")
	case sources.QueueFileNotReadable:
		return c.l.T("queue.fileNotReadableLabel")
	}
	return ""
}

// fileProblemText returns why Postfix cannot read m's queue file and what
// fixes it, or "" when Postfix can read it.
func (c *common) fileProblemText(m *sources.QueuedMessage, fix queueFileFix) string {
	data := map[string]any{"Owner": fix.owner, "Command": fix.command, "UID": m.FileUID}
	switch m.FileProblem {
	case sources.QueueFileNotOwned:
		return c.l.T("queue.fileNotOwned", data)
	case sources.QueueFileNotReadable:
		return c.l.T("queue.fileNotReadable", data)
	}
	return ""
}

// pluralID returns one, the message id for a count of 1, or many.
func pluralID(count int, one, many string) string {
	if count == 1 {
		return one
	}
	return many
}
