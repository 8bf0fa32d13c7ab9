package forward

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mailtop/mailtop/parsers"
)

// Queues are the queues ReadQueued searches, in order: a stuck message is
// most often deferred or held.
var Queues = []string{"deferred", "hold", "active", "incoming"}

// maxQueueDepth bounds the hash subdirectories searched for a queue file.
// hash_queue_depth is 1 by default and at most a few levels.
const maxQueueDepth = 8

// ErrNotQueued is returned by ReadQueued when no queue holds the message.
var ErrNotQueued = errors.New("the message is not in the queue")

// Queued is a message read from its queue file.
type Queued struct {
	parsers.QueueMessage
	// ID is the queue ID, the name of the file.
	ID string
	// Queue is the queue the file was found in, such as deferred.
	Queue string
}

// PendingAddresses returns the addresses of the pending recipients.
func (q Queued) PendingAddresses() []string {
	var addresses []string
	for _, rcpt := range q.PendingRecipients() {
		addresses = append(addresses, rcpt.Address)
	}
	return addresses
}

// Job returns a Job for the queued message with its content, sender and
// pending recipients filled in.
func (q Queued) Job() Job {
	return Job{Content: q.Content, QueueID: q.ID, Sender: q.Sender, Pending: q.PendingAddresses()}
}

// ReadQueued reads the queue file of queueID under queueDir, in the
// Queues in order, at any hash depth, with its content as Postfix stored
// it: long lines that Postfix split into continuation records are joined
// again. It returns an error wrapping ErrNotQueued when no queue holds the
// file, and one wrapping fs.ErrPermission when it cannot be read, which
// means mailtop does not run as root.
func ReadQueued(queueDir, queueID string) (Queued, error) {
	if !parsers.ValidQueueID(queueID) {
		return Queued{}, fmt.Errorf("invalid queue ID %q: give one as mailtop queue lists it, such as 7E996BE094", queueID)
	}
	for _, queue := range Queues {
		path, err := findQueueFile(filepath.Join(queueDir, queue), queueID)
		if err != nil {
			return Queued{}, fmt.Errorf("read the %s queue: %w: reading queue files needs root (sudo)", queue, err)
		}
		if path == "" {
			continue
		}
		msg, err := readQueueFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			// Moved to another queue between the search and the open.
			continue
		}
		if err != nil {
			return Queued{}, err
		}
		return Queued{QueueMessage: msg, ID: queueID, Queue: queue}, nil
	}
	return Queued{}, fmt.Errorf("message %s under %s: %w (it was delivered, returned or removed): check the ID with mailtop queue", queueID, queueDir, ErrNotQueued)
}

func readQueueFile(path string) (parsers.QueueMessage, error) {
	file, err := os.Open(path)
	if err != nil {
		return parsers.QueueMessage{}, err
	}
	defer file.Close()
	msg, err := parsers.ParseQueueFile(file, parsers.QueueFileOptions{Content: true})
	if err != nil {
		return parsers.QueueMessage{}, fmt.Errorf("read queue file %s: %w (try again: Postfix may have been rewriting it)", path, err)
	}
	return msg, nil
}

// findQueueFile returns the path of the regular file named queueID under
// dir, "" when there is none. The path for the default hash_queue_depth
// of 1 is tried before a walk of the tree. A missing dir is not an error.
func findQueueFile(dir, queueID string) (string, error) {
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
			if strings.Count(strings.TrimPrefix(path, dir), string(filepath.Separator)) > maxQueueDepth {
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
