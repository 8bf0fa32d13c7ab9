package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// demoLikeQueue returns a queue of nine deferred and three held messages,
// and a lookup over them for the simulated controller.
func demoLikeQueue() (sources.QueueSnapshot, func(id string) (actions.QueuedMessage, bool)) {
	var messages []sources.QueuedMessage
	for i := range 12 {
		queue := sources.QueueDeferred
		if i >= 9 {
			queue = sources.QueueHold
		}
		messages = append(messages, sources.QueuedMessage{
			Queue: queue, QueueID: fmt.Sprintf("F135ABA0%02d", i), Arrival: fixtureNow.Add(-time.Duration(i+1) * time.Minute).Truncate(time.Second),
			Size: 2400, Sender: "order@shop.example.com", Recipients: []sources.QueuedRecipient{{Address: "taro@docomo.ne.jp"}},
		})
	}
	snapshot := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory, Messages: messages,
		Counts: map[string]int{"deferred": 9, "hold": 3}}
	lookup := func(id string) (actions.QueuedMessage, bool) {
		for _, m := range messages {
			if m.QueueID == id {
				return actions.QueuedMessage{QueueID: id, Queue: m.Queue, Arrival: m.Arrival, Sender: m.Sender}, true
			}
		}
		return actions.QueuedMessage{}, false
	}
	return snapshot, lookup
}

// resultLines returns the result lines above the key help, and the same
// lines joined without line breaks.
func resultLines(m Model) (lines []string, joined string) {
	for _, line := range m.footerTopLines() {
		lines = append(lines, strings.TrimRight(ansi.Strip(line), " "))
	}
	return lines, strings.Join(lines, "")
}

// At 80 columns the result of a queue action keeps its count and the whole
// reason a message was skipped: the line wraps, and the commands run once
// per message are named by the first one and how many more.
func TestQueueResultKeepsCountAndReason(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"deliver now: 9 of 12 simulated; would run postqueue -i F135ABA000 and 8 more", "3 skipped: "}},
		// In Japanese the parts are sentences in a row: the count, a
		// 「。」 after it, and the skipped messages.
		{"ja", []string{"今すぐ配送: 12 件中 9 件を模擬実行しました（実際には postqueue -i F135ABA000 ほか 8 件を実行していません）。3 件は対象外: "}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			snapshot, lookup := demoLikeQueue()
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &actions.Simulated{LookupFunc: lookup}
			opts.Demo = true
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
			m = send(t, m, keys("T", "i", "y")...)

			lines, joined := resultLines(m)
			if strings.Contains(joined, ellipsis) {
				t.Errorf("result is cut:\n%s", strings.Join(lines, "\n"))
			}
			// A Japanese line may break between two characters or at a
			// space, so the spaces are left out of the comparison.
			flat := strings.Join(lines, " ")
			if tc.lang == "ja" {
				flat = strings.ReplaceAll(joined, " ", "")
			}
			for _, want := range tc.want {
				if tc.lang == "ja" {
					want = strings.ReplaceAll(want, " ", "")
				}
				if !strings.Contains(flat, want) {
					t.Errorf("result lacks %q:\n%s", want, strings.Join(lines, "\n"))
				}
			}
			reason := footerLine(m.c.l.ErrorText(heldSkipError(t, lookup)))
			if tc.lang == "ja" {
				reason = strings.ReplaceAll(reason, " ", "")
			}
			if !strings.Contains(flat, reason) {
				t.Errorf("result lacks the whole reason %q:\n%s", reason, strings.Join(lines, "\n"))
			}
			if !strings.Contains(screenText(m), lines[len(lines)-1]) {
				t.Errorf("screen lacks the result's last line %q", lines[len(lines)-1])
			}
		})
	}
}

// heldSkipError returns the error the simulated controller gives for
// delivering the held message F135ABA009 now.
func heldSkipError(t *testing.T, lookup func(id string) (actions.QueuedMessage, bool)) error {
	t.Helper()
	held, _ := lookup("F135ABA009")
	controller := &actions.Simulated{LookupFunc: lookup}
	res, err := controller.DeliverNowMany(t.Context(), []actions.Target{{ID: held.QueueID, Queue: held.Queue, Sender: held.Sender, Arrival: held.Arrival}})
	if err == nil && len(res.Skipped) == 0 {
		t.Fatal("the held message was not skipped")
	}
	if len(res.Skipped) > 0 {
		return res.Skipped[0].Err
	}
	return err
}

// A failed action keeps its count and its whole error, which the footer
// wraps over the lines its confirmation took.
func TestQueueResultKeepsWholeError(t *testing.T) {
	failure := fmt.Errorf("hold: postsuper changed 10 of 12 messages; the others left the queue between the check and the command: %w", actions.ErrNotQueued)
	for _, lang := range []string{"en", "ja"} {
		m := queueScreenModel(t, lang, &fakeBatch{}, 80, 24)
		m = send(t, m, queueActionResultMsg{action: queueHold, total: 12, result: actions.Result{Action: actions.ActionHold, Count: 10}, err: failure})
		lines, joined := resultLines(m)
		if strings.Contains(joined, ellipsis) {
			t.Errorf("%s: result is cut:\n%s", lang, strings.Join(lines, "\n"))
		}
		for _, want := range []string{"10", "12", "not in the queue"} {
			if !strings.Contains(strings.Join(lines, " "), want) {
				t.Errorf("%s: result lacks %q:\n%s", lang, want, strings.Join(lines, "\n"))
			}
		}
	}
}

// An expire that released held messages says so after the count, because
// a held message is returned only once it leaves the hold queue.
func TestQueueResultExpireReleased(t *testing.T) {
	wants := map[string]string{
		"en": "1 released from hold with postsuper -f",
		"ja": "1 件は postsuper -f で保留も解除し",
	}
	for lang, want := range wants {
		m := queueScreenModel(t, lang, &fakeBatch{}, 132, 40)
		res := actions.Result{Action: actions.ActionExpire, Count: 1, Released: 1}
		m = send(t, m, queueActionResultMsg{action: queueExpire, total: 1, result: res})
		if _, joined := resultLines(m); !strings.Contains(joined, want) {
			t.Errorf("%s: result lacks %q:\n%s", lang, want, joined)
		}
	}
}

// The demo does not simulate flushes, so the result of F and A states
// that the demo's queue does not change, and F's result names what a real
// postqueue -s needs. Nothing in it is cut at 80 or 132 columns.
func TestDemoFlushSaysQueueUnchanged(t *testing.T) {
	cases := []struct {
		lang, key string
		want      []string
	}{
		{"en", "F", []string{"The demo does not simulate flushes, so its queue does not change.",
			"On a real server postqueue -s flushes only a domain in fast_flush_domains (default $relay_domains)."}},
		{"en", "A", []string{"flush all: simulated; would run postqueue -f. The demo does not simulate flushes, so its queue does not change."}},
		{"ja", "F", []string{"デモはフラッシュを模擬しないため、デモのキューは変わりません。",
			"postqueue -s がフラッシュできるのは fast_flush_domains（既定値は $relay_domains）にあるドメインだけ"}},
		{"ja", "A", []string{"デモはフラッシュを模擬しないため、デモのキューは変わりません。"}},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			t.Run(fmt.Sprintf("%s %s %d", tc.lang, tc.key, width), func(t *testing.T) {
				snapshot, lookup := demoLikeQueue()
				opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &actions.Simulated{LookupFunc: lookup}
				opts.Demo = true
				m := newScreen(t, opts, width, 24)
				m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
				m = send(t, m, keys(tc.key, "y")...)

				lines, joined := resultLines(m)
				if strings.Contains(joined, ellipsis) {
					t.Errorf("result is cut:\n%s", strings.Join(lines, "\n"))
				}
				flat := strings.Join(lines, " ")
				if tc.lang == "ja" {
					flat = strings.ReplaceAll(joined, " ", "")
				}
				for _, want := range tc.want {
					if tc.lang == "ja" {
						want = strings.ReplaceAll(want, " ", "")
					}
					if !strings.Contains(flat, want) {
						t.Errorf("result lacks %q:\n%s", want, strings.Join(lines, "\n"))
					}
				}
			})
		}
	}
}
