// Package stats turns parsed log events into per-domain counts over time
// windows and into the life of each queued message.
//
// The package is pure: no IO and no clock. Every call that needs the current
// time takes it as an argument, so a replayed log and a live one are counted
// the same way.
package stats

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// Window is a span of time that ends at a snapshot's Now.
type Window uint8

const (
	Window5m Window = iota
	Window15m
	Window1h
	Window24h
	WindowAll // everything since the collector started
	NumWindows
)

// Duration returns the window's length; WindowAll returns 0.
func (w Window) Duration() time.Duration {
	switch w {
	case Window5m:
		return 5 * time.Minute
	case Window15m:
		return 15 * time.Minute
	case Window1h:
		return time.Hour
	case Window24h:
		return 24 * time.Hour
	}
	return 0
}

// String returns the short label used on screen and in flags: 5m, 15m, 1h, 24h, all.
func (w Window) String() string {
	switch w {
	case Window5m:
		return "5m"
	case Window15m:
		return "15m"
	case Window1h:
		return "1h"
	case Window24h:
		return "24h"
	}
	return "all"
}

// TrendStep returns the step of the failure trend shown for window w. It
// is a minute for the windows up to an hour, whose trend covers the last
// hour, and an hour for 24h and all, whose trend covers the last 24 hours.
// The collector keeps no buckets older than a day, so the trend of all
// covers 24 hours too.
func (w Window) TrendStep() time.Duration {
	if w == Window24h || w == WindowAll {
		return time.Hour
	}
	return time.Minute
}

// TrendSteps returns the number of steps of the failure trend for window w:
// 60 minutes or 24 hours.
func (w Window) TrendSteps() int {
	if w.TrendStep() == time.Hour {
		return 24
	}
	return 60
}

// Counts are delivery counts for one domain (or all domains) over one window.
//
// Counting rule: each recipient delivery line is one attempt, so a message
// with three recipients gives three attempts and a recipient retried five
// times gives five. Address-verification probes are not counted.
type Counts struct {
	Attempts  int64 // delivery lines counted below: Sent + Deferred + Bounced
	Sent      int64
	Deferred  int64 // includes Suspended and SOFTBOUNCE lines
	Suspended int64 // "delivery temporarily suspended": Postfix made no connection; classed by the failure it quotes
	Bounced   int64
	Expired   int64 // recipients still pending when qmgr logged status=expired or force-expired
	// NullSender counts the Attempts of messages from the null sender,
	// which are bounces and other notices Postfix sends. They are included
	// in Attempts, so a screen can subtract them or hide a domain whose
	// Attempts are all notices.
	NullSender int64
	DelaySum   float64 // seconds, summed over the Attempts' delay= values
	DelayMax   float64 // seconds
	// Classes counts non-success attempts (deferred and bounced lines) by
	// reason class. Expired recipients are not attempts and add nothing here.
	Classes [diagnose.NumClasses]int64
}

// Failures returns Deferred + Bounced + Expired, the key domains are sorted by.
func (c *Counts) Failures() int64 { return c.Deferred + c.Bounced + c.Expired }

// LineCounts count every line read, by what the parser made of it.
type LineCounts struct {
	Read         int64
	Postfix      int64            // lines from a Postfix program, recognized or not
	Unrecognized int64            // garbage, truncated or binary lines, and Postfix lines of no known form
	ByDaemon     map[string]int64 // unrecognized lines by daemon name ("" when the header was unreadable)
}

// DomainStats are the counts of one recipient domain at a snapshot's Now.
type DomainStats struct {
	Domain  string             // lowercase
	Windows [NumWindows]Counts // indexed by Window
	// Trend is the failures over time of the window a DomainView requests.
	// Only SnapshotView fills it, for the pinned domains and the page's
	// rows. It is empty for every other domain and in Snapshot.
	Trend         FailureTrend
	LastReply     string // the last non-success reason text, sanitized by the screen, not here
	LastReplyTime time.Time
	// Pending counts the recipients whose latest attempt was deferred and
	// whose message is still queued, and those of the messages in the
	// maildrop queue (see Collector.SetMaildrop).
	Pending       int
	OldestPending time.Time // arrival of the oldest message with a pending recipient; zero if none
}

// FailureTrend is deferred + bounced + expired per Step, oldest first. The
// last element is the step that contains the snapshot's Now.
type FailureTrend struct {
	Step     time.Duration // time.Minute or time.Hour; 0 when the trend was not computed
	Failures []int64
}

// Failure is one non-success delivery attempt or expiry, for the live feed.
type Failure struct {
	Time      time.Time
	QueueID   string
	Sender    string
	Recipient string
	Domain    string
	Status    parsers.Status
	DSN       string
	Class     diagnose.Class
	Phase     parsers.Phase
	Relay     string
	Reason    string
}

// Snapshot is a consistent copy of the collector's state. It shares nothing
// with the collector and may be read from any goroutine.
type Snapshot struct {
	Now      time.Time
	First    time.Time // time of the first event counted; zero if none
	Last     time.Time // time of the last event counted
	Lines    LineCounts
	Totals   [NumWindows]Counts
	Domains  []DomainStats // sorted by failures in WindowAll, then by name
	Failures []Failure     // newest first, at most Config.MaxFailures
}
