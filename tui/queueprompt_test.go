package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/sources"
)

// manyRecipientsQueue is a queue with a deferred and a held message, each
// to 40 docomo recipients from a long bounce address, and ten short
// deferred messages for prompts over many tagged messages.
func manyRecipientsQueue() sources.QueueSnapshot {
	var recipients []sources.QueuedRecipient
	for i := range 40 {
		recipients = append(recipients, sources.QueuedRecipient{Address: fmt.Sprintf("customer%02d@docomo.ne.jp", i), Status: "4.7.0", Reason: greylisted})
	}
	sender := "newsletter-bounces+campaign-2026-12@mail.example-shop.co.jp"
	messages := []sources.QueuedMessage{
		{Queue: sources.QueueDeferred, QueueID: "4jh2H4dFgyz6hJk", Arrival: fixtureNow.Add(-7 * time.Hour), Size: 2400, Sender: sender, Recipients: recipients},
		{Queue: sources.QueueHold, QueueID: "4jh2G3cDfgz5Hjk", Arrival: fixtureNow.Add(-6 * time.Hour), Size: 2400, Sender: sender, Recipients: recipients},
	}
	for i := range 10 {
		messages = append(messages, sources.QueuedMessage{
			Queue: sources.QueueDeferred, QueueID: fmt.Sprintf("5E2A1C09%02d", i), Arrival: fixtureNow.Add(-time.Duration(i+1) * time.Minute),
			Size: 2400, Sender: "shop@example.com", Recipients: []sources.QueuedRecipient{{Address: "taro@ezweb.ne.jp"}},
		})
	}
	counts := map[string]int{"maildrop": 0, "incoming": 0, "active": 0, "deferred": 11, "hold": 1, "corrupt": 0}
	return sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory, Messages: messages, Counts: counts}
}

// promptLines returns the lines of the open queue confirmation as the
// screen shows them, without styles and trailing spaces.
func promptLines(m Model) []string {
	var lines []string
	for _, line := range m.queueConfirmLines() {
		lines = append(lines, strings.TrimRight(ansi.Strip(line), " "))
	}
	return lines
}

// At 80 columns a queue confirmation too long for its lines names fewer
// recipients, then shortens the sender, so that the question and [y/N] stay on screen.
func TestQueuePromptKeepsQuestionAt80(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		ask  string // the action, as in qconfirm.ask.ACTION
		end  string
	}{
		{"hold", []string{"h"}, "hold", "[y/N]"},
		{"release", []string{"down", "H"}, "release", "[y/N]"},
		{"deliver", []string{"i"}, "deliver", "[y/N]"},
		{"requeue", []string{"r"}, "requeue", "[y/N]"},
		{"expire", []string{"e"}, "expire", "[y/N]"},
		{"delete", []string{"d"}, "delete", "[y/N]"},
		{"one tagged", []string{"space", "end", "h"}, "hold", "[y/N]"},
		{"all tagged", []string{"T", "h"}, "hold", "[y/N]"},
		{"typed count", []string{"T", "d"}, "delete", "_"},
	}
	for _, lang := range []string{"en", "ja"} {
		for _, tc := range cases {
			t.Run(lang+" "+tc.name, func(t *testing.T) {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				m := newScreen(t, opts, 80, 24)
				m = send(t, m, QueueSnapshotMsg{Snapshot: manyRecipientsQueue()}, keyPress("Q"))
				m = send(t, m, keys(tc.keys...)...)
				if m.queueConfirm == nil {
					t.Fatalf("%v opened no confirmation; result %q", tc.keys, m.result)
				}

				lines := promptLines(m)
				whole := strings.Join(lines, "\n")
				if len(lines) > maxConfirmLines {
					t.Errorf("prompt has %d lines, want at most %d:\n%s", len(lines), maxConfirmLines, whole)
				}
				if last := lines[len(lines)-1]; !strings.HasSuffix(last, tc.end) {
					t.Errorf("prompt ends with %q, want %q:\n%s", last, tc.end, whole)
				}
				if action := m.c.l.T("qconfirm.verb." + tc.ask); lang == "en" && !strings.Contains(lines[0], action) && tc.end != "_" {
					t.Errorf("first line lacks the action %q:\n%s", action, whole)
				}
				if lang == "ja" {
					ask := m.c.l.T("qconfirm.verb."+tc.ask) + m.c.l.T("qconfirm.ask."+tc.ask)
					if tc.end == "_" {
						ask = "完全に削除しますか？"
					}
					if !strings.Contains(strings.ReplaceAll(whole, "\n", ""), ask) {
						t.Errorf("prompt lacks the question %q:\n%s", ask, whole)
					}
				}
				if m.queueConfirm.single != nil {
					more := map[string]string{"en": " more", "ja": "ほか "}[lang]
					for _, want := range []string{m.queueConfirm.single.QueueID, "customer00@docomo.ne.jp", more} {
						if !strings.Contains(whole, want) {
							t.Errorf("prompt lacks %q:\n%s", want, whole)
						}
					}
				}
				if !strings.Contains(screenText(m), lines[len(lines)-1]) {
					t.Errorf("screen lacks the prompt's last line %q:\n%s", lines[len(lines)-1], screenText(m))
				}
			})
		}
	}
}

// A queue confirmation keeps the queue of its one message with the word
// キュー on one line, as in "deferred キュー", at 80 columns.
func TestQueuePromptKeepsQueueCount(t *testing.T) {
	message := sources.QueuedMessage{
		Queue: sources.QueueDeferred, QueueID: "4XkPq52ZHmz9vBC", Arrival: fixtureNow.Add(-time.Hour), Size: 2400,
		Sender: "order@shop.example.com", Recipients: []sources.QueuedRecipient{{Address: "a@b.jp"}},
	}
	snapshot := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory,
		Messages: []sources.QueuedMessage{message}, Counts: map[string]int{"deferred": 1}}
	for _, key := range []string{"h", "i", "d"} {
		opts := testOptions("ja", &fakeSource{}, &fakeActor{})
		opts.QueueActor = &fakeBatch{}
		m := newScreen(t, opts, 80, 24)
		m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"), keyPress(key))
		if m.queueConfirm == nil {
			t.Fatalf("%s opened no confirmation; result %q", key, m.result)
		}
		lines := promptLines(m)
		if !strings.Contains(strings.Join(lines, "\n"), "deferred キュー") {
			t.Errorf("%s: prompt splits \"deferred キュー\":\n%s", key, strings.Join(lines, "\n"))
		}
	}
}

// The Japanese queue confirmations at 80 columns break lines between words
// or between the words of a compound, never inside a word, also when their
// recipients are shortened or they name hidden and gone messages.
func TestQueuePromptJapaneseBreaksBetweenWords(t *testing.T) {
	cases := []struct {
		name string
		keys []string
	}{
		{"hold", []string{"h"}},
		{"release", []string{"down", "H"}},
		{"deliver", []string{"i"}},
		{"requeue", []string{"r"}},
		{"expire", []string{"e"}},
		{"delete", []string{"d"}},
		{"hold hidden and gone", []string{"T", "h"}},
		{"release hidden and gone", []string{"T", "H"}},
		{"typed count hidden and gone", []string{"T", "d"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("ja", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: manyRecipientsQueue()}, keyPress("Q"))
			hiddenAndGone := strings.HasSuffix(tc.name, "hidden and gone")
			if hiddenAndGone {
				m = send(t, m, keyPress("T"))
				m.queue.SetFilter("d:docomo.ne.jp")
			}
			m = send(t, m, keys(tc.keys...)...)
			if m.queueConfirm == nil {
				t.Fatalf("%v opened no confirmation; result %q", tc.keys, m.result)
			}
			if hiddenAndGone {
				m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(manyRecipientsQueue(), "5E2A1C0900")})
				if m.queueConfirm.hidden == 0 || m.queueConfirm.gone == 0 {
					t.Fatalf("confirmation counts %d hidden and %d gone, want both", m.queueConfirm.hidden, m.queueConfirm.gone)
				}
			}

			id, data := m.queueConfirmPrompt()
			var text string // the prompt as last wrapped, with its shortened fields
			render := func(data map[string]any) string {
				text = m.c.l.T(id, data)
				return text
			}
			data = m.fewerRecipients(render, data)
			lines := fitPrompt(render, data, 80, queuePromptShortenable...)
			if shown := promptLines(m); strings.Join(shown, "\n") != strings.Join(lines, "\n") {
				t.Fatalf("screen shows the prompt\n%s\nwant\n%s", strings.Join(shown, "\n"), strings.Join(lines, "\n"))
			}
			cells := splitGlyphs(text)
			at := 0
			for i, line := range lines[:len(lines)-1] {
				at += len(splitGlyphs(line))
				for at < len(cells) && isSpace(cells[at].r) {
					at++
				}
				if quality := breakQualityAt(cells, at); quality < breakInPhrase {
					t.Errorf("line %d ends inside a word, before %q:\n%s", i+1, lines[i+1], strings.Join(lines, "\n"))
				}
			}
		})
	}
}

// A long list of recipients is cut between addresses, never inside one,
// and the prompt counts the addresses it leaves out.
func TestQueuePromptWholeAddresses(t *testing.T) {
	address := regexp.MustCompile(`customer\d\d@[a-z.]*`)
	cases := []struct {
		lang  string
		width int
		more  *regexp.Regexp
	}{
		{"en", 80, regexp.MustCompile(` and (\d+) more`)},
		{"ja", 80, regexp.MustCompile(` ほか (\d+) 件`)},
		{"en", 132, regexp.MustCompile(` and (\d+) more`)},
		{"ja", 132, regexp.MustCompile(` ほか (\d+) 件`)},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %d", tc.lang, tc.width), func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := newScreen(t, opts, tc.width, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: manyRecipientsQueue()}, keyPress("Q"), keyPress("r"))
			lines := promptLines(m)
			if len(lines) > maxConfirmLines+1 {
				t.Errorf("prompt takes %d lines:\n%s", len(lines), strings.Join(lines, "\n"))
			}
			text := strings.Join(lines, " ")
			shown := address.FindAllString(text, -1)
			for _, a := range shown {
				if !strings.HasSuffix(a, "@docomo.ne.jp") {
					t.Errorf("prompt cuts the address %q:\n%s", a, strings.Join(lines, "\n"))
				}
			}
			more := tc.more.FindStringSubmatch(text)
			if more == nil {
				t.Fatalf("prompt does not count the addresses left out:\n%s", strings.Join(lines, "\n"))
			}
			if n, _ := strconv.Atoi(more[1]); n+len(shown) != 40 {
				t.Errorf("prompt shows %d addresses and counts %s more, want 40 in all:\n%s", len(shown), more[1], strings.Join(lines, "\n"))
			}
			if !strings.Contains(lines[len(lines)-2], "[y/N]") && !strings.Contains(lines[len(lines)-1], "[y/N]") {
				t.Errorf("prompt lost [y/N]:\n%s", strings.Join(lines, "\n"))
			}
		})
	}
}

// On a screen too narrow for even the shortened fields, the prompt keeps
// its first lines and its last one, which ends with [y/N].
func TestFitPromptNarrowKeepsLastLine(t *testing.T) {
	render := func(data map[string]any) string {
		return fmt.Sprintf("hold: %s from %s to %s? [y/N]", data["QueueID"], data["Sender"], data["Recipients"])
	}
	data := map[string]any{"QueueID": "4jh2H4dFgyz6hJk", "Sender": "order@shop.example.com", "Recipients": "taro@docomo.ne.jp, hanako@docomo.ne.jp"}
	lines := fitPrompt(render, data, 8, "Recipients", "Sender")
	if len(lines) != maxConfirmLines {
		t.Fatalf("prompt has %d lines, want %d: %q", len(lines), maxConfirmLines, lines)
	}
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, "[y/N]") {
		t.Errorf("last line = %q, want it to end with [y/N]", last)
	}
	if cut := lines[len(lines)-2]; !strings.HasSuffix(cut, ellipsis) {
		t.Errorf("line before the last = %q, want it to end with %s", cut, ellipsis)
	}
	if data["Recipients"] != "taro@docomo.ne.jp, hanako@docomo.ne.jp" {
		t.Errorf("fitPrompt changed the data it was given: %v", data)
	}
}
