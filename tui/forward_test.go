package tui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/internal/smtptest"
	"github.com/mailtop/mailtop/sources"
)

// testRelays are two relays on a loopback port where nothing listens.
var testRelays = []config.Relay{
	{Name: "provider", Host: "127.0.0.1", Port: 1, TLS: config.RelayTLSNone},
	{Name: "backup", Host: "127.0.0.1", Port: 2, TLS: config.RelayTLSNone},
}

// forwardModel returns the queue screen with the fixture queue and the
// test relays, the cursor on the oldest message (ichiro@ezweb.ne.jp).
// Each message's queue file is there but damaged, so a forward fails
// before connecting.
func forwardModel(t *testing.T, lang string, batch *fakeBatch) Model {
	t.Helper()
	queueDir := t.TempDir()
	for _, msg := range fixtureQueue().Messages {
		path := filepath.Join(queueDir, msg.Queue, msg.QueueID[:1], msg.QueueID)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("not a queue file\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return forwardModelWith(t, lang, batch, testRelays, queueDir)
}

// forwardModelWith is forwardModel with other relays, and with the queue
// files read from queueDir.
func forwardModelWith(t *testing.T, lang string, batch *fakeBatch, relays []config.Relay, queueDir string) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = batch
	opts.QueueContent = readFixtureContent
	opts.Relays = relays
	m := newScreen(t, opts, 100, 30)
	snap := fixtureQueue()
	snap.Dir = queueDir
	return send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
}

// selectQueueID moves the queue list's cursor down to queueID.
func selectQueueID(t *testing.T, m Model, queueID string) Model {
	t.Helper()
	for range len(m.queue.rows) {
		if row, ok := m.queue.selectedRow(); ok && row.msg.QueueID == queueID {
			return m
		}
		m = send(t, m, keyPress("down"))
	}
	t.Fatalf("queue list has no row %s", queueID)
	return m
}

// typeKeys returns the key messages that type text.
func typeKeys(text string) []tea.Msg {
	var msgs []tea.Msg
	for _, r := range text {
		msgs = append(msgs, keyPress(string(r)))
	}
	return msgs
}

var ctrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}

func TestForwardDialogPrefillsPending(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keyPress("f"))
	if m.forward == nil {
		t.Fatalf("f did not open the dialog; footer %q", m.result)
	}
	if m.forward.recipients != "ichiro@ezweb.ne.jp" {
		t.Errorf("recipients = %q, want the pending recipient", m.forward.recipients)
	}
	screen := screenText(m)
	for _, want := range []string{"Forward 1 message through another relay", "4jh2H4dFgyz6hJk (deferred) from news@example.com", "‹ provider (127.0.0.1:1, tls none) ›", "‹ keep the original queued ›"} {
		if !strings.Contains(screen, want) {
			t.Errorf("dialog lacks %q:\n%s", want, screen)
		}
	}
}

func TestForwardDialogRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Options, *sources.QueueSnapshot)
		want   string
	}{
		{"read-only", func(o *Options, _ *sources.QueueSnapshot) { o.ReadOnly = true }, "read-only mode is on: forward is disabled"},
		{"demo", func(o *Options, _ *sources.QueueSnapshot) { o.Demo = true }, "the demo sends no mail"},
		{"no relay", func(o *Options, _ *sources.QueueSnapshot) { o.Relays = nil }, "no [[relay]] in /etc/mailtop/config.toml"},
		{"not root", func(_ *Options, s *sources.QueueSnapshot) { s.Source = sources.QueueFromPostqueue }, "only root can read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions("en", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.Relays = testRelays
			snap := fixtureQueue()
			tt.change(&opts, &snap)
			m := newScreen(t, opts, 100, 30)
			m = send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"), keyPress("f"))
			if m.forward != nil {
				t.Fatal("the dialog opened")
			}
			if !strings.Contains(m.result, tt.want) {
				t.Errorf("footer = %q, want %q", m.result, tt.want)
			}
		})
	}
}

// TestForwardNoRelayNamesConfigFile checks that f without a [[relay]]
// names the config file loaded, or the files searched when none was
// found, and what to add, whole in the footer at 80x24.
func TestForwardNoRelayNamesConfigFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/root")
	tests := []struct {
		lang, configPath, want string
	}{
		{"en", "/srv/shop/mailtop.toml", "no [[relay]] in /srv/shop/mailtop.toml: add a [[relay]] table to it (README: Configuration)"},
		{"en", "", "no config file: put a [[relay]] table (README: Configuration) in /etc/mailtop/config.toml or /root/.config/mailtop/config.toml"},
		{"ja", "/srv/shop/mailtop.toml", "/srv/shop/mailtop.toml に [[relay]] がありません。転送に使うリレーを [[relay]] テーブルで追加してください（README「設定ファイル」）。"},
		{"ja", "", "設定ファイルがありません。[[relay]] テーブル（README「設定ファイル」）を /etc/mailtop/config.toml か /root/.config/mailtop/config.toml に書いてください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.configPath, func(t *testing.T) {
			opts := testOptions(tt.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.ConfigPath = tt.configPath
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"), keyPress("f"))
			if m.forward != nil {
				t.Fatal("the dialog opened without a relay")
			}
			if m.result != tt.want {
				t.Errorf("footer = %q, want %q", m.result, tt.want)
			}
			if footer := footerResult(m); strings.Contains(footer, ellipsis) {
				t.Errorf("the footer cuts the text at 80 columns: %q", footer)
			}
		})
	}

	// XDG_CONFIG_HOME takes the place of ~/.config.
	t.Setenv("XDG_CONFIG_HOME", "/srv/xdg")
	l := forwardModel(t, "en", &fakeBatch{}).c.l
	want := "/etc/mailtop/config.toml or /srv/xdg/mailtop/config.toml"
	if got := noRelayText(l, "", config.SearchPaths(os.Getenv)); !strings.Contains(got, want) {
		t.Errorf("noRelayText = %q, want it to name %q", got, want)
	}
}

func TestForwardDialogDeleteNeedsPending(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keyPress("f"), ctrlU)
	m = send(t, m, typeKeys("other@example.jp")...)
	m = send(t, m, keys("down", "down", "down", "down", "right", "right", "enter")...)
	if m.forward.thenValue() != "delete" {
		t.Fatalf("then = %s, want delete", m.forward.thenValue())
	}
	if m.forward.stage != forwardEditing {
		t.Fatal("the prompt opened although delete would lose ichiro@ezweb.ne.jp")
	}
	if !strings.Contains(m.forward.problem, "ichiro@ezweb.ne.jp") {
		t.Errorf("problem = %q, want it to name ichiro@ezweb.ne.jp", m.forward.problem)
	}
	if !strings.Contains(screenText(m), "delete would lose") {
		t.Errorf("the dialog does not show the problem:\n%s", screenText(m))
	}

	// Adding the pending recipient makes delete acceptable.
	m = send(t, m, keys("down")...)
	m = send(t, m, typeKeys(",ichiro@ezweb.ne.jp")...)
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Fatalf("stage = %d, want the prompt; problem %q", m.forward.stage, m.forward.problem)
	}
}

func TestForwardDialogBadAddress(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keyPress("f"), ctrlU)
	m = send(t, m, typeKeys("nobody")...)
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardEditing || !strings.Contains(m.forward.problem, "“nobody” is not a mail address") {
		t.Errorf("stage %d, problem %q; want the address rejected", m.forward.stage, m.forward.problem)
	}
	m = send(t, m, ctrlU, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Errorf("an empty field with pending recipients did not open the prompt: %q", m.forward.problem)
	}
}

// TestForwardDialogBadAddressNamesValue checks that a rejected recipients
// field is named as typed, in quotes: whole when no word of it has an
// "@", and by the rejected word, with how the field is split, otherwise.
func TestForwardDialogBadAddressNamesValue(t *testing.T) {
	tests := []struct {
		lang, typed, want string
	}{
		{"en", "not an address", "“not an address” is not a mail address such as user@docomo.ne.jp"},
		{"en", "  not, an; address ", "“not, an; address” is not a mail address such as user@docomo.ne.jp"},
		{"en", "a@example.jp, nobody", "“nobody” is not a mail address such as user@docomo.ne.jp; the recipients are split at commas, semicolons and spaces"},
		{"en", "user @example.jp", "“user” is not a mail address such as user@docomo.ne.jp; the recipients are split at commas, semicolons and spaces"},
		{"ja", "not an address", "「not an address」はメールアドレス（user@docomo.ne.jp など）ではありません。"},
		{"ja", "a@example.jp nobody", "「nobody」はメールアドレス（user@docomo.ne.jp など）ではありません。宛先はカンマ、セミコロン、空白で区切られます。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.typed, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, keyPress("f"), ctrlU)
			m = send(t, m, typeKeys(tt.typed)...)
			m = send(t, m, keyPress("enter"))
			if m.forward.stage != forwardEditing {
				t.Errorf("stage = %d, want the fields still open", m.forward.stage)
			}
			if m.forward.problem != tt.want {
				t.Errorf("problem = %q, want %q", m.forward.problem, tt.want)
			}
		})
	}
}

func TestForwardDialogQuotedLocalPart(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keyPress("f"), ctrlU)
	m = send(t, m, typeKeys(`"john.doe"@example.jp, a@example.jp`)...)
	if got, want := m.forward.addresses(), []string{`"john.doe"@example.jp`, "a@example.jp"}; !slices.Equal(got, want) {
		t.Errorf("addresses = %q, want %q", got, want)
	}
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Errorf("stage %d, problem %q; want the prompt, as mailtop forward --to accepts the address", m.forward.stage, m.forward.problem)
	}

	// White space in a quoted local part is rejected as mailtop forward
	// --to rejects it, and the problem names the whole address.
	m = send(t, m, keyPress("n"), ctrlU)
	m = send(t, m, typeKeys(`"john doe"@example.jp`)...)
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardEditing {
		t.Errorf("stage %d, want the fields still open", m.forward.stage)
	}
	if want := `“"john doe"@example.jp” is not a mail address`; !strings.Contains(m.forward.problem, want) {
		t.Errorf("problem = %q, want %q", m.forward.problem, want)
	}
}

func TestForwardDialogSeveralSummary(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keys("space", "down", "space", "f", "enter", "y")...)
	if m.forward == nil || m.forward.stage != forwardDone {
		t.Fatal("the dialog did not reach its results")
	}
	if want := "forward: 0 of 2 forwarded, 2 failed, 0 left the queue before sending"; m.result != want {
		t.Errorf("footer = %q, want %q", m.result, want)
	}
}

func TestForwardDialogTaggedSet(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keys("space", "down", "space", "f")...)
	if len(m.forward.targets) != 2 {
		t.Fatalf("targets = %d, want the 2 tagged messages", len(m.forward.targets))
	}
	if m.forward.recipients != "" {
		t.Errorf("recipients = %q, want empty: each message goes to its own", m.forward.recipients)
	}
	m = send(t, m, keys("down", "right", "enter")...)
	screen := screenText(m)
	for _, want := range []string{"Forward 2 messages through backup", "each message's pending recipients", "[y/N]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("prompt lacks %q:\n%s", want, screen)
		}
	}
	// The prompt wraps; its words are read across the lines.
	if words := strings.Join(strings.Fields(screen), " "); !strings.Contains(words, "for each message the relay accepted,") {
		t.Errorf("prompt for two messages does not say the original's step is for each message:\n%s", screen)
	}
}

func TestForwardDialogFailureKeepsOriginal(t *testing.T) {
	batch := &fakeBatch{}
	m := forwardModel(t, "en", batch)
	m = send(t, m, keys("f", "down", "down", "down", "down", "right", "enter", "y")...)
	if m.forward == nil || m.forward.stage != forwardDone {
		t.Fatal("the dialog did not reach its results")
	}
	if len(m.forward.results) != 1 || m.forward.results[0].forwarded || m.forward.results[0].err == "" {
		t.Fatalf("results = %+v, want one failure", m.forward.results)
	}
	if len(batch.calls) != 0 {
		t.Errorf("hold ran after a failed forward: %+v", batch.calls)
	}
	screen := screenText(m)
	if !strings.Contains(screen, "not forwarded, the original is unchanged") {
		t.Errorf("the dialog does not show the failure:\n%s", screen)
	}
	if m.result != "forward: 4jh2H4dFgyz6hJk not forwarded; the original is unchanged" || m.resultKind != resultError {
		t.Errorf("footer = %q (kind %d), want the message not forwarded, as an error", m.result, m.resultKind)
	}
	m = send(t, m, keyPress("esc"))
	if m.forward != nil {
		t.Error("esc did not close the dialog after the results")
	}
}

// TestForwardDialogReopensClean checks that a dialog opened after a failed
// forward does not show the footer of the earlier one.
func TestForwardDialogReopensClean(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keys("f", "enter", "y")...)
	if !strings.Contains(m.result, "not forwarded") {
		t.Fatalf("footer = %q, want the failed forward", m.result)
	}
	m = send(t, m, keys("esc", "f")...)
	if m.forward == nil {
		t.Fatal("f did not open the dialog again")
	}
	if m.result != "" {
		t.Errorf("footer = %q, want it empty in a new dialog", m.result)
	}
	if footer := footerResult(m); strings.Contains(footer, "not forwarded") {
		t.Errorf("the screen's footer still shows the earlier forward: %q", footer)
	}
}

// TestForwardDialogFooterNamesReview checks that the footer words enter
// as what it does: it opens the prompt, and y sends.
func TestForwardDialogFooterNamesReview(t *testing.T) {
	tests := []struct{ lang, want, wrong string }{
		{"en", "enter review", "enter send"},
		{"ja", "enter 確認", "enter 送信"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, keyPress("f"))
			lines := strings.Split(screenText(m), "\n")
			help := lines[len(lines)-1]
			if !strings.Contains(help, tt.want) {
				t.Errorf("key help = %q, want %q", help, tt.want)
			}
			if strings.Contains(help, tt.wrong) {
				t.Errorf("key help = %q, still has %q", help, tt.wrong)
			}
		})
	}
}

func TestForwardDialogCancel(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keys("f", "enter", "n")...)
	if m.forward == nil || m.forward.stage != forwardEditing {
		t.Fatal("n at the prompt did not return to the fields")
	}
	m = send(t, m, keyPress("esc"))
	if m.forward != nil {
		t.Fatal("esc did not close the dialog")
	}
	if !strings.Contains(m.result, "forward cancelled") {
		t.Errorf("footer = %q, want the cancellation", m.result)
	}
	// Keys reach the queue screen again.
	m = send(t, m, keyPress("down"))
	if m.queue.cursor.selected != 1 {
		t.Errorf("cursor = %d after down, want 1", m.queue.cursor.selected)
	}
}

func TestForwardDialogJapanese(t *testing.T) {
	m := forwardModel(t, "ja", &fakeBatch{})
	m = send(t, m, keys("f", "enter")...)
	screen := screenText(m)
	for _, want := range []string{"1 件を別のリレーから転送", "宛先", "元のメッセージをキューに残す", "[y/N]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("Japanese dialog lacks %q:\n%s", want, screen)
		}
	}
}

// nullSenderID is the fixture queue's message with the null sender, a
// notice to shop@example.com.
const nullSenderID = "9D4F0C7B62"

// senderRelays are a relay without envelope_sender and one with it, on
// loopback ports where nothing listens.
var senderRelays = []config.Relay{
	{Name: "provider", Host: "127.0.0.1", Port: 1, TLS: config.RelayTLSNone},
	{Name: "shop", Host: "127.0.0.1", Port: 2, TLS: config.RelayTLSNone, EnvelopeSender: "relay@example.jp"},
}

func TestForwardDialogPrefillsSender(t *testing.T) {
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = send(t, m, keyPress("f"))
	if m.forward.sender != "news@example.com" {
		t.Errorf("sender = %q, want the original's sender news@example.com", m.forward.sender)
	}
	if screen := screenText(m); !strings.Contains(screen, "Envelope sender  news@example.com") {
		t.Errorf("dialog lacks the envelope sender field:\n%s", screen)
	}

	// The relay's envelope_sender comes first, as without --from.
	m = send(t, m, keys("down", "right")...)
	if m.forward.sender != "relay@example.jp" {
		t.Errorf("sender through shop = %q, want its envelope_sender relay@example.jp", m.forward.sender)
	}
	m = send(t, m, keyPress("left"))
	if m.forward.sender != "news@example.com" {
		t.Errorf("sender back on provider = %q, want news@example.com", m.forward.sender)
	}
}

func TestForwardDialogPrefillsSenderOfSeveral(t *testing.T) {
	// The oldest message is from news@, the held one after it from shop@.
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = send(t, m, keys("space", "space", "f")...)
	if m.forward.sender != "" {
		t.Errorf("sender of two senders = %q, want empty", m.forward.sender)
	}
	if screen := screenText(m); !strings.Contains(screen, "the relay's envelope_sender, else each message's sender") {
		t.Errorf("empty sender field lacks its hint:\n%s", screen)
	}
	m = send(t, m, keys("down", "right")...)
	if m.forward.sender != "relay@example.jp" {
		t.Errorf("sender through shop = %q, want relay@example.jp", m.forward.sender)
	}
	m = send(t, m, keys("left", "enter")...)
	if prompt := m.forwardPrompt(); !strings.Contains(prompt, "through provider (127.0.0.1:1) from each message's own sender to each message's pending recipients") {
		t.Errorf("prompt does not say each message keeps its sender: %q", prompt)
	}
}

func TestForwardDialogSenderEdit(t *testing.T) {
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = send(t, m, keys("f", "down", "down", "backspace")...)
	if m.forward.sender != "news@example.co" {
		t.Errorf("sender after backspace = %q, want news@example.co", m.forward.sender)
	}
	m = send(t, m, ctrlU)
	m = send(t, m, typeKeys("ops@example.jp")...)
	if got := m.forward.senderOverride(m.opts.Relays); got != "ops@example.jp" {
		t.Errorf("senderOverride = %q, want ops@example.jp", got)
	}
	if got := m.forward.chosenRelay(m.opts.Relays).EnvelopeSender; got != "ops@example.jp" {
		t.Errorf("relay envelope sender = %q, want the typed ops@example.jp", got)
	}

	// A typed sender stays when the relay changes, and replaces its
	// envelope_sender.
	m = send(t, m, keys("up", "right")...)
	if m.forward.sender != "ops@example.jp" {
		t.Errorf("sender after a relay change = %q, want the typed ops@example.jp", m.forward.sender)
	}
	if got := m.forward.chosenRelay(m.opts.Relays).EnvelopeSender; got != "ops@example.jp" {
		t.Errorf("shop's envelope sender = %q, want the typed ops@example.jp", got)
	}
	if senderRelays[1].EnvelopeSender != "relay@example.jp" {
		t.Errorf("the configured relay changed: envelope_sender %q", senderRelays[1].EnvelopeSender)
	}
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Fatalf("stage = %d, want the prompt; problem %q", m.forward.stage, m.forward.problem)
	}
	if prompt := m.forwardPrompt(); !strings.Contains(prompt, "through shop (127.0.0.1:2) from ops@example.jp to ichiro@ezweb.ne.jp") {
		t.Errorf("prompt does not name the typed sender: %q", prompt)
	}
}

func TestForwardDialogUntouchedSenderNotForced(t *testing.T) {
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = send(t, m, keyPress("f"))
	if got := m.forward.senderOverride(m.opts.Relays); got != "" {
		t.Errorf("senderOverride of the prefilled field = %q, want none", got)
	}
	if got := m.forward.chosenRelay(m.opts.Relays).EnvelopeSender; got != "" {
		t.Errorf("relay envelope sender = %q, want provider's own, none", got)
	}
	m = send(t, m, keyPress("enter"))
	if prompt := m.forwardPrompt(); !strings.Contains(prompt, "through provider (127.0.0.1:1) from news@example.com to") {
		t.Errorf("prompt does not name the original's sender: %q", prompt)
	}
}

func TestForwardDialogBadSender(t *testing.T) {
	tests := []struct {
		lang, typed, want string
		shown             string // the part of want that the screen shows on one line
	}{
		{"en", "ops", "envelope sender “ops” is not a mail address such as shop@example.jp", "is not a mail address"},
		{"en", "<ops@example.jp>", "envelope sender “<ops@example.jp>” is not a mail address", "is not a mail address"},
		{"en", "ops @example.jp", "envelope sender “ops @example.jp” is not a mail address", "is not a mail address"},
		{"ja", "ops", "エンベロープの差出人「ops」はメールアドレス（shop@example.jp など）ではありません。", "ではありません。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.typed, func(t *testing.T) {
			m := forwardModelWith(t, tt.lang, &fakeBatch{}, senderRelays, t.TempDir())
			m = send(t, m, keys("f", "down", "down")...)
			m = send(t, m, ctrlU)
			m = send(t, m, typeKeys(tt.typed)...)
			m = send(t, m, keyPress("enter"))
			if m.forward.stage != forwardEditing {
				t.Errorf("stage = %d, want the fields still open", m.forward.stage)
			}
			if !strings.Contains(m.forward.problem, tt.want) {
				t.Errorf("problem = %q, want %q", m.forward.problem, tt.want)
			}
			if !strings.Contains(screenText(m), tt.shown) {
				t.Errorf("the dialog does not show the problem:\n%s", screenText(m))
			}
		})
	}
}

func TestForwardDialogSenderPaste(t *testing.T) {
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = send(t, m, keys("f", "down", "down")...)
	m = send(t, m, ctrlU, tea.PasteMsg{Content: " ops@example.jp\n"})
	if m.forward.sender != "ops@example.jp" {
		t.Errorf("sender after paste = %q, want ops@example.jp", m.forward.sender)
	}
}

func TestForwardDialogNullSenderRejectedEmpty(t *testing.T) {
	tests := []struct {
		lang, want string
	}{
		{"en", "no envelope sender for 9D4F0C7B62: it has the null sender (a bounce or another notice), so type an envelope sender, or choose a [[relay]] with envelope_sender"},
		{"ja", "9D4F0C7B62 は差出人が空（バウンスなどの通知）のため、エンベロープの差出人がありません。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModelWith(t, tt.lang, &fakeBatch{}, senderRelays, t.TempDir())
			m = selectQueueID(t, m, nullSenderID)
			m = send(t, m, keyPress("f"))
			if m.forward.sender != "" {
				t.Errorf("sender of a null-sender message = %q, want empty", m.forward.sender)
			}
			m = send(t, m, keyPress("enter"))
			if m.forward.stage != forwardEditing {
				t.Errorf("stage = %d, want the fields still open", m.forward.stage)
			}
			if !strings.Contains(m.forward.problem, tt.want) {
				t.Errorf("problem = %q, want %q", m.forward.problem, tt.want)
			}
		})
	}
}

func TestForwardDialogNullSenderThroughEnvelopeSenderRelay(t *testing.T) {
	m := forwardModelWith(t, "en", &fakeBatch{}, senderRelays, t.TempDir())
	m = selectQueueID(t, m, nullSenderID)
	m = send(t, m, keys("f", "down", "right")...)
	if m.forward.sender != "relay@example.jp" {
		t.Errorf("sender through shop = %q, want its envelope_sender relay@example.jp", m.forward.sender)
	}
	m = send(t, m, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Errorf("stage = %d, want the prompt; problem %q", m.forward.stage, m.forward.problem)
	}
}

func TestForwardDialogNullSenderSentWithTypedSender(t *testing.T) {
	relay := smtptest.StartRelay(t, &smtptest.Relay{})
	relays := []config.Relay{{Name: "sink", Host: "127.0.0.1", Port: relay.Port, TLS: config.RelayTLSNone}}

	// The null-sender message of the fixture queue, under a queue ID that
	// the queue file reader accepts, with its file in the queue directory.
	const queueID = "5D3E2BA01F"
	queueDir := t.TempDir()
	snap := fixtureQueue()
	snap.Dir = queueDir
	i := slices.IndexFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == nullSenderID })
	snap.Messages[i].QueueID = queueID
	writeQueueFileFrom(t, queueDir, "deferred", "5", queueID, snap.Messages[i].Arrival, "", "shop@example.com",
		"Subject: Undelivered Mail Returned to Sender\nFrom: MAILER-DAEMON@mail01.example.com\n\nThis is the mail system.\n")

	m := forwardModelWith(t, "en", &fakeBatch{}, relays, queueDir)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	m = selectQueueID(t, m, queueID)
	m = send(t, m, keys("f", "enter")...)
	if m.forward.stage != forwardEditing || !strings.Contains(m.forward.problem, "no envelope sender") {
		t.Fatalf("stage %d, problem %q; want the empty sender rejected", m.forward.stage, m.forward.problem)
	}

	m = send(t, m, keys("down", "down")...)
	m = send(t, m, typeKeys("ops@example.jp")...)
	m = send(t, m, keys("enter", "y")...)
	if m.forward == nil || m.forward.stage != forwardDone {
		t.Fatal("the dialog did not reach its results")
	}
	if len(m.forward.results) != 1 || !m.forward.results[0].forwarded {
		t.Fatalf("results = %+v, want the message forwarded", m.forward.results)
	}
	received := relay.Received()
	if len(received) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(received))
	}
	if received[0].From != "ops@example.jp" {
		t.Errorf("MAIL FROM = %q, want the typed ops@example.jp", received[0].From)
	}
	if !slices.Equal(received[0].To, []string{"shop@example.com"}) {
		t.Errorf("RCPT TO = %v, want the pending shop@example.com", received[0].To)
	}
	if !bytes.HasPrefix(received[0].Data, []byte("Resent-From: ops@example.jp\r\n")) {
		t.Errorf("message does not start with Resent-From: ops@example.jp:\n%s", received[0].Data)
	}
}

// sinkForwardModel returns the queue screen with the fixture queue, the
// cursor on a deferred message from news@example.com to
// ichiro@ezweb.ne.jp whose queue file is in the queue directory, and the
// relay "sink" that accepts every message.
func sinkForwardModel(t *testing.T, lang string, batch *fakeBatch) (Model, *smtptest.Relay) {
	t.Helper()
	relay := smtptest.StartRelay(t, &smtptest.Relay{})
	relays := []config.Relay{{Name: "sink", Host: "127.0.0.1", Port: relay.Port, TLS: config.RelayTLSNone}}

	// The fixture message under a short queue ID, with its queue file in
	// the queue directory.
	const queueID = "7E996BE094"
	queueDir := t.TempDir()
	snap := fixtureQueue()
	snap.Dir = queueDir
	i := slices.IndexFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == "4jh2H4dFgyz6hJk" })
	snap.Messages[i].QueueID = queueID
	writeQueueFileFrom(t, queueDir, "deferred", "7", queueID, snap.Messages[i].Arrival, "news@example.com", "ichiro@ezweb.ne.jp",
		"Subject: News\nFrom: news@example.com\n\nToday's news.\n")

	m := forwardModelWith(t, lang, batch, relays, queueDir)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	return selectQueueID(t, m, queueID), relay
}

func TestForwardDialogOneSummary(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "forward: 7E996BE094 forwarded to ichiro@ezweb.ne.jp through sink (127.0.0.1:PORT); original kept"},
		{"ja", "転送: 7E996BE094 を sink（127.0.0.1:PORT）から ichiro@ezweb.ne.jp に転送しました。元のメッセージは残しました。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m, relay := sinkForwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, keys("f", "enter", "y")...)
			if len(relay.Received()) != 1 {
				t.Fatalf("relay received %d messages, want 1", len(relay.Received()))
			}
			if withoutPort(m.result) != tt.want || m.resultKind != resultOK {
				t.Errorf("footer = %q (kind %d), want %q", m.result, m.resultKind, tt.want)
			}
		})
	}
}

func TestForwardDialogOneSummaryHoldFailed(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "forward: the hold of 7E996BE094 failed after sink (127.0.0.1:PORT) accepted it for ichiro@ezweb.ne.jp"},
		{"ja", "転送: 7E996BE094 の保留に失敗しました（sink（127.0.0.1:PORT）は ichiro@ezweb.ne.jp 宛てに受け付け済み）。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			batch := &fakeBatch{err: errors.New("postsuper: fatal: queue file not found")}
			m, _ := sinkForwardModel(t, tt.lang, batch)
			m = send(t, m, keys("f", "down", "down", "down", "down", "right", "enter", "y")...)
			if len(batch.calls) != 1 || batch.calls[0].action != "hold" {
				t.Fatalf("batch calls = %+v, want one hold", batch.calls)
			}
			if withoutPort(m.result) != tt.want || m.resultKind != resultError {
				t.Errorf("footer = %q (kind %d), want %q as an error", m.result, m.resultKind, tt.want)
			}
		})
	}
}

func TestForwardDialogOneSummaryFailedJapanese(t *testing.T) {
	m := forwardModel(t, "ja", &fakeBatch{})
	m = send(t, m, keys("f", "enter", "y")...)
	if want := "転送: 4jh2H4dFgyz6hJk を転送できませんでした。元のメッセージは変えていません。"; m.result != want {
		t.Errorf("footer = %q, want %q", m.result, want)
	}
}

// Tagged messages that the queue filter hides are still forwarded, so the
// dialog's title and confirmation count them.
func TestForwardDialogCountsHiddenTags(t *testing.T) {
	for _, tc := range []struct {
		lang, title, confirm string
	}{
		{"en", "Forward 3 messages through another relay (2 hidden by the filter)", "Forward 3 messages, 2 of them hidden by the filter, through provider"},
		{"ja", "3 件を別のリレーから転送（うち 2 件は絞り込みで非表示）", "3 件（うち 2 件は絞り込みで非表示）を元の差出人から未配送の宛先へ、provider（127.0.0.1:1）経由で"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			// Tag the first three rows; the filter then shows only the held
			// one of them.
			m = send(t, m, keys("space", "space", "space", "/", "q", ":", "h", "o", "l", "d", "enter", "f")...)
			if m.forward == nil {
				t.Fatalf("f did not open the dialog; footer %q", m.result)
			}
			if len(m.forward.targets) != 3 || m.forward.hidden != 2 {
				t.Errorf("dialog targets %d, hidden %d; want 3 and 2", len(m.forward.targets), m.forward.hidden)
			}
			if text := screenText(m); !strings.Contains(text, tc.title) {
				t.Errorf("dialog title lacks %q:\n%s", tc.title, text)
			}
			if got := m.forwardPrompt(); !strings.Contains(got, tc.confirm) {
				t.Errorf("confirmation = %q, want it to contain %q", got, tc.confirm)
			}
		})
	}
}

// forwardedQueueID is the deferred message among the first three rows of
// the fixture queue, which the tests below take out of the queue.
const forwardedQueueID = "4jh2F2bCdfz4GhK"

func TestForwardDialogFollowsQueue(t *testing.T) {
	cases := []struct {
		lang, title, titleGone, confirmGone string
	}{
		{
			"en",
			"Forward 3 messages through another relay",
			"Forward 2 messages through another relay (1 more left the queue)",
			"Forward 2 messages (1 more left the queue) through provider",
		},
		{
			"ja",
			"3 件を別のリレーから転送",
			"2 件を別のリレーから転送（ほかに 1 件はすでにキューにない）",
			"2 件（ほかに 1 件はすでにキューにない）を元の差出人から未配送の宛先へ、provider（127.0.0.1:1）経由で",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			full := *m.queue.snapshot
			m = send(t, m, keys("space", "space", "space", "f")...)
			if m.forward == nil {
				t.Fatalf("f did not open the dialog; footer %q", m.result)
			}
			if text := screenText(m); !strings.Contains(text, tc.title) {
				t.Fatalf("dialog title lacks %q:\n%s", tc.title, text)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, forwardedQueueID)})
			if text := screenText(m); !strings.Contains(text, tc.titleGone) {
				t.Errorf("dialog title after a message left lacks %q:\n%s", tc.titleGone, text)
			}
			m = send(t, m, keyPress("enter"))
			if got := m.forwardPrompt(); !strings.Contains(got, tc.confirmGone) {
				t.Errorf("confirmation = %q, want it to contain %q", got, tc.confirmGone)
			}
			if n := len(m.queue.tags); n != 3 {
				t.Errorf("tags after a tagged message left = %d, want 3", n)
			}

			// Back in the next scan, as when it moves between queues.
			m = send(t, m, QueueSnapshotMsg{Snapshot: full})
			if text := screenText(m); !strings.Contains(text, tc.title) {
				t.Errorf("dialog title after the message came back lacks %q:\n%s", tc.title, text)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, forwardedQueueID)}, keyPress("y"))
			if m.forward == nil || m.forward.stage != forwardDone {
				t.Fatal("y at the prompt did not forward")
			}
			if n := len(m.forward.results); n != 3 {
				t.Fatalf("results = %d, want one for each of the 3 chosen messages", n)
			}
			for _, outcome := range m.forward.results {
				if wantLeft := outcome.queueID == forwardedQueueID; outcome.left != wantLeft {
					t.Errorf("outcome of %s: left = %t, want %t", outcome.queueID, outcome.left, wantLeft)
				}
			}
		})
	}
}

func TestForwardDialogHiddenAndGone(t *testing.T) {
	cases := []struct {
		lang, title, confirm string
	}{
		{
			"en",
			"Forward 2 messages through another relay (1 hidden by the filter; 1 more left the queue)",
			"Forward 2 messages, 1 of them hidden by the filter (1 more left the queue), through provider",
		},
		{
			"ja",
			"2 件を別のリレーから転送（うち 1 件は絞り込みで非表示、ほかに 1 件はすでにキューにない）",
			"2 件（うち 1 件は絞り込みで非表示、ほかに 1 件はすでにキューにない）を元の差出人から未配送の宛先へ、provider（127.0.0.1:1）経由で",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			full := *m.queue.snapshot
			// Tag the first three rows; the filter then shows only the held
			// one of them.
			m = send(t, m, keys("space", "space", "space", "/", "q", ":", "h", "o", "l", "d", "enter", "f")...)
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, forwardedQueueID)})
			if m.forward == nil {
				t.Fatalf("the dialog closed; footer %q", m.result)
			}
			if text := screenText(m); !strings.Contains(text, tc.title) {
				t.Errorf("dialog title lacks %q:\n%s", tc.title, text)
			}
			if got := m.forwardPrompt(); !strings.Contains(got, tc.confirm) {
				t.Errorf("confirmation = %q, want it to contain %q", got, tc.confirm)
			}
		})
	}
}

func TestForwardDialogAllGone(t *testing.T) {
	cases := []struct {
		lang, title, reason string
	}{
		{
			"en",
			"Forward 0 messages through another relay (2 more left the queue)",
			"all 2 chosen messages left the queue, so there is nothing to forward",
		},
		{
			"ja",
			"0 件を別のリレーから転送（ほかに 2 件はすでにキューにない）",
			"選んだ 2 件はどれもすでにキューにないため、転送するものがありません。",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			full := *m.queue.snapshot
			m = send(t, m, keys("space", "space", "f", "enter")...)
			if m.forward == nil || m.forward.stage != forwardConfirming {
				t.Fatal("enter did not open the prompt")
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, "4jh2H4dFgyz6hJk", "4jh2G3cDfgz5Hjk")})
			if m.forward.stage != forwardEditing {
				t.Errorf("stage = %d after every message left, want the fields (%d)", m.forward.stage, forwardEditing)
			}
			text := screenText(m)
			if !strings.Contains(text, tc.title) {
				t.Errorf("dialog title lacks %q:\n%s", tc.title, text)
			}
			if !strings.Contains(text, tc.reason) {
				t.Errorf("dialog lacks the reason %q:\n%s", tc.reason, text)
			}
			m = send(t, m, keyPress("enter"))
			if m.forward.stage != forwardEditing {
				t.Errorf("stage = %d after enter with nothing queued, want the fields (%d)", m.forward.stage, forwardEditing)
			}

			// Both come back, and the dialog can send again.
			m = send(t, m, QueueSnapshotMsg{Snapshot: full})
			if text := screenText(m); strings.Contains(text, tc.reason) {
				t.Errorf("dialog still shows %q after the messages came back:\n%s", tc.reason, text)
			}
			m = send(t, m, keyPress("enter"))
			if m.forward.stage != forwardConfirming {
				t.Errorf("stage = %d after the messages came back and enter, want the prompt (%d)", m.forward.stage, forwardConfirming)
			}
		})
	}
}

func TestForwardDialogCursorMessageGone(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	full := *m.queue.snapshot
	m = send(t, m, keyPress("f"), QueueSnapshotMsg{Snapshot: withoutMessages(full, "4jh2H4dFgyz6hJk")})
	text := screenText(m)
	for _, want := range []string{
		"Forward 0 messages through another relay (1 more left the queue)",
		"the chosen message left the queue, so there is nothing to forward",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("dialog lacks %q:\n%s", want, text)
		}
	}
	// y types into the recipients field; no prompt opens to send.
	m = send(t, m, keys("enter", "y")...)
	if m.forward == nil || m.forward.stage != forwardEditing {
		t.Errorf("the dialog left the fields with nothing queued")
	}
}

// sinkTaggedIDs are the queue IDs that sinkTaggedForwardModel gives the
// first three rows of the fixture queue. They are in the order of the
// snapshot, which is the order of sending: a deferred and a held message
// from shop@example.com, then a deferred one from news@example.com.
var sinkTaggedIDs = []string{"9D4A7E21C5", "8C2F1AD0B3", "7E996BE094"}

// sinkTaggedForwardModel returns the queue screen with the first three rows
// of the fixture queue tagged, each under a queue ID of sinkTaggedIDs with
// its queue file in the queue directory, and the relay "sink" that
// accepts every message. It also returns the snapshot it shows.
func sinkTaggedForwardModel(t *testing.T, lang string) (Model, *smtptest.Relay, sources.QueueSnapshot) {
	t.Helper()
	relay := smtptest.StartRelay(t, &smtptest.Relay{})
	relays := []config.Relay{{Name: "sink", Host: "127.0.0.1", Port: relay.Port, TLS: config.RelayTLSNone}}

	queueDir := t.TempDir()
	snap := fixtureQueue()
	snap.Dir = queueDir
	for i, fixtureID := range []string{forwardedQueueID, "4jh2G3cDfgz5Hjk", "4jh2H4dFgyz6hJk"} {
		j := slices.IndexFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == fixtureID })
		msg := &snap.Messages[j]
		msg.QueueID = sinkTaggedIDs[i]
		pending := pendingAddresses(*msg)
		writeQueueFileFrom(t, queueDir, msg.Queue, msg.QueueID[:1], msg.QueueID, msg.Arrival, msg.Sender, pending[0],
			"Subject: Notice "+msg.QueueID+"\nFrom: "+msg.Sender+"\n\nSee the order page.\n")
	}

	m := forwardModelWith(t, lang, &fakeBatch{}, relays, queueDir)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	m = send(t, m, keys("space", "space", "space")...)
	if n := len(m.queue.tags); n != 3 {
		t.Fatalf("tags = %d, want the first 3 rows", n)
	}
	return m, relay, snap
}

// receivedSubjects returns the Subject of each message relay received.
func receivedSubjects(relay *smtptest.Relay) []string {
	var subjects []string
	for _, msg := range relay.Received() {
		for line := range strings.SplitSeq(string(msg.Data), "\r\n") {
			if subject, ok := strings.CutPrefix(line, "Subject: "); ok {
				subjects = append(subjects, subject)
				break
			}
		}
	}
	return subjects
}

func TestForwardDialogFollowsQueueWhileSending(t *testing.T) {
	cases := []struct {
		lang, title, running, mark, summary string
	}{
		{
			"en",
			"Forward 2 messages through another relay (1 more left the queue)",
			"Sending 1 of 2…",
			"left the queue",
			"forward: 2 of 3 forwarded, 0 failed, 1 left the queue before sending",
		},
		{
			"ja",
			"2 件を別のリレーから転送（ほかに 1 件はすでにキューにない）",
			"2 件中 1 件目を送信しています…",
			"すでにキューにない",
			"転送: 3 件中 2 件を転送しました（失敗 0 件、送る前にキューから消えた 1 件）。",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m, relay, snap := sinkTaggedForwardModel(t, tc.lang)
			m = send(t, m, keys("f", "enter")...)
			if m.forward == nil || m.forward.stage != forwardConfirming {
				t.Fatalf("enter did not open the prompt; footer %q", m.result)
			}
			for i, target := range m.forward.targets {
				if target.QueueID != sinkTaggedIDs[i] {
					t.Fatalf("target %d = %s, want %s", i, target.QueueID, sinkTaggedIDs[i])
				}
			}

			// y starts the first message; the queue scan below comes before
			// its outcome. The first message left the queue while it is
			// sent, which a forward that deletes the original would do,
			// and the second before its turn.
			next, cmd := m.Update(keyPress("y"))
			m = next.(Model)
			if m.forward.stage != forwardRunning || cmd == nil {
				t.Fatalf("y did not start sending: stage %d", m.forward.stage)
			}
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(snap, sinkTaggedIDs[0], sinkTaggedIDs[1])})
			text := screenText(m)
			for _, want := range []string{tc.title, tc.running} {
				if !strings.Contains(text, want) {
					t.Errorf("dialog while sending lacks %q:\n%s", want, text)
				}
			}
			if !strings.Contains(m.result, tc.running) {
				t.Errorf("footer while sending = %q, want %q", m.result, tc.running)
			}
			for i, id := range sinkTaggedIDs {
				line := screenLineWith(text, id)
				if marked := strings.Contains(line, tc.mark); marked != (i == 1) {
					t.Errorf("line of %s marked as left = %t, want %t: %q", id, marked, i == 1, line)
				}
			}

			m = runCmd(t, m, cmd, 0)
			if m.forward.stage != forwardDone {
				t.Fatalf("stage = %d after the last outcome, want the results", m.forward.stage)
			}
			wantSubjects := []string{"Notice " + sinkTaggedIDs[0], "Notice " + sinkTaggedIDs[2]}
			if got := receivedSubjects(relay); !slices.Equal(got, wantSubjects) {
				t.Errorf("relay received %q, want %q: the message that left must not be sent", got, wantSubjects)
			}
			if len(m.forward.results) != 3 {
				t.Fatalf("results = %+v, want 3", m.forward.results)
			}
			skipped := m.forward.results[1]
			if !skipped.left || skipped.forwarded || skipped.err != "" {
				t.Errorf("outcome of the message that left = %+v, want it skipped as left, not failed", skipped)
			}
			if m.result != tc.summary || m.resultKind != resultOK {
				t.Errorf("footer = %q (kind %d), want %q", m.result, m.resultKind, tc.summary)
			}
		})
	}
}

// screenLineWith returns the first line of text that contains s, or "".
func screenLineWith(text, s string) string {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

func TestForwardDialogQueueFileGoneIsLeft(t *testing.T) {
	cases := []struct {
		lang, result, summary string
	}{
		{
			"en",
			"7E996BE094: left the queue before it was sent, so it was not forwarded",
			"forward: 7E996BE094 left the queue before it was sent, so nothing was forwarded",
		},
		{
			"ja",
			"7E996BE094: 送る前にキューからなくなったため、転送していません。",
			"転送: 7E996BE094 は送る前にキューからなくなったため、転送していません。",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m, relay := sinkForwardModel(t, tc.lang, &fakeBatch{})
			m = send(t, m, keys("f", "enter")...)
			// Delivered after the last scan: the scan still lists it.
			if err := os.Remove(filepath.Join(m.queue.snapshot.Dir, "deferred", "7", "7E996BE094")); err != nil {
				t.Fatal(err)
			}
			m = send(t, m, keyPress("y"))
			if n := len(relay.Received()); n != 0 {
				t.Errorf("relay received %d messages, want 0", n)
			}
			if len(m.forward.results) != 1 || !m.forward.results[0].left {
				t.Fatalf("results = %+v, want the message counted as left", m.forward.results)
			}
			if text := screenText(m); !strings.Contains(text, tc.result) {
				t.Errorf("dialog lacks %q:\n%s", tc.result, text)
			}
			if m.result != tc.summary || m.resultKind != resultInfo {
				t.Errorf("footer = %q (kind %d), want %q as information", m.result, m.resultKind, tc.summary)
			}
		})
	}
}

// A queue file that stopped parsing between the scan and the send is a
// failure worded in the screen's language.
func TestForwardDialogUnreadableFileJapanese(t *testing.T) {
	m, relay := sinkForwardModel(t, "ja", &fakeBatch{})
	m = send(t, m, keys("f", "enter")...)
	path := filepath.Join(m.queue.snapshot.Dir, "deferred", "7", "7E996BE094")
	if err := os.WriteFile(path, []byte("not a queue file\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, keyPress("y"))
	if n := len(relay.Received()); n != 0 {
		t.Errorf("relay received %d messages, want 0", n)
	}
	if len(m.forward.results) != 1 || m.forward.results[0].forwarded || m.forward.results[0].left {
		t.Fatalf("results = %+v, want one failure", m.forward.results)
	}
	text := screenText(m)
	if want := "7E996BE094: 転送できませんでした。元のメッセージは変えていません: キューファイル "; !strings.Contains(text, want) {
		t.Errorf("dialog lacks %q:\n%s", want, text)
	}
	if strings.Contains(text, "read queue file") {
		t.Errorf("Japanese dialog has the English reason:\n%s", text)
	}
}

func TestForwardDialogSummarySeparatesCounts(t *testing.T) {
	m, relay, snap := sinkTaggedForwardModel(t, "en")
	// The second message fails, because its queue file holds no message,
	// and the third left the queue after the dialog opened.
	if err := os.WriteFile(filepath.Join(snap.Dir, "hold", "8", sinkTaggedIDs[1]), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, keyPress("f"), QueueSnapshotMsg{Snapshot: withoutMessages(snap, sinkTaggedIDs[2])})
	m = send(t, m, keys("enter", "y")...)
	if n := len(relay.Received()); n != 1 {
		t.Errorf("relay received %d messages, want 1", n)
	}
	if want := "forward: 1 of 3 forwarded, 1 failed, 1 left the queue before sending"; m.result != want || m.resultKind != resultError {
		t.Errorf("footer = %q (kind %d), want %q as an error", m.result, m.resultKind, want)
	}
}

func TestForwardDialogChecksOnlyQueued(t *testing.T) {
	// noPending is the fixture queue with 4jh2G3cDfgz5Hjk delivered to
	// every recipient, so that it has no pending recipient.
	noPending := fixtureQueue()
	i := slices.IndexFunc(noPending.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == "4jh2G3cDfgz5Hjk" })
	noPending.Messages[i].Recipients = []sources.QueuedRecipient{{Address: "saburo@docomo.ne.jp", Done: true}}

	tests := []struct {
		name    string
		snap    sources.QueueSnapshot
		tag     []string // the rows to tag after the oldest
		leaving string
		problem string
	}{
		{"null sender", fixtureQueue(), []string{nullSenderID}, nullSenderID, "no envelope sender for " + nullSenderID},
		{"no pending recipient", noPending, []string{"4jh2G3cDfgz5Hjk"}, "4jh2G3cDfgz5Hjk", "4jh2G3cDfgz5Hjk has no pending recipient"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := forwardModel(t, "en", &fakeBatch{})
			tt.snap.Dir = m.queue.snapshot.Dir
			m = send(t, m, QueueSnapshotMsg{Snapshot: tt.snap}, keyPress("space"))
			for _, id := range tt.tag {
				m = selectQueueID(t, m, id)
				m = send(t, m, keyPress("space"))
			}
			m = send(t, m, keys("f", "enter")...)
			if m.forward.stage != forwardEditing || !strings.Contains(m.forward.problem, tt.problem) {
				t.Fatalf("stage %d, problem %q; want %q while %s is queued", m.forward.stage, m.forward.problem, tt.problem, tt.leaving)
			}

			without := withoutMessages(tt.snap, tt.leaving)
			m = send(t, m, QueueSnapshotMsg{Snapshot: without}, keyPress("enter"))
			if m.forward.stage != forwardConfirming {
				t.Errorf("stage = %d after %s left and enter, want the prompt; problem %q", m.forward.stage, tt.leaving, m.forward.problem)
			}

			// Back in the queue while the prompt is open: the prompt closes
			// and the fields show the problem again.
			m = send(t, m, QueueSnapshotMsg{Snapshot: tt.snap})
			if m.forward.stage != forwardEditing || !strings.Contains(m.forward.problem, tt.problem) {
				t.Errorf("stage %d, problem %q after %s came back; want the fields with %q", m.forward.stage, m.forward.problem, tt.leaving, tt.problem)
			}
		})
	}
}

func TestForwardPromptSenderOfQueued(t *testing.T) {
	// The oldest message is from news@, the held one after it from shop@.
	m := forwardModel(t, "en", &fakeBatch{})
	full := *m.queue.snapshot
	m = send(t, m, keys("space", "space", "f")...)
	m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, "4jh2G3cDfgz5Hjk")}, keyPress("enter"))
	if prompt := m.forwardPrompt(); !strings.Contains(prompt, "through provider (127.0.0.1:1) from news@example.com to") {
		t.Errorf("prompt = %q, want the sender of the one message still queued", prompt)
	}
}

func TestForwardDialogMarksLeftMessages(t *testing.T) {
	cases := []struct {
		lang, mark string
	}{
		{"en", "left the queue"},
		{"ja", "すでにキューにない"},
	}
	for _, tc := range cases {
		for _, width := range []int{100, 50} {
			t.Run(fmt.Sprintf("%s %d", tc.lang, width), func(t *testing.T) {
				m := forwardModel(t, tc.lang, &fakeBatch{})
				full := *m.queue.snapshot
				m = send(t, m, tea.WindowSizeMsg{Width: width, Height: 30})
				m = send(t, m, keys("space", "space", "space", "f")...)
				m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, forwardedQueueID)})
				text := screenText(m)
				for _, id := range []string{"4jh2H4dFgyz6hJk", "4jh2G3cDfgz5Hjk", forwardedQueueID} {
					line := screenLineWith(text, id)
					if line == "" {
						t.Fatalf("dialog lacks a line for %s:\n%s", id, text)
					}
					if marked := strings.HasSuffix(strings.TrimRight(line, " "), " "+tc.mark); marked != (id == forwardedQueueID) {
						t.Errorf("line of %s marked = %t: %q", id, marked, line)
					}
				}

				// The mark goes when the message is back.
				m = send(t, m, QueueSnapshotMsg{Snapshot: full})
				if line := screenLineWith(screenText(m), forwardedQueueID); strings.Contains(line, tc.mark) {
					t.Errorf("line of %s still marked after it came back: %q", forwardedQueueID, line)
				}
			})
		}
	}
}

// When the relay accepted some of several messages but the hold after it
// failed for one, the footer reports that failed hold.
func TestForwardDialogSeveralSummaryHoldFailed(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "forward: 2 of 3 forwarded, but the hold after it failed for 1; 1 failed, 0 left the queue before sending"},
		{"ja", "転送: 3 件中 2 件を転送しました（うち 1 件はその後の保留に失敗）。転送に失敗したのは 1 件、送る前にキューから消えたのは 0 件です。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m.forward = &forwardDialog{
				rescue: forward.Rescue{Then: forward.ThenHold},
				results: []forwardOutcome{
					{queueID: "7E996BE094", forwarded: true, then: forward.ThenHold},
					{queueID: "7E996BE095", forwarded: true, err: "postsuper: fatal: queue file not found"},
					{queueID: "7E996BE096", err: "relay refused the message"},
				},
			}
			m.finishForward()
			if m.result != tt.want {
				t.Errorf("footer = %q, want %q", m.result, tt.want)
			}
			if m.resultKind != resultError {
				t.Errorf("footer kind = %d, want an error", m.resultKind)
			}
		})
	}
}

// longAddressForwardModel returns forwardModel at 80x24, with the pending
// recipient of the cursor's message renamed to an address with a hyphen
// that takes most of a line.
func longAddressForwardModel(t *testing.T, lang string) Model {
	t.Helper()
	m := forwardModel(t, lang, &fakeBatch{})
	snap := fixtureQueue()
	snap.Dir = m.queue.snapshot.Dir
	i := slices.IndexFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == "4jh2H4dFgyz6hJk" })
	snap.Messages[i].Recipients[0].Address = "tempfail-pending@docomo.ne.jp"
	return send(t, m, QueueSnapshotMsg{Snapshot: snap}, tea.WindowSizeMsg{Width: 80, Height: 24})
}

func TestForwardDialogFitsAt80x24(t *testing.T) {
	const address = "tempfail-pending@docomo.ne.jp"
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := longAddressForwardModel(t, lang)
			m = send(t, m, keyPress("f"))
			if m.forward == nil {
				t.Fatalf("f did not open the dialog; footer %q", m.result)
			}
			screen := screenText(m)
			checkScreenShape(t, screen, 80, 24)
			lines := strings.Split(screen, "\n")
			targetLines := strings.Join(lines[headerHeight+1:headerHeight+3], "\n")
			for _, want := range []string{"4jh2H4dFgyz6hJk", "news@example.com", address} {
				if !strings.Contains(targetLines, want) {
					t.Errorf("message lines lack %q:\n%s", want, targetLines)
				}
			}

			// Every choice of the mode and then fields fits on its line.
			m = send(t, m, keys("tab", "tab", "tab")...)
			for range 2 {
				checkFieldLineWhole(t, m, m.c.l.T("forward.fieldMode"))
				m = send(t, m, keyPress("right"))
			}
			m = send(t, m, keyPress("tab"))
			for range 3 {
				checkFieldLineWhole(t, m, m.c.l.T("forward.fieldThen"))
				m = send(t, m, keyPress("right"))
			}
		})
	}
}

// checkFieldLineWhole checks that the dialog's field labelled label is not
// cut.
func checkFieldLineWhole(t *testing.T, m Model, label string) {
	t.Helper()
	for _, line := range strings.Split(screenText(m), "\n") {
		if !strings.HasPrefix(strings.TrimLeft(line, "> "), label+" ") {
			continue
		}
		if strings.Contains(line, ellipsis) || !strings.Contains(line, "›") {
			t.Errorf("field line is cut: %q", line)
		}
		return
	}
	t.Errorf("dialog has no field %q:\n%s", label, screenText(m))
}

func TestForwardConfirmKeepsAddressWhole(t *testing.T) {
	const address = "tempfail-pending@docomo.ne.jp"
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := longAddressForwardModel(t, lang)
			m = send(t, m, keys("f", "enter")...)
			if m.forward == nil || m.forward.stage != forwardConfirming {
				t.Fatalf("f and enter did not ask to confirm; footer %q", m.result)
			}
			screen := screenText(m)
			checkScreenShape(t, screen, 80, 24)
			prompt := screen[strings.Index(screen, m.c.l.T("forward.fieldThen")):]
			if strings.Count(prompt, address) != 1 {
				t.Errorf("confirmation does not show %s on one line:\n%s", address, prompt)
			}
		})
	}
}

// TestForwardPromptNamesRelayHost checks that the y/N prompt names the
// relay by its [[relay]] name and its host:port, as the reasons of
// mailtop forward do.
func TestForwardPromptNamesRelayHost(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"en", "through provider (127.0.0.1:1) from"},
		{"ja", "、provider（127.0.0.1:1）経由で転送し"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, keys("f", "enter")...)
			if prompt := m.forwardPrompt(); !strings.Contains(prompt, tt.want) {
				t.Errorf("prompt = %q, want %q", prompt, tt.want)
			}
		})
	}
}

// TestForwardPromptJapaneseThen checks how the Japanese prompt words the
// step for the original: keep says it stays in the queue as it is, while
// hold and delete happen once the relay accepted the message.
func TestForwardPromptJapaneseThen(t *testing.T) {
	tests := []struct {
		rights int // presses of right on the then field
		want   string
	}{
		{0, "、元のメッセージはキューにそのまま残します。よろしいですか？ [y/N]"},
		{1, "、リレーが受け付けたら元のメッセージを保留にします。よろしいですか？ [y/N]"},
		{2, "、リレーが受け付けたら元のメッセージを削除します。よろしいですか？ [y/N]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rights), func(t *testing.T) {
			m := forwardModel(t, "ja", &fakeBatch{})
			m = send(t, m, keys("f", "up")...)
			for range tt.rights {
				m = send(t, m, keyPress("right"))
			}
			m = send(t, m, keyPress("enter"))
			if prompt := m.forwardPrompt(); !strings.HasSuffix(prompt, tt.want) {
				t.Errorf("prompt = %q, want it to end in %q", prompt, tt.want)
			}
		})
	}
}

func TestForwardPromptJapanese(t *testing.T) {
	one := forwardModelWith(t, "ja", &fakeBatch{}, senderRelays, t.TempDir())
	one = send(t, one, keys("f", "enter")...)
	prompt := one.forwardPrompt()
	if !strings.HasPrefix(prompt, "1 件を差出人 news@example.com から") || !strings.Contains(prompt, "、provider（127.0.0.1:1）経由で転送し") {
		t.Errorf("prompt for one message = %q, want its sender and the relay in order", prompt)
	}
	if !strings.HasSuffix(prompt, "よろしいですか？ [y/N]") {
		t.Errorf("prompt for one message = %q, want it to end in よろしいですか？ [y/N]", prompt)
	}

	several := forwardModelWith(t, "ja", &fakeBatch{}, senderRelays, t.TempDir())
	several = send(t, several, keys("space", "space", "f", "enter")...)
	prompt = several.forwardPrompt()
	if !strings.HasPrefix(prompt, "2 件を元の差出人から未配送の宛先へ、provider（127.0.0.1:1）経由で転送し") {
		t.Errorf("prompt for two messages = %q, want each message's own sender and recipients worded as a route", prompt)
	}
	for _, prompt := range []string{one.forwardPrompt(), prompt} {
		if strings.Contains(prompt, "各メッセージ") || strings.Contains(prompt, "で 各") {
			t.Errorf("prompt = %q, puts a description where an address goes", prompt)
		}
	}
}

// withoutPort returns text with the port of every relay on 127.0.0.1
// replaced by PORT, since the test relays listen on ports the system picks.
func withoutPort(text string) string {
	return regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(text, "127.0.0.1:PORT")
}
