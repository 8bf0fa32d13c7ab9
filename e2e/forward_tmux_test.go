package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// TestForwardDialogOnRealPostfix opens the forward dialog with f on a
// deferred docomo message, picks the second relay, keeps the prefilled
// envelope sender, chooses to delete the original and confirms with y. It
// checks that the chosen relay has the message, the queue no longer has
// it (postqueue -j), and the audit log has the forward and then the
// delete.
func TestForwardDialogOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t, "tempfail01@docomo.ne.jp")
	message := messages[0]

	backup := smtptest.StartRelay(t, &smtptest.Relay{})
	provider := smtptest.StartRelay(t, &smtptest.Relay{})
	dir := t.TempDir()
	configFile := filepath.Join(dir, "config.toml")
	config := relayTable("backup", backup.Port, `tls = "none"`) + relayTable("provider", provider.Port, `tls = "none"`)
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	audit := filepath.Join(dir, "audit.log")
	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", audit, "--config", configFile, "--lang", "en"}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)

	p.keys("Q")
	p.waitText(screenTimeout, "Queue ·", message.queueID)
	selectRow(p, message.queueID)
	p.keys("f")
	p.waitText(screenTimeout, "Forward 1 message(s) through another relay", "> Recipients", message.recipient, "‹ backup (127.0.0.1:",
		"Envelope sender  "+message.sender)

	// Relay: the second one. The envelope sender stays the original's.
	// Then: delete the original.
	p.keys("Down", "Right")
	p.waitText(screenTimeout, "‹ provider (127.0.0.1:")
	p.keys("Down", "Down", "Down", "Right", "Right")
	p.waitText(screenTimeout, "‹ delete the original ›")
	p.keys("Enter")
	p.waitText(screenTimeout, "through provider from "+message.sender+" to "+message.recipient, "then delete", "[y/N]")
	p.keys("y")
	screen := p.waitScreen(actionTimeout, "the outcome of the forward in the dialog", func(screen string) bool {
		return strings.Contains(screen, message.queueID+": relay replied 250") || strings.Contains(screen, "not forwarded")
	})
	t.Logf("the dialog after the forward:\n%s", screen)
	if !strings.Contains(screen, "original deleted") {
		t.Errorf("the dialog does not say the original was deleted; the screen was:\n%s", screen)
	}
	summary := "forward: " + message.queueID + " forwarded to " + message.recipient + " through provider"
	if !strings.Contains(footer(screen, 3), summary) {
		t.Errorf("the footer lacks the summary %q; the screen was:\n%s", summary, screen)
	}

	got := provider.Received()
	if len(got) != 1 || strings.Join(got[0].To, ",") != message.recipient || got[0].From != message.sender {
		t.Fatalf("provider received %+v, want one message from %s to %s", got, message.sender, message.recipient)
	}
	if !strings.Contains(string(got[0].Data), "Resent-To: "+message.recipient) {
		t.Errorf("the forwarded message lacks Resent-To:\n%s", got[0].Data)
	}
	if n := len(backup.Received()); n != 0 {
		t.Errorf("the relay not chosen received %d messages", n)
	}
	waitQueueName(t, in, message.queueID, "")

	entries, raw := readAuditLog(t, audit)
	if len(entries) != 2 {
		t.Fatalf("audit log has %d lines, want the forward and the delete:\n%s", len(entries), raw)
	}
	if entries[0].Action != "forward" || entries[0].Count != 1 || entries[0].Error != "" || !strings.Contains(entries[0].Output, "provider") {
		t.Errorf("first audit line = %+v, want a successful forward through provider", entries[0])
	}
	if entries[1].Action != "delete" || entries[1].Count != 1 || strings.Join(entries[1].QueueIDs, ",") != message.queueID {
		t.Errorf("second audit line = %+v, want the delete of %s", entries[1], message.queueID)
	}

	p.keys("Escape")
	p.waitScreen(screenTimeout, "the dialog closed", func(screen string) bool {
		return !strings.Contains(screen, "through another relay")
	})
	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}
