package actions

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// logFileFatal is the line Postfix 3.7.11 postsuper prints when Postfix is
// down and the mail_owner user may not open maillog_file.
const logFileFatal = "postsuper: fatal: open logfile '/var/log/postfix-out.log': cannot open file: Permission denied\n"

var errExit1 = errors.New("exit status 1")

func TestHoldLogFileFailureIsWarning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	audit, err := OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()
	runner := NewFakeRunner(FakeReply{Stdout: queueListing},
		FakeReply{Stderr: "postsuper: 7E996BE094: placed on hold\n" + logFileFatal, Err: errExit1})
	p := &Postfix{ConfigDir: "/etc/postfix-out", Runner: runner, Audit: audit}

	res, err := p.Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	if err != nil {
		t.Fatalf("Hold = %v, want no error: the message was placed on hold", err)
	}
	if res.Count != 1 {
		t.Errorf("Count = %d, want 1", res.Count)
	}
	var logErr *LogFileError
	if !errors.As(res.Warning, &logErr) || !errors.Is(res.Warning, ErrLogFile) {
		t.Fatalf("Warning = %v, want a *LogFileError", res.Warning)
	}
	if logErr.Path != "/var/log/postfix-out.log" || logErr.Reason != "cannot open file: Permission denied" || len(logErr.Unchanged) != 0 {
		t.Errorf("LogFileError = %+v", logErr)
	}
	english := res.Warning.Error()
	for _, want := range []string{"changed 1 of 1 messages", "/var/log/postfix-out.log", "Permission denied", "postfix -c /etc/postfix-out start"} {
		if !strings.Contains(english, want) {
			t.Errorf("warning %q lacks %q", english, want)
		}
	}
	japanese := l10n.New(l10n.Japanese).ErrorText(res.Warning)
	for _, want := range []string{"1 件中 1 件を変更しました", "/var/log/postfix-out.log", "postfix -c /etc/postfix-out start で Postfix を起動"} {
		if !strings.Contains(japanese, want) {
			t.Errorf("Japanese warning %q lacks %q", japanese, want)
		}
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var entry auditEntry
	if err := json.Unmarshal(data, &entry); err != nil {
		t.Fatalf("audit line %q: %v", data, err)
	}
	if entry.Count != 1 || entry.Error != "" || !strings.Contains(entry.Warning, "/var/log/postfix-out.log") {
		t.Errorf("audit entry = %+v, want count 1, no error and the warning", entry)
	}
}

func TestHoldManyStoppedByLogFile(t *testing.T) {
	// postsuper dies on its first log line, so it changes only the first
	// message.
	runner := NewFakeRunner(FakeReply{Stdout: batchListing},
		FakeReply{Stderr: "postsuper: 7E996BE094: placed on hold\n" + logFileFatal, Err: errExit1})
	p := &Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}

	res, err := p.HoldMany(context.Background(), batchTargets())
	var logErr *LogFileError
	if !errors.As(err, &logErr) || errors.Is(err, ErrNotQueued) {
		t.Fatalf("HoldMany = %v, want a *LogFileError and not ErrNotQueued", err)
	}
	if res.Count != 1 || res.Warning != nil {
		t.Errorf("Result = %+v, want Count 1 and no warning", res)
	}
	if want := []string{"8A1B2C3D4E", "9F8E7D6C5B"}; !slices.Equal(logErr.Unchanged, want) {
		t.Errorf("Unchanged = %v, want %v", logErr.Unchanged, want)
	}
	for _, want := range []string{"changed 1 of 3 messages, then stopped", "queue IDs 8A1B2C3D4E, 9F8E7D6C5B are unchanged", "postfix -c /etc/postfix-out start"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if got := l10n.New(l10n.Japanese).ErrorText(err); !strings.Contains(got, "3 件中 1 件を変更したところで止まり、") {
		t.Errorf("Japanese error %q does not say postsuper stopped after 1 of 3", got)
	}
}

func TestRequeueManyLogFileAllChanged(t *testing.T) {
	stderr := "postsuper: 7E996BE094: requeued\npostsuper: 8A1B2C3D4E: requeued\npostsuper: 9F8E7D6C5B: requeued\n" + logFileFatal
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: stderr, Err: errExit1})
	res, err := (&Postfix{Runner: runner}).RequeueMany(context.Background(), batchTargets())
	if err != nil {
		t.Fatalf("RequeueMany = %v, want no error", err)
	}
	if res.Count != 3 || !errors.Is(res.Warning, ErrLogFile) {
		t.Errorf("Result = %+v, want Count 3 and the log file warning", res)
	}
	if !strings.Contains(res.Warning.Error(), "systemctl start postfix") {
		t.Errorf("warning %q does not name the start command of the default instance", res.Warning)
	}
}

func TestDeleteLogFileBeforeAnyChange(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stdout: queueListing}, FakeReply{Stderr: logFileFatal, Err: errExit1})
	res, err := (&Postfix{Runner: runner}).Delete(context.Background(), "C060AB8036", "", time.Unix(1796418192, 0))
	if !errors.Is(err, ErrLogFile) {
		t.Fatalf("Delete = %v, want ErrLogFile", err)
	}
	if res.Count != 0 || res.Warning != nil {
		t.Errorf("Result = %+v, want nothing changed and no warning", res)
	}
	if !strings.Contains(err.Error(), "queue ID C060AB8036 is unchanged") {
		t.Errorf("error %q does not name the unchanged message", err)
	}
}

func TestOtherFatalStaysFailure(t *testing.T) {
	stderr := "postsuper: fatal: use of this command is reserved for the superuser\n"
	runner := NewFakeRunner(FakeReply{Stdout: queueListing}, FakeReply{Stderr: stderr, Err: errExit1})
	res, err := (&Postfix{Runner: runner}).Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	var cmdErr *CommandError
	if !errors.As(err, &cmdErr) || errors.Is(err, ErrLogFile) {
		t.Fatalf("Hold = %v, want a *CommandError without ErrLogFile", err)
	}
	if res.Count != 0 || res.Warning != nil {
		t.Errorf("Result = %+v", res)
	}
}

func TestWithoutLogFileFailure(t *testing.T) {
	output := "postsuper: 249A5BA093: placed on hold\n" +
		"postsuper: fatal: open logfile '/var/log/postfix.log': cannot open file: Permission denied"
	if got, want := WithoutLogFileFailure(output), "postsuper: 249A5BA093: placed on hold"; got != want {
		t.Errorf("WithoutLogFileFailure = %q, want %q", got, want)
	}
	other := "postsuper: Placed on hold: 1 message"
	if got := WithoutLogFileFailure(other); got != other {
		t.Errorf("WithoutLogFileFailure(%q) = %q, want it unchanged", other, got)
	}
}
