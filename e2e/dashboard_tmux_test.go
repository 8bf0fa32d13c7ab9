package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// screenTimeout bounds every wait for the dashboard to draw something that
// is already in its input. Redraws come every 250 ms.
const screenTimeout = 10 * time.Second

// domainCountsOnScreen returns the deferred and bounced counts of domain's
// row in the domain table, read by the column headers "defer" and "bounce".
// ok is false when the table or the row is not on the screen.
func domainCountsOnScreen(screen, domain string) (deferred, bounced int, ok bool) {
	var header []string
	for _, line := range strings.Split(screen, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if fields[0] == "domain" {
			header = fields
			continue
		}
		if header == nil || strings.TrimLeft(fields[0], ">* ") != domain {
			continue
		}
		deferCol, bounceCol := slices.Index(header, "defer"), slices.Index(header, "bounce")
		if deferCol < 0 || bounceCol < 0 || len(fields) <= max(deferCol, bounceCol) {
			return 0, 0, false
		}
		d, err1 := strconv.Atoi(fields[deferCol])
		b, err2 := strconv.Atoi(fields[bounceCol])
		if err1 != nil || err2 != nil {
			return 0, 0, false
		}
		return d, b, true
	}
	return 0, 0, false
}

// waitDomainFailures waits until domain's row shows at least minFailures
// deferred plus bounced deliveries, and returns the screen.
func waitDomainFailures(p *tmuxPane, timeout time.Duration, domain string, minFailures int) string {
	p.t.Helper()
	description := fmt.Sprintf("%s with at least %d deferred+bounced in the domain table", domain, minFailures)
	return p.waitScreen(timeout, description, func(screen string) bool {
		deferred, bounced, ok := domainCountsOnScreen(screen, domain)
		return ok && deferred+bounced >= minFailures
	})
}

func TestDashboardDemoInTmux(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	sizes := []struct {
		width, height int
		quitFromHelp  bool
	}{
		{132, 40, false},
		{80, 24, true},
	}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.width, size.height), func(t *testing.T) {
			p := startTmuxPane(t, size.width, size.height, []string{binary, "--demo"}, "TZ=UTC")

			screen := waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)
			if !strings.Contains(screen, "DEMO") {
				t.Errorf("the header does not say DEMO; the screen was:\n%s", screen)
			}
			if got := p.format("#{pane_width}x#{pane_height}"); got != fmt.Sprintf("%dx%d", size.width, size.height) {
				t.Errorf("pane size = %s, want %dx%d", got, size.width, size.height)
			}
			checkFrame(t, screen, size.height)

			p.keys("?")
			p.waitText(screenTimeout, "Keys", "deliver now", "requeue")

			if size.quitFromHelp {
				// The help's footer offers q to quit.
				p.keys("q")
			} else {
				p.keys("Escape")
				waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)
				p.keys("q")
			}
			status, last := p.waitExit(screenTimeout)
			if status != 0 {
				t.Errorf("mailtop --demo exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}

// checkFrame checks that the header is on the first row and the key help
// on the last one. A row wider than the terminal would wrap and push one of
// them off the screen.
func checkFrame(t *testing.T, screen string, height int) {
	t.Helper()
	rows := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
	if len(rows) != height {
		t.Errorf("the capture has %d rows, want %d", len(rows), height)
		return
	}
	if !strings.HasPrefix(rows[0], "mailtop") {
		t.Errorf("row 1 = %q, want the header starting with mailtop; the screen was:\n%s", rows[0], screen)
	}
	if !strings.Contains(rows[height-1], "q quit") {
		t.Errorf("row %d = %q, want the key help with q quit; the screen was:\n%s", height, rows[height-1], screen)
	}
}

// hostileReply is an SMTP reply text with an OSC that sets the terminal's
// title, a CSI that clears the screen and one that turns the text red.
// Drawn raw, it would rename the tmux pane to "pwned", blank the header and
// colour what follows in basic red.
const hostileReply = "450 4.2.0 <busy01@docomo.ne.jp>: \x1b]0;pwned\x07Mailbox busy\x1b[2J\x1b[31m, try again later"

// hostileRemainder is the printable text of hostileReply after its escape
// sequences, joined as Sanitize joins it.
const hostileRemainder = "Mailbox busy, try again later"

func TestDashboardEscapesInReplyText(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	checkEscapeDetectors(t)

	// A message of a shop to docomo, as Postfix logs it with maillog_file,
	// one minute ago so that it falls in the dashboard's default window.
	logPath := filepath.Join(t.TempDir(), "maillog")
	stamp := time.Now().UTC().Add(-time.Minute).Format("Jan 02 15:04:05")
	queueID := "4B7E2C0F31"
	head := []string{
		stamp + " mx postfix/pickup[2101]: " + queueID + ": uid=0 from=<shop@example.com>",
		stamp + " mx postfix/cleanup[2102]: " + queueID + ": message-id=<20261204.4B7E2C0F31@mx.example.com>",
		stamp + " mx postfix/qmgr[2103]: " + queueID + ": from=<shop@example.com>, size=420, nrcpt=1 (queue active)",
	}
	if err := os.WriteFile(logPath, []byte(strings.Join(head, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	p := startTmuxPane(t, 132, 40, []string{binary, "--log", logPath, "--since", "all"}, "TZ=UTC")
	p.waitText(screenTimeout, "mailtop", "docomo.ne.jp")
	title := p.format("#{pane_title}")

	// The dashboard follows the file, so the hostile line arrives while it runs.
	deferred := stamp + " mx postfix/smtp[2104]: " + queueID + ": to=<busy01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525," +
		" delay=0.2, delays=0.01/0.01/0.1/0.08, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: " +
		hostileReply + " (in reply to RCPT TO command))"
	appendLine(t, logPath, deferred)

	// The feed has room for the start of the reply only.
	p.waitText(screenTimeout, "busy01@docomo.ne.jp", "said: 450 4.2.0")
	checkNoEscapeEffect(t, p, title, "said: 450 4.2.0")

	// The message view shows the whole reply text and the raw log line.
	p.keys("Tab")
	p.keys("Enter")
	screen := p.waitText(screenTimeout, "Message "+queueID, "Log lines")
	if n := strings.Count(screen, "try again later"); n != 2 {
		t.Errorf("the message view shows the reply's end %d times, want 2: in the reply and in the log line; the screen was:\n%s", n, screen)
	}
	checkNoEscapeEffect(t, p, title, "<busy01@docomo.ne.jp>: "+hostileRemainder)

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// appendLine appends one line to the log file at path.
func appendLine(t *testing.T, path, line string) {
	t.Helper()
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkNoEscapeEffect checks that the pane shows no effect of hostileReply:
// the title is still wantTitle, the header is still on the first row, the
// reply's visible part is drawn, and no cell is coloured in a basic colour.
func checkNoEscapeEffect(t *testing.T, p *tmuxPane, wantTitle, visible string) {
	t.Helper()
	if title := p.format("#{pane_title}"); title != wantTitle {
		t.Errorf("the pane title is %q, want %q as the dashboard set it", title, wantTitle)
	}

	screen := p.screen()
	if !strings.HasPrefix(screen, "mailtop") {
		t.Errorf("the header is gone from the first row; the screen was:\n%s", screen)
	}
	if !strings.Contains(screen, visible) {
		t.Errorf("the screen lacks the reply's printable text %q; the screen was:\n%s", visible, screen)
	}
	if strings.ContainsAny(screen, "\x1b\x07") {
		t.Errorf("the screen text contains ESC or BEL: %q", screen)
	}

	styled := p.screenWithAttributes()
	if colours := basicColours(styled); len(colours) > 0 {
		t.Errorf("cells are drawn in basic colours %v; the dashboard draws indexed colours only, so the reply's ESC [31m reached the terminal:\n%q", colours, styled)
	}
}

// sgrPattern matches one SGR sequence (ESC [ parameters m).
var sgrPattern = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// basicColours returns the basic foreground and background colour
// parameters (30-37, 40-47, 90-97, 100-107) of the SGR sequences in s,
// skipping the operands of indexed and RGB colours (38;5;N, 38;2;R;G;B).
func basicColours(s string) []string {
	var found []string
	for _, match := range sgrPattern.FindAllStringSubmatch(s, -1) {
		params := strings.Split(match[1], ";")
		for i := 0; i < len(params); i++ {
			n, err := strconv.Atoi(params[i])
			if err != nil {
				continue
			}
			switch {
			case n == 38 || n == 48 || n == 58:
				if i+1 < len(params) && params[i+1] == "5" {
					i += 2
				} else if i+1 < len(params) && params[i+1] == "2" {
					i += 4
				}
			case (n >= 30 && n <= 37) || (n >= 40 && n <= 47) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107):
				found = append(found, params[i])
			}
		}
	}
	return found
}

// checkEscapeDetectors shows that the checks of checkNoEscapeEffect can
// fail: a program that prints hostileReply raw in the same kind of pane
// changes the title and leaves basic colours in the capture.
func checkEscapeDetectors(t *testing.T) {
	t.Helper()
	raw := startTmuxPane(t, 80, 10, []string{"sh", "-c", `printf '%s\n' "$1"; sleep 60`, "sh", hostileReply})
	raw.waitText(screenTimeout, "try again later")
	if title := raw.format("#{pane_title}"); title != "pwned" {
		t.Fatalf("a raw OSC 0 left the pane title %q, want pwned; the title check cannot detect a leak", title)
	}
	if colours := basicColours(raw.screenWithAttributes()); len(colours) == 0 {
		t.Fatal("a raw ESC [31m left no basic colour in capture-pane -e; the colour check cannot detect a leak")
	}
}
