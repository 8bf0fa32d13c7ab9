package sources

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
)

// ErrMessageGone means no searched queue has a file for the queue ID: the
// message was delivered, returned or deleted, or requeued under a new ID.
var ErrMessageGone = errors.New("the message is not in the queue")

// ErrQueueIDReused means the queue file for the queue ID holds a message
// that arrived at another time than the one listed: Postfix gave the ID of
// a message that left the queue to a new one.
var ErrQueueIDReused = errors.New("the queue ID now names another message")

// stampLayout formats the arrival times in errors with their zone, so that
// they are read right whatever zone the reader is in.
const stampLayout = "2006-01-02 15:04:05 MST"

// messageSearchOrder lists the queues ReadMessageFile searches after the
// one the message was listed in. A message a user picks is most often
// deferred or held, and one that just left deferred is most likely active.
var messageSearchOrder = []string{QueueDeferred, QueueHold, QueueActive, QueueIncoming}

// MessageRef names the message ReadMessageFile reads.
type MessageRef struct {
	// QueueID is the name of the queue file.
	QueueID string
	// Queue is the queue the message was listed in, searched first. A name
	// that is not one of MessageQueues is ignored.
	Queue string
	// Arrival is the arrival time the message was listed with. A file
	// whose arrival is more than a second away is another message, and
	// ReadMessageFile returns ErrQueueIDReused. Zero skips the check.
	Arrival time.Time
}

// MessageFile is one queue file read with its content.
type MessageFile struct {
	// QueueMessage holds the envelope and the content (headers and body,
	// lines ending in LF, long lines that Postfix split joined again).
	parsers.QueueMessage
	// Queue is the queue the file was found in and Path its path.
	Queue string
	Path  string
}

// ReadMessageFile finds the queue file of ref under queueDir and parses
// it with its content. It searches ref.Queue first, then the deferred,
// hold, active and incoming queues, at any hash depth. A file that
// vanishes between the search and the open has moved to another queue,
// and the search goes on.
//
// The error wraps ErrMessageGone when no queue has the file,
// ErrQueueIDReused when the file holds a later message, and
// fs.ErrPermission when a queue cannot be read, which means mailtop does
// not run as root. Every error but those of a missing message and an
// invalid queue ID is an *l10n.Error wrapping its cause, so that Japanese
// output can word it.
//
// NOTE: the whole content is read into memory, attachments included,
// because ParseQueueFile has no limit on content: a 50 MB message costs
// 50 MB while it is read.
func ReadMessageFile(queueDir string, ref MessageRef) (MessageFile, error) {
	if !parsers.ValidQueueID(ref.QueueID) {
		return MessageFile{}, fmt.Errorf("invalid queue ID %q: give one as mailtop queue lists it, such as 7E996BE094", ref.QueueID)
	}
	for _, queue := range searchOrder(ref.Queue) {
		path, err := findMessageFile(filepath.Join(queueDir, queue), ref.QueueID)
		if errors.Is(err, fs.ErrPermission) {
			return MessageFile{}, l10n.NewError("reason.queueDir.permission", map[string]any{"Queue": queue, "Error": err}, err)
		}
		if err != nil {
			return MessageFile{}, l10n.NewError("reason.queueDir.unreadable", map[string]any{"Queue": queue, "Error": err}, err)
		}
		if path == "" {
			continue
		}
		msg, err := parseMessageFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return MessageFile{}, err
		}
		if !ref.Arrival.IsZero() && !msg.Arrival.IsZero() && !sameSecond(ref.Arrival, msg.Arrival) {
			data := map[string]any{
				"Path": path, "Arrival": msg.Arrival.Format(stampLayout), "Listed": ref.Arrival.Format(stampLayout),
			}
			return MessageFile{}, l10n.NewError("reason.queueFile.reused", data, ErrQueueIDReused)
		}
		return MessageFile{QueueMessage: msg, Queue: queue, Path: path}, nil
	}
	return MessageFile{}, fmt.Errorf("queue ID %s under %s: %w (it was delivered, returned or deleted)", ref.QueueID, queueDir, ErrMessageGone)
}

// searchOrder returns messageSearchOrder with first in front when it is
// a queue name.
func searchOrder(first string) []string {
	if !slices.Contains(MessageQueues, first) {
		return messageSearchOrder
	}
	order := []string{first}
	for _, queue := range messageSearchOrder {
		if queue != first {
			order = append(order, queue)
		}
	}
	return order
}

// sameSecond reports whether a and b are at most a second apart in whole
// seconds, the precision postqueue reports arrival times in.
func sameSecond(a, b time.Time) bool {
	diff := a.Unix() - b.Unix()
	return diff >= -1 && diff <= 1
}

func parseMessageFile(path string) (parsers.QueueMessage, error) {
	file, err := os.Open(path)
	if err != nil {
		return parsers.QueueMessage{}, err
	}
	defer file.Close()
	msg, err := parsers.ParseQueueFile(file, parsers.QueueFileOptions{Content: true})
	if err != nil {
		data := map[string]any{"Path": path, "Error": err}
		return parsers.QueueMessage{}, l10n.NewError("reason.queueFile.unreadable", data, err)
	}
	return msg, nil
}

// findMessageFile returns the path of the regular file named queueID
// under the queue directory dir, "" when there is none. The path for the
// default hash_queue_depth of 1 and the unhashed path are tried before a
// walk of the tree. A missing dir is not an error.
func findMessageFile(dir, queueID string) (string, error) {
	for _, candidate := range []string{filepath.Join(dir, queueID[:1], queueID), filepath.Join(dir, queueID)} {
		info, err := os.Lstat(candidate)
		if err == nil && info.Mode().IsRegular() {
			return candidate, nil
		}
		if errors.Is(err, fs.ErrPermission) {
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
			if strings.Count(strings.TrimPrefix(path, dir), string(filepath.Separator)) > maxHashDepth {
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
	return found, err
}
