package tui

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// TODO: MessageSummary and Message stand in for stats.MessageSummary and
// stats.Message until the collector's drill-down types are committed; they
// become aliases of those types then.

// MessageSummary is one recipient of one message in a domain's message list.
type MessageSummary struct {
	Time      time.Time
	QueueID   string
	Sender    string
	Recipient string
	Status    parsers.Status
	Class     diagnose.Class
	DSN       string
	Reason    string
	Delay     float64 // seconds
}

// Message is the life of one queue ID as the log tells it.
type Message struct {
	QueueID       string
	FirstSeen     time.Time
	LastSeen      time.Time
	Client        string // "name[addr]" for mail received over SMTP
	PickupUID     int    // uid of a local submission; -1 when none
	Sender        string // "" is the null sender
	MessageID     string
	Size          int64
	Recipients    []Recipient
	OrigID        string // the queue ID this message had before postsuper -r
	RequeuedAs    string // the queue ID postsuper -r gave it
	Notifications []Notification
	Lines         []string
}

// Recipient is one recipient of a message with its delivery attempts.
type Recipient struct {
	Address  string
	Attempts []Attempt
}

// Attempt is one delivery line for a recipient.
type Attempt struct {
	Time   time.Time
	Status parsers.Status
	DSN    string
	Class  diagnose.Class
	Relay  string
	Reason string
	Delay  float64 // seconds
}

// Notification is a bounce, delay or success notice Postfix generated.
type Notification struct {
	Time  time.Time
	Kind  parsers.NotificationKind
	NewID string
}
