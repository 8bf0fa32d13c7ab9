package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeUTCLog writes a log stamped in UTC without an offset, as a cloud
// server logs, whose last line is stamped when the file was last written,
// as with a log that Postfix is writing. It returns the log's path.
func writeUTCLog(t *testing.T) string {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	var lines []string
	for i, ago := range []time.Duration{20 * time.Minute, 8 * time.Minute, 0} {
		stamp := now.Add(-ago).Format(time.Stamp)
		queueID := fmt.Sprintf("6D2E3F4A%02X", i)
		lines = append(lines,
			stamp+" mx postfix/qmgr[2103]: "+queueID+": from=<shop@example.com>, size=420, nrcpt=1 (queue active)",
			stamp+" mx postfix/smtp[2104]: "+queueID+": to=<user"+fmt.Sprint(i)+"@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525,"+
				" delay=1, delays=0/0/0/1, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Try again later (in reply to RCPT TO command))")
	}
	path := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, now, now); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDashboardWarnsOfLogZone(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	logPath := writeUTCLog(t)

	cases := []struct {
		lang          string
		width, height int
		warning, quit string
	}{
		{"en", 132, 40, "the log's times seem to be in UTC, not in Asia/Tokyo", "q quit"},
		{"en", 80, 24, "the log's times seem to be in UTC, not in Asia/Tokyo", "q quit"},
		{"ja", 132, 40, "ログの時刻は、Asia/Tokyo ではなく UTC で書かれているようです", "q 終了"},
		{"ja", 80, 24, "ログの時刻は、Asia/Tokyo ではなく UTC で書かれているようです", "q 終了"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %dx%d", tc.lang, tc.width, tc.height), func(t *testing.T) {
			p := startTmuxPane(t, tc.width, tc.height,
				[]string{binary, "--log", logPath, "--tz", "Asia/Tokyo", "--lang", tc.lang, "--read-only"}, "TZ=UTC")
			screen := p.waitText(screenTimeout, tc.warning, "docomo.ne.jp")
			rows := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
			if len(rows) != tc.height {
				t.Errorf("the capture has %d rows, want %d", len(rows), tc.height)
			} else if !strings.Contains(rows[tc.height-1], tc.quit) {
				t.Errorf("row %d = %q, want the key help with %s under the warning; the screen was:\n%s", tc.height, rows[tc.height-1], tc.quit, screen)
			}
			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}

func TestDashboardLogZoneMatches(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	logPath := writeUTCLog(t)

	for _, args := range [][]string{{"--tz", "UTC"}, nil} {
		t.Run(fmt.Sprintf("%q", args), func(t *testing.T) {
			argv := append([]string{binary, "--log", logPath, "--lang", "en", "--read-only"}, args...)
			p := startTmuxPane(t, 132, 40, argv, "TZ=UTC")
			// The three deferrals of the last 20 minutes count in the 1h window.
			// The top reason column shows mailbox_unavailable by its short label.
			screen := p.waitText(screenTimeout, "docomo.ne.jp", "mbox_unavail ")
			row := findLine(strings.Split(screen, "\n"), "docomo.ne.jp")
			if fields := strings.Fields(row); len(fields) < 2 || fields[1] != "3" {
				t.Errorf("the docomo.ne.jp row shows %q, want 3 attempts", row)
			}
			if strings.Contains(screen, "seem to be in") {
				t.Errorf("zone warning on a log read in its own zone:\n%s", screen)
			}
			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}
