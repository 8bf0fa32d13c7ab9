package demo

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// fakeClock is a wall clock that moves only when the test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the clock and fires the waiters that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	pending := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			pending = append(pending, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = pending
}

// nextWait returns how far ahead the earliest waiter is, and false when no
// one waits.
func (c *fakeClock) nextWait() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) == 0 {
		return 0, false
	}
	earliest := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(earliest) {
			earliest = w.at
		}
	}
	return earliest.Sub(c.now), true
}

// next calls r.Next and, while it blocks, advances the clock to its
// earliest waiter. It returns copies of the lines and the fake wall time
// that passed.
func next(t *testing.T, r *Replay, clock *fakeClock) ([]string, time.Duration) {
	t.Helper()
	type result struct {
		lines []sources.Line
		err   error
	}
	done := make(chan result, 1)
	go func() {
		lines, err := r.Next(context.Background())
		done <- result{lines, err}
	}()

	var waited time.Duration
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case res := <-done:
			if res.err != nil {
				t.Fatalf("Next: %v", res.err)
			}
			var texts []string
			for _, line := range res.lines {
				texts = append(texts, string(line.Text))
			}
			return texts, waited
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("Next did not return within 5s of real time")
		}
		if d, ok := clock.nextWait(); ok {
			clock.Advance(d)
			waited += d
			continue
		}
		time.Sleep(time.Millisecond)
	}
}

const sample = `Dec 04 08:00:00 mx postfix/qmgr[1]: 7E996BE094: from=<shop@example.com>, size=365, nrcpt=1 (queue active)
Dec 04 08:00:01 mx postfix/smtp[2]: 7E996BE094: to=<a@docomo.ne.jp>, relay=mx.docomo.ne.jp[1.2.3.4]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.2.0, status=deferred (host said: 450 4.2.0 try later (in reply to RCPT TO command))
Dec 04 08:30:00 mx postfix/qmgr[1]: 7E996BE094: removed
Dec 04 09:30:00 mx postfix/qmgr[1]: 8C3A3BE098: from=<shop@example.com>, size=300, nrcpt=1 (queue active)
Dec 04 09:30:10 mx postfix/smtp[2]: 8C3A3BE098: to=<b@ezweb.ne.jp>, relay=x[1.2.3.4]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 ok)
Dec 04 21:00:00 mx postfix/qmgr[1]: 8C3A3BE098: removed
`

func newSampleReplay(t *testing.T, clock *fakeClock, opts Options) *Replay {
	t.Helper()
	opts.Clock = clock
	if opts.Recording == nil {
		opts.Recording = []byte(sample)
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Year == 0 {
		opts.Year = 2026
	}
	r, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func TestReplayPreloadAtStart(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{})
	lines, waited := next(t, r, clock)
	if waited != 0 {
		t.Errorf("first batch waited %s, want none", waited)
	}
	if len(lines) != 3 {
		t.Fatalf("first batch has %d lines, want the 3 of the first hour: %q", len(lines), lines)
	}
	if !strings.Contains(lines[0], "08:00:00") || !strings.Contains(lines[2], "08:30:00") {
		t.Errorf("first batch = %q", lines)
	}
	if want := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC); !r.Now().Equal(want) {
		t.Errorf("Now after preload = %v, want %v", r.Now(), want)
	}
}

func TestReplayNoPreload(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Preload: -1})
	lines, _ := next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "08:00:00") {
		t.Errorf("first batch without preload = %q, want only the first line", lines)
	}
}

func TestReplaySpeedHonored(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100, MaxIdle: time.Hour})
	next(t, r, clock)

	// The next line is at 09:30:00, 30 minutes after the 09:00 start: 18 s
	// of wall time at 100x.
	lines, waited := next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "09:30:00") {
		t.Fatalf("second batch = %q", lines)
	}
	if waited != 18*time.Second {
		t.Errorf("waited %s for 30 minutes of recording at 100x, want 18s", waited)
	}

	// 10 s of recording is 100 ms of wall time.
	lines, waited = next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "09:30:10") {
		t.Fatalf("third batch = %q", lines)
	}
	if waited != 100*time.Millisecond {
		t.Errorf("waited %s for 10s of recording at 100x, want 100ms", waited)
	}
	if want := time.Date(2026, 12, 4, 9, 30, 10, 0, time.UTC); !r.Now().Equal(want) {
		t.Errorf("Now = %v, want %v", r.Now(), want)
	}
}

func TestReplayNowAdvancesWithClock(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 60})
	start := r.Now()
	clock.Advance(2 * time.Second)
	if got := r.Now().Sub(start); got != 2*time.Minute {
		t.Errorf("Now moved %s in 2s at 60x, want 2m", got)
	}
}

func TestReplaySkipsQuietStretch(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100, MaxIdle: 2 * time.Second})
	next(t, r, clock) // preload
	next(t, r, clock) // 09:30:00
	next(t, r, clock) // 09:30:10

	// 21:00 is 11.5 hours away, 414 s at 100x; the replay waits MaxIdle
	// and jumps.
	lines, waited := next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "21:00:00") {
		t.Fatalf("batch after the quiet stretch = %q", lines)
	}
	if waited != 2*time.Second {
		t.Errorf("waited %s over a quiet stretch, want MaxIdle (2s)", waited)
	}
	if want := time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC); !r.Now().Equal(want) {
		t.Errorf("Now after the jump = %v, want %v", r.Now(), want)
	}
}

func TestReplayLoopShiftsByDay(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100, MaxIdle: time.Second})
	var all []string
	for len(all) < 9 {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	want := []string{
		"Dec 04 08:00:00", "Dec 04 08:00:01", "Dec 04 08:30:00", "Dec 04 09:30:00", "Dec 04 09:30:10", "Dec 04 21:00:00",
		"Dec 05 08:00:00", "Dec 05 08:00:01", "Dec 05 08:30:00",
	}
	for i, prefix := range want {
		if !strings.HasPrefix(all[i], prefix) {
			t.Errorf("line %d = %q, want it to start with %q", i, all[i], prefix)
		}
	}
	if !strings.HasSuffix(all[6], "from=<shop@example.com>, size=365, nrcpt=1 (queue active)") {
		t.Errorf("rewritten line lost its text: %q", all[6])
	}
	if now := r.Now(); now.Day() != 5 {
		t.Errorf("Now in the second loop = %v, want December 5", now)
	}
}

func TestReplayLoopMonthEnd(t *testing.T) {
	clock := newFakeClock()
	recordingText := "Dec 31 10:00:00 mx postfix/qmgr[1]: 7E996BE094: removed\n" +
		"Dec 31 11:00:00 mx postfix/qmgr[1]: 8C3A3BE098: removed\n"
	r := newSampleReplay(t, clock, Options{Recording: []byte(recordingText), Preload: -1, Speed: 1000, MaxIdle: time.Second})
	var all []string
	for len(all) < 4 {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	if !strings.HasPrefix(all[2], "Jan 01 10:00:00") || !strings.HasPrefix(all[3], "Jan 01 11:00:00") {
		t.Errorf("second loop = %q, want January 1", all[2:])
	}
	if now := r.Now(); now.Year() != 2027 || now.Month() != time.January {
		t.Errorf("Now in the second loop = %v, want January 2027", now)
	}
}

func TestReplaySkipsLongBacklog(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100})
	next(t, r, clock) // preload

	// Ten days of recording pass without a call to Next.
	clock.Advance(10 * 24 * time.Hour / 100)
	lines, _ := next(t, r, clock)
	if len(lines) == 0 {
		t.Fatal("no lines after the stall")
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "Dec 13 ") && !strings.HasPrefix(line, "Dec 14 ") {
			t.Errorf("line %q is more than a day older than Now %v", line, r.Now())
		}
	}
}

func TestReplayOrderPreserved(t *testing.T) {
	// The second line is stamped a second early, as lines from different
	// processes can be; it still plays in file order.
	recordingText := "Dec 04 08:00:02 mx postfix/smtpd[1]: connect from a[127.0.0.1]\n" +
		"Dec 04 08:00:01 mx postfix/smtpd[2]: connect from b[127.0.0.1]\n" +
		"garbage without a timestamp\n" +
		"Dec 04 08:00:03 mx postfix/smtpd[3]: connect from c[127.0.0.1]\n"
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Recording: []byte(recordingText), Preload: -1, Speed: 1})
	var all []string
	for len(all) < 4 {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	for i, want := range []string{"connect from a", "connect from b", "garbage", "connect from c"} {
		if !strings.Contains(all[i], want) {
			t.Errorf("line %d = %q, want %q", i, all[i], want)
		}
	}
}

func TestReplayEmbeddedRecordingOrder(t *testing.T) {
	clock := newFakeClock()
	r, err := New(Options{Clock: clock, Location: time.UTC, Year: 2026, Speed: 10000})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	want := strings.Split(strings.TrimRight(string(Recording()), "\n"), "\n")
	var got []string
	for len(got) < len(want) {
		lines, _ := next(t, r, clock)
		got = append(got, lines...)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestReplayReferenceParsesToNow(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100, MaxIdle: time.Second})
	lines, err := r.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	line := lines[0]
	if !line.Reference.Equal(r.Now()) || line.Origin != DefaultOrigin {
		t.Errorf("line Reference = %v, Origin = %q; want Now %v and %q", line.Reference, line.Origin, r.Now(), DefaultOrigin)
	}

	parser := parsers.NewParser(parsers.Options{Reference: line.Reference, Location: r.Location()})
	var event parsers.Event
	parser.Parse(line.Text, &event)
	if want := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC); !event.Time.Equal(want) {
		t.Errorf("parsed time = %v, want %v", event.Time, want)
	}
}

func TestReplayDefaultYear(t *testing.T) {
	clock := newFakeClock() // December 2026
	r, err := New(Options{Clock: clock, Recording: []byte(sample), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Now().Year(); got != 2026 {
		t.Errorf("year with a December clock = %d, want 2026", got)
	}

	clock.now = time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC)
	r, err = New(Options{Clock: clock, Recording: []byte(sample), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Now().Year(); got != 2026 {
		t.Errorf("year of a December recording with a January clock = %d, want 2026", got)
	}
}

func TestReplayRFC3339Loop(t *testing.T) {
	recordingText := "2026-12-04T08:00:00.123456+09:00 mx postfix/qmgr[1]: 7E996BE094: removed\n" +
		"2026-12-04T08:10:00+09:00 mx postfix/qmgr[1]: 8C3A3BE098: removed\n"
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Recording: []byte(recordingText), Speed: 1000, MaxIdle: time.Second})
	var all []string
	for len(all) < 4 {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	if all[2] != "2026-12-05T08:00:00.123456+09:00 mx postfix/qmgr[1]: 7E9961BE094: removed" {
		t.Errorf("second loop line = %q", all[2])
	}
}

func TestReplayContextCanceled(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 1, MaxIdle: time.Hour})
	next(t, r, clock) // preload

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := r.Next(ctx)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Next after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Next did not return after cancel")
	}

	// The replay goes on where it stopped.
	lines, _ := next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "09:30:00") {
		t.Errorf("batch after a canceled Next = %q", lines)
	}
}

func TestReplayInjectWakesNext(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 1, MaxIdle: time.Hour})
	next(t, r, clock) // preload

	done := make(chan []string, 1)
	go func() {
		lines, err := r.Next(context.Background())
		if err != nil {
			t.Errorf("Next: %v", err)
		}
		var texts []string
		for _, line := range lines {
			texts = append(texts, string(line.Text))
		}
		done <- texts
	}()
	time.Sleep(10 * time.Millisecond)
	r.InjectAction(actions.Result{Action: actions.ActionHold, QueueIDs: []string{"7E996BE094"}, Count: 1, Simulated: true})

	select {
	case lines := <-done:
		if len(lines) != 2 {
			t.Fatalf("injected batch = %q, want 2 lines", lines)
		}
		if !strings.HasPrefix(lines[0], "Dec 04 09:00:00 mx postfix/postsuper[") || !strings.HasSuffix(lines[0], "]: 7E996BE094: placed on hold") {
			t.Errorf("per-ID line = %q", lines[0])
		}
		if !strings.HasSuffix(lines[1], "]: Placed on hold: 1 message") {
			t.Errorf("summary line = %q", lines[1])
		}
		parser := parsers.NewParser(parsers.Options{Reference: r.Now(), Location: time.UTC})
		var event parsers.Event
		parser.Parse([]byte(lines[0]), &event)
		if event.Kind != parsers.KindHeld || string(event.QueueID) != "7E996BE094" {
			t.Errorf("injected line parses as kind %v, ID %q; want KindHeld", event.Kind, event.QueueID)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Inject did not wake Next")
	}
}

func TestReplayInjectDeliverNowLogsNothing(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{})
	r.InjectAction(actions.Result{Action: actions.ActionDeliverNow, QueueIDs: []string{"7E996BE094"}, Count: 1})
	if len(r.injected) != 0 {
		t.Errorf("deliver-now injected %q, want nothing (postqueue -i logs nothing)", r.injected)
	}
}

func TestReplayBatchLimits(t *testing.T) {
	var recordingText bytes.Buffer
	longText := strings.Repeat("x", 1000)
	for i := 0; i < 3*sources.MaxBatchLines; i++ {
		recordingText.WriteString("Dec 04 08:00:00 mx postfix/smtpd[1]: " + longText[:i%1000] + "\n")
	}
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Recording: recordingText.Bytes()})
	total := 0
	for total < 3*sources.MaxBatchLines {
		lines, err := r.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		size := 0
		for _, line := range lines {
			size += len(line.Text)
		}
		if len(lines) > sources.MaxBatchLines || size > sources.MaxBatchBytes {
			t.Fatalf("batch of %d lines and %d bytes exceeds the limits", len(lines), size)
		}
		total += len(lines)
	}
}

func TestReplayBadRecording(t *testing.T) {
	cases := map[string]string{
		"empty":        "",
		"no stamps":    "hello\nworld\n",
		"binary":       "\x00\x01\x02\xff\n\xfe",
		"bad syslog":   "Foo 04 08:00:00 mx postfix/qmgr[1]: x\n",
		"bad rfc 3339": "2026-13-45T99:00:00Z mx x\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := New(Options{Recording: []byte(text), Clock: newFakeClock()})
			if err == nil {
				t.Error("New accepted a recording without timestamps")
			}
		})
	}
	if _, err := New(Options{Recording: []byte(sample), Speed: -2}); err == nil {
		t.Error("New accepted a negative speed")
	}
}

func TestReplayTruncatedLastLine(t *testing.T) {
	clock := newFakeClock()
	text := sample + "Dec 04 21:00:05 mx postfix/qmgr[1]: 8C3A3BE0"
	r := newSampleReplay(t, clock, Options{Recording: []byte(text), Speed: 10000})
	var all []string
	for len(all) < 7 {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	if all[6] != "Dec 04 21:00:05 mx postfix/qmgr[1]: 8C3A3BE0" {
		t.Errorf("last line = %q", all[6])
	}
}

func TestReplayClosed(t *testing.T) {
	r := newSampleReplay(t, newFakeClock(), Options{})
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(context.Background()); err == nil {
		t.Error("Next after Close succeeded")
	}
}

func TestEmbeddedRecordingPresent(t *testing.T) {
	if len(Recording()) == 0 {
		t.Fatal("embedded recording is empty")
	}
	onDisk, err := os.ReadFile("recording.log")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, Recording()) {
		t.Error("embedded recording differs from recording.log")
	}
}

func TestShiftedRecordingMatchesLoop(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Speed: 100, MaxIdle: time.Second})
	if got := string(r.ShiftedRecording()); got != sample {
		t.Errorf("ShiftedRecording in the first loop =\n%s\nwant the recording as it is:\n%s", got, sample)
	}

	var played []string
	for len(played) < 7 {
		lines, _ := next(t, r, clock)
		played = append(played, lines...)
	}
	// The first line of the second loop has played, so Now is in it.
	shifted := strings.Split(strings.TrimSuffix(string(r.ShiftedRecording()), "\n"), "\n")
	for len(played) < 12 {
		lines, _ := next(t, r, clock)
		played = append(played, lines...)
	}
	secondLoop := played[6:12]
	if len(shifted) != len(secondLoop) {
		t.Fatalf("ShiftedRecording in the second loop has %d lines, want %d", len(shifted), len(secondLoop))
	}
	for i := range shifted {
		if shifted[i] != secondLoop[i] {
			t.Errorf("line %d of ShiftedRecording = %q, want %q as the second loop played it", i, shifted[i], secondLoop[i])
		}
	}
}

func TestLoopAtDaylightSavingEnd(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	// Daylight saving time ends in New York on 1 November 2026, so that
	// calendar day lasts 25 hours.
	text := "Oct 30 08:00:00 mx postfix/qmgr[1]: 7E996BE094: removed\n" +
		"Oct 30 09:00:00 mx postfix/qmgr[1]: 8C3A3BE098: removed\n"
	r := newSampleReplay(t, newFakeClock(), Options{Recording: []byte(text), Location: newYork})
	for loop := 1; loop <= 4; loop++ {
		start := r.dueInLoop(0, loop)
		if got := r.loopAt(start); got != loop {
			t.Errorf("loopAt(%v) = %d, want %d", start, got, loop)
		}
		if got := r.loopAt(start.Add(-time.Second)); got != loop-1 {
			t.Errorf("loopAt(%v) = %d, want %d", start.Add(-time.Second), got, loop-1)
		}
	}
	if got := r.loopAt(r.dueInLoop(0, 0).Add(-time.Hour)); got != 0 {
		t.Errorf("loopAt before the first line = %d, want 0", got)
	}
}
