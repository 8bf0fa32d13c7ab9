package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScaleDashboardOpensLargeLog measures how long the dashboard takes to
// show the whole of a large log read with --since all: from the start of
// the program to the first frame whose snapshot counted every line. The log
// is generated (MAILTOP_SCALE_LINES lines, 6,500,000 by default, about
// 1 GB), or taken from MAILTOP_SCALE_LOG, and read before the run, so it
// comes from the page cache.
func TestScaleDashboardOpensLargeLog(t *testing.T) {
	requireScale(t)
	binary := buildDashboardBinary(t)
	lines := envInt(t, "MAILTOP_SCALE_LINES", 6500000)
	domains := envInt(t, "MAILTOP_SCALE_DOMAINS", 100000)

	dir := t.TempDir()
	logPath := os.Getenv("MAILTOP_SCALE_LOG") // a log kept from an earlier run
	if logPath == "" {
		logPath = filepath.Join(dir, "mail.log")
		generateLog(t, logPath, lines, 1, time.Now(), 7*24*time.Hour, domains, 0)
	}
	want := countLines(t, logPath)
	t.Logf("log: %d lines, %s, long-tail domains drawn from %d", want, describeFile(t, logPath), domains)
	countLines(t, logPath) // a second read, so the file is in the page cache

	debugPath := filepath.Join(dir, "debug.log")
	load := loadAverage()
	start := time.Now()
	p := startTmuxPane(t, 132, 40, []string{binary, "--log", logPath, "--since", "all",
		"--year", "2026", "--tz", "UTC", "--read-only", "--debug", debugPath},
		"TZ=UTC", "MAILTOP_TRACE_FRAMES=1")

	deadline := start.Add(10 * time.Minute)
	var done *frameRecord
	var first *frameRecord
	for done == nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		for _, f := range readFrames(t, debugPath) {
			if f.linesRead < 0 {
				continue
			}
			if first == nil {
				first = &f
			}
			if f.linesRead >= want {
				done = &f
				break
			}
		}
	}
	if done == nil {
		t.Fatalf("after %s the screen had not shown all %d lines; the pane shows:\n%s", time.Since(start).Round(time.Second), want, p.screen())
	}
	if done.linesRead != want {
		t.Errorf("the screen counted %d lines, the file has %d", done.linesRead, want)
	}
	screen := p.screen()
	if !strings.Contains(screen, "docomo.ne.jp") {
		t.Errorf("the screen does not show the watch list:\n%s", screen)
	}
	if first != nil {
		t.Logf("first frame with counts: %.2f s after start, %d lines", first.drawn.Sub(start).Seconds(), first.linesRead)
	}
	t.Logf("whole log on screen: %.2f s after start (load average before %s, after %s)",
		done.drawn.Sub(start).Seconds(), load, loadAverage())
	t.Logf("table rows: %d", done.tableRows)
	t.Logf("screen:\n%s", screen)
}
