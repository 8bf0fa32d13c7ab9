package stats

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkLinesRoundTrip adds lines to a messageLines bounded at maxLines and
// checks after each that the lines read back as a []string bounded by
// appendCapped would, and that size counts them.
func checkLinesRoundTrip(t *testing.T, lines [][]byte, maxLines int) {
	t.Helper()
	var l messageLines
	var c lineCache
	var want []string
	for i, line := range lines {
		l.add(&c, line, maxLines)
		want, _ = appendCapped(want, string(line), maxLines)
		got := l.strings()
		if len(got) != len(want) {
			t.Fatalf("after line %d: %d lines, want %d", i, len(got), len(want))
		}
		size := 0
		for j := range want {
			if got[j] != want[j] {
				t.Fatalf("after line %d: line %d = %q, want %q", i, j, got[j], want[j])
			}
			size += len(want[j])
		}
		if l.size != size {
			t.Fatalf("after line %d: size = %d, want %d", i, l.size, size)
		}
		for j := range l.count() {
			if depth := l.depth(j); depth > lineDepth {
				t.Fatalf("after line %d: line %d is decoded through %d lines, want at most %d", i, j, depth, lineDepth)
			}
		}
		checkDecoder(t, &c, &l)
	}
}

// checkDecoder checks that the decoder c keeps for l returns the depth
// and the text of each line of l as l stores them.
func checkDecoder(t *testing.T, c *lineCache, l *messageLines) {
	t.Helper()
	d := c.decoder(l)
	lines := l.strings()
	for j := range l.count() {
		if depth := d.depths[j]; depth >= 0 && int(depth) != l.depth(j) {
			t.Fatalf("decoder keeps depth %d for line %d, want %d", depth, j, l.depth(j))
		}
		if got := d.line(l, j); string(got) != lines[j] {
			t.Fatalf("decoder reads line %d as %q, want %q", j, got, lines[j])
		}
	}
}

// retryLines returns the lines of a message deferred n times, as Postfix
// logs them, with a few of other shapes between them.
func retryLines(n int) [][]byte {
	lines := [][]byte{
		[]byte("Dec  4 06:00:00 mx postfix/pickup[17107]: 5357F1B0D4D: uid=33 from=<order@mx.example.com>"),
		[]byte("Dec  4 06:00:00 mx postfix/cleanup[17111]: 5357F1B0D4D: message-id=<20261204060000.5357F1B0D4D@mx.example.com>"),
	}
	for i := range n {
		stamp := fmt.Sprintf("Dec  4 %02d:%02d:%02d mx ", 6+i/60, i%60, (i*7)%60)
		lines = append(lines,
			[]byte(stamp+fmt.Sprintf("postfix/qmgr[%d]: 5357F1B0D4D: from=<order@mx.example.com>, size=1344, nrcpt=1 (queue active)", 17118+i%3)),
			[]byte(stamp+fmt.Sprintf("postfix/smtp[%d]: 5357F1B0D4D: to=<yuki@sunwa-mail.net>, relay=mx1.sunwa-mail.net[203.0.113.79]:25, delay=%d, delays=%d/0.05/0.04/0.2, dsn=4.7.1, status=deferred (host mx1.sunwa-mail.net[203.0.113.79] said: 450 4.7.1 しばらくしてから再送してください (in reply to RCPT TO command))", 17199+i, i*300, i*300-1)),
		)
		switch i % 5 {
		case 1:
			lines = append(lines, []byte(stamp+"postfix/bounce[20941]: 5357F1B0D4D: sender delay notification: 8429D465B1"))
		case 3:
			lines = append(lines, []byte("no header at all"), nil, []byte(": "), []byte("x: "))
		}
	}
	return lines
}

// Lines of a retried message must read back as logged, within and past
// the bound on lines per message.
func TestLineCodeRetries(t *testing.T) {
	for _, maxLines := range []int{1, 2, 7, 8, 64} {
		t.Run(fmt.Sprint(maxLines), func(t *testing.T) {
			checkLinesRoundTrip(t, retryLines(40), maxLines)
		})
	}
}

// Random lines made of a few shared words, so that many share a prefix or
// a suffix, must read back as logged.
func TestLineCodeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"Dec", " 4", ": ", "postfix/smtp[1]", "5357F1B0D4D", "status=deferred", "日本", "\xff", " ", ""}
	var lines [][]byte
	for range 500 {
		var b bytes.Buffer
		for range rng.IntN(12) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		lines = append(lines, b.Bytes())
	}
	for _, maxLines := range []int{3, 16, 1000} {
		t.Run(fmt.Sprint(maxLines), func(t *testing.T) {
			checkLinesRoundTrip(t, lines, maxLines)
		})
	}
}

// Retries must be stored in much less than their length: that is what
// storing differences is for.
func TestLineCodeStoresRetriesSmaller(t *testing.T) {
	var l messageLines
	var c lineCache
	for _, line := range retryLines(20) {
		l.add(&c, line, 64)
	}
	if len(l.text) > l.size*6/10 {
		t.Errorf("%d bytes of lines stored in %d, want at most 60 %%", l.size, len(l.text))
	}
}

func FuzzLineCode(f *testing.F) {
	f.Add([]byte("Dec  4 06:00:00 mx postfix/qmgr[1]: A1: removed\nDec  4 06:00:01 mx postfix/qmgr[1]: A1: removed\n"), 4)
	f.Add([]byte("a: b\na: c\n\n: \nb\n"), 2)
	f.Fuzz(func(t *testing.T, text []byte, maxLines int) {
		if maxLines < 1 || maxLines > 100 {
			return
		}
		checkLinesRoundTrip(t, bytes.Split(text, []byte("\n")), maxLines)
	})
}

// Lines added to more messages in turn than a lineCache keeps decoded must
// read back as logged. Between two lines of a message, its lines may be
// trimmed or emptied as the sweep does. The lines mix retries, which share
// most of their text, lines with no part in common, and lines longer than
// a decoder's buffer keeps.
func TestLineCacheInterleavedMessages(t *testing.T) {
	const (
		messages = 3 * lineCacheSize
		maxLines = 16
	)
	rng := rand.New(rand.NewPCG(3, 4))
	retries := retryLines(30)
	randomLine := func(n int) []byte {
		line := make([]byte, n)
		for i := range line {
			line[i] = byte(rng.IntN(256))
		}
		return line
	}
	var c lineCache
	kept := make([]messageLines, messages)
	want := make([][]string, messages)
	for i := range 20000 {
		// Half of the lines go to a few messages, whose lines stay
		// decoded, the others to any message.
		k := rng.IntN(messages)
		if i%2 == 0 {
			k = rng.IntN(lineCacheSize / 2)
		}
		var line []byte
		switch n := rng.IntN(100); {
		case n == 0:
			line = bytes.Repeat([]byte("long line: "), maxDecodedBytes/8)
		case n < 30:
			line = randomLine(rng.IntN(3000))
		default:
			line = retries[rng.IntN(len(retries))]
		}
		switch rng.IntN(40) {
		case 0:
			kept[k].trim()
		case 1:
			kept[k] = messageLines{}
			want[k] = nil
		}
		kept[k].add(&c, line, maxLines)
		want[k], _ = appendCapped(want[k], string(line), maxLines)
		if got := kept[k].strings(); fmt.Sprint(got) != fmt.Sprint(want[k]) {
			t.Fatalf("after line %d: message %d reads back %d lines, want %d as added", i, k, len(got), len(want[k]))
		}
		checkDecoder(t, &c, &kept[k])
	}
	for k := range kept {
		size := 0
		for _, line := range want[k] {
			size += len(line)
		}
		if kept[k].size != size {
			t.Errorf("message %d: size = %d, want %d", k, kept[k].size, size)
		}
	}
}

// Lines cut to Config.MaxLineBytes, with messages interleaved past what
// the line cache keeps decoded and finished messages losing their lines
// to Config.MaxFinishedLineBytes, must read back as they were kept: the
// lines added since a message last lost its lines.
func TestKeptLinesCutAndInterleaved(t *testing.T) {
	const maxLineBytes = 300
	c := New(Config{
		MaxMessages: 100000, MaxLineBytes: maxLineBytes, MaxLinesPerMessage: 1000,
		MaxFinishedLineBytes: 20 * maxLineBytes,
	})
	rng := rand.New(rand.NewPCG(5, 6))
	want := map[string][]string{}
	for i := range 4000 {
		id := fmt.Sprintf("B%04X", rng.IntN(4*lineCacheSize))
		line := fmt.Sprintf("Dec  4 10:00:%02d mx postfix/smtp[%d]: %s: to=<a@docomo.ne.jp>, %s", i%60, i, id,
			bytes.Repeat([]byte{byte('a' + i%26)}, rng.IntN(2*maxLineBytes)))
		ev := deferred(at(0), id, "a@docomo.ne.jp")
		if len(want[id]) > 0 && rng.IntN(20) == 0 {
			ev = removed(at(0), id) // only a tracked message can be removed
		}
		c.Add(ev, []byte(line))
		want[id] = append(want[id], line[:min(len(line), maxLineBytes)])
	}
	dropped := 0
	for id, lines := range want {
		m, ok := c.Message(id)
		if !ok {
			t.Fatalf("message %s not tracked", id)
		}
		if m.LinesDropped+len(m.Lines) != len(lines) {
			t.Fatalf("message %s keeps %d lines and dropped %d, want %d in all", id, len(m.Lines), m.LinesDropped, len(lines))
		}
		if kept := lines[m.LinesDropped:]; fmt.Sprint(m.Lines) != fmt.Sprint(kept) {
			t.Errorf("message %s lines = %q, want %q", id, m.Lines, kept)
		}
		dropped += m.LinesDropped
	}
	if dropped == 0 {
		t.Error("no finished message lost its lines, so the test did not cover lines kept after that")
	}
}
