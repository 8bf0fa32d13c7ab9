package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/mailtext"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// maxContentBody is how much of a queued message's body text the message
// view decodes, in bytes of UTF-8: about 40 lines of Japanese text.
const maxContentBody = 8 << 10

// maxContentDepth bounds the hash subdirectories searched for a queue
// file. hash_queue_depth is 1 by default and at most a few levels.
const maxContentDepth = 8

// errContentGone means the queue file is not in the queue any more: the
// message was delivered, bounced, deleted or moved between the scan and
// the read. It is a normal outcome, not a failure.
var errContentGone = errors.New("the message left the queue")

// QueueContentReader returns the content (headers and body, lines ending
// in LF) of queued message m from the queue directory queueDir. It returns
// an error wrapping fs.ErrNotExist when the message is no longer queued and
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
// the queue directory queueDir.
func loadQueueContentCmd(read QueueContentReader, queueDir string, m sources.QueuedMessage) tea.Cmd {
	return func() tea.Msg {
		msg := queueContentMsg{key: keyOf(m)}
		content, err := read(queueDir, m)
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, errContentGone):
			msg.state = contentGone
			return msg
		case errors.Is(err, fs.ErrPermission):
			msg.state = contentNeedRoot
			return msg
		case err != nil:
			msg.state = contentFailed
			msg.err = Sanitize(err.Error())
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

// ReadQueueContent reads the content of m from its queue file under
// queueDir, looking in m's queue first and then in the queues a message
// moves through, at any hash depth. A file whose arrival time differs
// from m's belongs to a later message that reuses the queue ID, and counts
// as gone.
//
// NOTE: the whole content is read into memory, attachments included,
// because ParseQueueFile has no limit on content; a 50 MB message costs
// 50 MB while it is decoded.
func ReadQueueContent(queueDir string, m sources.QueuedMessage) ([]byte, error) {
	if !parsers.ValidQueueID(m.QueueID) {
		return nil, fmt.Errorf("invalid queue ID %q", m.QueueID)
	}
	queues := []string{m.Queue, sources.QueueActive, sources.QueueDeferred, sources.QueueHold, sources.QueueIncoming}
	for i, queue := range queues {
		if queue == "" || strings.ContainsAny(queue, `/\`) || (i > 0 && queue == m.Queue) {
			continue
		}
		path, err := findQueueFile(filepath.Join(queueDir, queue), m.QueueID)
		if errors.Is(err, fs.ErrPermission) {
			return nil, err
		}
		if path == "" {
			continue
		}
		content, err := readQueueFileContent(path, m)
		if errors.Is(err, fs.ErrNotExist) {
			// Moved on between the search and the open: look further.
			continue
		}
		return content, err
	}
	return nil, fmt.Errorf("queue file %s: %w", m.QueueID, errContentGone)
}

// readQueueFileContent parses the queue file at path and returns its
// content, checking that it is still the message m.
func readQueueFileContent(path string, m sources.QueuedMessage) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	queued, err := parsers.ParseQueueFile(f, parsers.QueueFileOptions{Content: true})
	if err != nil {
		return nil, fmt.Errorf("read queue file %s: %w", path, err)
	}
	if !m.Arrival.IsZero() && !queued.Arrival.IsZero() && !sameSecond(m.Arrival.Unix(), queued.Arrival.Unix()) {
		return nil, fmt.Errorf("queue file %s holds a later message: %w", path, errContentGone)
	}
	return queued.Content, nil
}

// sameSecond reports whether two Unix times are at most a second apart.
// postqueue reports arrival times in whole seconds.
func sameSecond(a, b int64) bool {
	return a-b <= 1 && b-a <= 1
}

// findQueueFile returns the path of the file named queueID under the
// queue directory dir, "" when there is none. The hashed path for the
// default hash_queue_depth of 1 is tried before a walk of the tree.
func findQueueFile(dir, queueID string) (string, error) {
	for _, candidate := range []string{
		filepath.Join(dir, queueID[:1], queueID),
		filepath.Join(dir, queueID),
	} {
		if info, err := os.Lstat(candidate); err == nil && info.Mode().IsRegular() {
			return candidate, nil
		} else if errors.Is(err, fs.ErrPermission) {
			return "", err
		}
	}
	found := ""
	err := filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if entry.IsDir() {
			if depth := strings.Count(strings.TrimPrefix(path, dir), string(filepath.Separator)); depth > maxContentDepth {
				return filepath.SkipDir
			}
			return nil
		}
		if entry.Name() == queueID && entry.Type().IsRegular() {
			found = path
			return filepath.SkipAll
		}
		return nil
	})
	if errors.Is(err, fs.ErrPermission) {
		return "", err
	}
	return found, nil
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
	return loadQueueContentCmd(read, m.queue.snapshot.Dir, msg)
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
