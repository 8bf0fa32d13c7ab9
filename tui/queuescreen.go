package tui

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// queueMode is the view of the queue screen.
type queueMode uint8

const (
	queueModeList  queueMode = iota // every message, one per row
	queueModeShape                  // messages per domain and age, like qshape
)

// shapeQueues are the queues the shape view cycles through.
var shapeQueues = []string{sources.QueueDeferred, sources.QueueActive, sources.QueueHold}

// queueScreen is the queue screen: the list of queued messages or the
// queue shape, with the filter, the sort order and the tags.
type queueScreen struct {
	c *common

	snapshot   *sources.QueueSnapshot          // as read; nil before the first
	watched    bool                            // scans will arrive (Options.QueueUpdates is set)
	noInstance bool                            // no scans because postconf found no instance
	demo       bool                            // the scans are built from the demo recording, not read from files
	readOnly   bool                            // --read-only: the status line does not offer actions
	postfix    postfixStatus                   // of the latest scan, failed or not
	scanErr    string                          // sanitized error of the last scan
	scanHint   string                          // in Japanese, the fix that scanErr names in English, else ""
	rejected   *sources.ConfigDirRejectedError // the cause of the last scan's failure when postqueue rejected -c DIR, else nil
	now        time.Time

	// Of the snapshot: the queue files mailtop may not open, the messages
	// whose queue file Postfix cannot read, and what the warnings about
	// the latter name.
	denied       int
	fileProblems int
	fix          queueFileFix

	rows    []queueRow
	cursor  listCursor
	classes reasonClasses
	// tags are the tagged messages. Tags of messages that left the queue
	// are kept, so a message missing from one scan while it moves between
	// queues stays tagged, but only messages of the current scan are acted
	// on. Tagged messages that the filter hides are acted on too, and the
	// confirmation prompt counts them (see countHidden).
	tags map[tagKey]bool
	// maildropSeen is when each message of the snapshot's maildrop queue
	// was first seen there, for the note in the domain table's title.
	maildropSeen map[tagKey]time.Time
	// followID is a queue ID that the cursor moves to when a scan lists
	// it: the new ID of a requeued message. It is cleared then.
	followID string

	// domainOnly is the --domain restriction, lower case: only messages
	// with a pending recipient in it are listed and counted, whatever
	// filter is typed.
	domainOnly   string
	domainCounts map[string]int // of the snapshot's messages in domainOnly
	// filterText is the filter as typed, and filter the one in force,
	// parsed from appliedText: the last typed text that parsed.
	filterText  string
	filter      QueueFilter
	appliedText string
	filterErr   string // sanitized; set when filterText does not parse
	// filterErrShown is set when enter was pressed on a filter that does
	// not parse, and cleared by the next edit. Only then does filterErr
	// show, so that text rejected until it is complete, such as q:d on
	// the way to q:deferred, does not show and hide lines at each key.
	filterErrShown bool
	filtering      bool // the filter input is open; always while filterErr is set
	ages           ageRange
	sortBy         queueColumn
	reversed       bool

	mode        queueMode
	shapeQueue  int // index into shapeQueues
	shape       []shapeRow
	shapeCursor listCursor
	shapeColumn int // 0 is the total, 1 to 8 the age buckets

	width, height int
}

// SetSize sets the screen's size. The list has a title, the status lines
// and column headers above the rows.
func (q *queueScreen) SetSize(width, height int) {
	q.width, q.height = width, height
	q.fitRows()
}

// fitRows sets how many rows of the list and of the shape fit under the
// title, the status lines and the column headers. The number of status
// lines depends on the status text.
func (q *queueScreen) fitRows() {
	rows := q.height - 2 - len(q.statusLines())
	q.cursor.setHeight(rows)
	q.shapeCursor.setHeight(rows)
}

// SetSnapshot shows a new scan, keeping the cursor on the same message.
func (q *queueScreen) SetSnapshot(snap sources.QueueSnapshot, err error, now time.Time) {
	q.now = now
	if err != nil {
		// The last good scan stays on screen. Without one the snapshot
		// stays nil, because the empty one of a failed scan would read as
		// an empty queue.
		q.scanErr = footerLine(err.Error())
		q.scanHint = ""
		q.rejected = nil
		if errors.Is(err, fs.ErrNotExist) {
			// The queue directory, or a queue in it, is gone: the last
			// scan lists messages that are no longer there, or none
			// where the files vanished one by one, which reads as an
			// empty queue.
			q.snapshot = nil
			q.domainCounts = nil
		}
		var rejected *sources.ConfigDirRejectedError
		if errors.As(err, &rejected) {
			q.rejected = rejected
			if q.c.l.Lang() != l10n.English {
				// The English error ends with the same fix.
				q.scanHint = footerLine(q.c.l.ErrorText(rejected))
			}
		}
		q.refresh()
		return
	}
	q.scanErr = ""
	q.scanHint = ""
	q.rejected = nil
	q.snapshot = &snap
	q.trackMaildrop(now)
	q.domainCounts = nil
	if q.domainOnly != "" {
		// The same selection as mailtop queue --domain, so both count
		// the same messages.
		q.domainCounts = FilterQueue(snap, QueueFilter{Domain: q.domainOnly}).Counts
	}
	q.denied = snap.PermissionDenied()
	q.fileProblems = snap.FileProblems()
	q.fix = fileFixOf(&snap)
	q.refresh()
}

// maildropNoteAfter is how long a message must have been seen in the
// maildrop queue before the domain table's title names it. A message that
// pickup takes at once, as after each sendmail, stays there for
// milliseconds, and a scan may still catch it. The note would then come
// and go with each submission.
const maildropNoteAfter = 10 * time.Second

// trackMaildrop notes when each message of the snapshot's maildrop queue
// was first seen there, and drops the messages that left it.
func (q *queueScreen) trackMaildrop(now time.Time) {
	seen := make(map[tagKey]time.Time)
	for _, m := range q.snapshot.Messages {
		if m.Queue != sources.QueueMaildrop {
			continue
		}
		key := keyOf(m)
		first, ok := q.maildropSeen[key]
		if !ok {
			first = now
		}
		seen[key] = first
	}
	q.maildropSeen = seen
}

// maildropWaiting returns how many messages of the maildrop queue have
// been seen there for maildropNoteAfter or longer, and the earliest time
// one of them was seen. With --domain it counts those with a pending
// recipient in that domain, and those whose file names no recipient,
// whose domain is not known.
func (q *queueScreen) maildropWaiting(now time.Time) (count int, since time.Time) {
	if q.snapshot == nil {
		return 0, time.Time{}
	}
	for _, m := range q.snapshot.Messages {
		first, ok := q.maildropSeen[keyOf(m)]
		if !ok || now.Sub(first) < maildropNoteAfter || !q.maildropInDomain(m) {
			continue
		}
		count++
		if since.IsZero() || first.Before(since) {
			since = first
		}
	}
	return count, since
}

// maildropInDomain reports whether the maildrop message m counts under
// the --domain restriction.
func (q *queueScreen) maildropInDomain(m sources.QueuedMessage) bool {
	pending := m.PendingRecipients()
	if q.domainOnly == "" || len(pending) == 0 {
		return true
	}
	return slices.ContainsFunc(pending, func(r sources.QueuedRecipient) bool { return InDomain(r.Address, q.domainOnly) })
}

// refresh rebuilds the rows and the shape from the snapshot, keeping the
// cursor on the same message when it is still listed.
func (q *queueScreen) refresh() {
	var selected tagKey
	hadSelection := q.cursor.selected < len(q.rows)
	if hadSelection {
		selected = keyOf(q.rows[q.cursor.selected].msg)
	}
	filter, possible := q.shownFilter()
	var messages []sources.QueuedMessage
	if q.snapshot != nil && possible {
		messages = q.snapshot.Messages
	}
	q.rows = buildQueueRows(messages, queueQuery{
		filter: filter, ages: q.ages, sortBy: q.sortBy, reversed: q.reversed, now: q.now, classes: q.classes,
	})
	q.cursor.setLen(len(q.rows))
	if hadSelection {
		for i, row := range q.rows {
			if keyOf(row.msg) == selected {
				q.cursor.selectIndex(i)
				break
			}
		}
	}
	q.selectFollowed()
	q.shape = buildShape(messages, shapeQueues[q.shapeQueue], filter, q.now)
	if q.domainOnly != "" {
		// A message listed for the domain may have other domains'
		// recipients too; their rows would offer to flush those domains.
		q.shape = slices.DeleteFunc(q.shape, func(row shapeRow) bool {
			return row.domain != "" && row.domain != q.domainOnly
		})
	}
	q.shapeCursor.setLen(len(q.shape))
	q.fitRows()
}

// followQueueID moves the cursor to queueID, now or when a later scan
// lists it.
func (q *queueScreen) followQueueID(queueID string) {
	q.followID = queueID
	q.selectFollowed()
}

// selectFollowed moves the cursor to the row of followID, if listed.
func (q *queueScreen) selectFollowed() {
	if q.followID == "" {
		return
	}
	for i, row := range q.rows {
		if row.msg.QueueID == q.followID {
			q.cursor.selectIndex(i)
			q.followID = ""
			return
		}
	}
}

// shownFilter returns the filter the listed messages pass: the typed one,
// narrowed to the --domain restriction. possible is false when the typed d:
// names another domain than --domain, so that nothing can be listed.
func (q *queueScreen) shownFilter() (filter QueueFilter, possible bool) {
	filter = q.filter
	if q.domainOnly == "" {
		return filter, true
	}
	if filter.Domain != "" && !strings.EqualFold(filter.Domain, q.domainOnly) {
		return filter, false
	}
	filter.Domain = q.domainOnly
	return filter, true
}

// SetFilter parses text as the filter, taking the class names the screen
// shows as well as the class ids. A filter that does not parse keeps the
// last good one in force and keeps the input open until the text is
// corrected or cleared, and enter then shows the error (see
// filterErrShown). The operator cannot then tag or act on a list that the
// rejected text seems to filter.
func (q *queueScreen) SetFilter(text string) {
	q.filterText = text
	q.filterErrShown = false
	filter, err := parseQueueFilter(text, q.c.classNames())
	if err != nil {
		q.filterErr = q.c.queueFilterErrorText(text, err)
		q.filtering = true
	} else {
		q.filterErr = ""
		filter.Overrides = q.classes.overrides
		q.filter = filter
		q.appliedText = withoutEmptyPrefixes(text)
	}
	q.refresh()
}

// withoutEmptyPrefixes returns the words of a filter that parsed, without
// the prefixes that have no value yet, such as "c:", which select nothing.
func withoutEmptyPrefixes(text string) string {
	words := strings.Fields(text)
	applied := words[:0]
	for _, word := range words {
		if _, value, ok := splitFilterWord(word); ok && value == "" {
			continue
		}
		applied = append(applied, word)
	}
	return strings.Join(applied, " ")
}

// selectedRow returns the row under the cursor.
func (q *queueScreen) selectedRow() (queueRow, bool) {
	if q.cursor.selected < len(q.rows) {
		return q.rows[q.cursor.selected], true
	}
	return queueRow{}, false
}

// toggleTag tags or untags the message under the cursor and moves down.
func (q *queueScreen) toggleTag() {
	row, ok := q.selectedRow()
	if !ok {
		return
	}
	if q.tags == nil {
		q.tags = map[tagKey]bool{}
	}
	key := keyOf(row.msg)
	if q.tags[key] {
		delete(q.tags, key)
	} else {
		q.tags[key] = true
	}
	q.cursor.move(1)
}

// tagShown tags every message the list shows.
func (q *queueScreen) tagShown() {
	if q.tags == nil {
		q.tags = map[tagKey]bool{}
	}
	for _, row := range q.rows {
		q.tags[keyOf(row.msg)] = true
	}
}

// taggedMessages returns the tagged messages of the current snapshot, in
// its order.
func (q *queueScreen) taggedMessages() []sources.QueuedMessage {
	if q.snapshot == nil || len(q.tags) == 0 {
		return nil
	}
	var tagged []sources.QueuedMessage
	for _, m := range q.snapshot.Messages {
		if q.tags[keyOf(m)] {
			tagged = append(tagged, m)
		}
	}
	return tagged
}

// countHidden returns how many of messages the list does not show,
// because the filter, the age range or the --domain restriction hides
// them.
func (q *queueScreen) countHidden(messages []sources.QueuedMessage) int {
	listed := make(map[tagKey]bool, len(q.rows))
	for _, row := range q.rows {
		listed[keyOf(row.msg)] = true
	}
	hidden := 0
	for _, m := range messages {
		if !listed[keyOf(m)] {
			hidden++
		}
	}
	return hidden
}

// openShapeCell lists the messages of the shape cell under the cursor:
// the filter gets the domain and queue, and the age range the bucket's.
func (q *queueScreen) openShapeCell() {
	if q.shapeCursor.selected >= len(q.shape) {
		return
	}
	row := q.shape[q.shapeCursor.selected]
	parts := []string{"q:" + shapeQueues[q.shapeQueue]}
	if row.domain != "" {
		parts = append([]string{"d:" + row.domain}, parts...)
	}
	q.ages = ageRange{}
	if q.shapeColumn > 0 {
		q.ages = bucketRange(q.shapeColumn - 1)
	}
	q.mode = queueModeList
	q.cursor.home()
	q.SetFilter(strings.Join(parts, " "))
}

// counts returns the messages per queue of the snapshot, only those with
// a pending recipient in the --domain domain when it is set.
func (q *queueScreen) counts() map[string]int {
	switch {
	case q.snapshot == nil:
		return nil
	case q.domainOnly != "":
		return q.domainCounts
	}
	return q.snapshot.Counts
}

// unreadable reports whether no queue has been read, because the scans
// failed or the dashboard reads no queue. Only the keys that leave the
// screen, the help and quit work then.
func (q *queueScreen) unreadable() bool {
	return q.snapshot == nil && (q.scanErr != "" || !q.watched)
}

// noneReadable reports whether the queue was read but none of its files
// could be, so that the list shows no message whatever the filter.
func (q *queueScreen) noneReadable() bool {
	return q.snapshot != nil && len(q.snapshot.Messages) == 0 && len(q.snapshot.Errors) > 0
}

// fromPostqueue reports whether the snapshot came from postqueue -j,
// which means mailtop cannot read the queue files: it is not root.
func (q *queueScreen) fromPostqueue() bool {
	return q.snapshot != nil && q.snapshot.Source == sources.QueueFromPostqueue
}
