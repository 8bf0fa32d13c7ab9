package tui

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
)

const (
	greylisted = "host mfsmax.docomo.ne.jp[203.138.181.240] said: 450 4.7.0 Requested action aborted: try again later (in reply to RCPT TO command)"
	refused    = "connect to lsean.ezweb.ne.jp[27.86.32.64]:25: Connection refused"
)

// fixtureQueue is a queue of stuck shipping notices: docomo deferred and
// held, one au message, a bounce and one message being delivered.
func fixtureQueue() sources.QueueSnapshot {
	msg := func(queue, id string, age time.Duration, sender string, recipients ...sources.QueuedRecipient) sources.QueuedMessage {
		m := sources.QueuedMessage{Queue: queue, QueueID: id, Arrival: fixtureNow.Add(-age), Size: 2400, Sender: sender, Recipients: recipients}
		if queue == sources.QueueDeferred {
			m.NextRetry = fixtureNow.Add(4 * time.Minute)
		}
		return m
	}
	pending := func(address, status, reason string) sources.QueuedRecipient {
		return sources.QueuedRecipient{Address: address, Status: status, Reason: reason}
	}
	messages := []sources.QueuedMessage{
		msg("deferred", "4jh2DZ3Cpzz5rBg", 3*time.Minute, "shop@example.com", pending("taro@docomo.ne.jp", "4.7.0", greylisted)),
		msg("deferred", "5E2A1C09F3", 12*time.Minute, "shop@example.com", pending("hanako@docomo.ne.jp", "4.7.0", greylisted)),
		msg("deferred", "4jh2F2bCdfz4GhK", 45*time.Minute, "shop@example.com", pending("jiro@docomo.ne.jp", "4.7.0", greylisted),
			sources.QueuedRecipient{Address: "ok@gmail.com", Done: true}),
		msg("hold", "4jh2G3cDfgz5Hjk", 90*time.Minute, "shop@example.com", pending("saburo@docomo.ne.jp", "4.7.0", greylisted)),
		msg("deferred", "4jh2H4dFgyz6hJk", 7*time.Hour, "news@example.com", pending("ichiro@ezweb.ne.jp", "4.4.1", refused)),
		msg("deferred", "9D4F0C7B62", 25*time.Minute, "", pending("shop@example.com", "", "")),
		msg("active", "2C6F8B1D04", 30*time.Second, "shop@example.com", pending("shiro@docomo.ne.jp", "", "")),
	}
	counts := map[string]int{"maildrop": 0, "incoming": 0, "active": 1, "deferred": 5, "hold": 1, "corrupt": 0}
	return sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory, Messages: messages, Counts: counts}
}

// batchCall is one call the fake batch controller received.
type batchCall struct {
	action  string
	targets []actions.Target
	domain  string
}

// fakeBatch records batch calls and reports every target changed.
type fakeBatch struct {
	calls []batchCall
	err   error
}

func (f *fakeBatch) record(action string, targets []actions.Target) (actions.Result, error) {
	f.calls = append(f.calls, batchCall{action: action, targets: targets})
	res := actions.Result{Action: actions.Action(action), Count: len(targets)}
	for _, t := range targets {
		res.QueueIDs = append(res.QueueIDs, t.ID)
	}
	return res, f.err
}

func (f *fakeBatch) DeliverNowMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("deliver-now", t)
}
func (f *fakeBatch) RequeueMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("requeue", t)
}
func (f *fakeBatch) HoldMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("hold", t)
}
func (f *fakeBatch) ReleaseMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("release", t)
}
func (f *fakeBatch) ExpireMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("expire", t)
}
func (f *fakeBatch) DeleteMany(ctx context.Context, t []actions.Target) (actions.Result, error) {
	return f.record("delete", t)
}
func (f *fakeBatch) FlushDomain(ctx context.Context, domain string) (actions.Result, error) {
	f.calls = append(f.calls, batchCall{action: "flush-domain", domain: domain})
	return actions.Result{Action: actions.ActionFlushDomain}, f.err
}
func (f *fakeBatch) FlushAll(ctx context.Context) (actions.Result, error) {
	f.calls = append(f.calls, batchCall{action: "flush"})
	return actions.Result{Action: actions.ActionFlushAll}, f.err
}

// queueScreenModel returns a screen of the given size and language on the
// queue screen with the fixture queue.
func queueScreenModel(t *testing.T, lang string, batch actions.BatchController, width, height int) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = batch
	opts.QueueContent = readFixtureContent
	m := newScreen(t, opts, width, height)
	return send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
}

// shownIDs returns the queue IDs of the list in display order.
func shownIDs(m Model) []string {
	var ids []string
	for _, row := range m.queue.rows {
		ids = append(ids, row.msg.QueueID)
	}
	return ids
}

func tagIDs(q *queueScreen) []string {
	var ids []string
	for key := range q.tags {
		ids = append(ids, key.id)
	}
	slices.Sort(ids)
	return ids
}

func TestGoldenQueueScreens(t *testing.T) {
	scenes := []struct {
		name string
		keys []string
	}{
		{"queue", []string{"space", "space"}},
		{"queue-shape", []string{"v", "right", "right"}},
		{"queue-message", []string{"enter"}},
		{"queue-confirm", []string{"space", "space", "h"}},
	}
	sizes := []struct{ width, height int }{{80, 24}, {132, 40}}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range sizes {
			for _, scene := range scenes {
				name := scene.name + "-" + lang + "-" + itoa(size.width) + "x" + itoa(size.height)
				t.Run(name, func(t *testing.T) {
					m := queueScreenModel(t, lang, &fakeBatch{}, size.width, size.height)
					m = send(t, m, keys(scene.keys...)...)
					text := screenText(m)
					checkScreenShape(t, text, size.width, size.height)
					checkGolden(t, name, text)
				})
			}
		}
	}
}

func TestQueueListOldestFirst(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	ids := shownIDs(m)
	if len(ids) != 7 || ids[0] != "4jh2H4dFgyz6hJk" || ids[6] != "2C6F8B1D04" {
		t.Errorf("rows = %v, want the 7h-old message first and the active one last", ids)
	}
	m = send(t, m, keys("S")...)
	if ids := shownIDs(m); ids[0] != "2C6F8B1D04" {
		t.Errorf("reversed rows start with %s, want the newest", ids[0])
	}
}

func TestQueueSortEveryColumn(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	for i := 1; i < int(numQueueColumns); i++ {
		m = send(t, m, keys("s")...)
		if m.queue.sortBy != queueColumn(i) {
			t.Fatalf("after %d presses of s the sort is %d", i, m.queue.sortBy)
		}
		if len(m.queue.rows) != 7 {
			t.Errorf("sort %d lost rows: %d", i, len(m.queue.rows))
		}
	}
	m = send(t, m, keys("s")...)
	if m.queue.sortBy != queueColAge {
		t.Errorf("sort did not wrap to age: %d", m.queue.sortBy)
	}
}

func TestQueueFilterPrefixes(t *testing.T) {
	cases := []struct {
		filter string
		want   []string
	}{
		{"d:docomo.ne.jp", []string{"4jh2G3cDfgz5Hjk", "4jh2F2bCdfz4GhK", "5E2A1C09F3", "4jh2DZ3Cpzz5rBg", "2C6F8B1D04"}},
		{"d:docomo.ne.jp q:deferred", []string{"4jh2F2bCdfz4GhK", "5E2A1C09F3", "4jh2DZ3Cpzz5rBg"}},
		{"s:news@", []string{"4jh2H4dFgyz6hJk"}},
		{"s:<>", []string{"9D4F0C7B62"}},
		{"r:taro", []string{"4jh2DZ3Cpzz5rBg"}},
		{"q:hold", []string{"4jh2G3cDfgz5Hjk"}},
		{"c:network", []string{"4jh2H4dFgyz6hJk"}},
		{"connection refused", []string{"4jh2H4dFgyz6hJk"}},
		{"r:ok@gmail", nil}, // done recipients do not match
	}
	for _, tc := range cases {
		t.Run(tc.filter, func(t *testing.T) {
			m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
			m = send(t, m, keys("/")...)
			for _, r := range tc.filter {
				m = send(t, m, keyPress(string(r)))
			}
			m = send(t, m, keys("enter")...)
			if got := shownIDs(m); !slices.Equal(got, tc.want) {
				t.Errorf("rows = %v, want %v", got, tc.want)
			}
			if m.queue.filtering {
				t.Errorf("still typing after enter")
			}
		})
	}
}

func TestQueueFilterBadClass(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = send(t, m, keys("/", "c", ":", "x", "enter")...)
	if m.queue.filterErr == "" || !strings.Contains(screenText(m), "unknown reason class") {
		t.Errorf("bad class not reported:\n%s", screenText(m))
	}
	if len(m.queue.rows) != 7 {
		t.Errorf("bad class hid rows: %d shown", len(m.queue.rows))
	}
}

func TestQueueTagsSurviveRefresh(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = send(t, m, keys("space", "down", "space")...)
	want := []string{"4jh2F2bCdfz4GhK", "4jh2H4dFgyz6hJk"}
	if got := tagIDs(&m.queue); !slices.Equal(got, want) {
		t.Fatalf("tags = %v, want %v", got, want)
	}

	// A new scan: one tagged message moved to hold, a new message came.
	snap := fixtureQueue()
	snap.Messages[2].Queue = "hold"
	snap.Messages = append(snap.Messages, sources.QueuedMessage{Queue: "incoming", QueueID: "4jh2L7gHjkz9kLm", Arrival: fixtureNow})
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	var tagged []string
	for _, msg := range m.queue.taggedMessages() {
		tagged = append(tagged, msg.QueueID)
	}
	slices.Sort(tagged)
	if !slices.Equal(tagged, want) {
		t.Errorf("tagged after refresh = %v, want %v", tagged, want)
	}
	if !strings.Contains(screenText(m), "2 tagged") {
		t.Errorf("title lacks the tag count:\n%s", screenText(m))
	}

	// A message whose ID was reused (other arrival) is not tagged.
	snap = fixtureQueue()
	snap.Messages[2].Arrival = fixtureNow
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	if n := len(m.queue.taggedMessages()); n != 1 {
		t.Errorf("tagged after ID reuse = %d, want 1", n)
	}

	m = send(t, m, keys("U")...)
	if len(m.queue.tags) != 0 {
		t.Errorf("U left tags %v", tagIDs(&m.queue))
	}
}

func TestQueueTagAllShown(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = send(t, m, keys("/", "q", ":", "h", "o", "l", "d", "enter", "T")...)
	if got := tagIDs(&m.queue); !slices.Equal(got, []string{"4jh2G3cDfgz5Hjk"}) {
		t.Errorf("T tagged %v, want only the held message", got)
	}
}

func TestQueueConfirmScopeText(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("space", "space", "space", "h")...)
	text := screenText(m)
	if !strings.Contains(text, "Hold 3 tagged messages (deferred 2, hold 1)? [y/N]") {
		t.Errorf("confirmation of tagged messages:\n%s", text)
	}
	if len(batch.calls) != 0 {
		t.Fatalf("action ran before the answer: %+v", batch.calls)
	}
	m = send(t, m, keys("y")...)
	if len(batch.calls) != 1 || batch.calls[0].action != "hold" || len(batch.calls[0].targets) != 3 {
		t.Fatalf("calls = %+v, want one hold of 3", batch.calls)
	}
	i := slices.IndexFunc(batch.calls[0].targets, func(t actions.Target) bool { return t.ID == "4jh2H4dFgyz6hJk" })
	if i < 0 {
		t.Fatalf("targets %+v lack 4jh2H4dFgyz6hJk", batch.calls[0].targets)
	}
	target := batch.calls[0].targets[i]
	if target.Queue != "deferred" || target.Sender != "news@example.com" || !target.Arrival.Equal(fixtureNow.Add(-7*time.Hour)) {
		t.Errorf("first target = %+v", target)
	}
	if !strings.Contains(screenText(m), "hold: 3 of 3 changed") {
		t.Errorf("footer lacks the result:\n%s", screenText(m))
	}
	if len(m.queue.tags) != 0 {
		t.Errorf("tags of changed messages kept: %v", tagIDs(&m.queue))
	}

	// Without tags the cursor message is the scope, named in full.
	m = send(t, m, keys("home", "d")...)
	if text := screenText(m); !strings.Contains(text, "Delete 4jh2H4dFgyz6hJk (deferred queue) from news@example.com to ichiro@ezweb.ne.jp? [y/N]") {
		t.Errorf("confirmation of the cursor message:\n%s", text)
	}
	m = send(t, m, keys("n")...)
	if len(batch.calls) != 1 || !strings.Contains(screenText(m), "cancelled: delete") {
		t.Errorf("n did not cancel: calls %+v", batch.calls)
	}
}

func TestQueueConfirmOneTaggedNamesIt(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	// Tag the first row, then move the cursor away from it.
	m = send(t, m, keys("home", "space", "end", "d")...)
	text := screenText(m)
	if !strings.Contains(text, "Delete 4jh2H4dFgyz6hJk (deferred queue) from news@example.com to ichiro@ezweb.ne.jp? [y/N]") {
		t.Errorf("confirmation of one tagged message:\n%s", text)
	}
	m = send(t, m, keys("y")...)
	if len(batch.calls) != 1 {
		t.Fatalf("calls = %+v, want one delete", batch.calls)
	}
	if got := batch.calls[0].targets; len(got) != 1 || got[0].ID != "4jh2H4dFgyz6hJk" {
		t.Errorf("delete targets = %+v, want only the tagged 4jh2H4dFgyz6hJk", got)
	}
}

func TestQueueConfirmCountsHiddenTags(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "Hold 3 tagged messages (deferred 2, hold 1; 2 hidden by the filter)? [y/N]"},
		{"ja", "印を付けた 3 件（deferred 2、hold 1、うち 2 件は絞り込みで非表示）を保留しますか？ [y/N]"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, tc.lang, batch, 132, 40)
			// Tag the first three rows; the filter then shows only the
			// held one of them.
			m = send(t, m, keys("space", "space", "space", "/", "q", ":", "h", "o", "l", "d", "enter", "h")...)
			if text := screenText(m); !strings.Contains(text, tc.want) {
				t.Errorf("confirmation lacks %q:\n%s", tc.want, text)
			}
			if n := len(m.queue.tags); n != 3 {
				t.Errorf("tags after filtering = %d, want 3", n)
			}
			m = send(t, m, keys("y")...)
			if len(batch.calls) != 1 || len(batch.calls[0].targets) != 3 {
				t.Errorf("calls = %+v, want one hold of the 3 tagged messages", batch.calls)
			}
		})
	}
}

func TestQueueConfirmOneHiddenTag(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "Delete 4jh2H4dFgyz6hJk (deferred queue; tagged, but hidden by the filter) from news@example.com to ichiro@ezweb.ne.jp? [y/N]"},
		{"ja", "4jh2H4dFgyz6hJk（deferred キュー、差出人 news@example.com、宛先 ichiro@ezweb.ne.jp、印付きだが絞り込みで非表示）を"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys("home", "space", "/", "q", ":", "h", "o", "l", "d", "enter", "d")...)
			text := screenText(m)
			if !strings.Contains(text, tc.want) {
				t.Errorf("confirmation lacks %q:\n%s", tc.want, text)
			}
			// The Japanese prompt wraps, so [y/N] may start the next line.
			if !strings.Contains(text, "[y/N]") {
				t.Errorf("confirmation lacks [y/N]:\n%s", text)
			}
		})
	}
}

// bigQueue is the fixture queue plus n deferred docomo messages.
func bigQueue(n int) sources.QueueSnapshot {
	snap := fixtureQueue()
	for i := range n {
		snap.Messages = append(snap.Messages, sources.QueuedMessage{
			Queue: "deferred", QueueID: "A0000" + strings.Repeat("0", 4-len(itoa(i))) + itoa(i) + "1",
			Arrival: fixtureNow.Add(-time.Duration(i+1) * time.Minute), Sender: "shop@example.com",
			Recipients: []sources.QueuedRecipient{{Address: "user" + itoa(i) + "@docomo.ne.jp", Reason: greylisted}},
		})
	}
	return snap
}

func TestQueueDeleteNeedsTypedCount(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: bigQueue(12)})
	m = send(t, m, keys("/", "s", ":", "s", "h", "o", "p", "enter", "T", "d")...)
	n := len(m.queue.taggedMessages())
	if n <= typedCountOver {
		t.Fatalf("tagged %d, want more than %d", n, typedCountOver)
	}
	count := itoa(n)
	if !strings.Contains(screenText(m), "Type "+count+" and press Enter") {
		t.Fatalf("no typed-count prompt:\n%s", screenText(m))
	}
	m = send(t, m, keys("y")...)
	if m.queueConfirm != nil || len(batch.calls) != 0 {
		t.Fatalf("y answered a typed-count prompt: calls %+v", batch.calls)
	}

	// A wrong count cancels.
	m = send(t, m, keys("d", "9", "enter")...)
	if len(batch.calls) != 0 || !strings.Contains(screenText(m), "delete cancelled: 9 is not "+count) {
		t.Errorf("wrong count: calls %+v\n%s", batch.calls, screenText(m))
	}

	// The right count, with a typo fixed, deletes.
	m = send(t, m, keys("d", "7", "backspace")...)
	for _, r := range count {
		m = send(t, m, keyPress(string(r)))
	}
	m = send(t, m, keys("enter")...)
	if len(batch.calls) != 1 || batch.calls[0].action != "delete" || len(batch.calls[0].targets) != n {
		t.Errorf("calls = %+v, want one delete of %d", batch.calls, n)
	}
}

func TestQueueTypedCountWithHiddenTags(t *testing.T) {
	cases := []struct {
		lang   string
		prompt string
	}{
		{"en", "17 tagged messages (active 1, deferred 15, hold 1; 16 hidden by the filter) for good? Type 17 and press Enter"},
		{"ja", "印を付けた 17 件（active 1、deferred 15、hold 1、うち 16 件は絞り込みで非表示）を完全に削除しますか？ 17 と入力して Enter"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, tc.lang, batch, 132, 40)
			m = send(t, m, QueueSnapshotMsg{Snapshot: bigQueue(12)})
			// Tag every shop message, then narrow the list to the held one.
			m = send(t, m, keys("/", "s", ":", "s", "h", "o", "p", "enter", "T")...)
			m = send(t, m, keys("/", " ", "q", ":", "h", "o", "l", "d", "enter", "d")...)
			if got := shownIDs(m); !slices.Equal(got, []string{"4jh2G3cDfgz5Hjk"}) {
				t.Fatalf("list shows %v, want only the held message", got)
			}
			if text := screenText(m); !strings.Contains(text, tc.prompt) {
				t.Fatalf("typed-count prompt lacks %q:\n%s", tc.prompt, text)
			}
			m = send(t, m, keys("1", "7", "enter")...)
			if len(batch.calls) != 1 || batch.calls[0].action != "delete" || len(batch.calls[0].targets) != 17 {
				t.Errorf("calls = %+v, want one delete of 17", batch.calls)
			}
		})
	}
}

// withoutMessages returns snap without the messages with the given IDs.
func withoutMessages(snap sources.QueueSnapshot, ids ...string) sources.QueueSnapshot {
	snap.Messages = slices.DeleteFunc(slices.Clone(snap.Messages), func(m sources.QueuedMessage) bool {
		return slices.Contains(ids, m.QueueID)
	})
	return snap
}

func TestQueueConfirmFollowsQueue(t *testing.T) {
	cases := []struct {
		lang   string
		before string
		after  string
	}{
		{
			"en",
			"Hold 3 tagged messages (deferred 2, hold 1)? [y/N]",
			"Hold 2 tagged messages (deferred 1, hold 1; 1 more left the queue)? [y/N]",
		},
		{
			"ja",
			"印を付けた 3 件（deferred 2、hold 1）を保留しますか？ [y/N]",
			"印を付けた 2 件（deferred 1、hold 1、ほかに印付きの 1 件はすでにキューにない）を保留しますか？ [y/N]",
		},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, tc.lang, batch, 132, 40)
			m = send(t, m, keys("space", "space", "space", "h")...)
			if text := screenText(m); !strings.Contains(text, tc.before) {
				t.Fatalf("confirmation lacks %q:\n%s", tc.before, text)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2F2bCdfz4GhK")})
			if text := screenText(m); !strings.Contains(text, tc.after) {
				t.Errorf("confirmation after a tagged message left lacks %q:\n%s", tc.after, text)
			}
			if n := len(m.queue.tags); n != 3 {
				t.Errorf("tags after a tagged message left = %d, want 3", n)
			}

			// Back in the next scan, as when it moves between queues.
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
			if text := screenText(m); !strings.Contains(text, tc.before) {
				t.Errorf("confirmation after the message came back lacks %q:\n%s", tc.before, text)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2F2bCdfz4GhK")}, keyPress("y"))
			if len(batch.calls) != 1 || len(batch.calls[0].targets) != 3 {
				t.Errorf("calls = %+v, want one hold of the 3 targets of the prompt", batch.calls)
			}
		})
	}
}

func TestQueueConfirmHiddenAndGone(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "Hold 2 tagged messages (deferred 1, hold 1; 1 hidden by the filter; 1 more left the queue)? [y/N]"},
		{"ja", "印を付けた 2 件（deferred 1、hold 1、うち 1 件は絞り込みで非表示、ほかに印付きの 1 件はすでにキューにない）を保留しますか？ [y/N]"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			// Wide enough for the Japanese prompt on one line.
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 160, 40)
			m = send(t, m, keys("space", "space", "space", "/", "q", ":", "h", "o", "l", "d", "enter", "h")...)
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2F2bCdfz4GhK")})
			if text := screenText(m); !strings.Contains(text, tc.want) {
				t.Errorf("confirmation lacks %q:\n%s", tc.want, text)
			}
		})
	}
}

func TestQueueConfirmAllTaggedGone(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("space", "space", "h")...)
	m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2H4dFgyz6hJk", "4jh2G3cDfgz5Hjk")})
	want := "Hold 0 tagged messages (none queued; 2 more left the queue)? [y/N]"
	if text := screenText(m); !strings.Contains(text, want) {
		t.Errorf("confirmation lacks %q:\n%s", want, text)
	}
}

func TestQueueConfirmOneTaggedLeft(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("space", "space", "h")...)
	m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2H4dFgyz6hJk")})
	text := screenText(m)
	for _, want := range []string{"Hold 1 tagged message (", "; 1 more left the queue)? [y/N]"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, text)
		}
	}
}

func TestQueueConfirmCursorMessageGone(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "Delete 4jh2H4dFgyz6hJk (left the queue) from news@example.com to ichiro@ezweb.ne.jp? [y/N]"},
		{"ja", "4jh2H4dFgyz6hJk（差出人 news@example.com、宛先 ichiro@ezweb.ne.jp、すでにキューにない）を削除しますか？ [y/N]"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys("home", "d")...)
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(fixtureQueue(), "4jh2H4dFgyz6hJk")})
			if text := screenText(m); !strings.Contains(text, tc.want) {
				t.Errorf("confirmation lacks %q:\n%s", tc.want, text)
			}
		})
	}
}

// The number to type follows the count the prompt shows, so a count typed
// before messages left no longer confirms the delete.
func TestQueueTypedCountFollowsQueue(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	big := bigQueue(12)
	m = send(t, m, QueueSnapshotMsg{Snapshot: big})
	m = send(t, m, keys("/", "s", ":", "s", "h", "o", "p", "enter", "T", "d")...)
	if !strings.Contains(screenText(m), "Delete 17 tagged messages (active 1, deferred 15, hold 1) for good? Type 17 and press Enter") {
		t.Fatalf("no typed-count prompt for 17:\n%s", screenText(m))
	}

	smaller := withoutMessages(big, "A000000001", "A000000011")
	m = send(t, m, QueueSnapshotMsg{Snapshot: smaller})
	want := "Delete 15 tagged messages (active 1, deferred 13, hold 1; 2 more left the queue) for good? Type 15 and press Enter"
	if text := screenText(m); !strings.Contains(text, want) {
		t.Fatalf("typed-count prompt lacks %q:\n%s", want, text)
	}
	m = send(t, m, keys("1", "7", "enter")...)
	if len(batch.calls) != 0 {
		t.Fatalf("the count before the messages left deleted: calls %+v", batch.calls)
	}
	if text := screenText(m); !strings.Contains(text, "delete cancelled: 17 is not 15") {
		t.Errorf("footer lacks the mismatch:\n%s", text)
	}

	// The tags still cover the 17, and a new prompt counts the 15 queued.
	m = send(t, m, QueueSnapshotMsg{Snapshot: big}, keyPress("d"), QueueSnapshotMsg{Snapshot: smaller})
	m = send(t, m, keys("1", "5", "enter")...)
	if len(batch.calls) != 1 || batch.calls[0].action != "delete" || len(batch.calls[0].targets) != 17 {
		t.Errorf("calls = %+v, want one delete of the 17 targets, which the controller checks again", batch.calls)
	}
}

func TestQueueReadOnlyRefusesActions(t *testing.T) {
	batch := &fakeBatch{}
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = batch
	opts.ReadOnly = true
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
	for _, k := range []string{"i", "r", "h", "H", "e", "d", "F", "A"} {
		m = send(t, m, keyPress(k))
		if m.queueConfirm != nil {
			t.Errorf("%s opened a confirmation in read-only mode", k)
			m.queueConfirm = nil
		}
		if !strings.Contains(m.result, "read-only") {
			t.Errorf("%s: footer %q does not say read-only", k, m.result)
		}
	}
	if len(batch.calls) != 0 {
		t.Errorf("read-only mode ran %+v", batch.calls)
	}
	if help := screenText(m); strings.Contains(help, "h hold") {
		t.Errorf("read-only footer lists the hold key:\n%s", help)
	}
}

func TestQueueNotRootRefusesPostsuper(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	snap := fixtureQueue()
	snap.Source = sources.QueueFromPostqueue
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	if !strings.Contains(screenText(m), "postqueue -j (not root): hold, release, requeue, expire and delete need root") {
		t.Errorf("screen does not say which actions need root:\n%s", screenText(m))
	}
	m = send(t, m, keys("h")...)
	if m.queueConfirm != nil || !strings.Contains(m.result, "needs root") {
		t.Errorf("hold without root: confirm %v, footer %q", m.queueConfirm, m.result)
	}
	m = send(t, m, keys("i", "y")...)
	if len(batch.calls) != 1 || batch.calls[0].action != "deliver-now" {
		t.Errorf("deliver now without root: calls %+v", batch.calls)
	}
}

func TestQueueFlushDomainAndAll(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("down", "F")...)
	if !strings.Contains(screenText(m), "Flush docomo.ne.jp, retrying its deferred mail now with postqueue -s docomo.ne.jp? [y/N]") {
		t.Errorf("flush prompt:\n%s", screenText(m))
	}
	m = send(t, m, keys("y", "A", "y")...)
	if len(batch.calls) != 2 || batch.calls[0].domain != "docomo.ne.jp" || batch.calls[1].action != "flush" {
		t.Errorf("calls = %+v", batch.calls)
	}

	batch.err = errors.New("fast flush is not configured for this domain: add docomo.ne.jp to fast_flush_domains")
	m = send(t, m, keys("F", "y")...)
	if !strings.Contains(m.result, "fast_flush_domains") {
		t.Errorf("footer %q does not explain fast_flush_domains", m.result)
	}
}

func TestQueueShapeCounts(t *testing.T) {
	rows := buildShape(fixtureQueue().Messages, "deferred", QueueFilter{}, fixtureNow)
	if rows[0].domain != "" || rows[0].total != 5 {
		t.Fatalf("total row = %+v, want 5 deferred messages", rows[0])
	}
	if rows[1].domain != "docomo.ne.jp" || rows[1].total != 3 || rows[1].buckets != [8]int{1, 0, 1, 0, 1, 0, 0, 0} {
		t.Errorf("docomo row = %+v, want 3 in the 0-5m, 10-20m and 40-80m buckets", rows[1])
	}
	if last := rows[len(rows)-1]; last.domain != "example.com" && last.domain != "ezweb.ne.jp" {
		t.Errorf("last row = %+v", last)
	}
	for _, row := range rows[1:] {
		if row.domain == "ezweb.ne.jp" && row.buckets[7] != 1 {
			t.Errorf("7h-old ezweb message not in 320m+: %+v", row)
		}
	}
}

func TestQueueShapeEnterListsCell(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	// The docomo row, the 10-20m column.
	m = send(t, m, keys("v", "down", "right", "right", "right", "enter")...)
	if m.queue.mode != queueModeList {
		t.Fatalf("enter did not open the list")
	}
	if got := shownIDs(m); !slices.Equal(got, []string{"5E2A1C09F3"}) {
		t.Errorf("cell lists %v, want the 12-minute-old docomo message", got)
	}
	if !strings.Contains(screenText(m), "filter: d:docomo.ne.jp q:deferred · age 10-20m") {
		t.Errorf("title does not show the cell:\n%s", screenText(m))
	}
	m = send(t, m, keys("esc")...)
	if len(m.queue.rows) != 7 {
		t.Errorf("esc left %d rows, want all 7", len(m.queue.rows))
	}
}

func TestQueueShapeCyclesQueues(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	var seen []string
	for range 4 {
		m = send(t, m, keys("v")...)
		if m.queue.mode == queueModeShape {
			seen = append(seen, shapeQueues[m.queue.shapeQueue])
		} else {
			seen = append(seen, "list")
		}
	}
	if want := []string{"deferred", "active", "hold", "list"}; !slices.Equal(seen, want) {
		t.Errorf("v cycles %v, want %v", seen, want)
	}
}

func TestQueueMessageViewFollowsQueue(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, keys("enter")...)
	if m.screen != screenQueueMessage {
		t.Fatalf("enter did not open the message")
	}
	text := screenText(m)
	for _, want := range []string{"Queued message 4jh2H4dFgyz6hJk", "news@example.com", "ichiro@ezweb.ne.jp  pending  4.4.1  network", "Connection refused", "Life in the log"} {
		if !strings.Contains(text, want) {
			t.Errorf("message view lacks %q:\n%s", want, text)
		}
	}
	snap := fixtureQueue()
	snap.Messages = slices.DeleteFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == "4jh2H4dFgyz6hJk" })
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	if !strings.Contains(screenText(m), "has left the queue") {
		t.Errorf("message view does not say the message left:\n%s", screenText(m))
	}
	m = send(t, m, keys("h")...)
	if m.queueConfirm != nil {
		t.Errorf("hold offered for a message that left the queue")
	}
	m = send(t, m, keys("esc")...)
	if m.screen != screenQueue {
		t.Errorf("esc from the message view: screen %v", m.screen)
	}
}

func TestQueueHelpHoldOrRelease(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	// The first row is deferred, the second on hold.
	tests := []struct {
		name   string
		keys   []string
		shown  string
		hidden string
	}{
		{"deferred row", nil, "h", "H"},
		{"held row", []string{"down"}, "H", "h"},
		{"deferred message view", []string{"enter"}, "h", "H"},
		{"held message view", []string{"down", "enter"}, "H", "h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := footerKeys(send(t, m, keys(tt.keys...)...))
			if !slices.Contains(keys, tt.shown) {
				t.Errorf("footer lacks %q: %q", tt.shown, keys)
			}
			if slices.Contains(keys, tt.hidden) {
				t.Errorf("footer offers %q: %q", tt.hidden, keys)
			}
		})
	}

	tagged := footerKeys(send(t, m, keys("space", "space")...))
	for _, want := range []string{"h", "H"} {
		if !slices.Contains(tagged, want) {
			t.Errorf("footer with a deferred and a held message tagged lacks %q: %q", want, tagged)
		}
	}
}

func TestQueueHoldReleaseRejectedByQueue(t *testing.T) {
	tests := []struct {
		lang string
		keys []string
		want string
	}{
		{"en", []string{"H"}, "4jh2H4dFgyz6hJk is in the deferred queue, not on hold, so there is nothing to release"},
		{"en", []string{"down", "enter", "h"}, "4jh2G3cDfgz5Hjk is already on hold; press H to release it"},
		{"ja", []string{"H"}, "4jh2H4dFgyz6hJk は保留中ではなく deferred キューにあるため、保留解除するものがありません。"},
		{"ja", []string{"down", "h"}, "4jh2G3cDfgz5Hjk はすでに保留中です。解除するには H を押してください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+strings.Join(tt.keys, " "), func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, tt.lang, batch, 132, 40)
			m = send(t, m, keys(tt.keys...)...)
			if m.queueConfirm != nil {
				t.Errorf("a confirmation opened")
			}
			if m.result != tt.want {
				t.Errorf("result = %q, want %q", m.result, tt.want)
			}
			if m.resultKind != resultError {
				t.Errorf("result kind = %v, want an error", m.resultKind)
			}
			if len(batch.calls) != 0 {
				t.Errorf("calls = %+v, want none", batch.calls)
			}
		})
	}

	// Tagged, the held message is released with the others.
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("space", "space", "H", "y")...)
	if len(batch.calls) != 1 || batch.calls[0].action != "release" || len(batch.calls[0].targets) != 2 {
		t.Errorf("calls = %+v, want one release of the 2 tagged messages", batch.calls)
	}
}

func TestQueueMessageGoneHidesActions(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m.opts.Relays = testRelays
	m = send(t, m, keys("enter")...)
	snap := fixtureQueue()
	snap.Messages = slices.DeleteFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == "4jh2H4dFgyz6hJk" })
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
	if !m.queueDetail.gone {
		t.Fatal("the message view does not know its message left the queue")
	}

	shown := footerKeys(m)
	for _, hidden := range []string{"h", "H", "i", "r", "e", "d", "f", "F"} {
		if slices.Contains(shown, hidden) {
			t.Errorf("footer of a message that left the queue offers %q: %q", hidden, shown)
		}
	}
	if !slices.Contains(shown, "esc") {
		t.Errorf("footer lacks esc: %q", shown)
	}

	rejected := []struct{ key, action string }{
		{"i", "deliver now"}, {"r", "requeue"}, {"h", "hold"}, {"d", "delete"}, {"F", "flush domain"}, {"f", "forward"},
	}
	for _, press := range rejected {
		after := send(t, m, keyPress(press.key))
		want := "4jh2H4dFgyz6hJk is no longer in the queue, so there is nothing to " + press.action
		if after.result != want {
			t.Errorf("%s: result = %q, want %q", press.key, after.result, want)
		}
		if after.resultKind != resultError {
			t.Errorf("%s: result kind = %v, want an error", press.key, after.resultKind)
		}
		if after.queueConfirm != nil || after.forward != nil {
			t.Errorf("%s opened a confirmation or the forward dialog", press.key)
		}
	}
	if len(batch.calls) != 0 {
		t.Errorf("calls = %+v, want none", batch.calls)
	}
}

func TestQueueScanErrorKeepsLastScan(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = send(t, m, QueueSnapshotMsg{Err: errors.New("read queue directory /var/spool/postfix: input/output error")})
	if len(m.queue.rows) != 7 || !strings.Contains(screenText(m), "queue scan failed") {
		t.Errorf("scan error: %d rows\n%s", len(m.queue.rows), screenText(m))
	}
}

func TestQueueReasonClass(t *testing.T) {
	cases := []struct {
		reason, status string
		want           diagnose.Class
	}{
		{"", "", diagnose.ClassNone},
		{refused, "4.4.1", diagnose.Network},
		{"host mx[192.0.2.1] said: 550 5.1.1 <a@docomo.ne.jp>: User unknown (in reply to RCPT TO command)", "5.1.1", diagnose.UserUnknown},
	}
	for _, tc := range cases {
		got := QueueReasonClass(sources.QueuedRecipient{Address: "a@docomo.ne.jp", Status: tc.status, Reason: tc.reason}, nil)
		if got != tc.want {
			t.Errorf("QueueReasonClass(%q) = %v, want %v", tc.reason, got, tc.want)
		}
	}
}

func TestQueueDomainRestriction(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	batch := &fakeBatch{}
	opts.QueueActor = batch
	opts.Filter = "docomo.ne.jp"
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
	docomo := []string{"4jh2G3cDfgz5Hjk", "4jh2F2bCdfz4GhK", "5E2A1C09F3", "4jh2DZ3Cpzz5rBg", "2C6F8B1D04"}
	check := func(when string, want []string) {
		t.Helper()
		if got := shownIDs(m); !slices.Equal(got, want) {
			t.Errorf("rows %s = %v, want %v", when, got, want)
		}
		if !strings.Contains(screenText(m), "only docomo.ne.jp (--domain)") {
			t.Errorf("title %s does not name the --domain restriction:\n%s", when, screenText(m))
		}
	}
	check("with --domain", docomo)
	m = send(t, m, keys("/", "d", ":", "e", "z", "w", "e", "b", ".", "n", "e", ".", "j", "p", "enter")...)
	check("with d:ezweb.ne.jp typed", nil)
	m = send(t, m, keys("esc")...)
	check("after esc cleared the typed filter", docomo)
	m = send(t, m, keys("/", "q", ":", "h", "o", "l", "d", "enter")...)
	check("with q:hold typed", []string{"4jh2G3cDfgz5Hjk"})
	m = send(t, m, keys("esc", "Q", "Q")...)
	check("after esc twice and back", docomo)

	// T then d acts on the listed messages only: docomo.ne.jp's.
	m = send(t, m, keys("T", "d")...)
	if m.queueConfirm == nil || len(m.queueConfirm.targets) != len(docomo) {
		t.Fatalf("delete after T does not confirm the %d docomo.ne.jp messages: %+v", len(docomo), m.queueConfirm)
	}
	for _, target := range m.queueConfirm.targets {
		if !slices.Contains(docomo, target.ID) {
			t.Errorf("delete would reach %s, outside docomo.ne.jp", target.ID)
		}
	}
}

func TestQueueShapeKeepsToDomainRestriction(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.Filter = "docomo.ne.jp"
	m := newScreen(t, opts, 132, 40)
	snap := fixtureQueue()
	snap.Messages = append(snap.Messages, sources.QueuedMessage{
		Queue: sources.QueueDeferred, QueueID: "4jh2M7gHjkz9kLm", Arrival: fixtureNow.Add(-time.Hour), Sender: "shop@example.com",
		Recipients: []sources.QueuedRecipient{{Address: "goro@ezweb.ne.jp"}, {Address: "rokuro@docomo.ne.jp"}},
	})
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"), keyPress("v"))
	var domains []string
	for _, row := range m.queue.shape {
		domains = append(domains, row.domain)
	}
	if want := []string{"", "docomo.ne.jp"}; !slices.Equal(domains, want) {
		t.Errorf("shape rows = %q, want the total and docomo.ne.jp, not ezweb.ne.jp", domains)
	}
	// On the list, the mixed message's first recipient is in ezweb.ne.jp,
	// but its row shows the docomo.ne.jp one, and flushing its domain
	// flushes docomo.ne.jp only.
	m = send(t, m, keys("esc", "/", "r", ":", "r", "o", "k", "u", "enter")...)
	if got := shownIDs(m); !slices.Equal(got, []string{"4jh2M7gHjkz9kLm"}) {
		t.Fatalf("rows with r:roku = %v, want the mixed message", got)
	}
	if m.queue.rows[0].domain != "docomo.ne.jp" {
		t.Fatalf("the mixed message's row is in %s, want the --domain docomo.ne.jp", m.queue.rows[0].domain)
	}
	if got := m.flushDomain(); got != "docomo.ne.jp" {
		t.Errorf("flush domain = %q, want docomo.ne.jp", got)
	}
}

func TestQueueNoInstanceNamesConfigDir(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "start mailtop with -c DIR"},
		{"ja", "-c DIR"},
	} {
		opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
		opts.QueueNoInstance = true
		m := newScreen(t, opts, 200, 24)
		m = send(t, m, keyPress("Q"))
		if text := screenText(m); !strings.Contains(text, tc.want) || strings.Contains(text, "not read in this mode") {
			t.Errorf("%s queue screen without an instance lacks %q:\n%s", tc.lang, tc.want, text)
		}
	}
}

func TestQueueShapeFooterFlushKey(t *testing.T) {
	cases := []struct {
		name     string
		readOnly bool
		batch    actions.BatchController
		want     bool
	}{
		{"with actor", false, &fakeBatch{}, true},
		{"read-only", true, &fakeBatch{}, false},
		{"no actor", false, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("en", &fakeSource{}, &fakeActor{})
			opts.QueueActor = tc.batch
			opts.ReadOnly = tc.readOnly
			m := newScreen(t, opts, 132, 40)
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"), keyPress("v"))
			if m.queue.mode != queueModeShape {
				t.Fatalf("queue mode = %v, want the shape view", m.queue.mode)
			}

			shown := footerKeys(m)
			if got := slices.Contains(shown, "F"); got != tc.want {
				t.Errorf("footer offers F = %v, want %v: %q", got, tc.want, shown)
			}
			lines := strings.Split(screenText(m), "\n")
			helpLine := lines[len(lines)-1]
			if got := strings.Contains(helpLine, "flush domain"); got != tc.want {
				t.Errorf("help line shows flush domain = %v, want %v: %q", got, tc.want, helpLine)
			}
			for _, want := range []string{"enter", "esc", "q"} {
				if !slices.Contains(shown, want) {
					t.Errorf("footer lacks %q: %q", want, shown)
				}
			}
		})
	}
}

// With --domain and no queued message to that domain, the list explains
// that --domain hides the others, because the title counts none.
func TestQueueDomainRestrictionNoneQueued(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "no queued message to nosuch.example: --domain hides the messages to other domains"},
		{"ja", "nosuch.example 宛てのメッセージはキューにありません。"},
	} {
		opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
		opts.Filter = "nosuch.example"
		m := newScreen(t, opts, 132, 40)
		m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
		if got := shownIDs(m); len(got) != 0 {
			t.Errorf("%s: rows = %v, want none", tc.lang, got)
		}
		if !strings.Contains(screenText(m), tc.want) {
			t.Errorf("%s: screen does not say %q:\n%s", tc.lang, tc.want, screenText(m))
		}

		m = send(t, m, QueueSnapshotMsg{Snapshot: sources.QueueSnapshot{}})
		if text := screenText(m); strings.Contains(text, tc.want) {
			t.Errorf("%s: an empty queue still blames --domain:\n%s", tc.lang, text)
		}
	}
}

// The operator's override rules classify the queued reasons as they
// classify the log's: the row's class and the c: filter both follow them.
func TestQueueClassesFollowOverrides(t *testing.T) {
	overrides, err := diagnose.CompileOverrides([]diagnose.OverrideRule{
		{Pattern: "(?i)connection refused", Class: "mailbox_full"},
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.Overrides = overrides
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))

	for _, row := range m.queue.rows {
		if row.msg.QueueID == "4jh2H4dFgyz6hJk" && row.class != diagnose.MailboxFull {
			t.Errorf("row class = %v, want the override's mailbox_full", row.class)
		}
	}
	m = send(t, m, keys("/", "c", ":", "m", "a", "i", "l", "b", "o", "x", "_", "f", "u", "l", "l", "enter")...)
	if got, want := shownIDs(m), []string{"4jh2H4dFgyz6hJk"}; !slices.Equal(got, want) {
		t.Errorf("c:mailbox_full shows %v, want %v", got, want)
	}
}

func TestQueueMessageFooterShowsWhy(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			m := send(t, queueScreenModel(t, lang, &fakeBatch{}, width, 24), keyPress("enter"))
			if m.screen != screenQueueMessage {
				t.Fatalf("%s %d: enter opened screen %v, want the queued message", lang, width, m.screen)
			}
			lines := strings.Split(screenText(m), "\n")
			footer := lines[len(lines)-1]
			why := "x " + m.c.l.T("key.why")
			if !strings.Contains(footer, why) {
				t.Errorf("%s %d: footer lacks %q: %q", lang, width, why, footer)
			}
			for _, key := range []string{"esc ", "h ", "i ", "r ", "? ", "q "} {
				if !strings.Contains(footer, key) {
					t.Errorf("%s %d: footer lacks the key %q: %q", lang, width, key, footer)
				}
			}
		}
	}
}

func TestQueueNoneForDomainWrapsAt80(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"  no queued message to softbank.ne.jp: --domain hides the messages to other", "\n  domains "}},
		{"ja", []string{"  softbank.ne.jp 宛てのメッセージはキューにありません。", "\n  --domain で非表示です。 "}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.Filter = "softbank.ne.jp"
			m := send(t, newScreen(t, opts, 80, 24), QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
			text := screenText(m)
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("queue screen lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// At 80 columns the queue screen's title shortens its sort order and
// --domain parts rather than cutting the domain off.
func TestQueueTitleFitsDomainAt80(t *testing.T) {
	cases := []struct {
		lang string
		keys []string
		want []string
	}{
		{"en", nil, []string{"active 1 deferred 3 hold 1", "sort: age", "only docomo.ne.jp (--domain)"}},
		{"ja", nil, []string{"active 1 deferred 3 hold 1", "経過順", "docomo.ne.jp のみ（--domain）"}},
		{"en", []string{"space", "space"}, []string{"active 1 deferred 3 hold 1", "2 tagged", "by age", "only docomo.ne.jp"}},
		{"ja", []string{"space", "space"}, []string{"active 1 deferred 3 hold 1", "2 件に印", "docomo.ne.jp のみ"}},
	}
	for _, tc := range cases {
		opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
		opts.QueueActor = &fakeBatch{}
		opts.Filter = "docomo.ne.jp"
		m := send(t, newScreen(t, opts, 80, 24), QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
		m = send(t, m, keys(tc.keys...)...)
		title := strings.Split(screenText(m), "\n")[2]
		if strings.Contains(title, ellipsis) {
			t.Errorf("%s %v: title is cut: %q", tc.lang, tc.keys, title)
		}
		for _, want := range tc.want {
			if !strings.Contains(title, want) {
				t.Errorf("%s %v: title lacks %q: %q", tc.lang, tc.keys, want, title)
			}
		}
	}
}

// Without root the footer leaves out the keys that need root, as it does
// for other keys that do not apply, while the help still lists them.
func TestQueueNotRootFooterHidesRootKeys(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			m := queueScreenModel(t, lang, &fakeBatch{}, width, 24)
			snap := fixtureQueue()
			snap.Source = sources.QueueFromPostqueue
			m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
			screens := map[string]Model{"list": m, "tagged": send(t, m, keyPress("space")), "message": send(t, m, keyPress("enter"))}
			for name, screen := range screens {
				offered := footerKeys(screen)
				for _, hidden := range []string{"h", "H", "r", "e", "d", "f"} {
					if slices.Contains(offered, hidden) {
						t.Errorf("%s %d %s: footer offers %q without root: %q", lang, width, name, hidden, offered)
					}
				}
				if !slices.Contains(offered, "i") {
					t.Errorf("%s %d %s: footer lacks deliver now, which needs no root: %q", lang, width, name, offered)
				}
			}
			if width == 132 {
				help := screenText(send(t, m, keyPress("?")))
				hold := regexp.MustCompile(`\sh +` + regexp.QuoteMeta(m.c.l.T("key.hold")) + `\s`)
				if !hold.MatchString(help) {
					t.Errorf("%s: help lacks the hold key without root:\n%s", lang, help)
				}
			}
		}
	}
}
