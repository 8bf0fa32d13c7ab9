package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// updateTestdataEnv names the variable that makes
// TestForwardBounceFromPostfixReport write the reports it captures to
// forward/testdata, replacing the committed ones:
//
//	MAILTOP_UPDATE_TESTDATA=1 go test -run TestForwardBounceFromPostfixReport ./e2e
const updateTestdataEnv = "MAILTOP_UPDATE_TESTDATA"

// waitNotifications waits until relay has received n messages from the
// null sender and returns them.
func waitNotifications(t *testing.T, relay *smtptest.Relay, n int) []smtptest.Message {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for {
		var notifications []smtptest.Message
		for _, m := range relay.Received() {
			if m.From == "" {
				notifications = append(notifications, m)
			}
		}
		if len(notifications) >= n {
			return notifications
		}
		if time.Now().After(deadline) {
			t.Fatalf("the shop's mailbox got %d notifications from the null sender, want %d", len(notifications), n)
		}
		time.Sleep(pollInterval)
	}
}

// TestForwardBounceFromPostfixReport has a real Postfix bounce two notices
// with 550 at RCPT and captures the reports it sends back to the shop: one
// with the whole original (the default) and one with its header only
// (sendmail -R hdrs, RET=HDRS). mailtop forward --bounce resends the
// original from the first and reports that the second has none.
func TestForwardBounceFromPostfixReport(t *testing.T) {
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	mailbox := smtptest.StartRelay(t, &smtptest.Relay{})
	in := startForwardInstance(t, map[string]int{"shop.example": mailbox.Port})

	full := notice("orders@shop.example", "reject01@docomo.ne.jp")
	submitContent(t, in, "orders@shop.example", "reject01@docomo.ne.jp", full)
	submitContent(t, in, "orders-hdrs@shop.example", "reject02@docomo.ne.jp", notice("orders-hdrs@shop.example", "reject02@docomo.ne.jp"), "-R", "hdrs")
	notifications := waitNotifications(t, mailbox, 2)
	reports := map[string][]byte{}
	for _, n := range notifications {
		// The report arrives over SMTP with CR LF, but the files keep LF.
		reports[n.To[0]] = bytes.ReplaceAll(n.Data, []byte("\r\n"), []byte("\n"))
	}
	report, headersOnly := reports["orders@shop.example"], reports["orders-hdrs@shop.example"]
	if report == nil || headersOnly == nil {
		t.Fatalf("notifications went to %v, want orders@ and orders-hdrs@shop.example", notifications)
	}
	if !bytes.Contains(report, []byte("Content-Type: message/rfc822")) {
		t.Fatalf("the default report has no message/rfc822 part:\n%s", report)
	}
	if !bytes.Contains(headersOnly, []byte("text/rfc822-headers")) {
		t.Fatalf("the RET=HDRS report has no text/rfc822-headers part:\n%s", headersOnly)
	}

	dir := t.TempDir()
	reportFile := filepath.Join(dir, "report.eml")
	headersFile := filepath.Join(dir, "headers-only.eml")
	for path, data := range map[string][]byte{reportFile: report, headersFile: headersOnly} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if os.Getenv(updateTestdataEnv) == "1" {
		for name, data := range map[string][]byte{"bounce-postfix.eml": report, "bounce-postfix-headers-only.eml": headersOnly} {
			if err := os.WriteFile(filepath.Join("..", "forward", "testdata", name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	relay := smtptest.StartRelay(t, &smtptest.Relay{})
	configFile := filepath.Join(dir, "config.toml")
	config := relayTable("provider", relay.Port, `tls = "none"`, `envelope_sender = "shop@shop.example"`)
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--via", "provider", "--to", "user@docomo.ne.jp", "--config", configFile, "--audit-log", filepath.Join(dir, "audit.log")}

	run := runForwardCommand(t, binary, nil, append([]string{"forward", "--bounce", reportFile}, common...)...)
	if run.status != 0 {
		t.Fatalf("forward --bounce exited %d\nstdout:\n%s\nstderr:\n%s", run.status, run.stdout, run.stderr)
	}
	got := relay.Received()
	if len(got) != 1 || got[0].From != "shop@shop.example" || strings.Join(got[0].To, ",") != "user@docomo.ne.jp" {
		t.Fatalf("relay received %+v, want one message from shop@shop.example to user@docomo.ne.jp", got)
	}
	original, err := forward.Original(report)
	if err != nil {
		t.Fatal(err)
	}
	// Unchanged apart from the Resent fields and the removed Return-Path.
	sent := forward.StripReturnPath(original)
	if bytes.Equal(sent, original) {
		t.Error("the original in the report has no Return-Path to remove")
	}
	if !bytes.HasSuffix(got[0].Data, bytes.ReplaceAll(sent, []byte("\n"), []byte("\r\n"))) {
		t.Errorf("the relay did not get the original from the report unchanged:\n%s", got[0].Data)
	}
	if bytes.Contains(got[0].Data, []byte("\nReturn-Path:")) {
		t.Errorf("the relay got the original with its Return-Path:\n%s", got[0].Data)
	}
	body := full[bytes.Index(full, []byte("\n\n"))+2:]
	if !bytes.HasSuffix(original, body) {
		t.Errorf("the original in the report does not end with the submitted body:\n%s", original)
	}

	run = runForwardCommand(t, binary, nil, append([]string{"forward", "--bounce", headersFile}, common...)...)
	// A report without the original is bad input, like a command-line
	// error, so it exits 2.
	if run.status != 2 {
		t.Errorf("forward of a headers-only report: exit %d, want 2; stderr %q", run.status, run.stderr)
	}
	if !strings.Contains(run.stderr, "text/rfc822-headers") {
		t.Errorf("forward of a headers-only report: stderr %q does not name text/rfc822-headers", run.stderr)
	}
	if n := len(relay.Received()); n != 1 {
		t.Errorf("relay has %d messages after the headers-only report, want still 1", n)
	}
}
