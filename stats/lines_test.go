package stats

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// fillChunks adds lines of other messages until n more chunks were started.
func fillChunks(c *Collector, n uint64) {
	target := c.arena.gen + n
	for i := 0; c.arena.gen < target; i++ {
		id := fmt.Sprintf("F%05X", i)
		ev := client(at(time.Minute), id)
		c.Add(ev, bytes.Repeat([]byte{'f'}, 1000))
	}
}

// Lines copied into chunks must read back as they were added, across the
// change to each new chunk.
func TestKeptLinesAcrossChunks(t *testing.T) {
	c := New(Config{MaxMessages: 100000})
	want := map[string][]string{}
	for i := range 3000 {
		id := fmt.Sprintf("A%04X", i%300)
		line := fmt.Sprintf("line %d of %s %s", i, id, bytes.Repeat([]byte{'x'}, i%200))
		c.Add(deferred(at(0), id, "a@docomo.ne.jp"), []byte(line))
		want[id] = append(want[id], line)
	}
	if c.arena.gen < 10 {
		t.Fatalf("lines filled %d chunks, want at least 10 for this test", c.arena.gen)
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

// A live message that logs nothing more must not keep its old chunk in
// memory once two windows of newer chunks were filled.
func TestIdleMessageLinesUnshared(t *testing.T) {
	c := New(Config{})
	addAll(c, deferred(at(0), "A1", "a@docomo.ne.jp"))
	want := string(lineOf(deferred(at(0), "A1", "a@docomo.ne.jp")))

	fillChunks(c, 2*lineChunkWindow)
	if got := c.live["A1"].lineGen; got != 0 {
		t.Errorf("idle message still points into chunk %d of %d", got, c.arena.gen)
	}
	m, _ := c.Message("A1")
	if len(m.Lines) != 1 || m.Lines[0] != want {
		t.Errorf("lines = %q, want [%q]", m.Lines, want)
	}
}

// A message that finishes more than lineChunkWindow chunks after its first
// line gets its lines copied out, so only the line that finished it stays
// in a shared chunk.
func TestFinishUnsharesOldLines(t *testing.T) {
	c := New(Config{})
	addAll(c, deferred(at(0), "A1", "a@docomo.ne.jp"))
	first := c.arena.gen
	fillChunks(c, lineChunkWindow+1)
	addAll(c, removed(at(2*time.Minute), "A1"))

	if got := c.finishedBy["A1"].lineGen; got != c.arena.gen {
		t.Errorf("finished message points into chunk %d, want only the current chunk %d (first line in %d)", got, c.arena.gen, first)
	}
	m, _ := c.Message("A1")
	if len(m.Lines) != 2 || m.Lines[0] != string(lineOf(deferred(at(0), "A1", "a@docomo.ne.jp"))) {
		t.Errorf("lines = %q, want the deferral and the removal", m.Lines)
	}
}

func TestLineLargerThanChunk(t *testing.T) {
	c := New(Config{MaxLineBytes: 2 * lineChunkSize})
	line := bytes.Repeat([]byte{'y'}, lineChunkSize+1)
	c.Add(client(at(0), "A1"), line)
	c.Add(client(at(0), "A2"), []byte("short"))

	if got := c.live["A1"].lineGen; got != 0 {
		t.Errorf("a line larger than a chunk was put in chunk %d", got)
	}
	m, _ := c.Message("A1")
	if len(m.Lines) != 1 || m.Lines[0] != string(line) {
		t.Errorf("long line not kept whole: %d lines", len(m.Lines))
	}
	if m, _ := c.Message("A2"); len(m.Lines) != 1 || m.Lines[0] != "short" {
		t.Errorf("lines = %q, want [\"short\"]", m.Lines)
	}
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
			m.Lines, m.lineGen = nil, 0
		}
		c.keepLine(m, t0, line)
	}
}

// A message retried across many windows, past its line bound, must read
// back its kept lines whole after each pass copies out only its newer ones.
func TestRetriedMessageLinesAcrossPasses(t *testing.T) {
	c := New(Config{MaxLinesPerMessage: 8, MaxMessages: 100000})
	var want []string
	for i := range 20 {
		line := fmt.Sprintf("attempt %d %s", i, bytes.Repeat([]byte{'r'}, i))
		c.Add(deferred(at(time.Duration(i)*time.Second), "A1", "a@docomo.ne.jp"), []byte(line))
		want = append(want, line)
		if len(want) > 8 {
			want = append(want[:4], want[5:]...) // the bound drops the middle
		}
		fillChunks(c, lineChunkWindow/2+1)
		m, _ := c.Message("A1")
		if fmt.Sprint(m.Lines) != fmt.Sprint(want) {
			t.Fatalf("after attempt %d lines = %q, want %q", i, m.Lines, want)
		}
	}
	if m := c.live["A1"]; m.ownLines == 0 {
		t.Errorf("no line was copied out of the shared chunks")
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
