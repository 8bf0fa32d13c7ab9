package demo

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// shortIDTimeDigits is the length of the part of a short queue ID that
// Postfix makes from the microseconds. The inode number follows it.
const shortIDTimeDigits = 5

// maxInodeDigits bounds the inode part of the recorded queue IDs that
// loopQueueID renames, so that the inode number with the loop added fits
// in 64 bits for 2^24 loops.
const maxInodeDigits = 10

// findQueueIDs collects the recording's short queue IDs and marks where
// each line names one.
//
// NOTE: long queue IDs (enable_long_queue_ids = yes) are not renamed, so
// a recording with them repeats its queue IDs in every loop.
func (r *Replay) findQueueIDs() {
	r.ids = make(map[string]bool)
	for _, e := range r.entries {
		if e.queueID == "" || parsers.IsLongQueueID(e.queueID) {
			continue
		}
		r.ids[e.queueID] = true
		r.inodeDigits = max(r.inodeDigits, len(e.queueID)-shortIDTimeDigits)
	}
	if r.inodeDigits > maxInodeDigits {
		r.ids = nil
		return
	}
	r.activeLines = make(map[string][]int)
	for i := range r.entries {
		e := &r.entries[i]
		e.idSpans = r.queueIDSpans(e.text)
		if r.ids[e.queueID] && bytes.HasSuffix(e.text, []byte(" (queue active)")) {
			r.activeLines[e.queueID] = append(r.activeLines[e.queueID], i)
		}
	}
}

// queueIDSpans returns where line names recorded queue IDs after its
// syslog tag: as the line's queue ID, after orig_id= or in a bounce's
// "notification: ID", and in the Message-IDs that cleanup makes.
func (r *Replay) queueIDSpans(line []byte) []idSpan {
	tagEnd := bytes.Index(line, []byte("]: "))
	if tagEnd < 0 {
		return nil
	}
	var spans []idSpan
	start := -1
	for i := tagEnd; i <= len(line); i++ {
		if i < len(line) && isAlphanumeric(line[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && r.ids[string(line[start:i])] {
			spans = append(spans, idSpan{start, i})
		}
		start = -1
	}
	return spans
}

func isAlphanumeric(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
}

// loopQueueID returns the queue ID that loop gives the recorded queue ID
// id. The first loop keeps the recording's IDs. A later loop adds the loop
// number times 16^inodeDigits to the inode part. So no two loops share a
// queue ID, and a message still queued from an earlier loop keeps its own.
// IDs the recording does not use are returned as they are.
func (r *Replay) loopQueueID(id string, loop int) string {
	if loop == 0 || !r.ids[id] {
		return id
	}
	inode, err := strconv.ParseUint(id[shortIDTimeDigits:], 16, 64)
	if err != nil {
		return id
	}
	inode += uint64(loop) << (4 * r.inodeDigits)
	return id[:shortIDTimeDigits] + strings.ToUpper(strconv.FormatUint(inode, 16))
}

// recordedQueueIDLoop returns the recording's queue ID that a loop renames
// to id, and that loop. It returns false when no loop of the recording
// names id.
func (r *Replay) recordedQueueIDLoop(id string) (string, int, bool) {
	if r.ids[id] {
		return id, 0, true
	}
	if len(id) <= shortIDTimeDigits+r.inodeDigits || len(r.ids) == 0 {
		return "", 0, false
	}
	inode, err := strconv.ParseUint(id[shortIDTimeDigits:], 16, 64)
	if err != nil {
		return "", 0, false
	}
	shift := 4 * r.inodeDigits
	loop := int(inode >> shift)
	recorded := id[:shortIDTimeDigits] + strings.ToUpper(strconv.FormatUint(inode&(1<<shift-1), 16))
	if loop == 0 || !r.ids[recorded] || r.loopQueueID(recorded, loop) != id {
		return "", 0, false
	}
	return recorded, loop, true
}

// RecordedQueueID reports whether a loop of the recording names a message
// with the queue ID id, so that a queue ID the demo makes up avoids it.
func (r *Replay) RecordedQueueID(id string) bool {
	_, _, ok := r.recordedQueueIDLoop(id)
	return ok
}

// RecordingPlayed reports whether the loop whose lines name the queue ID
// id has ended by now, so that no recorded line about that message is
// left to play. It returns false for an ID no loop names.
func (r *Replay) RecordingPlayed(id string, now time.Time) bool {
	_, loop, ok := r.recordedQueueIDLoop(id)
	return ok && loop < r.loopAt(now)
}

// NextRecordedAttempt returns when the replay plays the next line of qmgr
// that moves the message with the queue ID id to the active queue after
// now, and false when no such line is left.
func (r *Replay) NextRecordedAttempt(id string, now time.Time) (time.Time, bool) {
	recorded, loop, ok := r.recordedQueueIDLoop(id)
	if !ok {
		return time.Time{}, false
	}
	for _, i := range r.activeLines[recorded] {
		if at := r.dueInLoop(i, loop); at.After(now) {
			return at, true
		}
	}
	return time.Time{}, false
}

// appendLoopLine appends entry e as loop plays it: its timestamp moved by
// the loop's days and its queue IDs renamed by loopQueueID.
func (r *Replay) appendLoopLine(dst []byte, e *entry, loop int) []byte {
	days := loop * r.loopDays
	if loop == 0 || len(e.idSpans) == 0 {
		return appendStamp(dst, e.text, e.kind, e.stamp, days)
	}
	// The spans come after the syslog tag, so the text before the first
	// one contains the whole timestamp.
	dst = appendStamp(dst, e.text[:e.idSpans[0].start], e.kind, e.stamp, days)
	for i, span := range e.idSpans {
		dst = append(dst, r.loopQueueID(string(e.text[span.start:span.end]), loop)...)
		next := len(e.text)
		if i+1 < len(e.idSpans) {
			next = e.idSpans[i+1].start
		}
		dst = append(dst, e.text[span.end:next]...)
	}
	return dst
}
