package tui

import (
	"errors"
	"io/fs"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/mailtext"
	"github.com/mailtop/mailtop/sources"
)

// maxContentBody is how much of a queued message's body text the message
// view decodes, in bytes of UTF-8: about 40 lines of Japanese text.
const maxContentBody = 8 << 10

// QueueContentReader returns the content (headers and body, lines ending
// in LF) of queued message m from the queue directory queueDir. It returns
// an error wrapping fs.ErrNotExist, sources.ErrMessageGone or
// sources.ErrQueueIDReused when the message is no longer queued, and
// fs.ErrPermission when the queue file cannot be read.
type QueueContentReader func(queueDir string, m sources.QueuedMessage) ([]byte, error)

// contentState is how far the content of the opened queued message has
// been read.
type contentState uint8

const (
	contentLoading  contentState = iota // the read is under way
	contentLoaded                       // content holds the decoded message
	contentGone                         // the queue file is gone
	contentNeedRoot                     // the queue was listed with postqueue or the file is not readable
	contentFailed                       // contentErr says why
)

// queueContentMsg carries the decoded content of a queued message.
type queueContentMsg struct {
	key     tagKey
	state   contentState
	content mailtext.Message
	err     string // sanitized; a body that decoded only in part also sets it
}

// loadQueueContentCmd reads and decodes the content of m with read, from
// the queue directory queueDir. A read error is worded in l's language.
func loadQueueContentCmd(read QueueContentReader, queueDir string, m sources.QueuedMessage, l *l10n.Localizer) tea.Cmd {
	return func() tea.Msg {
		msg := queueContentMsg{key: keyOf(m)}
		content, err := read(queueDir, m)
		switch {
		case contentGoneError(err):
			msg.state = contentGone
			return msg
		case errors.Is(err, fs.ErrPermission):
			msg.state = contentNeedRoot
			return msg
		case err != nil:
			msg.state = contentFailed
			msg.err = Sanitize(l.ErrorText(err))
			return msg
		}
		msg.state = contentLoaded
		msg.content, err = mailtext.ParseMessage(content, maxContentBody)
		if err != nil && !errors.Is(err, mailtext.ErrNoText) {
			msg.err = Sanitize(err.Error())
		}
		return msg
	}
}

// contentGoneError reports whether err means that the message left the
// queue: it was delivered, bounced, deleted or moved between the scan and
// the read, or its queue ID now names a later message. That is a normal
// outcome, not a failure.
func contentGoneError(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, sources.ErrMessageGone) || errors.Is(err, sources.ErrQueueIDReused)
}

// ReadQueueContent reads the content of m from its queue file under
// queueDir with sources.ReadMessageFile: m's queue first, then the queues
// a message moves through, at any hash depth. A file whose arrival time
// differs from m's belongs to a later message that reuses the queue ID,
// and counts as gone.
func ReadQueueContent(queueDir string, m sources.QueuedMessage) ([]byte, error) {
	file, err := sources.ReadMessageFile(queueDir, sources.MessageRef{QueueID: m.QueueID, Queue: m.Queue, Arrival: m.Arrival})
	if err != nil {
		return nil, err
	}
	return file.Content, nil
}

// queueContentCmd returns the command that reads the content of the
// opened message m, or nil when the queue was listed with postqueue -j:
// mailtop then cannot read queue files, and the view says so.
func (m *Model) queueContentCmd(msg sources.QueuedMessage) tea.Cmd {
	if m.queue.snapshot == nil || m.queue.fromPostqueue() {
		m.queueDetail.SetContentNeedRoot()
		return nil
	}
	read := m.opts.QueueContent
	if read == nil {
		read = ReadQueueContent
	}
	return loadQueueContentCmd(read, m.queue.snapshot.Dir, msg, m.c.l)
}

// handleQueueContent shows the content read for the opened queued
// message; content read for a message no longer open is dropped.
func (m Model) handleQueueContent(msg queueContentMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenQueueMessage {
		return m, nil
	}
	m.queueDetail.SetContent(msg)
	return m, nil
}
