package stats

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// lifeEvents returns the lines of n message lives, each with a client=,
// message-id=, queue, three deliveries (sent, deferred, bounced) and removed.
func lifeEvents(n int) ([]*parsers.Event, [][]byte) {
	var evs []*parsers.Event
	for i := range n {
		id := fmt.Sprintf("%05X%05X", i, i*7)
		ts := at(time.Duration(i) * time.Second)
		evs = append(evs,
			client(ts, id),
			messageID(ts, id, fmt.Sprintf("<%d@shop.example>", i)),
			queued(ts, id, "shop@shop.example", 3),
			sent(ts, id, fmt.Sprintf("u%d@gmail.com", i)),
			deferred(ts, id, fmt.Sprintf("u%d@docomo.ne.jp", i)),
			bounced(ts, id, fmt.Sprintf("u%d@d%d.example", i, i%50)),
			removed(ts, id),
		)
	}
	lines := make([][]byte, len(evs))
	for i, ev := range evs {
		lines[i] = lineOf(ev)
	}
	return evs, lines
}

func BenchmarkCollectorAdd(b *testing.B) {
	evs, lines := lifeEvents(2000)
	c := New(Config{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(evs)
		c.Add(evs[k], lines[k])
	}
}

// parsedLog returns the parsed lines of the captured Postfix 3.7 log.
func parsedLog(b *testing.B) ([]parsers.Event, [][]byte) {
	data, err := os.ReadFile("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		b.Fatalf("read the test log: %v", err)
	}
	p := parsers.NewParser(parsers.Options{Year: 2026})
	var evs []parsers.Event
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := bytes.Clone(sc.Bytes())
		var ev parsers.Event
		p.Parse(line, &ev)
		evs = append(evs, ev)
		lines = append(lines, line)
	}
	return evs, lines
}

// BenchmarkCollectorAddReplay adds the parsed lines of the captured Postfix
// 3.7 log over and over.
func BenchmarkCollectorAddReplay(b *testing.B) {
	evs, lines := parsedLog(b)
	c := New(Config{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(evs)
		c.Add(&evs[k], lines[k])
	}
}

// BenchmarkCollectorAddBatch adds the parsed captured log as one batch per
// call, the way pipeline.Run does. One op is one line.
func BenchmarkCollectorAddBatch(b *testing.B) {
	evs, lines := parsedLog(b)
	c := New(Config{})
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += len(evs) {
		n := min(len(evs), b.N-done)
		c.AddBatch(evs[:n], lines[:n])
	}
}

func BenchmarkSnapshot(b *testing.B) {
	evs, lines := lifeEvents(2000)
	c := New(Config{})
	for k := range evs {
		c.Add(evs[k], lines[k])
	}
	now := at(2000 * time.Second)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Snapshot(now)
	}
}
