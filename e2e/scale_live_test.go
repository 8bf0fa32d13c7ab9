package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScaleLiveKeysWhileLinesArrive appends generated lines at
// MAILTOP_SCALE_RATE lines a second (50,000 by default) for
// MAILTOP_SCALE_SECONDS seconds (30) to a log the dashboard follows, and
// presses keys every 200 ms meanwhile. It checks that the screen ends up
// counting every line written, and reports the time from each key press to
// the end of the View that followed it, from the frames the dashboard logs
// with MAILTOP_TRACE_FRAMES.
func TestScaleLiveKeysWhileLinesArrive(t *testing.T) {
	requireScale(t)
	binary := buildDashboardBinary(t)
	rate := envInt(t, "MAILTOP_SCALE_RATE", 50000)
	seconds := envInt(t, "MAILTOP_SCALE_SECONDS", 30)
	domains := envInt(t, "MAILTOP_SCALE_DOMAINS", 100000)
	history := envInt(t, "MAILTOP_SCALE_HISTORY", 1000000)
	total := rate * seconds

	// The log starts with one delivery to each of MAILTOP_SCALE_DOMAINS
	// domains of its own, 25 to 24 hours ago, then a generated day of
	// history, so the dashboard counts that many domains and more before
	// the test appends. The appended lines are generated first, so that
	// writing them costs little next to the dashboard's work, and span the
	// last minutes, so they fall in its windows.
	dir := t.TempDir()
	logPath := filepath.Join(dir, "mail.log")
	now := time.Now()
	writeDomainHistory(t, logPath, domains, now.Add(-25*time.Hour), time.Hour)
	generated := filepath.Join(dir, "history.log")
	generateLog(t, generated, history, 1, now.Add(-time.Hour), 23*time.Hour, domains, 0)
	appendFile(t, logPath, generated)
	source := filepath.Join(dir, "source.log")
	generateLog(t, source, total, 2, now, time.Duration(seconds)*time.Minute, domains, 0)
	before := countLines(t, logPath)
	t.Logf("history: %d lines, %s", before, describeFile(t, logPath))
	data, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	t.Logf("%d lines to append, %s", len(lines), describeFile(t, source))

	debugPath := filepath.Join(dir, "debug.log")
	p := startTmuxPane(t, 132, 40, []string{binary, "--log", logPath, "--since", "all",
		"--year", "2026", "--tz", "UTC", "--read-only", "--debug", debugPath},
		"TZ=UTC", "MAILTOP_TRACE_FRAMES=1")
	p.waitText(screenTimeout, "mailtop", "docomo.ne.jp")
	startRows := waitLines(t, debugPath, before, 5*time.Minute).tableRows

	// The writer appends one chunk every 10 ms and keeps to the schedule
	// of rate lines a second from its start, catching up when it falls
	// behind.
	out, err := os.OpenFile(logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	writer := bufio.NewWriterSize(out, 1<<20)
	load := loadAverage()
	written := 0
	begin := time.Now()
	keys := []string{"j", "j", "k", "Down", "Up", "s", "j", "w", "S", "k"}
	nextKey := begin.Add(200 * time.Millisecond)
	var sent []time.Time // when each key left for tmux
	for written < len(lines) {
		due := min(int(time.Since(begin).Seconds()*float64(rate)), len(lines))
		for ; written < due; written++ {
			if _, err := writer.Write(lines[written]); err != nil {
				t.Fatal(err)
			}
		}
		if err := writer.Flush(); err != nil {
			t.Fatal(err)
		}
		if now := time.Now(); now.After(nextKey) {
			sent = append(sent, now)
			p.keys(keys[len(sent)%len(keys)])
			nextKey = now.Add(200 * time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond)
	}
	elapsed := time.Since(begin)
	t.Logf("wrote %d lines in %.2f s: %.0f lines/s; %d keys pressed (load average before %s, after %s)",
		written, elapsed.Seconds(), float64(written)/elapsed.Seconds(), len(sent), load, loadAverage())

	// No line lost: the screen's snapshot ends at every line written.
	want := before + int64(written)
	last := waitLines(t, debugPath, want, 2*time.Minute)
	if last.linesRead != want {
		t.Errorf("the screen counted %d lines, %d were written", last.linesRead, want)
	} else {
		t.Logf("every line on screen %.2f s after the writer stopped", last.drawn.Sub(begin.Add(elapsed)).Seconds())
	}
	t.Logf("table rows: %d at the start, %d at the end", startRows, last.tableRows)

	frames := readFrames(t, debugPath)
	var gaps []frameRecord // the time between frames with new snapshots while the writer ran, in keyMillis
	var previous time.Time
	for _, f := range frames {
		if f.linesRead < 0 || f.drawn.Before(begin) || f.drawn.After(begin.Add(elapsed)) {
			continue
		}
		if !previous.IsZero() {
			gaps = append(gaps, frameRecord{keyMillis: float64(f.drawn.Sub(previous).Microseconds()) / 1000})
		}
		previous = f.drawn
	}
	n, median, p95, maximum := latencySummary(gaps)
	t.Logf("snapshots drawn while writing: %d in %.1f s; time between them: median %.0f ms, p95 %.0f ms, max %.0f ms",
		n+1, elapsed.Seconds(), median, p95, maximum)

	n, median, p95, maximum = latencySummary(frames)
	if n == 0 {
		t.Fatalf("no key press was logged; %d frames in the debug log", len(frames))
	}
	t.Logf("key to frame, from Update to the end of View, over %d keys: median %.1f ms, p95 %.1f ms, max %.1f ms", n, median, p95, maximum)
	if n != len(sent) {
		t.Errorf("%d key presses reached the screen, %d were sent", n, len(sent))
		return
	}

	// The same from the moment the test sent each key to tmux, which
	// adds tmux, the terminal input and the wait behind other messages.
	// The k-th frame after a key belongs to the k-th key sent.
	var external []frameRecord
	for _, f := range frames {
		if f.keyMillis >= 0 {
			f.keyMillis = float64(f.drawn.Sub(sent[len(external)]).Microseconds()) / 1000
			external = append(external, f)
		}
	}
	n, median, p95, maximum = latencySummary(external)
	t.Logf("key to frame, from the tmux send-keys call to the end of View, over %d keys: median %.1f ms, p95 %.1f ms, max %.1f ms", n, median, p95, maximum)
	screen := p.screen()
	if !strings.Contains(screen, "mailtop") {
		t.Errorf("the dashboard is gone:\n%s", screen)
	}
	t.Logf("screen:\n%s", screen)
}

// waitLines waits until a frame logged to debugPath shows a snapshot of at
// least want lines, or timeout passes, and returns the frame with the most
// lines.
func waitLines(t *testing.T, debugPath string, want int64, timeout time.Duration) frameRecord {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last frameRecord
	for time.Now().Before(deadline) {
		for _, f := range readFrames(t, debugPath) {
			if f.linesRead > last.linesRead {
				last = f
			}
		}
		if last.linesRead >= want {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	return last
}

// writeDomainHistory writes to path one message to each of n domains,
// scale000000.example and on, spread over span from start: its queue
// line, a sent delivery and its removal.
func writeDomainHistory(t *testing.T, path string, n int, start time.Time, span time.Duration) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for i := range n {
		stamp := start.UTC().Add(span * time.Duration(i) / time.Duration(n)).Format("Jan 02 15:04:05")
		queueID := fmt.Sprintf("%010X", 0xC000000000+i)
		fmt.Fprintf(w, "%s mx postfix/qmgr[2]: %s: from=<shop@shop.example>, size=320, nrcpt=1 (queue active)\n", stamp, queueID)
		fmt.Fprintf(w, "%s mx postfix/smtp[3]: %s: to=<user@scale%06d.example>, relay=mx.scale%06d.example[192.0.2.1]:25, delay=0.4, delays=0.1/0.1/0.1/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n", stamp, queueID, i, i)
		fmt.Fprintf(w, "%s mx postfix/qmgr[2]: %s: removed\n", stamp, queueID)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// appendFile appends the file at from to the file at to.
func appendFile(t *testing.T, to, from string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
