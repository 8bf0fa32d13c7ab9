package actions

import (
	"bufio"
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
)

// readAudit returns the decoded lines of an audit log.
func readAudit(t *testing.T, path string) []map[string]any {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatalf("open audit log: %v", err)
	}
	defer file.Close()
	var entries []map[string]any
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		var entry map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &entry); err != nil {
			t.Fatalf("audit line %q is not JSON: %v", scanner.Text(), err)
		}
		entries = append(entries, entry)
	}
	if err := scanner.Err(); err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return entries
}

func TestAuditRecordsSuccessAndFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "mailtop", "audit.log")
	audit, err := OpenAudit(path)
	if err != nil {
		t.Fatalf("OpenAudit: %v", err)
	}
	defer audit.Close()

	runner := NewFakeRunner(
		FakeReply{Stdout: queueListing},
		FakeReply{Stderr: "postsuper: 7E996BE094: placed on hold\npostsuper: Placed on hold: 1 message\n"},
		FakeReply{Stdout: ""},
	)
	p := &Postfix{Runner: runner, Audit: audit}
	if _, err := p.Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival); err != nil {
		t.Fatalf("Hold: %v", err)
	}
	if _, err := p.Delete(context.Background(), "ABCDEF1234", "tester@mx.example.com", arrival); !errors.Is(err, ErrChanged) {
		t.Fatalf("Delete of a message not queued: %v, want ErrChanged", err)
	}
	if _, err := p.Requeue(context.Background(), "ALL", "", time.Time{}); !errors.Is(err, ErrInvalidQueueID) {
		t.Fatalf("Requeue(ALL): %v, want ErrInvalidQueueID", err)
	}

	entries := readAudit(t, path)
	if len(entries) != 3 {
		t.Fatalf("audit has %d lines, want 3 (one per call)", len(entries))
	}

	hold := entries[0]
	if hold["action"] != "hold" || hold["count"] != 1.0 || hold["error"] != nil {
		t.Errorf("hold entry = %v", hold)
	}
	if ids, _ := hold["queue_ids"].([]any); len(ids) != 1 || ids[0] != "7E996BE094" {
		t.Errorf("hold queue_ids = %v", hold["queue_ids"])
	}
	var argv []string
	for _, a := range hold["argv"].([]any) {
		argv = append(argv, a.(string))
	}
	if !slices.Equal(argv, []string{"postsuper", "-h", "-"}) {
		t.Errorf("hold argv = %v", argv)
	}
	if !strings.Contains(hold["output"].(string), "Placed on hold: 1 message") {
		t.Errorf("hold output = %v", hold["output"])
	}
	if _, err := time.Parse(time.RFC3339, hold["time"].(string)); err != nil {
		t.Errorf("hold time %v is not RFC 3339: %v", hold["time"], err)
	}
	if user, _ := hold["user"].(string); user == "" {
		t.Errorf("hold entry has no user: %v", hold)
	}
	if _, ok := hold["envelope_sender"]; ok {
		t.Errorf("hold entry has an envelope_sender, which only a forward has: %v", hold)
	}

	deleted := entries[1]
	if deleted["action"] != "delete" || !strings.Contains(deleted["error"].(string), "not in the queue") || deleted["argv"] != nil {
		t.Errorf("failed delete entry = %v", deleted)
	}
	if entries[2]["action"] != "requeue" || !strings.Contains(entries[2]["error"].(string), "invalid queue ID") {
		t.Errorf("invalid ID entry = %v", entries[2])
	}
}

func TestAuditFileMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mailtop")
	path := filepath.Join(dir, "audit.log")
	audit, err := OpenAudit(path)
	if err != nil {
		t.Fatalf("OpenAudit: %v", err)
	}
	defer audit.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("audit file mode = %o, want 600", mode)
	}
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := dirInfo.Mode().Perm(); mode != 0o700 {
		t.Errorf("audit directory mode = %o, want 700", mode)
	}
	if audit.Path() != path {
		t.Errorf("Path() = %q, want %q", audit.Path(), path)
	}
}

func TestAuditAppendsAcrossOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	for i := 0; i < 2; i++ {
		audit, err := OpenAudit(path)
		if err != nil {
			t.Fatalf("OpenAudit: %v", err)
		}
		if err := audit.Record(Result{Action: ActionRelease, QueueIDs: []string{"75D57BE091"}}, nil); err != nil {
			t.Fatalf("Record: %v", err)
		}
		audit.Close()
	}
	if n := len(readAudit(t, path)); n != 2 {
		t.Errorf("audit has %d lines after two opens, want 2", n)
	}
}

func TestAuditConcurrentRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	audit, err := OpenAudit(path)
	if err != nil {
		t.Fatalf("OpenAudit: %v", err)
	}
	defer audit.Close()

	const writers, perWriter = 8, 50
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				res := Result{Action: ActionHold, QueueIDs: []string{"7E996BE094"}, Output: strings.Repeat("x", 5000)}
				if err := audit.Record(res, nil); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(readAudit(t, path)); n != writers*perWriter {
		t.Errorf("audit has %d lines, want %d", n, writers*perWriter)
	}
}

func TestAuditNilAndClosed(t *testing.T) {
	var none *Audit
	if err := none.Record(Result{Action: ActionHold}, nil); err != nil {
		t.Errorf("nil Audit Record = %v, want nil", err)
	}
	if err := none.Close(); err != nil {
		t.Errorf("nil Audit Close = %v, want nil", err)
	}

	audit, err := OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	audit.Close()
	if err := audit.Record(Result{Action: ActionHold}, nil); err == nil {
		t.Error("Record after Close succeeded")
	}
}

func TestAuditWriteFailureReported(t *testing.T) {
	audit, err := OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	audit.Close()
	runner := NewFakeRunner(FakeReply{Stdout: queueListing}, FakeReply{Stderr: "postsuper: Placed on hold: 1 message\n"})
	res, err := (&Postfix{Runner: runner, Audit: audit}).Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	if err == nil || !strings.Contains(err.Error(), "audit log") {
		t.Errorf("error = %v, want the audit failure", err)
	}
	if res.Count != 1 {
		t.Errorf("Result.Count = %d, want 1: the hold happened", res.Count)
	}
}

func TestOpenAuditBadPath(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "audit.log")
	_, err := OpenAudit(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("OpenAudit under a file = %v, want an error naming %s", err, path)
	}
}

func TestDefaultAuditPath(t *testing.T) {
	if got := auditPathFor(0); got != "/var/log/mailtop/audit.log" {
		t.Errorf("audit path for root = %q", got)
	}
	t.Setenv("XDG_STATE_HOME", "/tmp/state-test")
	if got := auditPathFor(1000); got != "/tmp/state-test/mailtop/audit.log" {
		t.Errorf("audit path with XDG_STATE_HOME = %q", got)
	}
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	t.Setenv("HOME", "/home/op")
	if got := auditPathFor(1000); got != "/home/op/.local/state/mailtop/audit.log" {
		t.Errorf("audit path without XDG_STATE_HOME = %q", got)
	}
	t.Setenv("HOME", "")
	if got := auditPathFor(1000); !strings.HasSuffix(got, "/mailtop-1000/audit.log") {
		t.Errorf("audit path without a home directory = %q", got)
	}
}

// An audit log that cannot be opened is named once, with the reason.
func TestOpenAuditErrorNamesPathOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	if err := os.Mkdir(path, 0o700); err != nil { // a directory cannot be opened for writing
		t.Fatal(err)
	}
	_, err := OpenAudit(path)
	if err == nil {
		t.Fatal("OpenAudit opened a directory")
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Errorf("error %q names the path %d times, want once", err, n)
	}
	if !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("error %q lacks the reason", err)
	}
}
