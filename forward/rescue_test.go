package forward

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// capturedQueueID is the queue file in ../testdata/queue that a private
// Postfix wrote: sender tester@mx.example.com, one pending recipient
// tempfail2@docomo.ne.jp among three.
const capturedQueueID = "7E996BE094"

// copyQueue copies the captured queue file into a deferred queue under a
// temporary directory and returns that directory and the message.
func copyQueue(t *testing.T) (string, Queued) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "queue", capturedQueueID))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "deferred", capturedQueueID[:1], capturedQueueID)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	queued, err := ReadQueued(dir, capturedQueueID)
	if err != nil {
		t.Fatal(err)
	}
	return dir, queued
}

// fakeActor records the batch actions asked of it and changes every
// target.
type fakeActor struct {
	actions.BatchController // nil: any other method panics
	mu                      sync.Mutex
	calls                   []string
	targets                 []actions.Target
}

func (f *fakeActor) act(name string, targets []actions.Target) (actions.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, name)
	f.targets = append(f.targets, targets...)
	return actions.Result{Count: len(targets)}, nil
}

func (f *fakeActor) HoldMany(_ context.Context, targets []actions.Target) (actions.Result, error) {
	return f.act("hold", targets)
}

func (f *fakeActor) DeleteMany(_ context.Context, targets []actions.Target) (actions.Result, error) {
	return f.act("delete", targets)
}

func openTestAudit(t *testing.T) (*actions.Audit, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.log")
	audit, err := actions.OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { audit.Close() })
	return audit, path
}

// auditLines returns the decoded lines of the audit log at path.
func auditLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		lines = append(lines, entry)
	}
	return lines
}

func rescueFor(t *testing.T, port int, queueDir string, then Then, actor actions.BatchController) (Rescue, string) {
	t.Helper()
	audit, path := openTestAudit(t)
	return Rescue{
		QueueDir: queueDir,
		Relay:    config.Relay{Name: "test", Host: "127.0.0.1", Port: port, TLS: config.RelayTLSNone},
		Mode:     ModeResend,
		Then:     then,
		Now:      func() time.Time { return forwardDate },
		Audit:    audit,
		Actor:    actor,
		Timeout:  10 * time.Second,
	}, path
}

func targetOfQueued(q Queued) actions.Target {
	return actions.Target{ID: q.ID, Queue: q.Queue, Sender: q.Sender, Arrival: q.Arrival}
}

func TestRescueDeletesAfterAcceptance(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	port := server.Port
	dir, queued := copyQueue(t)
	actor := &fakeActor{}
	rescue, auditPath := rescueFor(t, port, dir, ThenDelete, actor)

	outcomes := rescue.Run(context.Background(), []actions.Target{targetOfQueued(queued)})
	if len(outcomes) != 1 || outcomes[0].Err != nil || !outcomes[0].Forwarded {
		t.Fatalf("outcomes = %+v, want one forwarded message", outcomes)
	}
	if outcomes[0].Then != ThenDelete {
		t.Errorf("Then = %s, want delete", outcomes[0].Then)
	}
	if want := []string{"tempfail2@docomo.ne.jp"}; !slices.Equal(outcomes[0].Recipients, want) {
		t.Errorf("Recipients = %v, want %v", outcomes[0].Recipients, want)
	}
	got := server.Received()
	if len(got) != 1 || strings.Join(got[0].To, ",") != "tempfail2@docomo.ne.jp" || got[0].From != "tester@mx.example.com" {
		t.Fatalf("relay received %+v, want one message from tester@mx.example.com to tempfail2@docomo.ne.jp", got)
	}
	if len(actor.calls) != 1 || actor.calls[0] != "delete" {
		t.Fatalf("actor calls = %v, want one delete", actor.calls)
	}
	if target := actor.targets[0]; target.ID != capturedQueueID || target.Queue != "" || !target.Arrival.Equal(queued.Arrival) {
		t.Errorf("delete target = %+v, want the ID and arrival without a queue", target)
	}
	lines := auditLines(t, auditPath)
	if len(lines) != 1 || lines[0]["action"] != "forward" || lines[0]["count"] != 1.0 {
		t.Fatalf("audit = %v, want one successful forward line", lines)
	}
	if output, _ := lines[0]["output"].(string); !strings.Contains(output, "tempfail2@docomo.ne.jp") || !strings.Contains(output, "250") {
		t.Errorf("audit output %q lacks the recipient or the reply", output)
	}
}

func TestRescueFailureLeavesOriginal(t *testing.T) {
	tests := []struct {
		name      string
		server    *smtptest.Relay
		mutate    func(*Rescue, *actions.Target)
		want      string
		notQueued bool // the listed message left the queue
	}{
		{"451 at DATA", &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}}, nil, "451", false},
		{"554 at DATA", &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected"}}, nil, "554", false},
		{"recipient refused", &smtptest.Relay{RejectRecipient: "tempfail2@docomo.ne.jp"}, nil, "550", false},
		{"queue ID reused", &smtptest.Relay{}, func(_ *Rescue, target *actions.Target) {
			target.Arrival = target.Arrival.Add(-time.Hour)
		}, "changed since it was listed", true},
		{"delete loses a recipient", &smtptest.Relay{}, func(r *Rescue, _ *actions.Target) {
			r.To = []string{"other@example.jp"}
		}, "tempfail2@docomo.ne.jp", false},
		{"password file missing", &smtptest.Relay{}, func(r *Rescue, _ *actions.Target) {
			r.Relay.Auth, r.Relay.Username, r.Relay.PasswordFile = "plain", "shop", "/nonexistent/mailtop-pass"
		}, "password_file", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := smtptest.StartRelay(t, tt.server).Port
			dir, queued := copyQueue(t)
			actor := &fakeActor{}
			rescue, auditPath := rescueFor(t, port, dir, ThenDelete, actor)
			target := targetOfQueued(queued)
			if tt.mutate != nil {
				tt.mutate(&rescue, &target)
			}

			outcomes := rescue.Run(context.Background(), []actions.Target{target})
			if len(outcomes) != 1 || outcomes[0].Err == nil || outcomes[0].Forwarded {
				t.Fatalf("outcomes = %+v, want one failure", outcomes)
			}
			if !strings.Contains(outcomes[0].Err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", outcomes[0].Err, tt.want)
			}
			if outcomes[0].NotQueued != tt.notQueued {
				t.Errorf("NotQueued = %t, want %t", outcomes[0].NotQueued, tt.notQueued)
			}
			if outcomes[0].Then != ThenKeep {
				t.Errorf("Then = %s after a failure, want keep", outcomes[0].Then)
			}
			if len(actor.calls) != 0 {
				t.Errorf("actor calls = %v after a failure, want none", actor.calls)
			}
			if n := len(tt.server.Received()); n != 0 {
				t.Errorf("relay accepted %d messages, want 0", n)
			}
			if _, err := ReadQueued(dir, capturedQueueID); err != nil {
				t.Errorf("original after the failure: %v", err)
			}
			lines := auditLines(t, auditPath)
			if len(lines) != 1 || lines[0]["action"] != "forward" || lines[0]["error"] == nil {
				t.Errorf("audit = %v, want one forward line with the error", lines)
			}
		})
	}
}

func TestRescueMessageGone(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	port := server.Port
	dir, queued := copyQueue(t)
	if err := os.RemoveAll(filepath.Join(dir, "deferred")); err != nil {
		t.Fatal(err)
	}
	rescue, _ := rescueFor(t, port, dir, ThenKeep, nil)

	outcomes := rescue.Run(context.Background(), []actions.Target{targetOfQueued(queued)})
	if len(outcomes) != 1 || !errors.Is(outcomes[0].Err, ErrNotQueued) {
		t.Fatalf("outcomes = %+v, want ErrNotQueued", outcomes)
	}
	if !outcomes[0].NotQueued {
		t.Error("NotQueued is not set for a message without a queue file")
	}
	if n := len(server.Received()); n != 0 {
		t.Errorf("relay received %d messages, want 0", n)
	}
}

func TestReadQueuedBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadQueued(dir, "../etc/passwd"); err == nil || !strings.Contains(err.Error(), "invalid queue ID") {
		t.Errorf("path as queue ID: error = %v, want invalid queue ID", err)
	}
	path := filepath.Join(dir, "deferred", "A", "ABCDEF1234")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("\x00\x01garbage that is no queue file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadQueued(dir, "ABCDEF1234"); err == nil || errors.Is(err, ErrNotQueued) {
		t.Errorf("garbage queue file: error = %v, want a read error", err)
	}
	if _, err := ReadQueued(dir, "BBCDEF1234"); !errors.Is(err, ErrNotQueued) {
		t.Errorf("missing queue file: error = %v, want ErrNotQueued", err)
	}
}

func TestRescueAuditEnvelopeSender(t *testing.T) {
	tests := []struct {
		name           string
		envelopeSender string
		want           string
	}{
		{"original sender", "", "tester@mx.example.com"},
		{"typed sender", "ops@example.jp", "ops@example.jp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := smtptest.StartRelay(t, &smtptest.Relay{})
			dir, queued := copyQueue(t)
			rescue, auditPath := rescueFor(t, server.Port, dir, ThenKeep, &fakeActor{})
			rescue.Relay.EnvelopeSender = tt.envelopeSender

			outcomes := rescue.Run(context.Background(), []actions.Target{targetOfQueued(queued)})
			if len(outcomes) != 1 || !outcomes[0].Forwarded {
				t.Fatalf("outcomes = %+v, want one forwarded message", outcomes)
			}
			lines := auditLines(t, auditPath)
			if len(lines) != 1 {
				t.Fatalf("audit = %v, want one forward line", lines)
			}
			if got := lines[0]["envelope_sender"]; got != tt.want {
				t.Errorf("audit envelope_sender = %#v, want %q", got, tt.want)
			}
		})
	}
}

func TestRescueRecordLeft(t *testing.T) {
	rescue, auditPath := rescueFor(t, 1, t.TempDir(), ThenDelete, &fakeActor{})
	// A password file that does not exist shows that no password is read.
	rescue.Relay.Auth, rescue.Relay.Username, rescue.Relay.PasswordFile = "plain", "shop", "/nonexistent/mailtop-pass"
	target := actions.Target{ID: capturedQueueID, Queue: "deferred", Sender: "tester@mx.example.com"}

	if err := rescue.RecordLeft(target, []string{"tempfail2@docomo.ne.jp"}); err != nil {
		t.Fatalf("RecordLeft: %v", err)
	}
	lines := auditLines(t, auditPath)
	if len(lines) != 1 {
		t.Fatalf("audit = %v, want one line", lines)
	}
	line := lines[0]
	if line["action"] != "forward" {
		t.Errorf("action = %v, want forward", line["action"])
	}
	if ids, _ := line["queue_ids"].([]any); len(ids) != 1 || ids[0] != capturedQueueID {
		t.Errorf("queue_ids = %v, want [%s]", line["queue_ids"], capturedQueueID)
	}
	if line["count"] != 0.0 {
		t.Errorf("count = %v, want 0", line["count"])
	}
	if line["error"] != ErrLeftBeforeTurn.Error() {
		t.Errorf("error = %v, want %q", line["error"], ErrLeftBeforeTurn)
	}
	if line["envelope_sender"] != "tester@mx.example.com" {
		t.Errorf("envelope_sender = %v, want the original's sender", line["envelope_sender"])
	}
	if want := "via test (127.0.0.1:1) to tempfail2@docomo.ne.jp"; line["output"] != want {
		t.Errorf("output = %v, want %q", line["output"], want)
	}
}
