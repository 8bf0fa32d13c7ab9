package demo

import (
	"bytes"
	"maps"
	"strconv"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// Inject adds one log line that the next call to Next returns before any
// recorded line, stamped with Now in the recording's timestamp form and
// host. program is the syslog tag such as "postfix/postsuper", and text is
// what follows "program[pid]: ".
func (r *Replay) Inject(program, text string) {
	r.injectLines(program, []string{text})
}

// injectLines adds lines that one process logs, so they share a pid, and
// wakes a waiting Next.
func (r *Replay) injectLines(program string, texts []string) {
	r.mu.Lock()
	now := r.nowLocked()
	r.pid++
	for _, text := range texts {
		line := formatStamp(nil, r.kind, now.In(r.location))
		line = append(line, ' ')
		line = append(line, r.host...)
		line = append(line, ' ')
		line = append(line, program...)
		line = append(line, '[')
		line = strconv.AppendInt(line, int64(r.pid), 10)
		line = append(line, "]: "...)
		line = append(line, text...)
		r.injected = append(r.injected, line)
	}
	r.mu.Unlock()

	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// InjectAction adds the log lines Postfix writes for a queue action, so a
// simulated hold, release, requeue, expiry or delete shows up on the
// screen as a real one would, and leaves out the recording's later lines
// about those messages (see silence). postsuper logs one line per queue ID
// and a summary. postqueue -i (deliver-now) logs nothing, but its
// messages' later lines are left out too, because SimulatedQueue makes
// their delivery attempts from then on. It fits
// actions.Simulated's OnAction. A real requeue is followed by pickup's
// "NEWID: uid=N from=<...> orig_id=ID" line, which SimulatedQueue.Apply
// adds, because the Result carries neither the new ID nor the sender.
func (r *Replay) InjectAction(res actions.Result) {
	var perID, summary string
	switch res.Action {
	case actions.ActionHold:
		perID, summary = "placed on hold", "Placed on hold"
	case actions.ActionRelease:
		perID, summary = "released from hold", "Released from hold"
	case actions.ActionRequeue:
		perID, summary = "requeued", "Requeued"
	case actions.ActionDelete:
		perID, summary = "removed", "Deleted"
	case actions.ActionExpire:
		perID, summary = "expired", "Force-expired"
	case actions.ActionDeliverNow:
		// postqueue -i logs nothing, but the simulation makes the
		// delivery attempt from now on.
		r.silence(res.QueueIDs)
		return
	default:
		return
	}
	var texts []string
	for _, id := range res.QueueIDs {
		texts = append(texts, id+": "+perID)
	}
	r.silence(res.QueueIDs)
	plural := "s"
	if res.Count == 1 {
		plural = ""
	}
	texts = append(texts, summary+": "+strconv.Itoa(res.Count)+" message"+plural)
	r.injectLines("postfix/postsuper", texts)
}

// takeInjected moves injected lines into the batch and reports whether it
// moved any. Lines that do not fit wait for the next batch.
func (r *Replay) takeInjected() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.injected) == 0 {
		return false
	}
	reference := r.nowLocked()
	moved := 0
	for _, text := range r.injected {
		if len(text) > sources.MaxLineBytes {
			text = text[:sources.MaxLineBytes]
		}
		if len(r.lines) >= cap(r.lines) || len(r.buf)+len(text) > cap(r.buf) {
			break
		}
		start := len(r.buf)
		r.buf = append(r.buf, text...)
		r.lines = append(r.lines, sources.Line{
			Text:      r.buf[start:len(r.buf):len(r.buf)],
			Origin:    r.origin,
			Reference: reference,
		})
		moved++
	}
	r.injected = r.injected[moved:]
	return moved > 0
}

// silence leaves out the recorded lines about the messages an action
// changed, as SimulatedQueue leaves their queue entries as the action made
// them. The recording's later lines of such a message (a delivery, the
// recording's own hold or release) would undo the action on the log
// screens. Each loop names its messages with queue IDs of its own (see
// loopQueueID), so the next loop's message recorded under the same line
// still plays.
func (r *Replay) silence(ids []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range ids {
		r.silenced[id] = true
	}
}

// silencedIDs returns a copy of the silenced queue IDs, or nil when there
// are none.
func (r *Replay) silencedIDs() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.silenced) == 0 {
		return nil
	}
	return maps.Clone(r.silenced)
}

// lineQueueID returns the queue ID after "program[pid]: " in a log line,
// or "" when the line names none there.
func lineQueueID(line []byte) string {
	_, rest, ok := bytes.Cut(line, []byte("]: "))
	if !ok {
		return ""
	}
	id, _, ok := bytes.Cut(rest, []byte(": "))
	if !ok || !parsers.ValidQueueID(string(id)) {
		return ""
	}
	return string(id)
}
