package forward

import (
	"errors"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// ErrNotQueued is returned by ReadQueued when no queue holds the message.
// It is sources.ErrMessageGone, so errors.Is matches either name.
var ErrNotQueued = sources.ErrMessageGone

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

// ReadQueued reads the queue file of queueID under queueDir with
// sources.ReadMessageFile, searching the deferred, hold, active and
// incoming queues at any hash depth. The content is as Postfix stored it:
// long lines that Postfix split into continuation records are joined
// again. It returns an error wrapping ErrNotQueued when no queue holds the
// file, and one wrapping fs.ErrPermission when it cannot be read, which
// means mailtop does not run as root.
func ReadQueued(queueDir, queueID string) (Queued, error) {
	return readQueued(queueDir, sources.MessageRef{QueueID: queueID})
}

// readQueued reads the message ref names. With ref.Arrival set, a file
// that holds another message returns an error wrapping
// sources.ErrQueueIDReused.
func readQueued(queueDir string, ref sources.MessageRef) (Queued, error) {
	file, err := sources.ReadMessageFile(queueDir, ref)
	if errors.Is(err, ErrNotQueued) {
		data := map[string]any{"QueueID": ref.QueueID, "Dir": queueDir}
		return Queued{}, l10n.NewError("reason.forward.notQueued", data, err)
	}
	if err != nil {
		return Queued{}, err
	}
	return Queued{QueueMessage: file.QueueMessage, ID: ref.QueueID, Queue: file.Queue}, nil
}
