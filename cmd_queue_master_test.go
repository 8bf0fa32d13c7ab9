package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// stoppedSnapshot is queueTestSnapshot of an instance whose master
// process does not run.
func stoppedSnapshot() sources.QueueSnapshot {
	snap := queueTestSnapshot()
	snap.ConfigDir = "/etc/postfix-out"
	snap.Master = sources.MasterStopped
	return snap
}

func TestQueueTextPostfixStopped(t *testing.T) {
	for _, tc := range []struct {
		lang            string
		retry, stopLine string
	}{
		{l10n.English, "19:50:10 (Postfix stopped)", "Postfix is not running, so no message is delivered or retried until it starts: postfix -c /etc/postfix-out start"},
		{l10n.Japanese, "19:50:10（Postfix 停止中）", "Postfix が停止しているため、起動するまでメッセージは配送も再送もされません。起動: postfix -c /etc/postfix-out start"},
	} {
		var out bytes.Buffer
		if err := writeQueueText(&out, stoppedSnapshot(), queueTestNow, time.UTC, l10n.New(tc.lang), nil); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		if !strings.Contains(text, tc.retry) {
			t.Errorf("%s: the retry time lacks %q:\n%s", tc.lang, tc.retry, text)
		}
		if strings.Contains(text, "(10s)") {
			t.Errorf("%s: the listing counts down to a retry that will not come:\n%s", tc.lang, text)
		}
		if !strings.Contains(text, "\n"+tc.stopLine+"\n") {
			t.Errorf("%s: the listing lacks the line %q:\n%s", tc.lang, tc.stopLine, text)
		}
	}
}

func TestQueueTextPostfixStoppedDue(t *testing.T) {
	snap := stoppedSnapshot()
	snap.Messages[1].NextRetry = queueTestNow.Add(-time.Minute)
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "due (Postfix stopped)") {
		t.Errorf("a retry past due lacks (Postfix stopped):\n%s", out.String())
	}

	out.Reset()
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.Japanese), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "予定時刻経過（Postfix 停止中）") {
		t.Errorf("Japanese: a retry past due lacks 予定時刻経過（Postfix 停止中）:\n%s", out.String())
	}
}

func TestQueueTextDefaultInstanceStopped(t *testing.T) {
	snap := stoppedSnapshot()
	snap.ConfigDir = ""
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "until it starts: systemctl start postfix\n") {
		t.Errorf("the line lacks the start command of the default instance:\n%s", out.String())
	}
}

func TestQueueTextPostfixRunning(t *testing.T) {
	for _, state := range []sources.MasterState{sources.MasterRunning, sources.MasterUnknown} {
		snap := queueTestSnapshot()
		snap.Master = state
		var out bytes.Buffer
		if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		if !strings.Contains(text, "19:50:10 (10s)") {
			t.Errorf("%v: the retry time lacks its countdown:\n%s", state, text)
		}
		if strings.Contains(text, "Postfix is not running") || strings.Contains(text, "Postfix stopped") {
			t.Errorf("%v: the listing says Postfix is stopped:\n%s", state, text)
		}
	}
}

func TestQueueJSONPostfixRunning(t *testing.T) {
	for _, tc := range []struct {
		state sources.MasterState
		want  any
	}{
		{sources.MasterRunning, true},
		{sources.MasterStopped, false},
		{sources.MasterUnknown, nil},
	} {
		snap := queueTestSnapshot()
		snap.Master = tc.state
		var out bytes.Buffer
		if err := writeQueueJSON(&out, snap, "", queueTestNow, nil); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("output is not one JSON document: %v\n%s", err, out.String())
		}
		got, present := doc["postfix_running"]
		if !present {
			t.Errorf("%v: postfix_running is missing", tc.state)
		}
		if got != tc.want {
			t.Errorf("%v: postfix_running = %#v, want %#v", tc.state, got, tc.want)
		}
	}
}

func TestQueueHelpDocumentsPostfixRunning(t *testing.T) {
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		if long := l10n.New(lang).T("cli.queue.long"); !strings.Contains(long, `"postfix_running"`) {
			t.Errorf("%s: cli.queue.long lacks postfix_running", lang)
		}
	}
}
