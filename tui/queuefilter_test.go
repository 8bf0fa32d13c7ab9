package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
)

// typeFilter opens the queue filter with / and types text, rune by rune
// as a terminal sends it, without enter.
func typeFilter(t *testing.T, m Model, text string) Model {
	t.Helper()
	m = send(t, m, keyPress("/"))
	for _, r := range text {
		m = send(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// queueTitle returns the queue screen's title line, under the two header
// lines.
func queueTitle(m Model) string {
	return strings.Split(screenText(m), "\n")[2]
}

// A rejected filter must not look applied: the title shows the filter in
// force, the status line the rejected text, and the input stays open so
// that T and d are typed into it instead of tagging and deleting.
func TestQueueRejectedFilterNotShownApplied(t *testing.T) {
	cases := []struct {
		name, text, title, status string
	}{
		{"unknown class", "c:block", "filter: none", `filter "c:block" not applied: unknown reason class "block"`},
		{"unknown queue", "q:hol", "filter: none", `filter "q:hol" not applied: unknown queue "hol"`},
		{"after a good filter", "d:docomo.ne.jp c:block", "filter: d:docomo.ne.jp", `unknown reason class "block"`},
		{"repeated prefix", "q:hold q:deferred", "filter: q:hold", "q: is given twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, "en", batch, 80, 24)
			m = typeFilter(t, m, tc.text)
			m = send(t, m, keys("enter")...)

			title := queueTitle(m)
			if !strings.Contains(title, tc.title) {
				t.Errorf("title lacks the filter in force %q: %q", tc.title, title)
			}
			if strings.Contains(title, tc.text) {
				t.Errorf("title shows the rejected filter %q: %q", tc.text, title)
			}
			if text := unwrapScreen(screenText(m), "en"); !strings.Contains(text, tc.status) {
				t.Errorf("screen lacks %q:\n%s", tc.status, screenText(m))
			}
			if !m.queue.filtering {
				t.Errorf("enter closed the input on a rejected filter")
			}

			m = send(t, m, keys("T", "d")...)
			if len(m.queue.tags) != 0 {
				t.Errorf("T tagged %v while the filter was rejected", tagIDs(&m.queue))
			}
			if m.queueConfirm != nil {
				t.Errorf("d opened a confirmation while the filter was rejected")
			}
			if got, want := m.queue.filterText, tc.text+"Td"; got != want {
				t.Errorf("filter input = %q, want %q", got, want)
			}
			if len(batch.calls) != 0 {
				t.Errorf("actions ran: %+v", batch.calls)
			}
		})
	}
}

// Esc clears a rejected filter and closes the input; corrected text
// applies and enter then closes the input.
func TestQueueRejectedFilterCorrectedOrCleared(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = typeFilter(t, m, "c:block")
	m = send(t, m, keys("e", "d", "enter")...)
	if m.queue.filtering || m.queue.filterErr != "" {
		t.Fatalf("c:blocked: filtering %v, error %q; want the input closed and no error", m.queue.filtering, m.queue.filterErr)
	}
	if title := queueTitle(m); !strings.Contains(title, "filter: c:blocked") {
		t.Errorf("title lacks the corrected filter: %q", title)
	}

	m = typeFilter(t, m, "x")
	if !m.queue.filtering || m.queue.filterErr == "" {
		t.Fatalf("c:blockedx: filtering %v, error %q; want the input open with an error", m.queue.filtering, m.queue.filterErr)
	}
	if got := footerKeys(m); !slices.Equal(got, []string{"enter", "esc"}) {
		t.Errorf("footer keys while typing a rejected filter = %q, want enter and esc", got)
	}
	m = send(t, m, keys("enter")...)
	if !m.queue.filtering {
		t.Fatalf("enter closed the input on the rejected filter c:blockedx")
	}
	if got := footerKeys(m); !slices.Equal(got, []string{"esc"}) {
		t.Errorf("footer keys after enter on a rejected filter = %q, want only esc", got)
	}
	m = send(t, m, keys("esc")...)
	if m.queue.filtering || m.queue.filterErr != "" || m.queue.filterText != "" {
		t.Errorf("esc: filtering %v, error %q, text %q; want all cleared", m.queue.filtering, m.queue.filterErr, m.queue.filterText)
	}
	if len(m.queue.rows) != 7 {
		t.Errorf("esc left %d rows, want all 7", len(m.queue.rows))
	}
}

// After enter, the status line lists every class name in the screen's
// language, and the rows keep their columns while it shows.
func TestQueueRejectedFilterTextLocalized(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{`filter "c:block" not applied`, "rate_limited", "user_unknown", "other. Correct it, or press esc"}},
		{"ja", []string{"絞り込み「c:block」は適用していません", "分類「block」はありません", "流量制限", "宛先不明", "その他", "rate_limited"}},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, width, 24)
			before := strings.Split(screenText(m), "\n")
			m = typeFilter(t, m, "c:block")
			m = send(t, m, keys("enter")...)
			text := screenText(m)
			joined := unwrapScreen(text, tc.lang)
			for _, want := range tc.want {
				if !strings.Contains(joined, want) {
					t.Errorf("%s %d: screen lacks %q:\n%s", tc.lang, width, want, text)
				}
			}
			// The first row sits lower, but its columns stay where they were.
			after := strings.Split(text, "\n")
			row := func(lines []string) string {
				for _, line := range lines {
					if strings.Contains(line, "4jh2H4dFgyz6hJk") {
						return line
					}
				}
				return ""
			}
			if row(before) != row(after) {
				t.Errorf("%s %d: the row changed while the error showed:\n%q\n%q", tc.lang, width, row(before), row(after))
			}
		}
	}
}

// Typing a filter letter by letter shows no rejection, so the list stays
// where it is, although q:d is rejected until it reads q:deferred. The
// title marks the incomplete text as not applied, on its own line.
func TestQueueFilterTypingKeepsListInPlace(t *testing.T) {
	cases := []struct {
		lang, pending, rejected string
	}{
		{"en", "filter: q:d_ (not applied yet)", "not applied: unknown queue"},
		{"ja", "絞り込み: q:d_（未適用）", "は適用していません"},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, width, 24)
			m = send(t, m, keyPress("/"))
			header := queueHeaderLine(t, m)
			typed := ""
			for _, r := range "q:deferred" {
				m = send(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
				typed += string(r)
				if got := queueHeaderLine(t, m); got != header {
					t.Errorf("%s %d: after %q the column headers moved from line %d to %d", tc.lang, width, typed, header, got)
				}
				if text := unwrapScreen(screenText(m), tc.lang); strings.Contains(text, tc.rejected) {
					t.Errorf("%s %d: after %q the screen shows a rejection:\n%s", tc.lang, width, typed, screenText(m))
				}
				if typed == "q:d" && !strings.Contains(queueTitle(m), tc.pending) {
					t.Errorf("%s %d: title lacks %q: %q", tc.lang, width, tc.pending, queueTitle(m))
				}
			}
			if got := shownIDs(m); len(got) != 5 {
				t.Errorf("%s %d: q:deferred shows %v, want the 5 deferred messages", tc.lang, width, got)
			}
		}
	}
}

// queueHeaderLine returns the index of the screen line with the queue
// list's column headers.
func queueHeaderLine(t *testing.T, m Model) int {
	t.Helper()
	for i, line := range strings.Split(screenText(m), "\n") {
		if strings.Contains(line, "queue ID") {
			return i
		}
	}
	t.Fatalf("no column headers on the screen:\n%s", screenText(m))
	return -1
}

// unwrapScreen joins the lines of a screen without their padding, with a
// space in English, where lines wrap at spaces, and with none in Japanese.
func unwrapScreen(text, lang string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " ")
	}
	if lang == "ja" {
		return strings.Join(lines, "")
	}
	return strings.Join(lines, " ")
}

// c: takes the class names the screen shows, in Japanese too, and the
// English ids in both languages.
func TestQueueFilterLocalizedClassNames(t *testing.T) {
	network := []string{"4jh2H4dFgyz6hJk"}
	cases := []struct {
		lang, text string
		want       []string
	}{
		{"ja", "c:接続失敗", network},
		{"ja", "c：接続失敗", network}, // a full-width colon, as a Japanese input method types it
		{"ja", "c:network", network},
		{"ja", "C:NETWORK", network},
		{"en", "c:network", network},
		{"ja", "c:dns失敗", nil},
		{"ja", "c:DNS失敗", nil},
	}
	for _, tc := range cases {
		m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
		m = typeFilter(t, m, tc.text)
		m = send(t, m, keys("enter")...)
		if m.queue.filterErr != "" {
			t.Errorf("%s %q rejected: %s", tc.lang, tc.text, m.queue.filterErr)
			continue
		}
		if got := shownIDs(m); !slices.Equal(got, tc.want) {
			t.Errorf("%s %q shows %v, want %v", tc.lang, tc.text, got, tc.want)
		}
	}

	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = typeFilter(t, m, "c:接続失敗")
	if m.queue.filterErr == "" {
		t.Errorf("the English screen accepted the Japanese class name c:接続失敗")
	}
}

// mixedDomainQueue is the fixture queue with one more deferred message to
// docomo.ne.jp (rate limited) and ezweb.ne.jp (connection refused), in that
// order.
func mixedDomainQueue() sources.QueueSnapshot {
	snap := fixtureQueue()
	snap.Messages = append(snap.Messages, sources.QueuedMessage{
		Queue: sources.QueueDeferred, QueueID: "4jh2M7gHjkz9kLm", Arrival: fixtureNow.Add(-time.Hour), Sender: "shop@example.com",
		Recipients: []sources.QueuedRecipient{
			{Address: "shiro@docomo.ne.jp", Status: "4.7.0", Reason: greylisted},
			{Address: "goro@ezweb.ne.jp", Status: "4.4.1", Reason: refused},
		},
	})
	snap.Counts[sources.QueueDeferred]++
	return snap
}

// With --domain the title counts the messages that mailtop queue --domain
// lists, and a message to two domains shows the --domain recipient and its
// class first.
func TestQueueDomainCountsAndRecipientFirst(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		opts := testOptions(lang, &fakeSource{}, &fakeActor{})
		opts.QueueActor = &fakeBatch{}
		opts.ReadOnly = true
		opts.Filter = "ezweb.ne.jp"
		m := newScreen(t, opts, 132, 30)
		m = send(t, m, QueueSnapshotMsg{Snapshot: mixedDomainQueue()}, keyPress("Q"))

		if got, want := shownIDs(m), []string{"4jh2H4dFgyz6hJk", "4jh2M7gHjkz9kLm"}; !slices.Equal(got, want) {
			t.Fatalf("%s: rows = %v, want %v", lang, got, want)
		}
		title := queueTitle(m)
		if !strings.Contains(title, "deferred 2 hold 0") {
			t.Errorf("%s: title does not count the 2 ezweb.ne.jp messages: %q", lang, title)
		}
		row := m.queue.rows[1]
		if !strings.HasPrefix(row.recipients, "goro@ezweb.ne.jp, ") {
			t.Errorf("%s: mixed row's recipients = %q, want goro@ezweb.ne.jp first", lang, row.recipients)
		}
		if row.class != diagnose.Network || row.domain != "ezweb.ne.jp" {
			t.Errorf("%s: mixed row shows %v in %s, want network in ezweb.ne.jp", lang, row.class, row.domain)
		}
		if line := rowLineOf(m, "4jh2M7gHjkz9kLm"); !strings.Contains(line, "goro@ezweb.ne.jp") || !strings.Contains(line, m.c.classLabel(diagnose.Network)) {
			t.Errorf("%s: mixed row on screen lacks goro@ezweb.ne.jp and its class: %q", lang, line)
		}
	}
}

// rowLineOf returns the screen line of the queue list's row of queueID.
func rowLineOf(m Model, queueID string) string {
	for _, line := range strings.Split(screenText(m), "\n") {
		if strings.Contains(line, queueID+" ") {
			return line
		}
	}
	return ""
}

// A typed filter shows first the recipient that made the message match,
// and the title counts the rows the filter lists beside the queue counts.
func TestQueueFilterMatchingRecipientFirst(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: mixedDomainQueue()})
	m = typeFilter(t, m, "c:network")
	m = send(t, m, keys("enter")...)
	if got, want := shownIDs(m), []string{"4jh2H4dFgyz6hJk", "4jh2M7gHjkz9kLm"}; !slices.Equal(got, want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	if row := m.queue.rows[1]; row.class != diagnose.Network || !strings.HasPrefix(row.recipients, "goro@ezweb.ne.jp") {
		t.Errorf("mixed row with c:network shows %v for %q, want network for goro@ezweb.ne.jp first", row.class, row.recipients)
	}
	if title := queueTitle(m); !strings.Contains(title, "deferred 6 hold 1 · 2 listed") {
		t.Errorf("title does not say that 2 of the counted messages are listed: %q", title)
	}
}

func TestParseQueueFilterErrors(t *testing.T) {
	cases := []struct {
		text    string
		problem QueueFilterProblem
		value   string
	}{
		{"c:block", FilterUnknownClass, "block"},
		{"q:hol", FilterUnknownQueue, "hol"},
		{"d:a.jp D:b.jp", FilterRepeatedPrefix, "b.jp"},
		{"s:a s:b", FilterRepeatedPrefix, "b"},
		{"c:流量制限", FilterUnknownClass, "流量制限"}, // Japanese names need the screen's names
	}
	for _, tc := range cases {
		_, err := ParseQueueFilter(tc.text)
		filterErr, ok := err.(*QueueFilterError)
		if !ok {
			t.Errorf("%q: error = %v, want a *QueueFilterError", tc.text, err)
			continue
		}
		if filterErr.Problem != tc.problem || filterErr.Value != tc.value {
			t.Errorf("%q: error = %+v, want problem %v for %q", tc.text, filterErr, tc.problem, tc.value)
		}
	}
	for _, text := range []string{"", "d:", "c:", "free text only", "d:docomo.ne.jp s:<> r:taro q:HOLD c:Rate_Limited"} {
		if _, err := ParseQueueFilter(text); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}
