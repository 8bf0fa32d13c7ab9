package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/sources"
)

// testRelays are two relays on a loopback port where nothing listens.
var testRelays = []config.Relay{
	{Name: "provider", Host: "127.0.0.1", Port: 1, TLS: config.RelayTLSNone},
	{Name: "backup", Host: "127.0.0.1", Port: 2, TLS: config.RelayTLSNone},
}

// forwardModel returns the queue screen with the fixture queue and the
// test relays, the cursor on the oldest message (ichiro@ezweb.ne.jp).
func forwardModel(t *testing.T, lang string, batch *fakeBatch) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = batch
	opts.QueueContent = readFixtureContent
	opts.Relays = testRelays
	m := newScreen(t, opts, 100, 30)
	snap := fixtureQueue()
	// No queue file is there, so a forward fails before connecting.
	snap.Dir = t.TempDir()
	return send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
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
	for _, want := range []string{"Forward 1 message(s)", "4jh2H4dEfg6hIjk (deferred) from news@example.com", "‹ provider (127.0.0.1:1, tls none) ›", "‹ keep the original queued ›"} {
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
		{"no relay", func(o *Options, _ *sources.QueueSnapshot) { o.Relays = nil }, "no [[relay]] in the config file"},
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

func TestForwardDialogDeleteNeedsPending(t *testing.T) {
	m := forwardModel(t, "en", &fakeBatch{})
	m = send(t, m, keyPress("f"), ctrlU)
	m = send(t, m, typeKeys("other@example.jp")...)
	m = send(t, m, keys("down", "down", "down", "right", "right", "enter")...)
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
	if m.forward.stage != forwardEditing || !strings.Contains(m.forward.problem, "nobody is not a mail address") {
		t.Errorf("stage %d, problem %q; want the address rejected", m.forward.stage, m.forward.problem)
	}
	m = send(t, m, ctrlU, keyPress("enter"))
	if m.forward.stage != forwardConfirming {
		t.Errorf("an empty field with pending recipients did not open the prompt: %q", m.forward.problem)
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
	for _, want := range []string{"Forward 2 message(s) through backup", "each message's pending recipients", "[y/N]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("prompt lacks %q:\n%s", want, screen)
		}
	}
}

func TestForwardDialogFailureKeepsOriginal(t *testing.T) {
	batch := &fakeBatch{}
	m := forwardModel(t, "en", batch)
	m = send(t, m, keys("f", "down", "down", "down", "right", "enter", "y")...)
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
	if !strings.Contains(m.result, "forward: 0 of 1 forwarded") || m.resultKind != resultError {
		t.Errorf("footer = %q (kind %d), want the summary as an error", m.result, m.resultKind)
	}
	m = send(t, m, keyPress("esc"))
	if m.forward != nil {
		t.Error("esc did not close the dialog after the results")
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
	for _, want := range []string{"1 通を別のリレーから転送", "宛先", "元のメッセージをキューに残す", "[y/N]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("Japanese dialog lacks %q:\n%s", want, screen)
		}
	}
}
