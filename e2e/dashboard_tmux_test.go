package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mailtop/mailtop/e2e/postfixtest"
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

	// An action could write the audit log; keep it out of /var/log.
	p := startTmuxPane(t, 132, 40, []string{binary, "--log", logPath, "--since", "all", "--audit-log", filepath.Join(t.TempDir(), "audit.log")}, "TZ=UTC")
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

func TestDashboardEscapesFromPostfixReply(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)

	port := startHostileSMTP(t)
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:             map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime: time.Hour,
		MaximalBackoffTime: time.Hour,
	})
	queueID, err := in.Submit("shop@example.com", []string{"busy01@docomo.ne.jp"}, "Your order has shipped", "Tracking number 1234.\n")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var deferred string
	err = in.WaitLog(ctx, func(lines []string) bool {
		deferred = findLine(lines, queueID+": to=<busy01@docomo.ne.jp>", "status=deferred")
		return deferred != ""
	})
	if err != nil {
		t.Fatalf("no deferred line for %s: %v", queueID, err)
	}

	// Postfix 3.7.11 (Debian 12) logs each non-printable byte of a reply as
	// "?", so no ESC reaches its log. The dashboard must still draw the
	// rest of the text.
	t.Logf("Postfix logged: %q", deferred)
	if strings.ContainsAny(deferred, "\x1b\x07") {
		t.Logf("NOTE: this Postfix passes ESC or BEL from a reply into its log")
	}

	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", filepath.Join(t.TempDir(), "audit.log")}, "TZ=UTC")
	p.waitText(screenTimeout, "busy01@docomo.ne.jp", "said: 450 4.2.0")
	title := p.format("#{pane_title}")
	if strings.Contains(title, "pwned") {
		t.Errorf("the pane title is %q after the reply was drawn", title)
	}
	checkNoEscapeEffect(t, p, title, "said: 450 4.2.0")

	p.keys("Tab")
	p.keys("Enter")
	screen := p.waitText(screenTimeout, "Message "+queueID, "Log lines")
	if !strings.Contains(screen, "try again later") {
		t.Errorf("the message view lacks the end of the reply; the screen was:\n%s", screen)
	}
	checkNoEscapeEffect(t, p, title, "Mailbox busy")
}

// findLine returns the first line that contains every one of parts, or "".
func findLine(lines []string, parts ...string) string {
	for _, line := range lines {
		if containsAll(line, parts...) {
			return line
		}
	}
	return ""
}

func containsAll(s string, parts ...string) bool {
	for _, part := range parts {
		if !strings.Contains(s, part) {
			return false
		}
	}
	return true
}

// startHostileSMTP starts an SMTP server on 127.0.0.1 that accepts every
// command and replies to every RCPT TO with hostileReply, and returns its port.
// It offers no extensions, so Postfix neither pipelines nor starts TLS.
func startHostileSMTP(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go serveHostileSMTP(conn)
		}
	}()
	return listener.Addr().(*net.TCPAddr).Port
}

func serveHostileSMTP(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute))
	reader := bufio.NewReader(conn)
	reply := func(text string) bool {
		_, err := conn.Write([]byte(text + "\r\n"))
		return err == nil
	}
	if !reply("220 mx.docomo.example ESMTP") {
		return
	}
	for {
		line, err := reader.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		switch verb {
		case "EHLO", "HELO":
			reply("250 mx.docomo.example")
		case "RCPT":
			reply(hostileReply)
		case "DATA":
			reply("554 5.5.1 No valid recipients")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			reply("250 2.0.0 Ok")
		}
	}
}

// actionTimeout bounds a wait for Postfix to act on a key: a delivery
// attempt after postqueue -i, or pickup after postsuper -r, which the
// instance's pickup wakeup of 5 s bounds.
const actionTimeout = 30 * time.Second

// rescueMessage is one message the rescue tests submit.
type rescueMessage struct {
	sender    string
	recipient string
	queueID   string
}

// startRescueInstance starts a Postfix instance that delivers docomo.ne.jp
// mail to a Sink, submits one message for each recipient, each from its own
// sender, and waits until each has its first result in the log. With an
// hour of backoff a deferred message is not tried again unless a key asks.
func startRescueInstance(t *testing.T, recipients ...string) (*postfixtest.Instance, []*rescueMessage) {
	t.Helper()
	return startRescueInstanceOn(t, postfixtest.StartSink(t), recipients...)
}

// startRescueInstanceOn is startRescueInstance with the docomo.ne.jp mail
// delivered to sink, which may have other listeners, such as one that
// serves as the relay of a forward.
func startRescueInstanceOn(t *testing.T, sink *postfixtest.Sink, recipients ...string) (*postfixtest.Instance, []*rescueMessage) {
	t.Helper()
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})

	messages := make([]*rescueMessage, len(recipients))
	for i, recipient := range recipients {
		m := &rescueMessage{sender: fmt.Sprintf("orders%02d@shop.example", i+1), recipient: recipient}
		m.queueID, err = in.Submit(m.sender, []string{m.recipient}, "Your order has shipped", "Tracking number 1234.\n")
		if err != nil {
			t.Fatal(err)
		}
		messages[i] = m
	}

	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	err = in.WaitLog(ctx, func(lines []string) bool {
		for _, m := range messages {
			if findLine(lines, m.queueID+": to=<"+m.recipient+">", "status=") == "" {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("not every message has a delivery line: %v", err)
	}
	return in, messages
}

// selectRow moves the cursor of the list on the screen to the row with
// queueID and waits until it is there. Rows start with ">" under the
// cursor and with a space otherwise.
func selectRow(p *tmuxPane, queueID string) {
	p.t.Helper()
	screen := p.waitText(screenTimeout, queueID)
	cursor, target := -1, -1
	for i, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(line, ">") {
			cursor = i
		}
		if target < 0 && strings.Contains(line, " "+queueID+" ") {
			target = i
		}
	}
	if cursor < 0 || target < 0 {
		p.t.Fatalf("no cursor row or no row with %s; the screen was:\n%s", queueID, screen)
	}
	key := "Down"
	if target < cursor {
		key = "Up"
	}
	for range max(target-cursor, cursor-target) {
		p.keys(key)
	}
	p.waitScreen(screenTimeout, "the cursor on "+queueID, func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			if strings.HasPrefix(line, ">") {
				return strings.Contains(line, " "+queueID+" ")
			}
		}
		return false
	})
}

// attemptPattern matches an attempt line of the message view's recipients,
// such as "    21:24:57  deferred  4.2.0  mailbox_unavailable  relay ...".
var attemptPattern = regexp.MustCompile(`(?m)^ {4}\d\d:\d\d:\d\d +deferred +4\.2\.0 `)

// newLogLines returns the maillog's lines after the first skip.
func newLogLines(t *testing.T, in *postfixtest.Instance, skip int) []string {
	t.Helper()
	lines, err := in.LogLines()
	if err != nil {
		t.Fatal(err)
	}
	return lines[min(skip, len(lines)):]
}

// waitNewLogLine waits until a maillog line after the first skip contains
// every one of parts, and returns it.
func waitNewLogLine(t *testing.T, in *postfixtest.Instance, skip int, parts ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	var found string
	err := in.WaitLog(ctx, func(lines []string) bool {
		found = findLine(lines[min(skip, len(lines)):], parts...)
		return found != ""
	})
	if err != nil {
		t.Fatalf("no new maillog line with %q: %v", parts, err)
	}
	return found
}

func TestDashboardRescueOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t,
		"tempfail01@docomo.ne.jp", "ok01@docomo.ne.jp", "tempfail02@docomo.ne.jp",
		"ok02@docomo.ne.jp", "tempfail03@docomo.ne.jp")
	deliverTarget, requeueTarget := messages[0], messages[2]

	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", filepath.Join(t.TempDir(), "audit.log")}, "TZ=UTC")
	screen := waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 3)
	if !strings.Contains(screen, in.ConfigDir()) {
		t.Errorf("the header does not name the instance %s; the screen was:\n%s", in.ConfigDir(), screen)
	}
	if !strings.Contains(screen, in.LogPath()) {
		t.Errorf("the header does not name the log %s; the screen was:\n%s", in.LogPath(), screen)
	}

	// Filter the domain table to docomo: the other watched carriers go.
	p.typeText("/docomo")
	p.keys("Enter")
	screen = p.waitScreen(screenTimeout, "the table filtered to docomo", func(screen string) bool {
		_, _, ezweb := domainCountsOnScreen(screen, "ezweb.ne.jp")
		_, _, docomo := domainCountsOnScreen(screen, "docomo.ne.jp")
		return docomo && !ezweb && strings.Contains(screen, "filter: docomo")
	})

	// Open docomo's messages, then the life of the first deferred one.
	p.keys("Enter")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages", messages[0].queueID, messages[4].queueID)
	selectRow(p, deliverTarget.queueID)
	p.keys("Enter")
	screen = p.waitText(screenTimeout, "Message "+deliverTarget.queueID, "in the queue", deliverTarget.sender, deliverTarget.recipient)
	if n := len(attemptPattern.FindAllString(screen, -1)); n != 1 {
		t.Errorf("the message view lists %d deferred attempts before i, want 1; the screen was:\n%s", n, screen)
	}

	// i opens a confirmation naming the queue ID, the sender and the recipient.
	p.keys("i")
	confirm := fmt.Sprintf("Deliver %s from %s to %s now? [y/N]", deliverTarget.queueID, deliverTarget.sender, deliverTarget.recipient)
	p.waitText(screenTimeout, confirm)
	logged := len(newLogLines(t, in, 0))
	p.keys("y")

	// (a) The footer shows how postqueue -i ended.
	screen = p.waitScreen(screenTimeout, "the result of deliver now in the footer", func(screen string) bool {
		bottom := footer(screen, 3)
		return strings.Contains(bottom, "deliver now "+deliverTarget.queueID+":") && !strings.Contains(bottom, "running")
	})
	bottom := footer(screen, 3)
	t.Logf("footer after i, y:\n%s", bottom)
	if strings.Contains(bottom, "failed") {
		t.Errorf("deliver now failed; the footer was:\n%s", bottom)
	}
	// (b) Postfix tried the message again: a new delivery line in the log,
	// and a second attempt in the message view.
	retry := waitNewLogLine(t, in, logged, deliverTarget.queueID+": to=<"+deliverTarget.recipient+">", "status=deferred")
	t.Logf("after i: %s", retry)
	p.waitScreen(actionTimeout, "a second attempt in the message view", func(screen string) bool {
		return len(attemptPattern.FindAllString(screen, -1)) == 2
	})

	// Back to the list, open the next deferred message and requeue it.
	p.keys("Escape")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages")
	selectRow(p, requeueTarget.queueID)
	p.keys("Enter")
	p.waitText(screenTimeout, "Message "+requeueTarget.queueID, "in the queue", requeueTarget.sender)
	p.keys("r")
	confirm = fmt.Sprintf("Requeue %s from %s to %s? [y/N]", requeueTarget.queueID, requeueTarget.sender, requeueTarget.recipient)
	p.waitText(screenTimeout, confirm)
	logged = len(newLogLines(t, in, 0))
	p.keys("y")

	screen = p.waitScreen(screenTimeout, "the result of requeue in the footer", func(screen string) bool {
		bottom := footer(screen, 3)
		return strings.Contains(bottom, "requeue "+requeueTarget.queueID+":") && !strings.Contains(bottom, "running")
	})
	bottom = footer(screen, 3)
	t.Logf("footer after r, y:\n%s", bottom)
	if strings.Contains(bottom, "failed") {
		t.Errorf("requeue failed; the footer was:\n%s", bottom)
	}
	// postsuper writes two lines, "postsuper: ID: requeued" and
	// "postsuper: Requeued: 1 message". They must stay apart on the one
	// footer line.
	if !regexp.MustCompile(requeueTarget.queueID + `: requeued\b`).MatchString(bottom) {
		t.Errorf("the footer runs postsuper's output lines together; want %q followed by a separator:\n%s", requeueTarget.queueID+": requeued", bottom)
	}

	// pickup logs the copy under a new queue ID with orig_id=OLD.
	pickup := waitNewLogLine(t, in, logged, "postfix/pickup", "orig_id="+requeueTarget.queueID)
	newID := queueIDOf(pickup)
	if newID == "" {
		t.Fatalf("no queue ID in the pickup line %q", pickup)
	}
	t.Logf("after r: %s", pickup)
	p.waitText(actionTimeout, "requeued as", newID, "requeued under a new queue ID")
	// The result line adds the new queue ID from pickup's line, as
	// mailtop queue requeue prints it.
	p.waitScreen(actionTimeout, "OLD → NEW in the footer", func(screen string) bool {
		return strings.Contains(footer(screen, 3), requeueTarget.queueID+" → "+newID)
	})

	// Back in the list, the cursor is on the message under its new ID.
	p.keys("Escape")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages")
	p.waitScreen(screenTimeout, "the list's cursor on the new queue ID "+newID, func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			if strings.HasPrefix(line, ">") {
				return strings.Contains(line, " "+newID+" ")
			}
		}
		return false
	})

	// The copy is tried again and deferred; the feed shows it under its new ID.
	p.keys("Escape")
	p.waitScreen(actionTimeout, "the new queue ID in the failure feed", func(screen string) bool {
		return strings.Contains(screen, "Failures") && strings.Contains(screen, newID)
	})

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// pickupPattern finds the queue ID of a pickup line ("postfix/pickup[PID]: ID: uid=").
var pickupPattern = regexp.MustCompile(`postfix/pickup\[\d+\]: ([0-9A-Za-z]+): `)

// queueIDOf returns the queue ID of a pickup line, or "".
func queueIDOf(line string) string {
	match := pickupPattern.FindStringSubmatch(line)
	if match == nil {
		return ""
	}
	return match[1]
}

func TestDashboardReadOnlyRunsNothing(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t, "tempfail01@docomo.ne.jp")
	target := messages[0]

	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--read-only", "--audit-log", filepath.Join(t.TempDir(), "audit.log")}, "TZ=UTC")
	screen := waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)
	if !strings.Contains(strings.SplitN(screen, "\n", 2)[0], "READ-ONLY") {
		t.Errorf("the header does not say READ-ONLY; the screen was:\n%s", screen)
	}
	logged := len(newLogLines(t, in, 0))

	// In the message list and in the message view, i and r only explain.
	p.keys("Enter")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages")
	selectRow(p, target.queueID)
	p.keys("i")
	p.waitText(screenTimeout, "read-only mode is on: deliver now is disabled")
	p.keys("Enter")
	p.waitText(screenTimeout, "Message "+target.queueID, "in the queue")
	p.keys("r")
	screen = p.waitText(screenTimeout, "read-only mode is on: requeue is disabled")
	if strings.Contains(screen, "[y/N]") {
		t.Errorf("a confirmation opened in read-only mode; the screen was:\n%s", screen)
	}
	p.keys("i")
	p.waitText(screenTimeout, "read-only mode is on: deliver now is disabled")
	p.keys("y")

	// Nothing ran: no line about the message reaches the log in the time a
	// delivery attempt or pickup takes, and the message is still deferred.
	deadline := time.Now().Add(7 * time.Second)
	for time.Now().Before(deadline) {
		if line := findLine(newLogLines(t, in, logged), target.queueID); line != "" {
			t.Fatalf("read-only mode let Postfix act on %s: %s", target.queueID, line)
		}
		time.Sleep(pollInterval)
	}
	queue, err := in.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range queue {
		if m.QueueID == target.queueID {
			found = true
			if m.QueueName != "deferred" {
				t.Errorf("%s is in the %s queue after i and r in read-only mode, want deferred", m.QueueID, m.QueueName)
			}
		}
	}
	if !found {
		t.Errorf("%s left the queue in read-only mode: %+v", target.queueID, queue)
	}
}

// TestDashboardFooterFollowsMessageState reads a log with one message
// still deferred and one delivered and removed. The message list and the
// message view must offer deliver now and requeue for the queued one only,
// and explain why the keys pressed on the other do nothing. It needs no
// Postfix, because no action reaches postqueue or postsuper.
func TestDashboardFooterFollowsMessageState(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	stamp := time.Now().UTC().Add(-time.Minute).Format("Jan 02 15:04:05")
	queuedID, leftID := "4B7E2C0F31", "5C8F3D1A42"
	lines := []string{
		stamp + " mx postfix/pickup[2101]: " + queuedID + ": uid=0 from=<shop@example.com>",
		stamp + " mx postfix/qmgr[2103]: " + queuedID + ": from=<shop@example.com>, size=420, nrcpt=1 (queue active)",
		stamp + " mx postfix/smtp[2104]: " + queuedID + ": to=<tempfail01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, delays=0.01/0.01/0.1/0.08, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 try again later (in reply to RCPT TO command))",
		stamp + " mx postfix/pickup[2101]: " + leftID + ": uid=0 from=<shop@example.com>",
		stamp + " mx postfix/qmgr[2103]: " + leftID + ": from=<shop@example.com>, size=410, nrcpt=1 (queue active)",
		stamp + " mx postfix/smtp[2105]: " + leftID + ": to=<ok01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.3, delays=0.01/0.01/0.1/0.18, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F1E)",
		stamp + " mx postfix/qmgr[2103]: " + leftID + ": removed",
	}
	dir := t.TempDir()
	logPath := filepath.Join(dir, "maillog")
	if err := os.WriteFile(logPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// No default instance, so that the footer does not depend on whether
	// this machine runs a Postfix of its own, stopped or running.
	path := fakePostconfPath(t, "echo 'postconf: fatal: open /etc/postfix/main.cf: No such file or directory' >&2; exit 1")
	p := startTmuxPane(t, 132, 40, []string{"env", path, binary, "--log", logPath, "--since", "all", "--audit-log", filepath.Join(dir, "audit.log")}, "TZ=UTC")
	p.waitText(screenTimeout, "mailtop", "docomo.ne.jp")
	keyHelp := func(screen string) string { return footer(screen, 1) }

	// The message list: the delivered message's row offers no action.
	p.keys("Enter")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages", queuedID, leftID)
	selectRow(p, leftID)
	screen := p.waitScreen(screenTimeout, "the key help of a message that left the queue", func(screen string) bool {
		return strings.HasPrefix(keyHelp(screen), "enter open • x why • Q queue • esc back")
	})
	if help := keyHelp(screen); strings.Contains(help, "deliver now") || strings.Contains(help, "requeue") {
		t.Errorf("the key help offers an action for %s, which left the queue: %q", leftID, help)
	}
	p.keys("i")
	p.waitText(screenTimeout, leftID+" is no longer in the queue, so there is nothing to deliver now")

	selectRow(p, queuedID)
	p.waitScreen(screenTimeout, "deliver now and requeue in the key help of a queued message", func(screen string) bool {
		return strings.HasPrefix(keyHelp(screen), "enter open • x why • Q queue • esc back • i deliver now • r requeue")
	})

	// The message view: the same keys, by the message's state.
	p.keys("Enter")
	p.waitText(screenTimeout, "Message "+queuedID, "in the queue")
	p.waitScreen(screenTimeout, "deliver now in the key help of the queued message's view", func(screen string) bool {
		return strings.HasPrefix(keyHelp(screen), "esc back • x why • i deliver now • r requeue")
	})
	p.keys("Escape")
	p.waitText(screenTimeout, "docomo.ne.jp: recent messages")
	// Escape followed at once by another key reads as alt+key.
	time.Sleep(300 * time.Millisecond)
	selectRow(p, leftID)
	p.keys("Enter")
	screen = p.waitText(screenTimeout, "Message "+leftID, "left the queue")
	screen = p.waitScreen(screenTimeout, "the key help of the removed message's view", func(screen string) bool {
		return strings.HasPrefix(keyHelp(screen), "esc back")
	})
	if help := keyHelp(screen); strings.Contains(help, "deliver now") || strings.Contains(help, "requeue") {
		t.Errorf("the view of %s, which left the queue, offers an action: %q", leftID, help)
	}
	p.keys("r")
	p.waitText(screenTimeout, leftID+" is no longer in the queue, so there is nothing to requeue")

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

func TestDashboardBadInput(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	dir := t.TempDir()

	// A file of random bytes, which no parser recognizes, and a log cut off
	// in the middle of a line.
	garbage := filepath.Join(dir, "garbage.log")
	noise := make([]byte, 64<<10)
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(garbage, noise, 0o644); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.log")
	stamp := time.Now().UTC().Add(-time.Minute).Format("Jan 02 15:04:05")
	cut := stamp + " mx postfix/smtp[2104]: 4B7E2C0F31: to=<tempfail01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, dsn=4.2.0, status=defer"
	if err := os.WriteFile(truncated, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}

	failures := []struct {
		name   string
		args   []string
		status int
		want   []string // in the message on the terminal
	}{
		{"missing log", []string{"--log", "/nonexistent/mail.log"}, 1, []string{"/nonexistent/mail.log", "check the path"}},
		{"missing instance", []string{"-c", "/nonexistent-postfix"}, 1, []string{"/nonexistent-postfix", "main.cf"}},
		{"invalid since", []string{"--log", garbage, "--since", "yesterday"}, 2, []string{`--since "yesterday"`}},
		{"invalid language", []string{"--demo", "--lang", "xx"}, 2, []string{`--lang "xx"`}},
		{"binary log", []string{"--log", garbage, "--since", "all", "--read-only"}, 1, []string{garbage, "binary file, not a text mail log", "pass --log"}},
	}
	for _, tc := range failures {
		t.Run(tc.name, func(t *testing.T) {
			// Without the alternate screen, anything drawn stays in the pane
			// after the program exits.
			p := startTmuxPaneConfig(t, "set -g alternate-screen off\n", 132, 40, append([]string{binary}, tc.args...), "TZ=UTC")
			status, last := p.waitExit(screenTimeout)
			if status != tc.status {
				t.Errorf("exit status %d, want %d; the terminal showed:\n%s", status, tc.status, last)
			}
			for _, want := range tc.want {
				if !strings.Contains(last, want) {
					t.Errorf("the message lacks %q; the terminal showed:\n%s", want, last)
				}
			}
			if strings.Contains(last, "Domains") || strings.Contains(last, "Failures, newest first") {
				t.Errorf("a dashboard was drawn before the error; the terminal showed:\n%s", last)
			}
		})
	}

	// A reply in Shift_JIS, as some Japanese servers send, is not UTF-8.
	// The screen must show its bytes without U+FFFD.
	t.Run("non-UTF-8 reply", func(t *testing.T) {
		path := filepath.Join(dir, "sjis.log")
		line := stamp + " mx postfix/smtp[2104]: 4B7E2C0F32: to=<sjis01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 \x82\xa0\x82\xa2 busy (in reply to RCPT TO command))\n"
		if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		p := startTmuxPane(t, 132, 40, []string{binary, "--log", path, "--since", "all", "--read-only"}, "TZ=UTC")
		// checkFrame reads the key help on the last row, so wait for it too:
		// a capture can come while the frame is still being written.
		screen := p.waitText(screenTimeout, "docomo.ne.jp", "sjis01@docomo", "q quit")
		checkFrame(t, screen, 40)
		if strings.ContainsRune(screen, utf8.RuneError) {
			t.Errorf("the screen shows U+FFFD for bytes of the log; the screen was:\n%s", screen)
		}
		p.keys("q")
		if status, last := p.waitExit(screenTimeout); status != 0 {
			t.Errorf("exit status %d after q, want 0; the terminal showed:\n%s", status, last)
		}
	})

	// Postfix may be caught halfway through writing a line. The half is not
	// a delivery yet; with the rest of the line it is one deferral.
	t.Run("truncated log", func(t *testing.T) {
		p := startTmuxPane(t, 80, 24, []string{binary, "--log", truncated, "--since", "all", "--read-only"}, "TZ=UTC")
		screen := p.waitText(screenTimeout, "docomo.ne.jp", "Failures", "q quit")
		checkFrame(t, screen, 24)
		if deferred, bounced, ok := domainCountsOnScreen(screen, "docomo.ne.jp"); !ok || deferred+bounced != 0 {
			t.Errorf("docomo.ne.jp shows %d deferred and %d bounced for half a line, want none; the screen was:\n%s", deferred, bounced, screen)
		}
		file, err := os.OpenFile(truncated, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := file.WriteString("red (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Mailbox busy (in reply to RCPT TO command))\n"); err != nil {
			t.Fatal(err)
		}
		if err := file.Close(); err != nil {
			t.Fatal(err)
		}
		screen = p.waitScreen(screenTimeout, "one deferral for docomo.ne.jp", func(screen string) bool {
			deferred, _, ok := domainCountsOnScreen(screen, "docomo.ne.jp")
			return ok && deferred == 1
		})
		if !strings.Contains(screen, "tempfail01@docomo") {
			t.Errorf("the failure feed lacks the completed line; the screen was:\n%s", screen)
		}
		p.keys("q")
		if status, last := p.waitExit(screenTimeout); status != 0 {
			t.Errorf("exit status %d after q, want 0; the terminal showed:\n%s", status, last)
		}
	})

	// A crash can leave a run of NUL bytes in the log, and the next writer
	// may add odd bytes after it or start a line right after it. The
	// dashboard reads a log that has them and goes on following it when
	// more arrive.
	t.Run("padding in a followed log", func(t *testing.T) {
		path := filepath.Join(dir, "padded.log")
		first := stamp + " mx postfix/smtp[2104]: 4B7E2C0F33: to=<pad01@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Mailbox busy (in reply to RCPT TO command))\n"
		content := first + strings.Repeat("\x00", 3000) + "\x01binary\n"
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		p := startTmuxPane(t, 80, 24, []string{binary, "--log", path, "--since", "all", "--read-only"}, "TZ=UTC")
		screen := p.waitText(screenTimeout, "docomo.ne.jp", "pad01@docomo", "q quit")
		checkFrame(t, screen, 24)

		second := stamp + " mx postfix/smtp[2104]: 4B7E2C0F34: to=<pad02@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Mailbox busy (in reply to RCPT TO command))"
		appendLine(t, path, strings.Repeat("\x00", 5000)+"\x02more binary\n"+strings.Repeat("\x00", 100)+second)
		screen = p.waitScreen(screenTimeout, "two deferrals for docomo.ne.jp", func(screen string) bool {
			deferred, _, ok := domainCountsOnScreen(screen, "docomo.ne.jp")
			return ok && deferred == 2
		})
		if !strings.Contains(screen, "pad02@docomo") {
			t.Errorf("the failure feed lacks the line after the padding; the screen was:\n%s", screen)
		}
		p.keys("q")
		if status, last := p.waitExit(screenTimeout); status != 0 {
			t.Errorf("exit status %d after q, want 0; the terminal showed:\n%s", status, last)
		}
	})
}
