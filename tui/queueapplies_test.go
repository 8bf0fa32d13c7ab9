package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// cursorOn moves the queue list's cursor down to the row of id.
func cursorOn(t *testing.T, m Model, id string) Model {
	t.Helper()
	i := slices.Index(shownIDs(m), id)
	if i < 0 {
		t.Fatalf("queue list %v lacks %s", shownIDs(m), id)
	}
	for range i {
		m = send(t, m, keys("down")...)
	}
	return m
}

func TestQueueFooterKeysFollowQueue(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		open   bool
		shown  []string
		hidden []string
	}{
		{"deferred row", "5E2A1C09F3", false, []string{"i", "h", "r", "e", "d"}, []string{"H"}},
		{"held row", "4jh2G3cDfgz5Hjk", false, []string{"H", "r", "e", "d"}, []string{"i", "h"}},
		{"held message view", "4jh2G3cDfgz5Hjk", true, []string{"H", "r", "e", "d"}, []string{"i", "h"}},
		{"active row", "2C6F8B1D04", false, []string{"h", "r", "e", "d"}, []string{"i", "H"}},
		{"active message view", "2C6F8B1D04", true, []string{"h", "r", "e", "d"}, []string{"i", "H"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := cursorOn(t, queueScreenModel(t, "en", &fakeBatch{}, 132, 40), tt.id)
			if tt.open {
				m = send(t, m, keys("enter")...)
			}
			acts := m.queueActionKeys()
			var names []string
			for _, b := range acts {
				names = append(names, b.Help().Key)
			}
			for _, want := range tt.shown {
				if !slices.Contains(names, want) {
					t.Errorf("action keys lack %q: %q", want, names)
				}
			}
			for _, unwanted := range tt.hidden {
				if slices.Contains(names, unwanted) {
					t.Errorf("action keys offer %q: %q", unwanted, names)
				}
				if slices.Contains(footerKeys(m), unwanted) {
					t.Errorf("footer offers %q: %q", unwanted, footerKeys(m))
				}
			}
		})
	}
}

func TestQueueDeliverNowRejectedByQueue(t *testing.T) {
	tests := []struct {
		lang string
		id   string
		open bool
		want string
	}{
		{"en", "4jh2G3cDfgz5Hjk", false, "4jh2G3cDfgz5Hjk is on hold, so release it with H before delivering it now"},
		{"en", "4jh2G3cDfgz5Hjk", true, "4jh2G3cDfgz5Hjk is on hold, so release it with H before delivering it now"},
		{"ja", "4jh2G3cDfgz5Hjk", true, "4jh2G3cDfgz5Hjk は保留中なので、今すぐ配送する前に H で保留を解除してください。"},
		{"en", "2C6F8B1D04", false, "2C6F8B1D04 is being delivered right now, so wait for this attempt to end"},
		{"ja", "2C6F8B1D04", false, "2C6F8B1D04 はいま配送中なので、この試行が終わるまで待ってください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.id, func(t *testing.T) {
			batch := &fakeBatch{}
			m := cursorOn(t, queueScreenModel(t, tt.lang, batch, 132, 40), tt.id)
			if tt.open {
				m = send(t, m, keys("enter")...)
			}
			m = send(t, m, keys("i")...)
			if m.queueConfirm != nil {
				t.Errorf("a confirmation opened")
			}
			if m.result != tt.want {
				t.Errorf("result = %q, want %q", m.result, tt.want)
			}
			if len(batch.calls) != 0 {
				t.Errorf("calls = %+v, want none", batch.calls)
			}
		})
	}
}

// A tagged held message gets every key, so deliver now reaches Postfix's
// check, which skips it. The footer then gives that one reason once,
// instead of repeating it as a failure.
func TestQueueSkippedHeldOneSentence(t *testing.T) {
	held := `{"queue_name": "hold", "queue_id": "75D57BE091", "arrival_time": 1796413613, "message_size": 328, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "taro@docomo.ne.jp"}]}`
	queued := sources.QueuedMessage{
		Queue: sources.QueueHold, QueueID: "75D57BE091", Arrival: time.Unix(1796413613, 0), Size: 328,
		Sender:     "shop@example.com",
		Recipients: []sources.QueuedRecipient{{Address: "taro@docomo.ne.jp", Status: "4.7.0", Reason: greylisted}},
	}
	snapshot := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory,
		Messages: []sources.QueuedMessage{queued}, Counts: map[string]int{"hold": 1}}
	tests := []struct {
		lang string
		want string
	}{
		{"en", "1 skipped: queue ID 75D57BE091 is on hold, and deliver now does not touch held mail until it is released"},
		{"ja", "1 件は対象外: queue ID 75D57BE091 は保留中なので、保留を解除するまで今すぐ配送は効きません。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			opts := testOptions(tt.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &actions.Postfix{Runner: actions.NewFakeRunner(actions.FakeReply{Stdout: held + "\n"})}
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
			m = send(t, m, keys("space", "i", "y")...)

			if m.result != tt.want {
				t.Errorf("result = %q, want %q", m.result, tt.want)
			}
			if m.resultKind != resultError {
				t.Errorf("result kind = %v, want an error", m.resultKind)
			}
			for _, repeated := range []string{"failed", "失敗", "does not apply", "first reason", "最初の理由"} {
				if strings.Contains(m.result, repeated) {
					t.Errorf("result %q contains %q", m.result, repeated)
				}
			}
		})
	}
}
