package actions

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// Two more deferred docomo messages, beside deferredLine and holdLine.
const (
	deferredLine2 = `{"queue_name": "deferred", "queue_id": "8A1B2C3D4E", "arrival_time": 1796413700, "message_size": 410, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "tempfail3@docomo.ne.jp", "delay_reason": "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 try again"}]}`
	deferredLine3 = `{"queue_name": "deferred", "queue_id": "9F8E7D6C5B", "arrival_time": 1796413800, "message_size": 420, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "tempfail4@docomo.ne.jp"}]}`
)

var batchListing = queueListing + deferredLine2 + "\n" + deferredLine3 + "\n"

func batchTargets() []Target {
	return []Target{
		{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival},
		{ID: "8A1B2C3D4E", Queue: QueueDeferred, Sender: "shop@example.com", Arrival: time.Unix(1796413700, 0)},
		{ID: "9F8E7D6C5B", Queue: QueueDeferred, Sender: "shop@example.com", Arrival: time.Unix(1796413800, 0)},
	}
}

func TestBatchPostsuperArgvAndStdin(t *testing.T) {
	cases := []struct {
		name   string
		call   func(*Postfix, context.Context, []Target) (Result, error)
		flag   string
		stderr string
	}{
		{"hold", (*Postfix).HoldMany, "-h",
			"postsuper: 7E996BE094: placed on hold\npostsuper: 8A1B2C3D4E: placed on hold\npostsuper: 9F8E7D6C5B: placed on hold\npostsuper: Placed on hold: 3 messages\n"},
		{"requeue", (*Postfix).RequeueMany, "-r", "postsuper: Requeued: 3 messages\n"},
		{"expire", (*Postfix).ExpireMany, "-e", "postsuper: Force-expired: 3 messages\n"},
		{"delete", (*Postfix).DeleteMany, "-d", "postsuper: Deleted: 3 messages\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: tc.stderr})
			p := &Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}
			res, err := tc.call(p, context.Background(), batchTargets())
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			calls := runner.Calls()
			if len(calls) != 2 {
				t.Fatalf("got %d commands, want 2: %+v", len(calls), calls)
			}
			if want := []string{"postqueue", "-c", "/etc/postfix-out", "-j"}; !slices.Equal(calls[0].Argv, want) {
				t.Errorf("listing argv = %v, want %v", calls[0].Argv, want)
			}
			want := []string{"postsuper", "-c", "/etc/postfix-out", tc.flag, "-"}
			if !slices.Equal(calls[1].Argv, want) {
				t.Errorf("action argv = %v, want %v", calls[1].Argv, want)
			}
			if calls[1].Stdin != "7E996BE094\n8A1B2C3D4E\n9F8E7D6C5B\n" {
				t.Errorf("stdin = %q, want the three IDs, one per line", calls[1].Stdin)
			}
			if res.Count != 3 || len(res.Skipped) != 0 || len(res.QueueIDs) != 3 {
				t.Errorf("Result = %+v, want 3 changed and none skipped", res)
			}
		})
	}
}

func TestBatchSkipsChangedTargets(t *testing.T) {
	targets := batchTargets()
	targets[1].Sender = "other@example.com" // the ID was reused
	targets[2].Queue = QueueHold            // listed in hold, now deferred
	targets = append(targets,
		Target{ID: "AAAAAAAAAA", Queue: QueueDeferred}, // gone
		Target{ID: "ALL"}, // never valid
		Target{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival}, // duplicate
	)
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: "postsuper: 7E996BE094: placed on hold\npostsuper: Placed on hold: 1 message\n"})
	res, err := (&Postfix{Runner: runner}).HoldMany(context.Background(), targets)
	if err != nil {
		t.Fatalf("HoldMany: %v", err)
	}
	if calls := runner.Calls(); len(calls) != 2 || calls[1].Stdin != "7E996BE094\n" {
		t.Fatalf("calls = %+v, want postsuper with only 7E996BE094", calls)
	}
	if res.Count != 1 {
		t.Errorf("Count = %d, want 1", res.Count)
	}
	skipped := map[string]error{}
	for _, s := range res.Skipped {
		skipped[s.Target.ID] = s.Err
	}
	if len(res.Skipped) != 4 {
		t.Fatalf("skipped %d targets, want 4: %+v", len(res.Skipped), res.Skipped)
	}
	if err := skipped["8A1B2C3D4E"]; !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "sender") {
		t.Errorf("reused ID: %v, want ErrChanged naming the sender", err)
	}
	if err := skipped["9F8E7D6C5B"]; !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "moved from the hold queue to the deferred queue") {
		t.Errorf("moved message: %v, want ErrChanged naming both queues", err)
	}
	if err := skipped["AAAAAAAAAA"]; !errors.Is(err, ErrNotQueued) {
		t.Errorf("gone message: %v, want ErrNotQueued", err)
	}
	if err := skipped["ALL"]; !errors.Is(err, ErrInvalidQueueID) {
		t.Errorf("ALL: %v, want ErrInvalidQueueID", err)
	}
}

func TestBatchNothingLeftRunsNothing(t *testing.T) {
	targets := []Target{{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival}}
	runner := NewFakeRunner(FakeReply{Stdout: batchListing})
	res, err := (&Postfix{Runner: runner}).HoldMany(context.Background(), targets)
	if !errors.Is(err, ErrWrongQueue) {
		t.Fatalf("HoldMany of a held message = %v, want ErrWrongQueue", err)
	}
	if len(runner.Calls()) != 1 || res.Count != 0 || len(res.Skipped) != 1 {
		t.Errorf("calls = %+v, result = %+v; want only the listing", runner.Calls(), res)
	}

	runner = NewFakeRunner()
	if _, err := (&Postfix{Runner: runner}).DeleteMany(context.Background(), nil); !errors.Is(err, ErrNoTargets) {
		t.Errorf("DeleteMany(nil) = %v, want ErrNoTargets", err)
	}
	if len(runner.Calls()) != 0 {
		t.Errorf("DeleteMany(nil) ran %+v", runner.Calls())
	}
}

func TestBatchCountFromSummary(t *testing.T) {
	// One message left between the check and the command: postsuper
	// changes two and says so in its summary.
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: "postsuper: Deleted: 2 messages\n"})
	res, err := (&Postfix{Runner: runner}).DeleteMany(context.Background(), batchTargets())
	if !errors.Is(err, ErrNotQueued) || !strings.Contains(err.Error(), "2 of 3") {
		t.Errorf("DeleteMany = %v, want ErrNotQueued naming 2 of 3", err)
	}
	if res.Count != 2 {
		t.Errorf("Count = %d, want 2 from the summary line", res.Count)
	}
}

func TestReleaseManyOnlyHeld(t *testing.T) {
	targets := append(batchTargets()[:1], Target{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival})
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: "postsuper: 75D57BE091: released from hold\npostsuper: Released from hold: 1 message\n"})
	res, err := (&Postfix{Runner: runner}).ReleaseMany(context.Background(), targets)
	if err != nil {
		t.Fatalf("ReleaseMany: %v", err)
	}
	if calls := runner.Calls(); calls[1].Stdin != "75D57BE091\n" || !slices.Equal(calls[1].Argv, []string{"postsuper", "-H", "-"}) {
		t.Errorf("release call = %+v", calls[1])
	}
	if len(res.Skipped) != 1 || !errors.Is(res.Skipped[0].Err, ErrWrongQueue) {
		t.Errorf("Skipped = %+v, want the deferred message with ErrWrongQueue", res.Skipped)
	}
}

func TestDeliverNowManyOneCommandPerID(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{}, FakeReply{}, FakeReply{})
	res, err := (&Postfix{Runner: runner}).DeliverNowMany(context.Background(), batchTargets())
	if err != nil {
		t.Fatalf("DeliverNowMany: %v", err)
	}
	calls := runner.Calls()
	if len(calls) != 4 {
		t.Fatalf("got %d commands, want the listing and 3 postqueue -i", len(calls))
	}
	for i, id := range []string{"7E996BE094", "8A1B2C3D4E", "9F8E7D6C5B"} {
		if want := []string{"postqueue", "-i", id}; !slices.Equal(calls[i+1].Argv, want) || calls[i+1].Stdin != "" {
			t.Errorf("call %d = %+v, want %v", i+1, calls[i+1], want)
		}
	}
	if res.Count != 3 {
		t.Errorf("Count = %d, want 3", res.Count)
	}
}

func TestFlushDomainArgv(t *testing.T) {
	runner := NewFakeRunner(FakeReply{})
	res, err := (&Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}).FlushDomain(context.Background(), "docomo.ne.jp")
	if err != nil {
		t.Fatalf("FlushDomain: %v", err)
	}
	want := []string{"postqueue", "-c", "/etc/postfix-out", "-s", "docomo.ne.jp"}
	if !slices.Equal(runner.Calls()[0].Argv, want) || !slices.Equal(res.Argv, want) {
		t.Errorf("argv = %v, want %v", runner.Calls()[0].Argv, want)
	}
}

func TestFlushDomainNotConfigured(t *testing.T) {
	exitErr := exec.Command("sh", "-c", "exit 69").Run()
	runner := NewFakeRunner(FakeReply{
		Stderr: "postqueue: fatal: Flush service is not configured for destination \"gmail.com\"\n",
		Err:    exitErr,
	})
	_, err := (&Postfix{Runner: runner}).FlushDomain(context.Background(), "gmail.com")
	if !errors.Is(err, ErrFlushNotConfigured) {
		t.Fatalf("FlushDomain = %v, want ErrFlushNotConfigured", err)
	}
	if !strings.Contains(err.Error(), "fast_flush_domains") || !strings.Contains(err.Error(), "exit status 69") {
		t.Errorf("error %q should name fast_flush_domains and the exit status", err)
	}
}

func TestFlushDomainRejectsOptions(t *testing.T) {
	for _, domain := range []string{"", "-f", "a b", "docomo.ne.jp\n-f", "x;y", ".ne.jp"} {
		runner := NewFakeRunner()
		if _, err := (&Postfix{Runner: runner}).FlushDomain(context.Background(), domain); err == nil {
			t.Errorf("FlushDomain(%q) accepted", domain)
		}
		if len(runner.Calls()) != 0 {
			t.Errorf("FlushDomain(%q) ran %+v", domain, runner.Calls())
		}
	}
}

func TestFlushAllArgv(t *testing.T) {
	runner := NewFakeRunner(FakeReply{})
	if _, err := (&Postfix{Runner: runner}).FlushAll(context.Background()); err != nil {
		t.Fatalf("FlushAll: %v", err)
	}
	if want := []string{"postqueue", "-f"}; !slices.Equal(runner.Calls()[0].Argv, want) {
		t.Errorf("argv = %v, want %v", runner.Calls()[0].Argv, want)
	}
}

func TestBatchAuditOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	audit, err := OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()
	targets := append(batchTargets(), Target{ID: "AAAAAAAAAA"})
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: "postsuper: Placed on hold: 3 messages\n"})
	if _, err := (&Postfix{Runner: runner, Audit: audit}).HoldMany(context.Background(), targets); err != nil {
		t.Fatalf("HoldMany: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 1 {
		t.Fatalf("audit has %d lines, want 1:\n%s", len(lines), data)
	}
	var entry struct {
		Action   string   `json:"action"`
		QueueIDs []string `json:"queue_ids"`
		Count    int      `json:"count"`
		Skipped  []struct {
			QueueID string `json:"queue_id"`
			Reason  string `json:"reason"`
		} `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
		t.Fatal(err)
	}
	if entry.Action != "hold" || len(entry.QueueIDs) != 3 || entry.Count != 3 {
		t.Errorf("entry = %+v", entry)
	}
	if len(entry.Skipped) != 1 || entry.Skipped[0].QueueID != "AAAAAAAAAA" || entry.Skipped[0].Reason == "" {
		t.Errorf("skipped = %+v, want AAAAAAAAAA with a reason", entry.Skipped)
	}
}

func TestSimulatedBatch(t *testing.T) {
	s := &Simulated{}
	res, err := s.HoldMany(context.Background(), batchTargets())
	if err != nil || !res.Simulated || res.Count != 3 || !slices.Equal(res.Argv, []string{"postsuper", "-h", "-"}) {
		t.Errorf("HoldMany = %+v, %v", res, err)
	}
	res, err = s.DeleteMany(context.Background(), []Target{{ID: "ALL"}})
	if !errors.Is(err, ErrInvalidQueueID) || res.Count != 0 {
		t.Errorf("DeleteMany(ALL) = %+v, %v; want ErrInvalidQueueID", res, err)
	}
}

func TestCheckFlushDomain(t *testing.T) {
	const subdomains = "debug_peer_list,fast_flush_domains,mynetworks,relay_domains\n"
	cases := []struct {
		name    string
		domain  string
		stdout  string
		refused bool
	}{
		{"empty list", "docomo.ne.jp", "\n" + subdomains, true},
		{"listed", "docomo.ne.jp", "example.org, docomo.ne.jp\n" + subdomains, false},
		{"listed in capitals", "docomo.ne.jp", "DOCOMO.NE.JP\n" + subdomains, false},
		{"parent listed", "docomo.ne.jp", "ne.jp\n" + subdomains, false},
		{"parent listed without subdomain matching", "docomo.ne.jp", "ne.jp\nmynetworks\n", true},
		{"dot form", "docomo.ne.jp", ".ne.jp\n\n", false},
		{"other domain", "docomo.ne.jp", "example.org mail.example.org\n" + subdomains, true},
		{"suffix that is not a parent", "docomo.ne.jp", "omo.ne.jp\n" + subdomains, true},
		{"lookup table", "docomo.ne.jp", "hash:/etc/postfix/flush\n" + subdomains, false},
		{"file", "docomo.ne.jp", "/etc/postfix/flush_domains\n" + subdomains, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runner := NewFakeRunner(FakeReply{Stdout: tc.stdout})
			err := (&Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}).CheckFlushDomain(context.Background(), tc.domain)
			if got := errors.Is(err, ErrFlushNotConfigured); got != tc.refused {
				t.Errorf("CheckFlushDomain = %v, want refused %v", err, tc.refused)
			}
			if !tc.refused && err != nil {
				t.Errorf("CheckFlushDomain = %v, want nil", err)
			}
			want := []string{"postconf", "-c", "/etc/postfix-out", "-x", "-h", "fast_flush_domains", "parent_domain_matches_subdomains"}
			if calls := runner.Calls(); len(calls) != 1 || !slices.Equal(calls[0].Argv, want) {
				t.Errorf("calls = %+v, want one %v", calls, want)
			}
		})
	}
}

func TestCheckFlushDomainPostconfFails(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stderr: "postconf: fatal: open /etc/postfix-out/main.cf: No such file or directory", Err: errors.New("exit status 1")})
	err := (&Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}).CheckFlushDomain(context.Background(), "docomo.ne.jp")
	if err == nil {
		t.Fatal("CheckFlushDomain succeeded although postconf failed")
	}
	if errors.Is(err, ErrFlushNotConfigured) {
		t.Errorf("CheckFlushDomain = %v, want an error that leaves postqueue -s to decide", err)
	}
}

func TestFlushNotConfiguredJapanese(t *testing.T) {
	exitErr := exec.Command("sh", "-c", "exit 69").Run()
	runner := NewFakeRunner(FakeReply{
		Stderr: "postqueue: fatal: Flush service is not configured for destination \"gmail.com\"\n",
		Err:    exitErr,
	})
	_, err := (&Postfix{Runner: runner}).FlushDomain(context.Background(), "gmail.com")
	var localized *l10n.Error
	if !errors.As(err, &localized) {
		t.Fatalf("FlushDomain = %v, want a catalog error", err)
	}
	want := "gmail.com は fast_flush_domains にないため、postqueue -s ではフラッシュできません"
	if got := l10n.New(l10n.Japanese).ErrorText(localized); !strings.HasPrefix(got, want) {
		t.Errorf("Japanese text = %q, want it to start with %q", got, want)
	}
}

func TestExpireManyReleasesHeldMessages(t *testing.T) {
	targets := []Target{
		{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival},
		{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival},
	}
	runner := NewFakeRunner(
		FakeReply{Stdout: batchListing},
		FakeReply{Stderr: "postsuper: 7E996BE094: expired\npostsuper: Force-expired: 1 message\n"},
		FakeReply{Stderr: "postsuper: 75D57BE091: expired\npostsuper: 75D57BE091: released from hold\npostsuper: Force-expired: 1 message\npostsuper: Released from hold: 1 message\n"},
	)
	audit, err := OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()

	res, err := (&Postfix{Runner: runner, Audit: audit}).ExpireMany(context.Background(), targets)
	if err != nil {
		t.Fatalf("ExpireMany: %v", err)
	}

	calls := runner.Calls()
	if len(calls) != 3 {
		t.Fatalf("got %d commands, want the listing and two postsuper runs: %+v", len(calls), calls)
	}
	if want := []string{"postsuper", "-e", "-"}; !slices.Equal(calls[1].Argv, want) || calls[1].Stdin != "7E996BE094\n" {
		t.Errorf("deferred message: %v with %q, want %v with 7E996BE094", calls[1].Argv, calls[1].Stdin, want)
	}
	if want := []string{"postsuper", "-f", "-"}; !slices.Equal(calls[2].Argv, want) || calls[2].Stdin != "75D57BE091\n" {
		t.Errorf("held message: %v with %q, want %v with 75D57BE091", calls[2].Argv, calls[2].Stdin, want)
	}

	if res.Count != 2 {
		t.Errorf("Count = %d, want 2", res.Count)
	}
	if res.Released != 1 {
		t.Errorf("Released = %d, want 1", res.Released)
	}
	if !strings.Contains(res.Output, "75D57BE091: released from hold") {
		t.Errorf("Output = %q, want both commands' output", res.Output)
	}

	data, err := os.ReadFile(audit.Path())
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(data), "\n"); lines != 2 {
		t.Errorf("audit log has %d lines, want one per command:\n%s", lines, data)
	}
}

func TestSimulatedExpireManyUsesFForHeld(t *testing.T) {
	targets := []Target{{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival}}
	res, err := (&Simulated{}).ExpireMany(context.Background(), targets)
	if err != nil {
		t.Fatalf("ExpireMany: %v", err)
	}
	if want := []string{"postsuper", "-f", "-"}; !slices.Equal(res.Argv, want) {
		t.Errorf("Argv = %v, want %v", res.Argv, want)
	}
	if res.Released != 0 {
		t.Errorf("Released = %d, want 0: a simulation releases nothing", res.Released)
	}
}

func TestHoldManyAlreadyHeldIsAlreadyDone(t *testing.T) {
	targets := []Target{{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival}}
	runner := NewFakeRunner(FakeReply{Stdout: batchListing})
	res, err := (&Postfix{Runner: runner}).HoldMany(context.Background(), targets)
	if !errors.Is(err, ErrNoneLeft) {
		t.Fatalf("HoldMany = %v, want ErrNoneLeft", err)
	}
	if len(res.Skipped) != 1 || !errors.Is(res.Skipped[0].Err, ErrAlreadyDone) {
		t.Errorf("Skipped = %+v, want one ErrAlreadyDone", res.Skipped)
	}
}

func TestReleaseManyNotHeldIsAlreadyDone(t *testing.T) {
	targets := []Target{{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival}}
	runner := NewFakeRunner(FakeReply{Stdout: batchListing})
	res, err := (&Postfix{Runner: runner}).ReleaseMany(context.Background(), targets)
	if !errors.Is(err, ErrNoneLeft) {
		t.Fatalf("ReleaseMany = %v, want ErrNoneLeft", err)
	}
	if len(res.Skipped) != 1 || !errors.Is(res.Skipped[0].Err, ErrAlreadyDone) {
		t.Errorf("Skipped = %+v, want one ErrAlreadyDone", res.Skipped)
	}
}

func TestExpireManyHeldAlreadyExpired(t *testing.T) {
	expiredHold := strings.Replace(holdLine, `"forced_expire": false`, `"forced_expire": true`, 1)
	targets := []Target{{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival}}
	runner := NewFakeRunner(
		FakeReply{Stdout: expiredHold + "\n"},
		FakeReply{Stderr: "postsuper: 75D57BE091: released from hold\npostsuper: Force-expired: 0 messages\npostsuper: Released from hold: 1 message\n"},
	)
	res, err := (&Postfix{Runner: runner}).ExpireMany(context.Background(), targets)
	if err != nil {
		t.Fatalf("ExpireMany: %v", err)
	}
	if res.Count != 1 || res.Released != 1 {
		t.Errorf("Count, Released = %d, %d, want 1, 1", res.Count, res.Released)
	}
}

func TestExpireManySkipsExpiredDeferred(t *testing.T) {
	expired := strings.Replace(deferredLine, `"forced_expire": false`, `"forced_expire": true`, 1)
	targets := []Target{{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival}}
	runner := NewFakeRunner(FakeReply{Stdout: expired + "\n"})
	res, err := (&Postfix{Runner: runner}).ExpireMany(context.Background(), targets)
	if !errors.Is(err, ErrNoneLeft) {
		t.Fatalf("ExpireMany = %v, want ErrNoneLeft", err)
	}
	if len(res.Skipped) != 1 || !errors.Is(res.Skipped[0].Err, ErrAlreadyDone) {
		t.Errorf("Skipped = %+v, want one ErrAlreadyDone", res.Skipped)
	}
	if calls := runner.Calls(); len(calls) != 1 {
		t.Errorf("ran %d commands, want only the listing", len(calls))
	}
}

func TestRequeuedIDsFromPostsuperOutput(t *testing.T) {
	stderr := "postsuper: 7E996BE094: requeued\npostsuper: 9F8E7D6C5B: requeued\npostsuper: Requeued: 2 messages\n"
	runner := NewFakeRunner(FakeReply{Stdout: batchListing}, FakeReply{Stderr: stderr})
	res, err := (&Postfix{Runner: runner}).RequeueMany(context.Background(), batchTargets())
	if !errors.Is(err, ErrNotQueued) {
		t.Fatalf("RequeueMany = %v, want ErrNotQueued for the message postsuper did not requeue", err)
	}
	if got, want := RequeuedIDs(res), []string{"7E996BE094", "9F8E7D6C5B"}; !slices.Equal(got, want) {
		t.Errorf("RequeuedIDs = %v, want %v", got, want)
	}
}

func TestWakePickupArgv(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"", []string{"postkick", "public", "pickup", "W"}},
		{"/etc/postfix-out", []string{"postkick", "-c", "/etc/postfix-out", "public", "pickup", "W"}},
	} {
		runner := NewFakeRunner(FakeReply{})
		if err := (&Postfix{ConfigDir: tc.dir, Runner: runner}).WakePickup(context.Background()); err != nil {
			t.Errorf("%q: WakePickup = %v", tc.dir, err)
		}
		if calls := runner.Calls(); len(calls) != 1 || !slices.Equal(calls[0].Argv, tc.want) {
			t.Errorf("%q: commands %+v, want one: %v", tc.dir, calls, tc.want)
		}
	}
}
