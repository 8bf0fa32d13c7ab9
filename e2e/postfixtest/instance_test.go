package postfixtest

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestInstanceDeliversToSink(t *testing.T) {
	sink := StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	in := StartInstance(t, Config{Routes: map[string]int{"docomo.ne.jp": port, "shop.example": port}})

	okID, err := in.Submit("shop@shop.example", []string{"ok1@docomo.ne.jp", "reject1@docomo.ne.jp"}, "ご注文の商品を発送しました", "body\n")
	if err != nil {
		t.Fatal(err)
	}
	heldID, err := in.SubmitSMTP("shop@shop.example", []string{"tempfail1@docomo.ne.jp"}, "held", "body\n")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Wait for the first attempt, then hold the message so it stays queued.
	err = in.WaitLog(ctx, func(lines []string) bool {
		return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, heldID+": to=<tempfail1@docomo.ne.jp>") })
	})
	if err != nil {
		t.Fatalf("wait for the tempfail attempt: %v", err)
	}
	out, err := in.Postsuper(ctx, "-h", heldID)
	if err != nil || !strings.Contains(out, "placed on hold") {
		t.Fatalf("postsuper -h %s: %q, %v", heldID, out, err)
	}

	if err := in.WaitSettled(ctx, heldID); err != nil {
		t.Fatal(err)
	}
	queue, err := in.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) != 1 || queue[0].QueueID != heldID || queue[0].QueueName != "hold" {
		t.Errorf("queue = %+v, want only %s in hold", queue, heldID)
	}

	var sent, bounced, notified bool
	for _, r := range sink.Records() {
		switch {
		case r.To == "ok1@docomo.ne.jp" && r.Phase == PhaseData && r.Code == 250:
			sent = true
		case r.To == "reject1@docomo.ne.jp" && r.Phase == PhaseRcpt && r.Code == 550:
			bounced = true
		case r.From == "" && r.To == "shop@shop.example" && r.Phase == PhaseData:
			notified = true
		}
	}
	if !sent || !bounced || !notified {
		t.Errorf("sink saw sent=%v bounced=%v notification=%v for %s, want all true", sent, bounced, notified, okID)
	}

	data, err := os.ReadFile(in.LogPath())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), " mx postfix/") {
		t.Errorf("maillog has no lines from host mx: %.300s", data)
	}
}

func TestInstanceStopRemovesFiles(t *testing.T) {
	Require(t)
	in, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := in.Start(ctx); err != nil {
		in.Stop()
		t.Fatal(err)
	}
	if err := in.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{in.ConfigDir(), in.QueueDir(), in.LogPath(), in.dataDir} {
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s still exists after Stop (stat error %v)", path, err)
		}
	}
}

func TestNewRejectsBadName(t *testing.T) {
	Require(t)
	for _, name := range []string{"../etc", "Upper", "a b", "-x"} {
		if in, err := New(Config{Name: name}); err == nil {
			in.Stop()
			t.Errorf("New with name %q succeeded, want an error", name)
		}
	}
}

func TestUnsettledFollowsNotificationsAndRequeues(t *testing.T) {
	lines := []string{
		"Dec 04 19:46:53 mx postfix/qmgr[1]: AAAAAA0001: from=<a@example.org>, size=1, nrcpt=1 (queue active)",
		"Dec 04 19:46:53 mx postfix/bounce[2]: AAAAAA0001: sender non-delivery notification: BBBBBB0002",
		"Dec 04 19:46:53 mx postfix/qmgr[1]: AAAAAA0001: removed",
		"Dec 04 19:46:54 mx postfix/postsuper[3]: CCCCCC0003: requeued",
		"Dec 04 19:46:55 mx postfix/pickup[4]: DDDDDD0004: uid=102 from=<a@example.org> orig_id=CCCCCC0003",
		"garbage line",
	}
	got := unsettled(lines, []string{"AAAAAA0001", "CCCCCC0003", "EEEEEE0005"}, map[string]bool{"EEEEEE0005": true})
	slices.Sort(got)
	want := []string{"BBBBBB0002", "DDDDDD0004"}
	if !slices.Equal(got, want) {
		t.Errorf("unsettled = %v, want %v", got, want)
	}

	lines = append(lines,
		"Dec 04 19:46:56 mx postfix/qmgr[1]: BBBBBB0002: removed",
		"Dec 04 19:46:56 mx postfix/qmgr[1]: DDDDDD0004: removed",
	)
	if got := unsettled(lines, []string{"AAAAAA0001", "CCCCCC0003"}, nil); len(got) != 0 {
		t.Errorf("unsettled after removal = %v, want none", got)
	}
}
