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
	var d lineDecoder
	var want []string
	for i, line := range lines {
		l.add(&d, line, maxLines)
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
	var d lineDecoder
	for _, line := range retryLines(20) {
		l.add(&d, line, 64)
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
