package stats

import (
	"bytes"
	"sync"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// lateLineTolerance is how long after a message finished a line for its
// queue ID still belongs to it rather than to a new life. syslog can deliver
// a delivery agent's line a little after qmgr's "removed".
const lateLineTolerance = time.Minute

// maxDaemonKeys bounds LineCounts.ByDaemon; further daemon names are counted
// under OverflowDomain's name, "(other)".
const maxDaemonKeys = 256

// maxInterned bounds each of the two generations of an internTable.
const maxInterned = 4096

// Collector counts delivery lines per recipient domain over time and follows
// each message's life by queue ID. It is safe for concurrent use: one
// goroutine calls Add or AddBatch while others take snapshots.
//
// Time is log time throughout: windows, retention and abandonment are
// measured against the newest line added, or against the now passed to
// Snapshot.
type Collector struct {
	mu  sync.Mutex
	cfg Config

	lines  LineCounts
	first  time.Time
	last   time.Time
	newest int64 // unixMinute of last
	swept  int64 // the minute of the last sweep
	pruned int64 // the minute the domains' buckets were last pruned

	totals   domainState
	domains  map[string]*domainState
	overflow *domainState

	// maildrop contains the pending recipients of the maildrop queue by
	// domain, as SetMaildrop last set them.
	maildrop map[string]maildropDomain

	live      map[string]*tracked
	liveOrder []*tracked // in creation order; entries no longer live are skipped
	liveHead  int
	// unqueued holds the messages created since the last look for
	// abandoned ones, and those still not queued then: the only
	// candidates, far fewer than the live messages.
	unqueued   []*tracked
	finished   []*tracked // in finishing order
	finHead    int
	finishedBy map[string]*tracked // the latest finished life of each queue ID

	failures    []Failure // ring of Config.MaxFailures entries
	failureNext int
	failureLen  int

	interned internTable // DSNs and relays
	// senders shares the envelope senders of messages. A shop sends from
	// a few addresses, so a message's sender is then no copy of its own,
	// and comparing it with a line's reads memory in use.
	senders   internTable
	lower     []byte    // scratch space for lowercasing domains
	lineCache lineCache // the last messages' kept lines, decoded
	// finishedLineBytes is the length of the kept lines of the finished
	// messages, and lineDropNext the index in finished of the first whose
	// lines dropFinishedLines has not dropped. trimNext is the index of
	// the first that trimFinished has not trimmed.
	finishedLineBytes int
	lineDropNext      int
	trimNext          int

	classifier Classifier // classifies the failures not classified before Add
	// preclassified is the classification AddBatchClassified was given for
	// the line being added, or nil.
	preclassified *Classification

	replies lastReplyCoder // splits the domains' last replies
	// wholeReplies are the domains whose last reply is kept whole until
	// the next minute of log time (see lastReply).
	wholeReplies []*domainState
	relayScratch []byte // space for a relay as a path keeps it
	// lastPickup is the client of a path from pickup that pickupClient
	// returned last, and the uid it is of.
	lastPickup struct {
		uid    int
		client string
	}
	// relayCarriers is the carrier of the last relay host a failure to
	// each domain came through, set by carrierFor. It stays empty when the
	// failures come classified, as in the dashboard, which is why it is
	// not a field of domainState.
	relayCarriers map[*domainState]relayCarrier
}

// relayCarrier is diagnose.CarrierOf(host, name) for a domain called name.
type relayCarrier struct {
	host, carrier string
}

// domainState is the counts of one recipient domain.
type domainState struct {
	name          string
	all           tally
	series        series
	lastReply     lastReply
	lastReplyTime time.Time
	paths         paths
	// pruneDue is the first minute at which the domain's series or one of
	// its paths' may have a bucket to fold or drop, so the sweep skips
	// the domains that went quiet without reading their paths. Zero
	// means at the next sweep.
	pruneDue int64
}

// New returns an empty Collector bounded by cfg.
func New(cfg Config) *Collector {
	cfg = cfg.withDefaults()
	if cfg.SummaryOnly {
		cfg.DiscardLines = true
	}
	return &Collector{
		cfg:        cfg,
		lines:      LineCounts{ByDaemon: map[string]int64{}},
		domains:    map[string]*domainState{},
		live:       map[string]*tracked{},
		finishedBy: map[string]*tracked{},
		failures:   make([]Failure, cfg.MaxFailures),
		interned:   newInternTable(),
		senders:    newInternTable(),
		classifier: newClassifier(cfg),
	}
}

// Add counts one parsed line. line is the raw log line; Add copies what it
// keeps of ev and line, so the caller may reuse both. Add takes every line,
// including KindForeign and KindUnrecognized ones, so that LineCounts add up.
func (c *Collector) Add(ev *parsers.Event, line []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(ev, line)
}

// AddBatch counts events[i] with its raw line lines[i] as Add does, in
// order, under one lock, so a snapshot contains all of the batch or none. It
// panics when the slices differ in length.
func (c *Collector) AddBatch(events []parsers.Event, lines [][]byte) {
	if len(events) != len(lines) {
		panic("stats: AddBatch called with different numbers of events and lines")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range events {
		c.add(&events[i], lines[i])
	}
}

// AddBatchClassified is AddBatch for lines already classified:
// classes[i] is what a Classifier from NewClassifier returned for
// events[i]. The counts are the same as AddBatch's. It panics when the
// slices differ in length.
func (c *Collector) AddBatchClassified(events []parsers.Event, lines [][]byte, classes []Classification) {
	if len(events) != len(lines) || len(events) != len(classes) {
		panic("stats: AddBatchClassified called with different numbers of events, lines and classes")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range events {
		c.preclassified = &classes[i]
		c.add(&events[i], lines[i])
	}
	c.preclassified = nil
}

func (c *Collector) add(ev *parsers.Event, line []byte) {
	c.countLine(ev)
	if ev.Kind == parsers.KindForeign || ev.Kind == parsers.KindUnrecognized {
		return
	}
	if !ev.Time.IsZero() {
		c.observe(ev.Time)
	}
	if len(ev.QueueID) == 0 || bytes.Equal(ev.QueueID, noQueue) {
		return
	}

	m := c.apply(ev)
	if c.cfg.DiscardLines {
		return
	}
	if ev.Time.Before(c.cfg.KeepLinesFrom) {
		if m != nil {
			m.LinesDropped++ // so the message view says lines are missing
		}
		return
	}
	if m != nil {
		c.keepLine(m, ev.Time, line)
	}
	if ev.Kind == parsers.KindNotification && len(ev.NewID) > 0 {
		// The notice's own life starts with the line that names its origin.
		if notice := c.lookup(ev.NewID, ev.Time, false); notice != nil {
			c.keepLine(notice, ev.Time, line)
		}
	}
}

var noQueue = []byte("NOQUEUE")

func (c *Collector) countLine(ev *parsers.Event) {
	c.lines.Read++
	switch ev.Kind {
	case parsers.KindForeign:
		return
	case parsers.KindUnrecognized:
		c.lines.Unrecognized++
		if len(ev.Program) > 0 {
			c.lines.Postfix++
		}
		if _, ok := c.lines.ByDaemon[string(ev.Daemon)]; ok || len(c.lines.ByDaemon) < maxDaemonKeys {
			c.lines.ByDaemon[string(ev.Daemon)]++
		} else {
			c.lines.ByDaemon[OverflowDomain]++
		}
		return
	}
	c.lines.Postfix++
}

// observe moves the log clock forward and, once per new minute of log time,
// drops what the Config bounds no longer retain.
func (c *Collector) observe(t time.Time) {
	if c.first.IsZero() || t.Before(c.first) {
		c.first = t
	}
	if !t.After(c.last) {
		return
	}
	c.last = t
	c.newest = unixMinute(t)
	if c.newest != c.swept {
		c.swept = c.newest
		c.sweep()
	}
}

// apply updates the message ev belongs to and returns it, or nil when the
// line belongs to no tracked message.
func (c *Collector) apply(ev *parsers.Event) *tracked {
	t := ev.Time
	switch ev.Kind {
	case parsers.KindClient:
		m := c.startLife(ev.QueueID, t, true)
		if !c.cfg.SummaryOnly {
			m.Client = string(ev.Client)
			m.SASLUsername = string(ev.SASLUsername)
		}
		return m

	case parsers.KindPickup:
		m := c.startLife(ev.QueueID, t, true)
		m.Pickup = true
		m.UID = ev.UID
		c.setSender(m, ev.From)
		if len(ev.OrigID) > 0 {
			c.linkRequeue(m, ev.OrigID, t)
		}
		return m

	case parsers.KindMessageID:
		m := c.startLife(ev.QueueID, t, false)
		if !c.cfg.SummaryOnly {
			m.MessageID = string(ev.MessageID)
		}
		return m

	case parsers.KindQueued:
		m := c.lookup(ev.QueueID, t, true)
		m.queued = true
		c.setSender(m, ev.From)
		m.Size = ev.Size
		m.NRcpt = ev.NRcpt
		return m

	case parsers.KindDelivery:
		m := c.lookup(ev.QueueID, t, true)
		c.addDelivery(m, ev)
		return m

	case parsers.KindExpired:
		m := c.lookup(ev.QueueID, t, true)
		c.setSender(m, ev.From)
		c.expire(m, ev.Status, t)
		return m

	case parsers.KindRemoved:
		m := c.lookup(ev.QueueID, t, false)
		if m != nil {
			m.set(flagRemoved, t)
			c.finish(m, t)
		}
		return m

	case parsers.KindDeleted:
		m := c.lookup(ev.QueueID, t, false)
		if m != nil {
			m.set(flagDeleted, t)
			c.finish(m, t)
		}
		return m

	case parsers.KindRequeued:
		m := c.lookup(ev.QueueID, t, true)
		m.set(flagRequeued, t)
		c.finish(m, t)
		return m

	case parsers.KindHeld:
		m := c.lookup(ev.QueueID, t, true)
		m.set(flagHeld, t)
		return m

	case parsers.KindReleased:
		m := c.lookup(ev.QueueID, t, true)
		m.flags &^= flagHeld
		m.set(flagReleased, t)
		return m

	case parsers.KindExpireMarked:
		m := c.lookup(ev.QueueID, t, true)
		m.set(flagExpireMarked, t)
		return m

	case parsers.KindNotification:
		return c.addNotification(ev)

	case parsers.KindReject:
		m := c.lookup(ev.QueueID, t, false)
		if m != nil {
			c.applyReject(m, ev)
		}
		return m
	}

	// KindOther and KindDiagnostic lines with a queue ID ("skipped, still
	// being delivered", a header_checks warning) join the message's lines.
	return c.lookup(ev.QueueID, t, false)
}

// intern returns b as a string shared with earlier equal values, so that the
// few distinct DSNs and relays are not copied for every attempt.
func (c *Collector) intern(b []byte) string {
	return c.interned.intern(b)
}

// internTable shares the strings of equal values. It keeps two
// generations of at most maxInterned strings, like the class cache, so
// that with more distinct values than it holds, those in use stay shared.
type internTable struct {
	current, older map[string]string
}

func newInternTable() internTable {
	return internTable{current: map[string]string{}, older: map[string]string{}}
}

// intern returns b as a string shared with earlier equal values.
func (t *internTable) intern(b []byte) string {
	if s, ok := t.current[string(b)]; ok {
		return s
	}
	s, ok := t.older[string(b)]
	if !ok {
		s = string(b)
	}
	if len(t.current) >= maxInterned {
		t.older, t.current = t.current, t.older
		clear(t.current)
	}
	t.current[s] = s
	return s
}

// domain returns the counting state of a recipient domain and its
// lowercase name.
func (c *Collector) domain(addr []byte) (*domainState, string) {
	name := domainOf(addr, &c.lower)
	if d, ok := c.domains[string(name)]; ok {
		return d, d.name
	}
	if len(c.domains) >= c.cfg.MaxDomains && !c.foldRarest() {
		return c.overflowState(), string(name)
	}
	d := &domainState{name: string(name)}
	c.domains[d.name] = d
	return d, d.name
}

// domainOf returns the domain of the address addr, lowercase and without
// a trailing dot. A name with uppercase letters is lowercased into
// *scratch, so the result is valid until the next call with it.
func domainOf(addr []byte, scratch *[]byte) []byte {
	name := bytes.TrimSuffix(parsers.Domain(addr), []byte("."))
	if !hasUpper(name) {
		return name
	}
	*scratch = append((*scratch)[:0], name...)
	for i, b := range *scratch {
		if 'A' <= b && b <= 'Z' {
			(*scratch)[i] = b + ('a' - 'A')
		}
	}
	return *scratch
}

func hasUpper(b []byte) bool {
	for _, x := range b {
		if 'A' <= x && x <= 'Z' {
			return true
		}
	}
	return false
}
