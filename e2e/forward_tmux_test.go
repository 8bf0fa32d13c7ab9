package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	p.waitText(screenTimeout, "Forward 1 message through another relay", "> Recipients", message.recipient, "‹ backup (127.0.0.1:",
		"Envelope sender  "+message.sender)

	// Relay: the second one. The envelope sender stays the original's.
	// Then: delete the original.
	p.keys("Down", "Right")
	p.waitText(screenTimeout, "‹ provider (127.0.0.1:")
	p.keys("Down", "Down", "Down", "Right", "Right")
	p.waitText(screenTimeout, "‹ delete the original ›")
	p.keys("Enter")
	relay := fmt.Sprintf("provider (127.0.0.1:%d)", provider.Port)
	p.waitText(screenTimeout, "through "+relay+" from "+message.sender+" to "+message.recipient, "then delete", "[y/N]")
	p.keys("y")
	screen := p.waitScreen(actionTimeout, "the outcome of the forward in the dialog", func(screen string) bool {
		return strings.Contains(screen, message.queueID+": relay replied 250") || strings.Contains(screen, "not forwarded")
	})
	t.Logf("the dialog after the forward:\n%s", screen)
	if !strings.Contains(screen, "original deleted") {
		t.Errorf("the dialog does not say the original was deleted; the screen was:\n%s", screen)
	}
	summary := "forward: " + message.queueID + " forwarded to " + message.recipient + " through " + relay
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

// TestForwardDialogResultsScrollOnRealPostfix forwards twelve deferred
// messages at 80x24 through a relay that rejects three of their
// recipients, in English and in Japanese. The dialog lists the three
// failures first, keeps how to close it and the position on the last row
// of the body, and pages through every result with pgdn, each relay
// reply whole.
func TestForwardDialogResultsScrollOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)

	// The same Sink is the relay: it accepts the greylisted recipients,
	// which it deferred once when Postfix delivered to them, and keeps
	// rejecting the tempfail ones.
	sink := postfixtest.StartSink(t)
	relayPort, err := sink.ListenSMTP("relay")
	if err != nil {
		t.Fatal(err)
	}
	var recipients []string
	for i := 1; i <= 12; i++ {
		kind := "greylist"
		if i%4 == 0 {
			kind = "tempfail"
		}
		recipients = append(recipients, fmt.Sprintf("%s%02d@docomo.ne.jp", kind, i))
	}
	in, messages := startRescueInstanceOn(t, sink, recipients...)
	failed := map[string]string{} // queue ID to the relay's reply
	for _, message := range messages {
		if strings.HasPrefix(message.recipient, "tempfail") {
			failed[message.queueID] = "<" + message.recipient + ">: Recipient address rejected: Mailbox temporarily unavailable, try again later"
		}
	}

	dir := t.TempDir()
	configFile := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(configFile, []byte(relayTable("sink", relayPort, `tls = "none"`)), 0o600); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		lang, queueTitle, title, summary, close string
		// position returns the position of the results from first to last.
		position func(first, last int) string
	}{
		{
			"en", "Queue ·", "Forward 12 messages through another relay",
			"forward: 9 of 12 forwarded, 3 failed, 0 left the queue before sending", "esc or enter closes",
			func(first, last int) string {
				return fmt.Sprintf("results %s of 12, failures first", resultsRange(first, last))
			},
		},
		{
			"ja", "キュー ·", "12 件を別のリレーから転送",
			"転送: 12 件中 9 件を転送しました（失敗 3 件、送る前にキューから消えた 0 件）。", "esc か enter で閉じる",
			func(first, last int) string {
				return fmt.Sprintf("12 件中 %s 件目（失敗を先に表示）", resultsRange(first, last))
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			audit := filepath.Join(t.TempDir(), "audit.log")
			p := startTmuxPane(t, 80, 24, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", audit,
				"--config", configFile, "--lang", tc.lang}, "TZ=UTC")
			p.keys("Q")
			p.waitText(screenTimeout, tc.queueTitle, messages[0].queueID)
			p.keys("T", "f")
			p.waitText(screenTimeout, tc.title)
			p.keys("Enter")
			p.waitText(screenTimeout, "[y/N]")
			p.keys("y")
			screen := p.waitText(actionTimeout, tc.summary)
			t.Logf("the dialog after the forward:\n%s", screen)

			// The failures come first, and the last row of the body shows
			// how to close the dialog and the position of the results.
			view := readResultsScreen(screen, messages)
			if len(view.starts) == 0 || len(view.starts) >= 12 {
				t.Fatalf("results on the first screen = %q, want some of the 12; the screen was:\n%s", view.starts, screen)
			}
			for _, id := range view.starts[:min(len(view.starts), len(failed))] {
				if failed[id] == "" {
					t.Errorf("results on the first screen = %q, want the 3 failures first; the screen was:\n%s", view.starts, screen)
					break
				}
			}
			if want := tc.close + " · " + tc.position(1, len(view.starts)); strings.TrimSpace(view.closeRow) != want {
				t.Errorf("last row of the body = %q, want %q; the screen was:\n%s", view.closeRow, want, screen)
			}

			// pgdn pages through the rest.
			seen := slices.Clone(view.starts)
			text := view.text
			for page := 1; len(seen) < 12 && page < 12; page++ {
				before := view.closeRow
				p.keys("PageDown")
				screen = p.waitScreen(screenTimeout, "the next results after pgdn", func(screen string) bool {
					return readResultsScreen(screen, messages).closeRow != before
				})
				view = readResultsScreen(screen, messages)
				if !strings.HasPrefix(view.closeRow, tc.close+" · ") {
					t.Errorf("last row of the body after pgdn = %q, want how to close and the position; the screen was:\n%s", view.closeRow, screen)
				}
				for _, id := range view.starts {
					if !slices.Contains(seen, id) {
						seen = append(seen, id)
					}
				}
				text += view.text
			}
			if len(seen) != 12 {
				t.Errorf("results seen while paging = %q, want all 12", seen)
			}
			for i, id := range seen {
				if isFailed := failed[id] != ""; isFailed != (i < len(failed)) {
					t.Errorf("result %d is %s, failed %t: want the %d failures before the others", i+1, id, isFailed, len(failed))
				}
			}
			if !strings.Contains(view.closeRow, "–12") {
				t.Errorf("last row of the body at the end = %q, want the position up to 12", view.closeRow)
			}
			for id, reply := range failed {
				if !strings.Contains(text, strings.Join(strings.Fields(reply), "")) {
					t.Errorf("the reply for %s is never shown whole: %q", id, reply)
				}
			}

			p.keys("g")
			p.waitScreen(screenTimeout, "the first results after g", func(screen string) bool {
				view := readResultsScreen(screen, messages)
				return strings.Contains(view.closeRow, tc.position(1, len(view.starts)))
			})
			p.keys("Escape")
			p.waitScreen(screenTimeout, "the dialog closed", func(screen string) bool {
				return !strings.Contains(screen, tc.title)
			})
			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}

// resultsRange returns the results from first to last as the position of
// the forward dialog writes them: 7–12, or 7 alone.
func resultsRange(first, last int) string {
	if first == last {
		return fmt.Sprint(first)
	}
	return fmt.Sprintf("%d–%d", first, last)
}

// resultsScreen is the results list of the forward dialog in a screen.
type resultsScreen struct {
	// starts are the queue IDs whose result begins on the screen.
	starts []string
	// text is the lines of the results without white space, so that a
	// reply can be found however it was wrapped.
	text string
	// closeRow is the last row of the body, above the footer's summary
	// and keys.
	closeRow string
}

// readResultsScreen reads the results list of the forward dialog from a
// screen of the dashboard whose footer has one line of summary.
func readResultsScreen(screen string, messages []*rescueMessage) resultsScreen {
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	var view resultsScreen
	if len(rows) < 3 {
		return view
	}
	closeIndex := len(rows) - 3
	view.closeRow = rows[closeIndex]
	first := -1
	for i, row := range rows[:closeIndex] {
		for _, message := range messages {
			if strings.HasPrefix(row, message.queueID+": ") {
				view.starts = append(view.starts, message.queueID)
				if first < 0 {
					first = i
				}
			}
		}
	}
	if first >= 0 {
		view.text = strings.Join(strings.Fields(strings.Join(rows[first:closeIndex], " ")), "")
	}
	return view
}
