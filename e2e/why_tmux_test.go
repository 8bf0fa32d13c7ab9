package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWhyPanelShowsTransportLines opens the why panel on docomo.ne.jp after
// docomo answered 421 to every message, as an operator would, and checks
// that it names the class and prints the throttled-transport lines to add.
func TestWhyPanelShowsTransportLines(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	// Six notices deferred by docomo two minutes ago, inside the default
	// one-hour window, as Postfix logs them with maillog_file.
	stamp := time.Now().UTC().Add(-2 * time.Minute).Format("Jan 02 15:04:05")
	var lines []string
	for i := 1; i <= 6; i++ {
		id := fmt.Sprintf("A%dB7E2C0F3", i)
		lines = append(lines,
			stamp+" mx postfix/pickup[2101]: "+id+": uid=0 from=<shop@example.com>",
			stamp+" mx postfix/qmgr[2103]: "+id+": from=<shop@example.com>, size=420, nrcpt=1 (queue active)",
			stamp+" mx postfix/smtp[2104]: "+id+fmt.Sprintf(": to=<customer%d@docomo.ne.jp>, ", i)+
				"relay=mfsmax.docomo.ne.jp[203.138.181.240]:25, delay=0.2, delays=0.01/0.01/0.1/0.08, dsn=4.7.0, "+
				"status=deferred (host mfsmax.docomo.ne.jp[203.138.181.240] said: 421 4.7.0 Too many connections (in reply to RCPT TO command))",
		)
	}
	logPath := filepath.Join(t.TempDir(), "maillog")
	if err := os.WriteFile(logPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	p := startTmuxPane(t, 132, 50, []string{binary, "--log", logPath, "--since", "all"}, "TZ=UTC")
	p.waitText(screenTimeout, "docomo.ne.jp", "rate_limited")

	// The cursor starts on the first watch-list row, docomo.ne.jp.
	p.keys("x")
	// The panel draws at once and fills in the sending paths when their
	// lookup returns, so wait for those too.
	screen := p.waitText(screenTimeout, "Why docomo.ne.jp fails", "What to do", "pickup uid=0")
	for _, want := range []string{
		"rate_limited",
		"421 4.7.0 Too many connections",
		"docomo_destination_concurrency_limit = 1",
		"docomo_destination_recipient_limit = 1",
		"docomo_transport_rate_delay = 1s",
		"docomo.ne.jp    docomo:",
		"pickup uid=0",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the why panel lacks %q; the screen was:\n%s", want, screen)
		}
	}

	p.keys("Escape")
	p.waitText(screenTimeout, "Domains")
	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}
