package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// TestQueueActionsLogFileUnwritable runs queue actions on a stopped
// instance whose main.cf sets maillog_file. postsuper then writes that
// file itself after switching to the postfix user, fails to open it and
// exits 1 after printing the line for the first message it changed.
// It needs root and Postfix.
func TestQueueActionsLogFileUnwritable(t *testing.T) {
	instance := postfixtest.NewStopped(t, postfixtest.Config{})
	for id, name := range map[string]string{"249A5BA093": "deferred-short-done-recipient", "3A839BA09B": "pointer-records"} {
		if _, err := instance.CopyQueueFile(filepath.Join("testdata/queue/real", name), "deferred", id, true); err != nil {
			t.Fatal(err)
		}
	}
	bin := buildBinary(t, "test")
	dir := instance.ConfigDir()
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	common := []string{"-c", dir, "--audit-log", auditPath}

	stdout, stderr, status := runWithEnv(t, bin, englishLocale, append([]string{"queue", "hold", "249A5BA093"}, common...)...)
	if status != 0 {
		t.Errorf("hold: exit status %d, want 0: the message was placed on hold", status)
	}
	if want := "hold: 1 of 1 message changed"; !strings.Contains(stdout, want) {
		t.Errorf("hold: stdout lacks %q:\n%s", want, stdout)
	}
	for _, want := range []string{"mailtop: warning: postsuper -h changed 1 of 1 messages, but Postfix's log lacks the change", instance.LogPath(), "postfix -c " + dir + " start"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("hold: stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "failed") {
		t.Errorf("hold: stderr reports a failure:\n%s", stderr)
	}
	// mailtop's warning explains postsuper's fatal line, which only the
	// audit log keeps.
	if strings.Contains(stdout+stderr, "postsuper: fatal:") {
		t.Errorf("hold: output passes on postsuper's fatal line:\n%s\n%s", stdout, stderr)
	}
	if want := "postsuper: 249A5BA093: placed on hold"; !strings.Contains(stdout, want) {
		t.Errorf("hold: stdout lacks %q:\n%s", want, stdout)
	}
	if _, err := os.Stat(filepath.Join(instance.QueueDir(), "hold", "249A5BA093")); err != nil {
		t.Errorf("hold: the message is not on hold: %v", err)
	}

	stdout, stderr, status = runWithEnv(t, bin, japaneseLocale, append([]string{"queue", "release", "249A5BA093"}, common...)...)
	if status != 0 {
		t.Errorf("Japanese release: exit status %d, want 0", status)
	}
	if want := "1 件中 1 件を変更しました"; !strings.Contains(stdout, want) {
		t.Errorf("Japanese release: stdout lacks %q:\n%s", want, stdout)
	}
	for _, want := range []string{"mailtop: warning: postsuper -H は 1 件中 1 件を変更しましたが、Postfix のログにはこの変更が残りません。", "ログファイル " + instance.LogPath() + " に直接書き込みます"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("Japanese release: stderr lacks %q:\n%s", want, stderr)
		}
	}

	// postsuper stops at its first log line, so it deletes one of two.
	stdout, stderr, status = runWithEnv(t, bin, englishLocale, append([]string{"queue", "delete", "--all", "--yes"}, common...)...)
	if status != 1 {
		t.Errorf("delete: exit status %d, want 1: one message is still queued", status)
	}
	if want := "delete: 1 of 2 messages changed"; !strings.Contains(stdout, want) {
		t.Errorf("delete: stdout lacks %q:\n%s", want, stdout)
	}
	for _, want := range []string{"changed 1 of 2 messages, then stopped", "is unchanged", "postfix -c " + dir + " start"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("delete: stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stdout, "postsuper: fatal:") {
		t.Errorf("delete: stdout passes on postsuper's fatal line:\n%s", stdout)
	}

	data, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 {
		t.Fatalf("audit log has %d lines, want 3:\n%s", len(lines), data)
	}
	for i, want := range []struct {
		count      int
		warning    bool
		errorValue bool
	}{{1, true, false}, {1, true, false}, {1, false, true}} {
		var entry struct {
			Count   int    `json:"count"`
			Warning string `json:"warning"`
			Error   string `json:"error"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &entry); err != nil {
			t.Fatalf("audit line %d: %v", i+1, err)
		}
		if entry.Count != want.count || (entry.Warning != "") != want.warning || (entry.Error != "") != want.errorValue {
			t.Errorf("audit line %d = %s, want count %d, warning %v, error %v", i+1, lines[i], want.count, want.warning, want.errorValue)
		}
		if !strings.Contains(lines[i], "fatal: open logfile") {
			t.Errorf("audit line %d lacks postsuper's fatal line: %s", i+1, lines[i])
		}
	}
}

// TestForwardThenHoldLogFileUnwritable forwards a message of a stopped
// instance that sets maillog_file, with --then hold. The hold succeeds but
// postsuper cannot write Postfix's log file, and forward prints the same
// warning as mailtop queue hold. It needs root and Postfix.
func TestForwardThenHoldLogFileUnwritable(t *testing.T) {
	instance := postfixtest.NewStopped(t, postfixtest.Config{})
	const id = "249A5BA093"
	if _, err := instance.CopyQueueFile(filepath.Join("testdata/queue/real", "deferred-short-done-recipient"), "deferred", id, true); err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t, "test")
	dir := instance.ConfigDir()
	via := startSMTPSink(t, &smtptest.Relay{})
	config := writeConfig(t, "# defaults\n")
	auditPath := filepath.Join(t.TempDir(), "audit.log")

	stdout, stderr, status := runWithEnv(t, bin, englishLocale, "forward", id, "--via", via, "--then", "hold",
		"-c", dir, "--config", config, "--audit-log", auditPath)
	if status != 0 {
		t.Errorf("exit status %d, want 0: the message was forwarded and placed on hold\n%s\n%s", status, stdout, stderr)
	}
	for _, want := range []string{"mailtop: warning: postsuper -h changed 1 of 1 messages, but Postfix's log lacks the change", instance.LogPath(), "postfix -c " + dir + " start"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(instance.QueueDir(), "hold", id)); err != nil {
		t.Errorf("the original is not on hold: %v", err)
	}
}
