package stats

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// Lines of interleaved messages must read back as they were added.
func TestKeptLinesReadBack(t *testing.T) {
	c := New(Config{MaxMessages: 100000})
	want := map[string][]string{}
	for i := range 3000 {
		id := fmt.Sprintf("A%04X", i%300)
		line := fmt.Sprintf("line %d of %s %s", i, id, bytes.Repeat([]byte{'x'}, i%200))
		c.Add(deferred(at(0), id, "a@docomo.ne.jp"), []byte(line))
		want[id] = append(want[id], line)
	}
	for id, lines := range want {
		m, ok := c.Message(id)
		if !ok {
			t.Fatalf("message %s not tracked", id)
		}
		if fmt.Sprint(m.Lines) != fmt.Sprint(lines) {
			t.Errorf("message %s lines = %q, want %q", id, m.Lines, lines)
		}
	}
}

// The kept lines of messages still queued must cost about their own size,
// however many lines of other messages came between theirs. When lines
// were copied into chunks shared by all messages, each queued message's
// line kept a chunk of mostly dropped lines in memory.
func TestKeptLinesHeapNearTheirSize(t *testing.T) {
	const (
		slow     = 200
		retries  = 10
		lineSize = 2000
	)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	c := New(Config{MaxMessages: slow + 100, MaxFinishedLineBytes: 1})
	line := bytes.Repeat([]byte{'x'}, lineSize)
	fast := 0
	for range retries {
		for i := range slow {
			c.Add(deferred(at(0), fmt.Sprintf("SLOW%03d", i), "a@docomo.ne.jp"), line)
			for range 15 {
				id := fmt.Sprintf("F%06d", fast)
				fast++
				c.Add(sent(at(0), id, "a@gmail.com"), line)
				c.Add(removed(at(0), id), line)
			}
		}
	}

	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := slow * retries * lineSize
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > int64(kept)*3/2 {
		t.Errorf("heap grew by %d bytes for %d bytes of kept lines, want at most half more", grown, kept)
	}
	if m, _ := c.Message("SLOW000"); len(m.Lines) != retries {
		t.Errorf("queued message keeps %d lines, want %d", len(m.Lines), retries)
	}
	runtime.KeepAlive(c)
}

// By the next minute of log time, a finished message's lines must take
// no more than an eighth over their length.
func TestFinishedLinesTrimmed(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		sent(at(0), "A1", "a@gmail.com"),
		removed(at(0), "A1"),
		sent(at(time.Minute), "B1", "b@gmail.com"), // a new minute: a sweep
	)
	l := c.finishedBy["A1"].lines
	if size := len(l.text); cap(l.text) > size+size/8 {
		t.Errorf("finished message keeps a buffer of %d bytes for %d bytes of lines", cap(l.text), size)
	}
	if n := l.count(); cap(l.ends) >= firstLinesCap {
		t.Errorf("finished message keeps room for %d line ends for %d lines", cap(l.ends), n)
	}
}

// A line longer than the first buffer must be kept whole, and the lines
// after it too.
func TestLongLineKept(t *testing.T) {
	c := New(Config{MaxLineBytes: 4 * firstLinesBytes})
	long := bytes.Repeat([]byte{'y'}, 2*firstLinesBytes+1)
	c.Add(deferred(at(0), "A1", "a@docomo.ne.jp"), long)
	c.Add(deferred(at(0), "A1", "a@docomo.ne.jp"), []byte("short"))

	m, _ := c.Message("A1")
	if len(m.Lines) != 2 || m.Lines[0] != string(long) || m.Lines[1] != "short" {
		t.Errorf("lines = %d of %v bytes, want the long line whole and \"short\"", len(m.Lines), lineLengths(m.Lines))
	}
}

func lineLengths(lines []string) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		out[i] = len(l)
	}
	return out
}

// BenchmarkKeepLine keeps 160-byte lines for messages of eight lines each.
func BenchmarkKeepLine(b *testing.B) {
	c := New(Config{})
	line := bytes.Repeat([]byte{'z'}, 160)
	ms := make([]tracked, 1024)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m := &ms[i/8%len(ms)]
		if i%8 == 0 {
			m.lines = messageLines{}
		}
		c.keepLine(m, t0, line)
	}
}

// A message retried past its line bound must keep its first half and its
// latest lines, with nothing left over from the lines dropped.
func TestRetriedMessageLinesBound(t *testing.T) {
	c := New(Config{MaxLinesPerMessage: 8, MaxMessages: 100000})
	var want []string
	for i := range 20 {
		line := fmt.Sprintf("attempt %d %s", i, bytes.Repeat([]byte{'r'}, i))
		c.Add(deferred(at(time.Duration(i)*time.Second), "A1", "a@docomo.ne.jp"), []byte(line))
		want = append(want, line)
		if len(want) > 8 {
			want = append(want[:4], want[5:]...) // the bound drops the middle
		}
		m, _ := c.Message("A1")
		if fmt.Sprint(m.Lines) != fmt.Sprint(want) {
			t.Fatalf("after attempt %d lines = %q, want %q", i, m.Lines, want)
		}
	}
	size := 0
	for _, line := range want {
		size += len(line)
	}
	if got := c.live["A1"].lines.size; got != size {
		t.Errorf("kept lines count %d bytes, want %d", got, size)
	}
}

// Lines logged before Config.KeepLinesFrom are counted but not kept.
func TestKeepLinesFrom(t *testing.T) {
	c := New(Config{KeepLinesFrom: at(time.Hour)})
	addAll(c,
		deferred(at(0), "A1", "a@docomo.ne.jp"),
		deferred(at(2*time.Hour), "A1", "a@docomo.ne.jp"),
	)
	m, _ := c.Message("A1")
	if len(m.Lines) != 1 || m.Lines[0] != string(lineOf(deferred(at(2*time.Hour), "A1", "a@docomo.ne.jp"))) {
		t.Errorf("lines = %q, want only the one after KeepLinesFrom", m.Lines)
	}
	if m.LinesDropped != 1 {
		t.Errorf("LinesDropped = %d, want 1 for the line before KeepLinesFrom", m.LinesDropped)
	}
	if got := c.Snapshot(at(3 * time.Hour)).Totals[WindowAll].Deferred; got != 2 {
		t.Errorf("Deferred = %d, want both lines counted", got)
	}
}

// Past MaxFinishedLineBytes the messages that finished first lose their
// lines, and a message still queued keeps its own whatever their size.
func TestFinishedLinesBudget(t *testing.T) {
	const lineSize = 1000
	c := New(Config{MaxFinishedLineBytes: 10 * 3 * lineSize})
	line := bytes.Repeat([]byte{'x'}, lineSize)
	c.Add(deferred(at(0), "QUEUED", "a@docomo.ne.jp"), line)
	for i := range 20 {
		id := fmt.Sprintf("DONE%02d", i)
		when := at(time.Duration(i) * time.Second)
		c.Add(queued(when, id, "shop@shop.example", 1), line)
		c.Add(sent(when, id, "a@gmail.com"), line)
		c.Add(removed(when, id), line)
	}
	for range 10 {
		c.Add(deferred(at(time.Minute), "QUEUED", "a@docomo.ne.jp"), line)
	}

	for i := range 20 {
		id := fmt.Sprintf("DONE%02d", i)
		m, ok := c.Message(id)
		if !ok {
			t.Fatalf("message %s not tracked", id)
		}
		if i < 10 {
			if len(m.Lines) != 0 || m.LinesDropped != 3 {
				t.Errorf("message %s, finished early: %d lines kept, %d dropped; want 0 and 3", id, len(m.Lines), m.LinesDropped)
			}
			continue
		}
		if len(m.Lines) != 3 || m.LinesDropped != 0 {
			t.Errorf("message %s, finished late: %d lines kept, %d dropped; want 3 and 0", id, len(m.Lines), m.LinesDropped)
		}
	}
	if m, _ := c.Message("QUEUED"); len(m.Lines) != 11 {
		t.Errorf("queued message keeps %d lines, want all 11", len(m.Lines))
	}
	if c.finishedLineBytes != 10*3*lineSize {
		t.Errorf("finishedLineBytes = %d, want %d", c.finishedLineBytes, 10*3*lineSize)
	}
}

// Dropping finished messages returns their lines to the budget, so later
// messages keep theirs.
func TestFinishedLinesBudgetAfterDrop(t *testing.T) {
	c := New(Config{MaxFinishedLineBytes: 4000, MaxMessages: 2})
	line := bytes.Repeat([]byte{'y'}, 1000)
	for i := range 6 {
		id := fmt.Sprintf("M%d", i)
		c.Add(sent(at(time.Duration(i)*time.Second), id, "a@gmail.com"), line)
		c.Add(removed(at(time.Duration(i)*time.Second), id), line)
	}
	if c.finishedLineBytes != 4000 {
		t.Errorf("finishedLineBytes = %d, want 4000 for the two messages tracked", c.finishedLineBytes)
	}
	for _, id := range []string{"M4", "M5"} {
		if m, _ := c.Message(id); len(m.Lines) != 2 {
			t.Errorf("message %s keeps %d lines, want 2", id, len(m.Lines))
		}
	}
}
