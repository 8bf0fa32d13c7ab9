package actions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// Lines as Postfix 3.7.11 printed them for a private instance.
const (
	deferredLine = `{"queue_name": "deferred", "queue_id": "7E996BE094", "arrival_time": 1796413613, "message_size": 365, "forced_expire": false, "sender": "tester@mx.example.com", "recipients": [{"address": "tempfail2@docomo.ne.jp", "delay_reason": "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"}]}`
	holdLine     = `{"queue_name": "hold", "queue_id": "75D57BE091", "arrival_time": 1796413613, "message_size": 328, "forced_expire": false, "sender": "tester@mx.example.com", "recipients": [{"address": "tempfail@docomo.ne.jp"}]}`
	bounceLine   = `{"queue_name": "deferred", "queue_id": "C060AB8036", "arrival_time": 1796418192, "message_size": 249, "forced_expire": false, "sender": "MAILER-DAEMON", "recipients": [{"address": "b@docomo.ne.jp", "delay_reason": "deferred transport"}]}`
	activeLine   = `{"queue_name": "active", "queue_id": "4jh2DZ3Cpzz5rBg", "arrival_time": 1796413870, "message_size": 400, "forced_expire": true, "sender": "tester@mx.example.com", "recipients": [{"address": "a@docomo.ne.jp", "orig_address": "a@docomo.ne.jp"}], "future_member": {"x": [1, 2]}}`
)

var (
	queueListing = deferredLine + "\n" + holdLine + "\n" + bounceLine + "\n" + activeLine + "\n"
	arrival      = time.Unix(1796413613, 0)
)

func TestParseQueueJSONFields(t *testing.T) {
	messages, err := ParseQueueJSON([]byte(queueListing))
	if err != nil {
		t.Fatalf("ParseQueueJSON: %v", err)
	}
	if len(messages) != 4 {
		t.Fatalf("got %d messages, want 4", len(messages))
	}

	m := messages[0]
	if m.QueueID != "7E996BE094" || m.Queue != QueueDeferred || m.Size != 365 || m.Sender != "tester@mx.example.com" {
		t.Errorf("deferred message = %+v", m)
	}
	if !m.Arrival.Equal(arrival) {
		t.Errorf("arrival = %v, want %v", m.Arrival, arrival)
	}
	if len(m.Recipients) != 1 || m.Recipients[0].Address != "tempfail2@docomo.ne.jp" ||
		!strings.Contains(m.Recipients[0].DelayReason, "Greylisted") {
		t.Errorf("recipients = %+v", m.Recipients)
	}
	if got := messages[1].Recipients[0].DelayReason; got != "" {
		t.Errorf("delay reason without defer log = %q, want empty", got)
	}
	if got := messages[2].Sender; got != "" {
		t.Errorf("MAILER-DAEMON sender = %q, want the null sender", got)
	}
	if !messages[3].ForcedExpire || messages[3].QueueID != "4jh2DZ3Cpzz5rBg" {
		t.Errorf("long-ID message with unknown members = %+v", messages[3])
	}
}

func TestParseQueueJSONEmptyQueue(t *testing.T) {
	for _, out := range []string{"", "\n", "  \n\n"} {
		messages, err := ParseQueueJSON([]byte(out))
		if err != nil || len(messages) != 0 {
			t.Errorf("ParseQueueJSON(%q) = %v, %v; want no messages", out, messages, err)
		}
	}
}

func TestParseQueueJSONBadInput(t *testing.T) {
	cases := map[string]string{
		"garbage":   "Mail queue is empty\n",
		"truncated": deferredLine[:80] + "\n",
		"binary":    "\x00\xff\xfe{\n",
		"no id":     `{"queue_name": "deferred", "sender": "a@b"}` + "\n",
		"wrong type": `{"queue_name": "deferred", "queue_id": "7E996BE094", "arrival_time": "yesterday"}` +
			"\n",
	}
	for name, out := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseQueueJSON([]byte(deferredLine + "\n" + out))
			if err == nil {
				t.Fatal("ParseQueueJSON accepted bad input")
			}
			if !strings.Contains(err.Error(), "line 2") {
				t.Errorf("error %q does not name line 2", err)
			}
		})
	}
}

func TestLookupFindsMessage(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stdout: queueListing})
	p := &Postfix{Runner: runner}
	m, err := p.Lookup(context.Background(), "75D57BE091")
	if err != nil {
		t.Fatalf("Lookup: %v", err)
	}
	if m.Queue != QueueHold {
		t.Errorf("queue = %q, want hold", m.Queue)
	}
	wantArgv := []string{"postqueue", "-j"}
	if calls := runner.Calls(); len(calls) != 1 || !slices.Equal(calls[0].Argv, wantArgv) {
		t.Errorf("calls = %+v, want one %v", calls, wantArgv)
	}
}

func TestLookupNotQueued(t *testing.T) {
	for name, out := range map[string]string{"empty queue": "", "other messages": queueListing} {
		t.Run(name, func(t *testing.T) {
			p := &Postfix{Runner: NewFakeRunner(FakeReply{Stdout: out})}
			// 7E996BE0 is a prefix of a listed ID and must not match it.
			_, err := p.Lookup(context.Background(), "7E996BE0")
			if !errors.Is(err, ErrNotQueued) {
				t.Errorf("Lookup error = %v, want ErrNotQueued", err)
			}
		})
	}
}

func TestLookupWithConfigDir(t *testing.T) {
	runner := NewFakeRunner(FakeReply{Stdout: queueListing})
	p := &Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}
	if _, err := p.Lookup(context.Background(), "7E996BE094"); err != nil {
		t.Fatalf("Lookup: %v", err)
	}
	want := []string{"postqueue", "-c", "/etc/postfix-out", "-j"}
	if got := runner.Calls()[0].Argv; !slices.Equal(got, want) {
		t.Errorf("argv = %v, want %v", got, want)
	}
}

func TestLookupPostqueueWarningIgnored(t *testing.T) {
	// As root with Postfix down, postqueue warns and lists anyway.
	runner := NewFakeRunner(FakeReply{
		Stdout: deferredLine + "\n",
		Stderr: "postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n",
	})
	p := &Postfix{Runner: runner}
	if _, err := p.Lookup(context.Background(), "7E996BE094"); err != nil {
		t.Errorf("Lookup with a warning on stderr: %v", err)
	}
}

func TestListAllMessages(t *testing.T) {
	p := &Postfix{Runner: NewFakeRunner(FakeReply{Stdout: queueListing})}
	messages, err := p.List(context.Background())
	if err != nil || len(messages) != 4 {
		t.Errorf("List = %d messages, %v; want 4", len(messages), err)
	}
}

// actionCase describes one action and what Postfix prints when it works.
type actionCase struct {
	name      string
	listing   string // postqueue -j output that Verify reads
	id        string
	call      func(p *Postfix, id string) (Result, error)
	flagArgv  []string // argv after "postsuper [-c DIR]" or "postqueue [-c DIR]"
	program   string
	stdin     string
	stderr    string // the action's stderr on success
	wantCount int
}

var actionCases = []actionCase{
	{
		name: "deliver-now", listing: queueListing, id: "7E996BE094",
		call: func(p *Postfix, id string) (Result, error) {
			return p.DeliverNow(context.Background(), id, "tester@mx.example.com", arrival)
		},
		program: "postqueue", flagArgv: []string{"-i", "7E996BE094"}, stdin: "", wantCount: 1,
	},
	{
		name: "requeue", listing: queueListing, id: "7E996BE094",
		call: func(p *Postfix, id string) (Result, error) {
			return p.Requeue(context.Background(), id, "tester@mx.example.com", arrival)
		},
		program: "postsuper", flagArgv: []string{"-r", "-"}, stdin: "7E996BE094\n",
		stderr:    "postsuper: 7E996BE094: requeued\npostsuper: Requeued: 1 message\n",
		wantCount: 1,
	},
	{
		name: "hold", listing: queueListing, id: "7E996BE094",
		call: func(p *Postfix, id string) (Result, error) {
			return p.Hold(context.Background(), id, "tester@mx.example.com", arrival)
		},
		program: "postsuper", flagArgv: []string{"-h", "-"}, stdin: "7E996BE094\n",
		stderr:    "postsuper: 7E996BE094: placed on hold\npostsuper: Placed on hold: 1 message\n",
		wantCount: 1,
	},
	{
		name: "release", listing: queueListing, id: "75D57BE091",
		call: func(p *Postfix, id string) (Result, error) {
			return p.Release(context.Background(), id, "tester@mx.example.com", arrival)
		},
		program: "postsuper", flagArgv: []string{"-H", "-"}, stdin: "75D57BE091\n",
		stderr:    "postsuper: 75D57BE091: released from hold\npostsuper: Released from hold: 1 message\n",
		wantCount: 1,
	},
	{
		name: "delete", listing: queueListing, id: "C060AB8036",
		call: func(p *Postfix, id string) (Result, error) {
			return p.Delete(context.Background(), id, "", time.Unix(1796418192, 0))
		},
		program: "postsuper", flagArgv: []string{"-d", "-"}, stdin: "C060AB8036\n",
		stderr:    "postsuper: C060AB8036: removed\npostsuper: Deleted: 1 message\n",
		wantCount: 1,
	},
}

func TestActionsArgvAndStdin(t *testing.T) {
	for _, configDir := range []string{"", "/etc/postfix-out"} {
		for _, tc := range actionCases {
			t.Run(tc.name+" configDir="+configDir, func(t *testing.T) {
				runner := NewFakeRunner(FakeReply{Stdout: tc.listing}, FakeReply{Stderr: tc.stderr})
				p := &Postfix{ConfigDir: configDir, Runner: runner}
				res, err := tc.call(p, tc.id)
				if err != nil {
					t.Fatalf("action failed: %v", err)
				}

				prefix := func(program string) []string {
					if configDir == "" {
						return []string{program}
					}
					return []string{program, "-c", configDir}
				}
				wantList := append(prefix("postqueue"), "-j")
				wantAction := append(prefix(tc.program), tc.flagArgv...)
				calls := runner.Calls()
				if len(calls) != 2 {
					t.Fatalf("got %d commands, want 2: %+v", len(calls), calls)
				}
				if !slices.Equal(calls[0].Argv, wantList) || calls[0].Stdin != "" {
					t.Errorf("verify call = %+v, want %v without stdin", calls[0], wantList)
				}
				if !slices.Equal(calls[1].Argv, wantAction) {
					t.Errorf("action argv = %v, want %v", calls[1].Argv, wantAction)
				}
				if calls[1].Stdin != tc.stdin {
					t.Errorf("action stdin = %q, want %q", calls[1].Stdin, tc.stdin)
				}
				if !slices.Equal(res.Argv, wantAction) {
					t.Errorf("Result.Argv = %v, want %v", res.Argv, wantAction)
				}
				if res.Count != tc.wantCount || !slices.Equal(res.QueueIDs, []string{tc.id}) || res.Simulated {
					t.Errorf("Result = %+v", res)
				}
				if res.Output != strings.TrimSpace(tc.stderr) {
					t.Errorf("Output = %q, want Postfix's stderr %q", res.Output, strings.TrimSpace(tc.stderr))
				}
			})
		}
	}
}

func TestPostsuperNothingChanged(t *testing.T) {
	// The message left the queue between the check and the command:
	// postsuper exits 0 and prints a zero summary.
	for _, tc := range actionCases[1:] {
		t.Run(tc.name, func(t *testing.T) {
			summary := strings.Split(strings.TrimSpace(tc.stderr), "\n")[1]
			summary = strings.Replace(summary, "1 message", "0 messages", 1)
			runner := NewFakeRunner(FakeReply{Stdout: tc.listing}, FakeReply{Stderr: summary + "\n"})
			res, err := tc.call(&Postfix{Runner: runner}, tc.id)
			if !errors.Is(err, ErrNotQueued) {
				t.Fatalf("error = %v, want ErrNotQueued", err)
			}
			if !strings.Contains(err.Error(), tc.id) || !strings.Contains(err.Error(), "no longer queued") {
				t.Errorf("error %q does not say %s was no longer queued", err, tc.id)
			}
			if res.Count != 0 || res.Output != summary {
				t.Errorf("Result = %+v", res)
			}
		})
	}
}

func TestParsePostsuperCount(t *testing.T) {
	ids := []string{"7E996BE094", "75D57BE091"}
	cases := []struct {
		name   string
		stderr string
		want   int
	}{
		{"summary one", "postsuper: 7E996BE094: placed on hold\npostsuper: Placed on hold: 1 message\n", 1},
		{"summary two", "postsuper: Placed on hold: 2 messages\n", 2},
		{"summary zero", "postsuper: Placed on hold: 0 messages\n", 0},
		{"per-ID lines only", "postsuper: 7E996BE094: placed on hold\npostsuper: 75D57BE091: placed on hold\n", 2},
		{"other ID ignored", "postsuper: ABCDEF1234: placed on hold\n", 0},
		{"other verb ignored", "postsuper: 7E996BE094: requeued\n", 0},
		{"warning only", "postsuper: warning: invalid mail queue id: zz\n", 0},
		{"empty", "", 0},
		{"garbage", "\x00\xff postsuper: Placed on hold: lots\n", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := parsePostsuperCount([]byte(tc.stderr), holdOp, ids); got != tc.want {
				t.Errorf("count = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestVerifyMismatch(t *testing.T) {
	cases := []struct {
		name     string
		listing  string
		id       string
		sender   string
		arrival  time.Time
		wantText []string
		notQueue bool
	}{
		{"different sender", queueListing, "7E996BE094", "shop@example.com", arrival,
			[]string{"7E996BE094", "sender is <tester@mx.example.com>, expected <shop@example.com>"}, false},
		{"null sender expected", queueListing, "7E996BE094", "", arrival,
			[]string{"expected <>"}, false},
		{"different arrival", queueListing, "7E996BE094", "tester@mx.example.com", arrival.Add(-time.Hour),
			[]string{"arrival is"}, false},
		{"sender and arrival", queueListing, "7E996BE094", "x@example.com", arrival.Add(time.Minute),
			[]string{"sender is", " and arrival is"}, false},
		{"not queued", queueListing, "ABCDEF1234", "tester@mx.example.com", arrival,
			[]string{"ABCDEF1234", "not in the queue any more"}, true},
		{"empty queue", "", "7E996BE094", "tester@mx.example.com", arrival,
			[]string{"not in the queue"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := &Postfix{Runner: NewFakeRunner(FakeReply{Stdout: tc.listing})}
			_, err := p.Verify(context.Background(), tc.id, tc.sender, tc.arrival)
			if !errors.Is(err, ErrChanged) {
				t.Fatalf("Verify error = %v, want ErrChanged", err)
			}
			if errors.Is(err, ErrNotQueued) != tc.notQueue {
				t.Errorf("errors.Is(err, ErrNotQueued) = %v, want %v", !tc.notQueue, tc.notQueue)
			}
			for _, text := range tc.wantText {
				if !strings.Contains(err.Error(), text) {
					t.Errorf("error %q does not contain %q", err, text)
				}
			}
		})
	}
}

func TestVerifyMatches(t *testing.T) {
	cases := []struct {
		name    string
		sender  string
		arrival time.Time
	}{
		{"exact", "tester@mx.example.com", arrival},
		{"arrival within tolerance", "tester@mx.example.com", arrival.Add(4 * time.Second)},
		{"arrival unknown", "tester@mx.example.com", time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := &Postfix{Runner: NewFakeRunner(FakeReply{Stdout: queueListing})}
			m, err := p.Verify(context.Background(), "7E996BE094", tc.sender, tc.arrival)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if m.QueueID != "7E996BE094" {
				t.Errorf("message = %+v", m)
			}
		})
	}
}

func TestVerifyArrivalToleranceSetting(t *testing.T) {
	p := &Postfix{Runner: NewFakeRunner(FakeReply{Stdout: queueListing}), ArrivalTolerance: time.Second}
	_, err := p.Verify(context.Background(), "7E996BE094", "tester@mx.example.com", arrival.Add(4*time.Second))
	if !errors.Is(err, ErrChanged) {
		t.Errorf("Verify with a 1s tolerance and a 4s gap = %v, want ErrChanged", err)
	}
}

func TestVerifyMismatchRunsNoAction(t *testing.T) {
	for _, tc := range actionCases {
		t.Run(tc.name, func(t *testing.T) {
			runner := NewFakeRunner(FakeReply{Stdout: ""})
			_, err := tc.call(&Postfix{Runner: runner}, tc.id)
			if !errors.Is(err, ErrChanged) {
				t.Errorf("error = %v, want ErrChanged", err)
			}
			if n := len(runner.Calls()); n != 1 {
				t.Errorf("ran %d commands, want only postqueue -j", n)
			}
		})
	}
}

func TestActionWrongQueue(t *testing.T) {
	cases := []struct {
		name     string
		listing  string
		call     func(p *Postfix) (Result, error)
		wantText string
	}{
		{"deliver-now on hold", holdLine, func(p *Postfix) (Result, error) {
			return p.DeliverNow(context.Background(), "75D57BE091", "tester@mx.example.com", arrival)
		}, "until it is released"},
		{"deliver-now while active", activeLine, func(p *Postfix) (Result, error) {
			return p.DeliverNow(context.Background(), "4jh2DZ3Cpzz5rBg", "tester@mx.example.com", time.Time{})
		}, "being delivered right now"},
		{"release not held", deferredLine, func(p *Postfix) (Result, error) {
			return p.Release(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
		}, "not on hold"},
		{"hold already held", holdLine, func(p *Postfix) (Result, error) {
			return p.Hold(context.Background(), "75D57BE091", "tester@mx.example.com", arrival)
		}, "already on hold"},
		{"requeue in maildrop", strings.Replace(deferredLine, `"deferred"`, `"maildrop"`, 1), func(p *Postfix) (Result, error) {
			return p.Requeue(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
		}, "maildrop queue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runner := NewFakeRunner(FakeReply{Stdout: tc.listing})
			_, err := tc.call(&Postfix{Runner: runner})
			if !errors.Is(err, ErrWrongQueue) {
				t.Fatalf("error = %v, want ErrWrongQueue", err)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not contain %q", err, tc.wantText)
			}
			if n := len(runner.Calls()); n != 1 {
				t.Errorf("ran %d commands, want only postqueue -j", n)
			}
		})
	}
}

func TestInvalidQueueIDNeverRuns(t *testing.T) {
	bad := []string{
		"", "ALL", "all", "x", "ABCDE", "7e996be094", "-d", "--help", "7E996BE094\nALL",
		"7E996BE094 ", " 7E996BE094", "../../etc/passwd", "deferred/7/7E996BE094",
		"NOQUEUE", "7E996BE094;rm", "4jh2DZ3Cpzz", "4jh2DZ3Cpaz5rBg", "\x00\x01",
		strings.Repeat("A", 64),
	}
	for _, id := range bad {
		runner := NewFakeRunner()
		p := &Postfix{Runner: runner}
		calls := map[string]func() error{
			"Lookup":     func() error { _, err := p.Lookup(context.Background(), id); return err },
			"Verify":     func() error { _, err := p.Verify(context.Background(), id, "", time.Time{}); return err },
			"DeliverNow": func() error { _, err := p.DeliverNow(context.Background(), id, "", time.Time{}); return err },
			"Requeue":    func() error { _, err := p.Requeue(context.Background(), id, "", time.Time{}); return err },
			"Hold":       func() error { _, err := p.Hold(context.Background(), id, "", time.Time{}); return err },
			"Release":    func() error { _, err := p.Release(context.Background(), id, "", time.Time{}); return err },
			"Delete":     func() error { _, err := p.Delete(context.Background(), id, "", time.Time{}); return err },
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, ErrInvalidQueueID) {
				t.Errorf("%s(%q) error = %v, want ErrInvalidQueueID", name, id, err)
			}
		}
		if n := len(runner.Calls()); n != 0 {
			t.Errorf("ID %q reached the runner %d times", id, n)
		}
	}
}

func TestInvalidQueueIDMessage(t *testing.T) {
	_, err := (&Postfix{Runner: NewFakeRunner()}).Hold(context.Background(), "x", "", time.Time{})
	want := `invalid queue ID "x": expected 6+ hex digits or a long base-52 ID`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrInvalidQueueID) {
		t.Errorf("error %v does not wrap ErrInvalidQueueID", err)
	}
	if got, want := l10n.New(l10n.Japanese).ErrorText(err), "queue ID「x」は正しくありません"; !strings.Contains(got, want) {
		t.Errorf("Japanese text %q lacks %q", got, want)
	}
	_, err = (&Postfix{Runner: NewFakeRunner()}).Delete(context.Background(), "ALL", "", time.Time{})
	if err == nil || !strings.Contains(err.Error(), "never on ALL") {
		t.Errorf("Delete(ALL) error = %v, want a refusal naming ALL", err)
	}
}

func TestCommandFailureCarriesStderr(t *testing.T) {
	exit := errors.New("exit status 1")
	fatal := "postsuper: fatal: use of this command is reserved for the superuser\n"
	runner := NewFakeRunner(FakeReply{Stdout: queueListing}, FakeReply{Stderr: fatal, Err: exit})
	res, err := (&Postfix{Runner: runner}).Hold(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	if err == nil {
		t.Fatal("Hold succeeded after a fatal postsuper error")
	}
	var cmdErr *CommandError
	if !errors.As(err, &cmdErr) {
		t.Fatalf("error %v is not a *CommandError", err)
	}
	if !errors.Is(err, exit) {
		t.Errorf("error %v does not wrap the runner's error", err)
	}
	want := "postsuper -h - failed: postsuper: fatal: use of this command is reserved for the superuser (exit status 1)"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if res.Count != 0 || res.Output != strings.TrimSpace(fatal) {
		t.Errorf("Result = %+v", res)
	}
}

func TestCommandErrorPicksFatalLine(t *testing.T) {
	err := &CommandError{
		Argv:   []string{"postsuper", "-c", "/etc/postfix out", "-r", "-"},
		Stderr: "postsuper: Requeued: 0 messages\npostsuper: fatal: open logfile '/var/log/x.log': cannot open file: Permission denied",
		Err:    errors.New("exit status 1"),
	}
	want := `postsuper -c "/etc/postfix out" -r - failed: postsuper: fatal: open logfile '/var/log/x.log': cannot open file: Permission denied (exit status 1)`
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
}

func TestPostqueueDownFails(t *testing.T) {
	runner := NewFakeRunner(FakeReply{
		Stderr: "postqueue: warning: connect to public/flush: No such file or directory\npostqueue: fatal: Cannot flush mail queue - mail system is down\n",
		Err:    errors.New("exit status 69"),
		Stdout: "",
	})
	// Lookup is the first command; a down mail system without root fails it.
	_, err := (&Postfix{Runner: runner}).DeliverNow(context.Background(), "7E996BE094", "tester@mx.example.com", arrival)
	if err == nil || !strings.Contains(err.Error(), "mail system is down") || !strings.Contains(err.Error(), "exit status 69") {
		t.Errorf("error = %v, want Postfix's fatal line and the exit status", err)
	}
}

func TestContextCanceledStopsAction(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	runner := NewFakeRunner(FakeReply{Stdout: queueListing})
	_, err := (&Postfix{Runner: runner}).Hold(ctx, "7E996BE094", "tester@mx.example.com", arrival)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if n := len(runner.Calls()); n != 1 {
		t.Errorf("ran %d commands after cancel, want the one that failed", n)
	}
}

// Without root, postqueue rejects a -c DIR that the default main.cf does
// not list, and the error then carries the fix.
func TestConfigDirRejectedByPostqueue(t *testing.T) {
	const dir = "/etc/postfix-out"
	stderr := "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n" +
		"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /etc/postfix/main.cf\n"
	p := &Postfix{ConfigDir: dir, Runner: NewFakeRunner(FakeReply{Stderr: stderr, Err: errors.New("exit status 69")})}
	_, err := p.Lookup(context.Background(), "75D57BE091")
	var rejected *sources.ConfigDirRejectedError
	if !errors.As(err, &rejected) {
		t.Fatalf("err = %v, want a *sources.ConfigDirRejectedError", err)
	}
	if rejected.ConfigDir != dir || rejected.MainCF != "/etc/postfix/main.cf" {
		t.Errorf("rejection = %+v, want %s listed in /etc/postfix/main.cf", rejected, dir)
	}
	if !strings.Contains(err.Error(), "alternate_config_directories") {
		t.Errorf("err = %q, want the fix", err)
	}
}
