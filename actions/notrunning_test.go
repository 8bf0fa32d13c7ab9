package actions

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// Postfix 3.7.11 postqueue -j run by root while the instance is stopped:
// it reads the queue files itself and warns on stderr. A queue file that
// the postfix user cannot read is left out, so stdout may be empty.
const directListingWarning = "postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n"

// The failure of postqueue -j run by another user while the instance is
// stopped, from the format string in Postfix 3.7.11's postqueue binary.
const downFatal = "postqueue: fatal: Queue report unavailable - mail system is down (Connect to the Postfix showq service: No such file or directory)\n"

func TestBatchPostfixDownListsNothing(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stderr: directListingWarning})
	p := &Postfix{ConfigDir: "/tmp/postfix-out", Runner: runner}
	res, err := p.HoldMany(context.Background(), batchTargets())

	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) || !errors.Is(err, ErrNotRunning) {
		t.Fatalf("HoldMany = %v, want a *NotRunningError", err)
	}
	if errors.Is(err, ErrNotQueued) || errors.Is(err, ErrChanged) {
		t.Errorf("error %v says the messages left the queue", err)
	}
	if len(res.Skipped) != 0 || res.Count != 0 || len(res.QueueIDs) != 0 {
		t.Errorf("Result = %+v, want nothing skipped or changed", res)
	}
	if calls := runner.Calls(); len(calls) != 1 {
		t.Errorf("ran %d commands, want only the listing: %+v", len(calls), calls)
	}
	if want := []string{"7E996BE094", "8A1B2C3D4E", "9F8E7D6C5B"}; strings.Join(notRunning.QueueIDs, " ") != strings.Join(want, " ") {
		t.Errorf("QueueIDs = %v, want %v", notRunning.QueueIDs, want)
	}
	for _, want := range []string{"Postfix instance /tmp/postfix-out is not running", "postfix -c /tmp/postfix-out start", "the queue was not changed", "queue IDs 7E996BE094, 8A1B2C3D4E, 9F8E7D6C5B are"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestBatchPostfixDownSomeListed(t *testing.T) {
	// One target is listed and two are not: nothing runs, because the
	// two may still be queued.
	runner := NewFakeRunner(FakeReply{Stdout: queueListing, Stderr: directListingWarning})
	res, err := (&Postfix{Runner: runner}).DeleteMany(context.Background(), batchTargets())
	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) {
		t.Fatalf("DeleteMany = %v, want a *NotRunningError", err)
	}
	if strings.Join(notRunning.QueueIDs, " ") != "8A1B2C3D4E 9F8E7D6C5B" {
		t.Errorf("QueueIDs = %v, want the two unlisted targets", notRunning.QueueIDs)
	}
	if len(runner.Calls()) != 1 || len(res.Skipped) != 0 {
		t.Errorf("calls = %+v, result = %+v; want only the listing", runner.Calls(), res)
	}
	// The default instance is started by the service manager.
	if !strings.Contains(err.Error(), "Postfix is not running") || !strings.Contains(err.Error(), "systemctl start postfix") {
		t.Errorf("error = %v, want the default instance and systemctl start postfix", err)
	}
}

func TestBatchPostfixDownAllListed(t *testing.T) {
	// As root with Postfix stopped, postqueue lists readable queue files
	// and postsuper works on them.
	runner := NewFakeRunner(
		FakeReply{Stdout: batchListing, Stderr: directListingWarning},
		FakeReply{Stderr: "postsuper: Placed on hold: 3 messages\n"},
	)
	res, err := (&Postfix{Runner: runner}).HoldMany(context.Background(), batchTargets())
	if err != nil || res.Count != 3 {
		t.Errorf("HoldMany = %+v, %v; want 3 held", res, err)
	}
}

func TestBatchPostfixDownInvalidTargetSkipped(t *testing.T) {
	// An invalid ID is skipped as invalid, not blamed on Postfix.
	targets := append(batchTargets(), Target{ID: "ALL"})
	runner := NewFakeRunner(
		FakeReply{Stdout: batchListing, Stderr: directListingWarning},
		FakeReply{Stderr: "postsuper: Placed on hold: 3 messages\n"},
	)
	res, err := (&Postfix{Runner: runner}).HoldMany(context.Background(), targets)
	if err != nil || res.Count != 3 {
		t.Fatalf("HoldMany = %+v, %v; want 3 held", res, err)
	}
	if len(res.Skipped) != 1 || !errors.Is(res.Skipped[0].Err, ErrInvalidQueueID) {
		t.Errorf("Skipped = %+v, want ALL as an invalid queue ID", res.Skipped)
	}
}

func TestVerifyPostfixDown(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stderr: directListingWarning})
	p := &Postfix{ConfigDir: "/tmp/postfix-out", Runner: runner}
	_, err := p.Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) {
		t.Fatalf("Hold = %v, want a *NotRunningError", err)
	}
	if errors.Is(err, ErrNotQueued) || errors.Is(err, ErrChanged) {
		t.Errorf("error %v says the message left the queue", err)
	}
	if !strings.Contains(err.Error(), "queue ID 7E996BE094 is still queued") {
		t.Errorf("error does not name the queue ID: %v", err)
	}
	if len(runner.Calls()) != 1 {
		t.Errorf("calls = %+v, want only the listing", runner.Calls())
	}
}

func TestListPostfixDownNotRoot(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stderr: downFatal, Err: errors.New("exit status 69")})
	p := &Postfix{ConfigDir: "/tmp/postfix-out", Runner: runner}
	_, err := p.List(context.Background())
	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) || notRunning.Err == nil {
		t.Fatalf("List = %v, want a *NotRunningError with postqueue's error", err)
	}
	var cmdErr *CommandError
	if !errors.As(err, &cmdErr) {
		t.Errorf("error %v does not wrap the *CommandError", err)
	}
	for _, want := range []string{"the queue could not be listed", "Queue report unavailable", "postfix -c /tmp/postfix-out start"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestNotRunningErrorNamesFewIDs(t *testing.T) {
	err := &NotRunningError{QueueIDs: []string{"A1B2C3D4E5", "B1B2C3D4E5", "C1B2C3D4E5", "D1B2C3D4E5", "E1B2C3D4E5"}}
	if want := "queue IDs A1B2C3D4E5, B1B2C3D4E5, C1B2C3D4E5 and 2 more are still queued"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want it to contain %q", err, want)
	}
}

func TestStartCommandQuotesDir(t *testing.T) {
	err := &NotRunningError{ConfigDir: "/etc/postfix out"}
	if got, want := err.StartCommand(), `postfix -c "/etc/postfix out" start`; got != want {
		t.Errorf("StartCommand = %q, want %q", got, want)
	}
}

// The error of a stopped Postfix has a Japanese text for each of its
// English forms: the queue not listed before an action or for a user
// other than root, and one, three or more queue IDs not checked.
func TestNotRunningErrorJapanese(t *testing.T) {
	cause := errors.New("exit status 69")
	cases := []struct {
		name string
		err  *NotRunningError
		want string
	}{
		{"queue not listed", &NotRunningError{Err: cause},
			"Postfix が起動していないため（postqueue: mail system is down）、キューの一覧を読めず、キューは変更していません。systemctl start postfix で Postfix を起動してから、もう一度実行してください（exit status 69）。"},
		{"one message", &NotRunningError{ConfigDir: "/etc/postfix-out", QueueIDs: []string{"7E996BE094"}},
			"Postfix（インスタンス /etc/postfix-out）が起動していないため（postqueue: mail system is down）、queue ID 7E996BE094 がまだキューにあるか確認できず、キューは変更していません。postfix -c /etc/postfix-out start で Postfix を起動してから、もう一度実行してください。"},
		{"three messages", &NotRunningError{QueueIDs: []string{"7E996BE094", "8A1B2C3D4E", "9F8E7D6C5B"}},
			"Postfix が起動していないため（postqueue: mail system is down）、queue ID 7E996BE094、8A1B2C3D4E、9F8E7D6C5B がまだキューにあるか"},
		{"listing without root", &NotRunningError{ConfigDir: "/etc/postfix-out", Listing: true},
			"Postfix（インスタンス /etc/postfix-out）が起動していないため（postqueue: mail system is down）、キューの一覧を読めませんでした。root 以外のユーザーは postqueue -j で一覧を読むため、Postfix が動いている必要があります。postfix -c /etc/postfix-out start で Postfix を起動するか、キューファイルを直接読む root で mailtop queue を実行してください"},
		{"five messages", &NotRunningError{QueueIDs: []string{"7E996BE094", "8A1B2C3D4E", "9F8E7D6C5B", "75D57BE091", "4A5B6C7D8E"}},
			"、queue ID 7E996BE094、8A1B2C3D4E、9F8E7D6C5B ほか 2 件がまだキューにあるか"},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := japanese.ErrorText(tc.err)
			if !strings.Contains(text, tc.want) {
				t.Errorf("Japanese text lacks %q:\n%s", tc.want, text)
			}
			for _, english := range []string{"is not running", "could not", "try again", " are", " more"} {
				if strings.Contains(text, english) {
					t.Errorf("Japanese text contains the English %q:\n%s", english, text)
				}
			}
		})
	}
}

// The English text, which the error lines and the audit log keep, names
// the instance, the queue IDs with their number and postqueue's failure.
func TestNotRunningErrorEnglish(t *testing.T) {
	cases := []struct {
		name string
		err  *NotRunningError
		want string
	}{
		{"queue not listed", &NotRunningError{Err: errors.New("exit status 69")},
			"Postfix is not running (postqueue: mail system is down), so the queue could not be listed, and the queue was not changed; start Postfix with systemctl start postfix, then try again: exit status 69"},
		{"one message", &NotRunningError{ConfigDir: "/etc/postfix-out", QueueIDs: []string{"7E996BE094"}},
			"Postfix instance /etc/postfix-out is not running (postqueue: mail system is down), so mailtop could not check that queue ID 7E996BE094 is still queued, and the queue was not changed; start Postfix with postfix -c /etc/postfix-out start, then try again"},
		{"listing without root", &NotRunningError{ConfigDir: "/etc/postfix-out", Listing: true, Err: errors.New("exit status 69")},
			"Postfix instance /etc/postfix-out is not running (postqueue: mail system is down), so the queue could not be listed: a user other than root lists it with postqueue -j, which works only while Postfix runs; start Postfix with postfix -c /etc/postfix-out start, or run mailtop queue as root, which reads the queue files itself"},
		{"two messages", &NotRunningError{QueueIDs: []string{"7E996BE094", "8A1B2C3D4E"}},
			"Postfix is not running (postqueue: mail system is down), so mailtop could not check that queue IDs 7E996BE094, 8A1B2C3D4E are still queued, and the queue was not changed; start Postfix with systemctl start postfix, then try again"},
		{"five messages", &NotRunningError{QueueIDs: []string{"7E996BE094", "8A1B2C3D4E", "9F8E7D6C5B", "75D57BE091", "4A5B6C7D8E"}},
			"Postfix is not running (postqueue: mail system is down), so mailtop could not check that queue IDs 7E996BE094, 8A1B2C3D4E, 9F8E7D6C5B and 2 more are still queued, and the queue was not changed; start Postfix with systemctl start postfix, then try again"},
	}
	english := l10n.New(l10n.English)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if got := english.ErrorText(tc.err); got != tc.want {
				t.Errorf("English ErrorText = %q, want %q", got, tc.want)
			}
		})
	}
}

// The failure of postqueue -i while the instance is stopped, as Postfix
// 3.7.11 writes it.
const flushDownFatal = "postqueue: fatal: Cannot flush mail queue - mail system is down\n"

func TestDeliverNowManyPostfixDown(t *testing.T) {
	// As root, postqueue -j lists the queue files itself, but postqueue
	// -i needs the flush service.
	runner := NewFakeRunner(
		FakeReply{Stdout: batchListing, Stderr: directListingWarning},
		FakeReply{Stderr: flushDownFatal, Err: errors.New("exit status 69")},
		FakeReply{Stderr: flushDownFatal, Err: errors.New("exit status 69")},
	)
	p := &Postfix{ConfigDir: "/tmp/postfix-out", Runner: runner}
	res, err := p.DeliverNowMany(context.Background(), batchTargets())

	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) {
		t.Fatalf("DeliverNowMany = %v, want a *NotRunningError", err)
	}
	if calls := runner.Calls(); len(calls) != 2 {
		t.Errorf("ran %d commands, want the listing and one postqueue -i: %+v", len(calls), calls)
	}
	if res.Count != 0 {
		t.Errorf("Count = %d, want 0", res.Count)
	}
	want := "Postfix instance /tmp/postfix-out is not running (postqueue: mail system is down), so delivery could not start now and queue IDs 7E996BE094, 8A1B2C3D4E, 9F8E7D6C5B are still queued; start Postfix with postfix -c /tmp/postfix-out start, then try again"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err.Error(), want)
	}
	japanese := l10n.New(l10n.Japanese).ErrorText(err)
	wantJapanese := "Postfix（インスタンス /tmp/postfix-out）が起動していないため（postqueue: mail system is down）、今すぐ配送を始められず、queue ID 7E996BE094、8A1B2C3D4E、9F8E7D6C5B がキューに残っています。postfix -c /tmp/postfix-out start で Postfix を起動してから、もう一度実行してください。"
	if japanese != wantJapanese {
		t.Errorf("Japanese text = %q, want %q", japanese, wantJapanese)
	}
}

func TestDeliverNowPostfixDown(t *testing.T) {
	runner := NewFakeRunner(
		FakeReply{Stdout: queueListing, Stderr: directListingWarning},
		FakeReply{Stderr: flushDownFatal, Err: errors.New("exit status 69")},
	)
	p := &Postfix{Runner: runner}
	_, err := p.DeliverNow(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)

	var notRunning *NotRunningError
	if !errors.As(err, &notRunning) || !notRunning.Undelivered {
		t.Fatalf("DeliverNow = %v, want an undelivered *NotRunningError", err)
	}
	if !strings.Contains(err.Error(), "queue ID 7E996BE094 is still queued; start Postfix with systemctl start postfix") {
		t.Errorf("error = %v, want the queue ID and the start command", err)
	}
	if strings.Contains(err.Error(), "Cannot flush") {
		t.Errorf("error repeats postqueue's English message: %v", err)
	}
}

// postqueue -s and -f fail like postqueue -i while the instance is
// stopped; the flushes report it with the start command, not postqueue's
// English line.
func TestFlushPostfixDown(t *testing.T) {
	flushes := map[string]func(p *Postfix) error{
		"postqueue -s": func(p *Postfix) error {
			_, err := p.FlushDomain(context.Background(), "docomo.ne.jp")
			return err
		},
		"postqueue -f": func(p *Postfix) error {
			_, err := p.FlushAll(context.Background())
			return err
		},
	}
	for name, flush := range flushes {
		runner := NewFakeRunner(FakeReply{Stderr: flushDownFatal, Err: errors.New("exit status 69")})
		err := flush(&Postfix{ConfigDir: "/tmp/postfix-out", Runner: runner})
		var notRunning *NotRunningError
		if !errors.As(err, &notRunning) {
			t.Fatalf("%s: error = %v, want a *NotRunningError", name, err)
		}
		want := "Postfix instance /tmp/postfix-out is not running (postqueue: mail system is down), so nothing was flushed and the queue was not changed; start Postfix with postfix -c /tmp/postfix-out start, then try again"
		if err.Error() != want {
			t.Errorf("%s: error = %q, want %q", name, err.Error(), want)
		}
		if got := l10n.New(l10n.Japanese).ErrorText(err); !strings.Contains(got, "何も送り出さず、キューは変更していません。postfix -c /tmp/postfix-out start で Postfix を起動してから") {
			t.Errorf("%s: Japanese text = %q", name, got)
		}
	}
}
