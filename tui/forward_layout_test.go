package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/config"
)

// moreLine returns the line of the forward dialog that counts the
// messages not listed, without the spaces around it, or "".
func moreLine(text string) string {
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "… ") {
			return line
		}
	}
	return ""
}

func TestForwardDialogMoreCountsLeft(t *testing.T) {
	cases := []struct {
		lang, before, after string
	}{
		{"en", "… and 2 more", "… and 2 more, 1 of them left the queue"},
		{"ja", "… ほか 2 件", "… ほか 2 件（うち 1 件はすでにキューにない）"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			full := *m.queue.snapshot
			m = send(t, m, keys("space", "space", "space", "space", "space", "space", "space", "f")...)
			targets := m.forward.targets
			if len(targets) != 7 {
				t.Fatalf("targets = %d, want all 7 messages", len(targets))
			}
			if line := moreLine(screenText(m)); line != tc.before {
				t.Errorf("line after the list = %q, want %q", line, tc.before)
			}

			// A listed message, which its mark shows, and an unlisted one
			// leave the queue.
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, targets[0].QueueID, targets[6].QueueID)})
			if line := moreLine(screenText(m)); line != tc.after {
				t.Errorf("line after the list = %q, want %q", line, tc.after)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: full})
			if line := moreLine(screenText(m)); line != tc.before {
				t.Errorf("line after the list once both came back = %q, want %q", line, tc.before)
			}
		})
	}
}

// longHost is a relay host name longer than the value column of the
// forward dialog at 80 columns in either language.
const longHost = "smtp-submission-backup-relay.tokyo-datacenter-03.mail-provider.example.co.jp"

// longHostForwardModel returns forwardModel at 80x24 with every message
// tagged and two relays: one on longHost, and one on a host name of over
// 200 characters, which takes several lines. Both relays set
// envelope_sender, so that the message with the null sender can be sent.
func longHostForwardModel(t *testing.T, lang string) Model {
	t.Helper()
	relays := []config.Relay{
		{Name: "backup", Host: longHost, Port: 587, TLS: config.RelayTLSStartTLS, EnvelopeSender: "shop@example.com"},
		{
			Name: "longest", Host: strings.Repeat("submission-relay-backup.", 8) + "example.co.jp", Port: 465,
			TLS: config.RelayTLSImplicit, EnvelopeSender: "shop@example.com",
		},
	}
	m := forwardModelWith(t, lang, &fakeBatch{}, relays, t.TempDir())
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	return send(t, m, keys("space", "space", "space", "space", "space", "space", "space")...)
}

// relayFieldText returns the lines of the dialog's relay field, from its
// label to the line before the next field's, joined without their
// indents.
func relayFieldText(t *testing.T, m Model) string {
	t.Helper()
	l := m.c.l
	lines := strings.Split(screenText(m), "\n")
	start := slices.IndexFunc(lines, func(line string) bool {
		return strings.HasPrefix(strings.TrimLeft(line, "> "), l.T("forward.fieldRelay")+" ")
	})
	end := slices.IndexFunc(lines, func(line string) bool {
		return strings.HasPrefix(strings.TrimLeft(line, "> "), l.T("forward.fieldSender")+" ")
	})
	if start < 0 || end <= start {
		t.Fatalf("dialog has no relay field before the sender field:\n%s", screenText(m))
	}
	var text strings.Builder
	for i, line := range lines[start:end] {
		line = strings.TrimSpace(line)
		if i == 0 {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimLeft(line, "> "), l.T("forward.fieldRelay")))
		}
		text.WriteString(line)
	}
	return text.String()
}

func TestForwardDialogRelayHostWhole(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := longHostForwardModel(t, lang)
			m = send(t, m, keyPress("f"))
			if m.forward == nil {
				t.Fatalf("f did not open the dialog; footer %q", m.result)
			}
			for i, relay := range m.opts.Relays {
				screen := screenText(m)
				checkScreenShape(t, screen, 80, 24)
				field := relayFieldText(t, m)
				if strings.Contains(field, ellipsis) {
					t.Errorf("relay field of %s is cut: %q\n%s", relay.Name, field, screen)
				}
				if address := relayAddress(relay); !strings.Contains(field, address) {
					t.Errorf("relay field of %s lacks %s whole: %q\n%s", relay.Name, address, field, screen)
				}
				if !strings.Contains(field, relay.Name) || !strings.Contains(field, relay.TLS) {
					t.Errorf("relay field of %s lacks its name or TLS mode: %q", relay.Name, field)
				}

				// The prompt shows whole below the wrapped host, because
				// fewer messages are listed.
				m = send(t, m, keyPress("enter"))
				if m.forward.stage != forwardConfirming {
					t.Fatalf("enter did not open the prompt; problem %q", m.forward.problem)
				}
				screen = screenText(m)
				checkScreenShape(t, screen, 80, 24)
				if !strings.Contains(screen, "[y/N]") {
					t.Errorf("prompt through %s lacks [y/N]:\n%s", relay.Name, screen)
				}
				if field := relayFieldText(t, m); !strings.Contains(field, relayAddress(relay)) {
					t.Errorf("relay field of %s while confirming lacks the host whole: %q", relay.Name, field)
				}

				if i+1 < len(m.opts.Relays) {
					m = send(t, m, keys("n", "down", "right")...)
				}
			}
		})
	}
}

// On 40 columns the relay stays whole: beside the English labels, and
// below the Japanese ones, whose value column is too narrow there.
func TestForwardDialogRelayHostNarrow(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := longHostForwardModel(t, lang)
			m = send(t, m, tea.WindowSizeMsg{Width: 40, Height: 40}, keyPress("f"))
			screen := screenText(m)
			checkScreenShape(t, screen, 40, 40)
			field := relayFieldText(t, m)
			if address := relayAddress(m.opts.Relays[0]); !strings.Contains(field, address) {
				t.Errorf("relay field lacks %s whole: %q\n%s", address, field, screen)
			}
			if strings.Contains(field, ellipsis) {
				t.Errorf("relay field is cut: %q\n%s", field, screen)
			}
		})
	}
}

// Where the host breaks, each line ends after a dot, so that the reader
// never wonders whether the break hides a hyphen or joins two words.
func TestWrapHostBreaksAfterDots(t *testing.T) {
	tests := []struct {
		address string
		width   int
		want    []string
	}{
		{"mx.example.jp:587", 40, []string{"mx.example.jp:587"}},
		{longHost + ":587", 56, []string{"smtp-submission-backup-relay.tokyo-datacenter-03.", "mail-provider.example.co.jp:587"}},
		{longHost + ":587", 30, []string{"smtp-submission-backup-relay.", "tokyo-datacenter-03.", "mail-provider.example.co.", "jp:587"}},
		// A label wider than the line is broken inside.
		{"a-very-long-label-without-any-dot.jp:25", 20, []string{"a-very-long-label-", "without-any-dot.", "jp:25"}},
	}
	for _, tt := range tests {
		got := wrapHost(tt.address, tt.width)
		if !slices.Equal(got, tt.want) {
			t.Errorf("wrapHost(%q, %d) = %q, want %q", tt.address, tt.width, got, tt.want)
		}
		if joined := strings.Join(got, ""); joined != tt.address {
			t.Errorf("wrapHost(%q, %d) lines join to %q", tt.address, tt.width, joined)
		}
	}
}
