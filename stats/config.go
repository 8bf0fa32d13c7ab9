package stats

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
)

// Config bounds the memory a Collector uses. A zero or negative field takes
// its default from DefaultConfig.
type Config struct {
	// MaxMessages is the number of messages tracked at once, live and
	// finished together. Past it the oldest finished message is dropped,
	// and when none is finished, the live message seen first.
	MaxMessages int
	// FinishedRetention is how long a message stays readable after it
	// left the queue, measured in log time.
	FinishedRetention time.Duration
	// AbandonedAfter drops a message that never reached the queue manager
	// (only client=, pickup or message-id lines, and not held) when it has
	// logged nothing for this long, measured in log time. smtpd logs
	// client= before the sender hangs up or a milter rejects the message,
	// and Postfix logs no "removed" for those.
	AbandonedAfter time.Duration
	// MaxLinesPerMessage is the number of raw log lines kept per message.
	// Past it the first half is kept and the middle is dropped, so a
	// message's start and its latest lines stay visible.
	MaxLinesPerMessage int
	// MaxLineBytes cuts each kept raw line to this many bytes.
	MaxLineBytes int
	// MaxFinishedLineBytes bounds the raw lines kept for the messages
	// that left the queue, in bytes of line text as logged, although
	// lines stored as differences take less. Past it the messages
	// that finished first lose their lines, counted in LinesDropped. The
	// lines of the messages still queued are not part of it, since those
	// are the ones an operator opens to rescue.
	MaxFinishedLineBytes int
	// DiscardLines keeps no raw log lines, so Message.Lines stays empty and
	// LinesDropped stays zero. A caller that never shows a message's lines,
	// such as a one-shot report, saves the copy of every line and about
	// half the memory of each tracked message.
	DiscardLines bool
	// SummaryOnly keeps only what Summary and LineCounts report: the counts
	// since the start per domain and in total. It keeps no minute or hour
	// buckets, sending paths, failure feed, attempts, reason texts or raw
	// lines, so a one-shot report of a long log spends its time and memory
	// on the counts alone. Messages are still followed by queue ID, since
	// expiries and null senders need them. Snapshot and Paths then return
	// empty windows and no failures.
	SummaryOnly bool
	// KeepLinesFrom keeps no raw line logged before it and counts such
	// lines in Message.LinesDropped. A dashboard that reads days of history
	// keeps the lines of the last day only, those of the messages it can
	// still show. The zero time keeps every line.
	KeepLinesFrom time.Time
	// BucketsFrom adds no delivery logged before it to the minute and hour
	// buckets, only to the counts since the start. A dashboard that reads
	// days of history sets it more than a day before the time it opens,
	// so the lines no window can reach cost no buckets. The zero time adds
	// every line.
	BucketsFrom time.Time
	// MaxAttemptsPerRecipient is the number of attempts kept per recipient,
	// dropped from the middle like MaxLinesPerMessage. Counting is not
	// affected.
	MaxAttemptsPerRecipient int
	// MaxRecipientsPerMessage is the number of recipients kept per message.
	// Deliveries to further recipients are counted but not kept, so their
	// expiry and their pending state are not known.
	MaxRecipientsPerMessage int
	// MaxFailures is the length of the failure feed in a Snapshot.
	MaxFailures int
	// MaxDomains is the number of recipient domains counted separately.
	// A new domain past it first folds into OverflowDomain the tenth of
	// the others with the fewest deliveries since the start, never a
	// Japanese carrier. When every domain is a carrier, the new domain
	// itself goes to OverflowDomain.
	MaxDomains int
	// Overrides are the operator's reason rules, tried before the built-in
	// classification; nil means none.
	Overrides *diagnose.Overrides
}

// OverflowDomain collects the counts of the domains folded past
// Config.MaxDomains.
// The parentheses keep it apart from any real domain name.
const OverflowDomain = "(other)"

// Defaults. A domain with its sending paths and its buckets (at most 60
// per minute and 25 per hour each) measured about 0.75 KB of heap on
// average in the dashboard's heap profile after ten generated days with
// 101,384 domains. So the default MaxDomains bounds the domains near
// 150 MB, an estimate. In the same profile a tracked message measured
// about 1 KB with its recipients and attempts, and the lines kept for the
// 20,000 messages took 17 MB for 28 MB of lines as logged. So the default
// MaxMessages costs about 40 MB on such a log, an estimate: a log whose
// messages log more lines each keeps more of them.
const (
	defaultMaxMessages             = 20000
	defaultFinishedRetention       = 24 * time.Hour
	defaultAbandonedAfter          = 30 * time.Minute
	defaultMaxLinesPerMessage      = 64
	defaultMaxLineBytes            = 2048
	defaultMaxFinishedLineBytes    = 16 << 20
	defaultMaxAttemptsPerRecipient = 32
	defaultMaxRecipientsPerMessage = 1000
	defaultMaxFailures             = 1000
	defaultMaxDomains              = 200000
)

// DefaultConfig returns the bounds used for zero Config fields.
func DefaultConfig() Config {
	return Config{
		MaxMessages:             defaultMaxMessages,
		FinishedRetention:       defaultFinishedRetention,
		AbandonedAfter:          defaultAbandonedAfter,
		MaxLinesPerMessage:      defaultMaxLinesPerMessage,
		MaxLineBytes:            defaultMaxLineBytes,
		MaxFinishedLineBytes:    defaultMaxFinishedLineBytes,
		MaxAttemptsPerRecipient: defaultMaxAttemptsPerRecipient,
		MaxRecipientsPerMessage: defaultMaxRecipientsPerMessage,
		MaxFailures:             defaultMaxFailures,
		MaxDomains:              defaultMaxDomains,
	}
}

// withDefaults returns cfg with every zero or negative field replaced by its default.
func (cfg Config) withDefaults() Config {
	def := DefaultConfig()
	if cfg.MaxMessages <= 0 {
		cfg.MaxMessages = def.MaxMessages
	}
	if cfg.FinishedRetention <= 0 {
		cfg.FinishedRetention = def.FinishedRetention
	}
	if cfg.AbandonedAfter <= 0 {
		cfg.AbandonedAfter = def.AbandonedAfter
	}
	if cfg.MaxLinesPerMessage <= 0 {
		cfg.MaxLinesPerMessage = def.MaxLinesPerMessage
	}
	if cfg.MaxLineBytes <= 0 {
		cfg.MaxLineBytes = def.MaxLineBytes
	}
	if cfg.MaxFinishedLineBytes <= 0 {
		cfg.MaxFinishedLineBytes = def.MaxFinishedLineBytes
	}
	if cfg.MaxAttemptsPerRecipient <= 0 {
		cfg.MaxAttemptsPerRecipient = def.MaxAttemptsPerRecipient
	}
	if cfg.MaxRecipientsPerMessage <= 0 {
		cfg.MaxRecipientsPerMessage = def.MaxRecipientsPerMessage
	}
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = def.MaxFailures
	}
	if cfg.MaxDomains <= 0 {
		cfg.MaxDomains = def.MaxDomains
	}
	return cfg
}
