package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeOldLog writes a log, as Postfix logs with maillog_file, whose last
// line is 90 minutes old: one deferral to docomo.ne.jp 7 hours ago and two
// 90 minutes ago. It returns the log's path.
func writeOldLog(t *testing.T) string {
	t.Helper()
	now := time.Now().UTC()
	var lines []string
	for i, ago := range []time.Duration{7 * time.Hour, 90 * time.Minute, 90 * time.Minute} {
		stamp := now.Add(-ago).Format("Jan 02 15:04:05")
		queueID := fmt.Sprintf("5C1D2E3F%02X", i)
		lines = append(lines,
			stamp+" mx postfix/qmgr[2103]: "+queueID+": from=<shop@example.com>, size=420, nrcpt=1 (queue active)",
			stamp+" mx postfix/smtp[2104]: "+queueID+": to=<user"+fmt.Sprint(i)+"@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525,"+
				" delay=1, delays=0/0/0/1, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Try again later (in reply to RCPT TO command))")
	}
	path := filepath.Join(t.TempDir(), "maillog")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sparkBars are the characters of the trend column's bars.
const sparkBars = "▁▂▃▄▅▆▇█"

func TestTrendFollowsWindowOnOldLog(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	logPath := writeOldLog(t)

	sizes := []struct {
		width, height        int
		minuteHead, hourHead string
	}{
		{132, 40, "fails/min, 1h", "fails/hour, 24h"},
		{80, 24, "fails/min", "fails/hour"},
	}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.width, size.height), func(t *testing.T) {
			p := startTmuxPane(t, size.width, size.height,
				[]string{binary, "--log", logPath, "--since", "all", "--read-only"}, "TZ=UTC")

			// In the 1h window the 90-minute-old failures are outside the trend.
			screen := p.waitText(screenTimeout, size.minuteHead, "docomo.ne.jp")
			if row := findLine(strings.Split(screen, "\n"), "docomo.ne.jp"); strings.ContainsAny(row, sparkBars) {
				t.Errorf("the 1h docomo.ne.jp row has trend bars, want none: %q", row)
			}

			// The 24h and all windows draw the last 24 hours by the hour.
			for _, window := range []string{"3", "4"} {
				p.keys(window)
				screen = p.waitText(screenTimeout, size.hourHead)
				row := findLine(strings.Split(screen, "\n"), "docomo.ne.jp")
				if strings.Count(row, "▄") != 1 || strings.Count(row, "█") != 1 {
					t.Errorf("window key %s: the docomo.ne.jp row has not one half and one full bar: %q", window, row)
				}
			}
			checkFrame(t, screen, size.height)

			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}
