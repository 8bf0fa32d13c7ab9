// Package demo replays a recorded day of a shop's mail server for
// mailtop --demo.
//
// A Replay is a sources.LogSource that returns the recorded lines in
// accelerated time. It starts with the first hour of the day at once, so the
// screen fills immediately, and it skips quiet stretches. It loops forever,
// each loop one day later than the one before and with queue IDs of its own.
// Its Now method is the recording's time at the playback position; the
// statistics windows use it in place of the wall clock.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/mailtop/mailtop/sources"
)

//go:embed recording.log
var recording []byte

// Recording returns the embedded log of the recorded day. The caller must
// not modify it.
func Recording() []byte { return recording }

// Defaults for Options.
const (
	// DefaultSpeed plays a 14-hour shop day in about 4 minutes, before quiet
	// stretches are skipped.
	DefaultSpeed = 200
	// DefaultPreload is the stretch of recording delivered at once at start.
	DefaultPreload = time.Hour
	// DefaultMaxIdle is the longest the replay stays silent, in wall time,
	// before it jumps ahead to the next recorded line. At DefaultSpeed it
	// skips gaps of more than 10 minutes of recording.
	DefaultMaxIdle = 3 * time.Second
	// DefaultOrigin is the Origin of the lines a Replay returns.
	DefaultOrigin = "demo"
)

// Clock is the wall clock a Replay paces itself by.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// systemClock is the real wall clock.
type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options controls a Replay. The zero value plays the embedded recording at
// the default pace.
type Options struct {
	// Recording is the log to play. Nil means the embedded recording.
	Recording []byte
	// Speed is how many seconds of recording play per second of wall time.
	// Zero means DefaultSpeed.
	Speed float64
	// Preload is the stretch at the start of the recording that is
	// delivered at once. Zero means DefaultPreload; a negative value
	// delivers nothing early.
	Preload time.Duration
	// MaxIdle is the longest wait for the next line, in wall time. When the
	// next line is further away, the replay waits MaxIdle and then jumps
	// its clock to that line. Zero means DefaultMaxIdle.
	MaxIdle time.Duration
	// Year places the recording's yearless timestamps. Zero means the
	// clock's current year, or the year before when the recording starts in
	// a later month than the clock's.
	Year int
	// Location is the zone of yearless timestamps. Nil means time.Local,
	// which is also the parser's default; pass the parser's zone when it is
	// set some other way.
	Location *time.Location
	// Clock is the wall clock. Nil means the system clock.
	Clock Clock
	// Origin is the Origin of the returned lines. Empty means DefaultOrigin.
	Origin string
}

// entry is one recorded line with its time.
type entry struct {
	text []byte
	// at is when the line plays in the first loop. It never goes backwards,
	// so lines written a little out of order play in file order.
	at time.Time
	// stamp is the line's own timestamp, rewritten on later loops.
	stamp time.Time
	kind  stampKind
	// queueID is the queue ID the line is about, or "" for none.
	queueID string
	// idSpans are the places, in order, where the line names queue IDs of
	// the recording, also after orig_id= and in a Message-ID.
	idSpans []idSpan
}

// idSpan is the byte range [start, end) of a queue ID in a line.
type idSpan struct {
	start, end int
}

// Replay plays a recording as a sources.LogSource. Next and Close are for
// one goroutine; Now, ShiftedRecording, Inject and InjectAction may be
// called from any.
type Replay struct {
	entries  []entry
	loopDays int
	speed    float64
	maxIdle  time.Duration
	clock    Clock
	origin   string
	location *time.Location
	host     []byte
	kind     stampKind

	// next is the index of the next entry and loop the number of completed
	// passes over the recording.
	next int
	loop int

	// buf and lines back the batch returned by Next.
	buf    []byte
	lines  []sources.Line
	closed bool

	mu sync.Mutex
	// The recording's time is virtualAnchor at wallAnchor and advances
	// speed times as fast as the wall clock from there.
	virtualAnchor time.Time
	wallAnchor    time.Time
	injected      [][]byte
	wake          chan struct{}
	pid           int
	// paused is set between SetPaused(true) and SetPaused(false); Now
	// stays at virtualAnchor meanwhile.
	paused bool
	// silenced are the queue IDs, as a loop names them, of the messages
	// a simulated action changed. Their recorded lines are left out.
	silenced map[string]bool

	// ids are the recording's queue IDs in the short form, which loops
	// after the first rename (see loopQueueID), and inodeDigits the
	// length of the longest inode part among them.
	ids         map[string]bool
	inodeDigits int
	// activeLines lists the entries of qmgr's "(queue active)" lines, by
	// recorded queue ID, in order.
	activeLines map[string][]int
	// scratch backs the line takeDue is about to add to the batch.
	scratch []byte
}

// New prepares a replay of opts.Recording. Its clock starts at once: the
// first call to Next returns the preloaded stretch.
func New(opts Options) (*Replay, error) {
	data := opts.Recording
	if data == nil {
		data = recording
	}
	if opts.Clock == nil {
		opts.Clock = systemClock{}
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Speed == 0 {
		opts.Speed = DefaultSpeed
	}
	if opts.Speed < 0 || math.IsNaN(opts.Speed) || math.IsInf(opts.Speed, 0) {
		return nil, fmt.Errorf("invalid demo speed %v: use a positive number of recorded seconds per second", opts.Speed)
	}
	if opts.Preload == 0 {
		opts.Preload = DefaultPreload
	}
	if opts.MaxIdle <= 0 {
		opts.MaxIdle = DefaultMaxIdle
	}
	if opts.Origin == "" {
		opts.Origin = DefaultOrigin
	}

	r := &Replay{
		speed:    opts.Speed,
		maxIdle:  opts.MaxIdle,
		clock:    opts.Clock,
		origin:   opts.Origin,
		location: opts.Location,
		buf:      make([]byte, 0, sources.MaxBatchBytes),
		lines:    make([]sources.Line, 0, sources.MaxBatchLines),
		wake:     make(chan struct{}, 1),
		pid:      90000,
		silenced: make(map[string]bool),
	}
	if err := r.load(data, opts.Year); err != nil {
		return nil, err
	}

	first := r.entries[0].at
	last := r.entries[len(r.entries)-1].at
	r.loopDays = int(last.Sub(first)/(24*time.Hour)) + 1
	start := first
	if opts.Preload > 0 {
		start = first.Add(opts.Preload)
	}
	r.virtualAnchor = start
	r.wallAnchor = r.clock.Now()
	return r, nil
}

// load splits data into entries and reads their timestamps.
func (r *Replay) load(data []byte, year int) error {
	if year == 0 {
		year = r.defaultYear(data)
	}
	var previous time.Time
	var previousMonth time.Month
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			continue
		}
		if len(line) > sources.MaxLineBytes {
			line = line[:sources.MaxLineBytes]
		}
		stamp, kind := readStamp(line, year, r.location)
		if kind == stampSyslogZero || kind == stampSyslogSpace {
			// A yearless recording that runs from December into January.
			if previousMonth == time.December && stamp.Month() == time.January {
				year++
				stamp = stamp.AddDate(1, 0, 0)
			}
			previousMonth = stamp.Month()
		}
		if kind != stampNone && r.kind == stampNone {
			r.kind = kind
			r.host = hostField(line)
		}
		at := previous
		if kind != stampNone && stamp.After(previous) {
			at = stamp
		}
		r.entries = append(r.entries, entry{text: line, at: at, stamp: stamp, kind: kind, queueID: lineQueueID(line)})
		previous = at
	}
	if r.kind == stampNone {
		return errors.New("demo recording has no line with a timestamp: it needs a Postfix log in syslog or RFC 3339 form")
	}
	// Lines before the first timestamp play with it.
	for i := 0; i < len(r.entries) && r.entries[i].at.IsZero(); i++ {
		r.entries[i].at = r.firstStamp()
	}
	r.findQueueIDs()
	return nil
}

func (r *Replay) firstStamp() time.Time {
	for _, e := range r.entries {
		if e.kind != stampNone {
			return e.stamp
		}
	}
	return time.Time{}
}

// defaultYear is the clock's year, or the year before when the recording's
// first yearless stamp has a later month than the clock.
func (r *Replay) defaultYear(data []byte) int {
	now := r.clock.Now().In(r.location)
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		stamp, kind := readStamp(line, now.Year(), r.location)
		if kind == stampNone {
			continue
		}
		if kind != stampRFC3339 && stamp.Month() > now.Month() {
			return now.Year() - 1
		}
		break
	}
	return now.Year()
}

// hostField returns the host name after the timestamp of a syslog or
// RFC 3339 line, or "mx" when it cannot be read.
func hostField(line []byte) []byte {
	rest := line
	if len(line) >= syslogStampLen && line[3] == ' ' {
		rest = line[syslogStampLen:]
	} else if space := bytes.IndexByte(line, ' '); space > 0 {
		rest = line[space:]
	}
	fields := bytes.Fields(rest)
	if len(fields) == 0 {
		return []byte("mx")
	}
	return bytes.Clone(fields[0])
}

// Now returns the recording's time at the playback position. It keeps
// moving between lines, and jumps forward over quiet stretches and from the
// end of one loop to the start of the next.
func (r *Replay) Now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nowLocked()
}

func (r *Replay) nowLocked() time.Time {
	if r.paused {
		return r.virtualAnchor
	}
	elapsed := r.clock.Now().Sub(r.wallAnchor)
	return r.virtualAnchor.Add(time.Duration(float64(elapsed) * r.speed))
}

// Location returns the zone the recording's yearless timestamps are read
// in. The parser must use the same zone so that its times match Now.
func (r *Replay) Location() *time.Location { return r.location }

// Speed returns how many seconds of recording play per second of wall time.
func (r *Replay) Speed() float64 { return r.speed }

// Next blocks until at least one line is due and returns the due lines, up
// to sources.MaxBatchLines lines and sources.MaxBatchBytes bytes. Each
// line's Reference is Now at the time it is returned. Next never returns
// io.EOF: the recording loops. It returns ctx.Err() when ctx ends first.
func (r *Replay) Next(ctx context.Context) ([]sources.Line, error) {
	if r.closed {
		return nil, errors.New("next on a closed demo replay")
	}
	r.buf = r.buf[:0]
	r.lines = r.lines[:0]
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.takeInjected() || r.takeDue() {
			return r.lines, nil
		}
		if r.isPaused() {
			// Only an injected line or the end of the pause can wake it.
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-r.wake:
			}
			continue
		}
		wait, jumpTo := r.untilNext()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-r.wake:
		case <-r.clock.After(wait):
			if !jumpTo.IsZero() {
				r.jump(jumpTo)
			}
		}
	}
}

// dueAt returns when entry i plays in the current loop.
func (r *Replay) dueAt(i int) time.Time {
	return r.dueInLoop(i, r.loop)
}

// dueInLoop returns when entry i plays in the given loop. Loop n is
// n*loopDays calendar days after the recording.
func (r *Replay) dueInLoop(i, loop int) time.Time {
	return r.entries[i].at.AddDate(0, 0, loop*r.loopDays)
}

// loopAt returns the loop that plays at t: the last loop whose first line
// is due by t, or 0 before the first line.
func (r *Replay) loopAt(t time.Time) int {
	// Dividing by 24-hour days is off by one loop when a daylight saving
	// change makes a calendar day 23 or 25 hours long. The two for
	// statements below correct that.
	loopLength := time.Duration(r.loopDays) * 24 * time.Hour
	loop := max(int(t.Sub(r.entries[0].at)/loopLength), 0)
	for loop > 0 && r.dueInLoop(0, loop).After(t) {
		loop--
	}
	for !r.dueInLoop(0, loop+1).After(t) {
		loop++
	}
	return loop
}

// ShiftedRecording returns the whole recording, each line as Next returns
// it in the loop that plays at Now, so its dates and queue IDs match the
// replayed lines.
// It includes the lines that loop has not reached yet.
func (r *Replay) ShiftedRecording() []byte {
	r.mu.Lock()
	loop := r.loopAt(r.nowLocked())
	r.mu.Unlock()
	size := 0
	for _, e := range r.entries {
		size += len(e.text) + 1
	}
	out := make([]byte, 0, size)
	for i := range r.entries {
		out = r.appendLoopLine(out, &r.entries[i], loop)
		out = append(out, '\n')
	}
	return out
}

// takeDue adds the lines due by Now to the batch and reports whether it
// added any.
func (r *Replay) takeDue() bool {
	now := r.Now()
	reference := now
	r.skipStale(now)
	silenced := r.silencedIDs()
	added := false
	for !r.dueAt(r.next).After(now) {
		e := &r.entries[r.next]
		if e.queueID != "" && silenced[r.loopQueueID(e.queueID, r.loop)] {
			r.advance()
			continue
		}
		r.scratch = r.appendLoopLine(r.scratch[:0], e, r.loop)
		if len(r.scratch) > sources.MaxLineBytes {
			r.scratch = r.scratch[:sources.MaxLineBytes]
		}
		if len(r.lines) >= cap(r.lines) || len(r.buf)+len(r.scratch) > cap(r.buf) {
			break
		}
		start := len(r.buf)
		r.buf = append(r.buf, r.scratch...)
		r.lines = append(r.lines, sources.Line{
			Text:      r.buf[start:len(r.buf):len(r.buf)],
			Origin:    r.origin,
			Reference: reference,
		})
		added = true
		r.advance()
	}
	return added
}

// advance moves to the next entry, and to the next loop after the last.
func (r *Replay) advance() {
	r.next++
	if r.next == len(r.entries) {
		r.next = 0
		r.loop++
	}
}

// maxBacklog is how far behind Now the next line may be. After a long
// stall, such as a suspended laptop, older lines are skipped rather than
// flooding the screen with several replayed days at once.
const maxBacklog = 24 * time.Hour

// skipStale moves past the lines that are more than maxBacklog older than
// now.
func (r *Replay) skipStale(now time.Time) {
	for now.Sub(r.dueAt(r.next)) > maxBacklog {
		r.advance()
	}
}

// untilNext returns how long to wait for the next line, and the time to
// jump the clock to after the wait when the line is more than maxIdle away.
func (r *Replay) untilNext() (time.Duration, time.Time) {
	due := r.dueAt(r.next)
	gap := due.Sub(r.Now())
	wait := time.Duration(math.Ceil(float64(gap) / r.speed))
	if wait > r.maxIdle {
		return r.maxIdle, due
	}
	return max(wait, time.Nanosecond), time.Time{}
}

// jump moves the clock forward to t unless it is already there.
func (r *Replay) jump(t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.paused && r.nowLocked().Before(t) {
		r.virtualAnchor = t
		r.wallAnchor = r.clock.Now()
	}
}

// SetPaused stops the recording's clock, and with it the recorded lines,
// until it is called with false. The dashboard pauses the replay while a
// confirmation is open, so that the message it names stays as listed.
// Injected lines still arrive during a pause.
func (r *Replay) SetPaused(paused bool) {
	r.mu.Lock()
	switch {
	case paused && !r.paused:
		r.virtualAnchor = r.nowLocked()
		r.paused = true
	case !paused && r.paused:
		r.wallAnchor = r.clock.Now()
		r.paused = false
	}
	r.mu.Unlock()

	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *Replay) isPaused() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.paused
}

// Close ends the replay. Next fails after it.
func (r *Replay) Close() error {
	r.closed = true
	return nil
}

var _ sources.LogSource = (*Replay)(nil)
