package parsers

import (
	"bufio"
	"os"
	"testing"
	"time"
)

func TestTryLog(t *testing.T) {
	f, _ := os.Open("../testdata/postfix-3.7-maillog.txt")
	defer f.Close()
	p := NewParser(Options{Reference: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)})
	s := bufio.NewScanner(f)
	var ev Event
	counts := map[Kind]int{}
	for s.Scan() {
		p.Parse(s.Bytes(), &ev)
		counts[ev.Kind]++
		if ev.Kind == KindUnrecognized {
			t.Logf("unrec: %s", s.Text())
		}
	}
	t.Log(counts)
}
