package parsers

import (
	"encoding/json"
	"fmt"
	"time"
)

// PostqueueMessage is one line of postqueue -j output (Postfix 3.1 and
// later), one object per queue file.
type PostqueueMessage struct {
	QueueName    string    // maildrop, incoming, active, deferred or hold
	QueueID      string    // valid by ValidQueueID
	Arrival      time.Time // to the second; a requeue keeps it
	Size         int64     // message_size: headers and body, in bytes
	ForcedExpire bool      // postsuper -e or -f (Postfix 3.5 and later)
	// Sender is the envelope sender, "" for the null sender.
	//
	// NOTE: postqueue prints the null sender as MAILER-DAEMON (the default
	// of empty_address_recipient), so a real sender with that name is
	// taken for the null sender too.
	Sender     string
	Recipients []PostqueueRecipient // the recipients still to be delivered
}

// PostqueueRecipient is one pending recipient of a PostqueueMessage.
type PostqueueRecipient struct {
	Address      string
	OrigAddress  string // Postfix 3.11 and later
	DelayReason  string // present only when a defer log entry exists
	BounceReason string // Postfix 3.11 and later
}

// postqueueNullSender is the name postqueue prints for the null sender.
const postqueueNullSender = "MAILER-DAEMON"

// postqueueJSON is the wire form of one postqueue -j line. Members it does
// not name are ignored, as the postqueue(1) manual tells consumers to do.
type postqueueJSON struct {
	QueueName    string  `json:"queue_name"`
	QueueID      string  `json:"queue_id"`
	ArrivalTime  float64 `json:"arrival_time"`
	MessageSize  int64   `json:"message_size"`
	ForcedExpire bool    `json:"forced_expire"`
	Sender       string  `json:"sender"`
	Recipients   []struct {
		Address      string `json:"address"`
		OrigAddress  string `json:"orig_address"`
		DelayReason  string `json:"delay_reason"`
		BounceReason string `json:"bounce_reason"`
	} `json:"recipients"`
}

// ParsePostqueueLine parses one non-empty line of postqueue -j output. It
// returns an error for invalid JSON and for a missing or invalid queue_id.
func ParsePostqueueLine(line []byte) (PostqueueMessage, error) {
	var raw postqueueJSON
	if err := json.Unmarshal(line, &raw); err != nil {
		return PostqueueMessage{}, err
	}
	if !ValidQueueID(raw.QueueID) {
		return PostqueueMessage{}, fmt.Errorf("invalid queue_id %q", raw.QueueID)
	}
	m := PostqueueMessage{
		QueueName:    raw.QueueName,
		QueueID:      raw.QueueID,
		Arrival:      time.Unix(int64(raw.ArrivalTime), 0),
		Size:         raw.MessageSize,
		ForcedExpire: raw.ForcedExpire,
		Sender:       raw.Sender,
	}
	if m.Sender == postqueueNullSender {
		m.Sender = ""
	}
	m.Recipients = make([]PostqueueRecipient, len(raw.Recipients))
	for i, r := range raw.Recipients {
		m.Recipients[i] = PostqueueRecipient(r)
	}
	return m, nil
}
