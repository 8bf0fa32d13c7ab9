package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/stats"
)

func TestStaleLogHint(t *testing.T) {
	end := time.Date(2025, 12, 4, 20, 0, 14, 0, time.UTC)
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"older than --since 24h", "2025-12-04 20:00 UTC", "run with --since all"}},
		{"ja", []string{"--since 24h より前", "2025-12-04 20:00 UTC", "--since all を付けて"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			opts := testOptions(tc.lang, nil, nil)
			opts.StaleLog = &StaleLog{End: end, Since: "24h"}
			empty := &stats.Snapshot{Now: fixtureNow}
			m := send(t, New(opts), tea.WindowSizeMsg{Width: 200, Height: 30}, SnapshotMsg{Snapshot: empty})
			text := screenText(m)
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("screen lacks %q:\n%s", want, text)
				}
			}
			checkScreenShape(t, text, 200, 30)

			read := &stats.Snapshot{Now: fixtureNow, Lines: stats.LineCounts{Read: 1}}
			m = send(t, m, SnapshotMsg{Snapshot: read})
			if text := screenText(m); strings.Contains(text, "--since all") {
				t.Errorf("hint still shown after a line was read:\n%s", text)
			}
		})
	}
}

func TestStaleLogHintAbsentByDefault(t *testing.T) {
	m := send(t, New(testOptions("en", nil, nil)), tea.WindowSizeMsg{Width: 200, Height: 30},
		SnapshotMsg{Snapshot: &stats.Snapshot{Now: fixtureNow}})
	if text := screenText(m); strings.Contains(text, "--since") {
		t.Errorf("hint shown without StaleLog:\n%s", text)
	}
}

func TestNoPostfixLinesHint(t *testing.T) {
	cases := []struct {
		lang    string
		sources []string
		read    int64
		want    []string
	}{
		{"en", []string{"/usr/bin/ls"}, 120, []string{"none of the 120 lines read from /usr/bin/ls is from Postfix", "pass --log the file that Postfix or syslog writes"}},
		{"en", []string{"/usr/bin/ls"}, 1, []string{"the one line read from /usr/bin/ls is not from Postfix", "pass --log"}},
		{"en", []string{"-"}, 3, []string{"read from standard input is from Postfix"}},
		{"ja", []string{"/usr/bin/ls"}, 120, []string{"/usr/bin/ls から読んだ 120 行に Postfix の行はありません。", "--log には Postfix か syslog が書くファイル"}},
		{"ja", []string{"-"}, 1, []string{"標準入力から読んだ 1 行は Postfix の行ではありません。"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %s %d", tc.lang, tc.sources[0], tc.read), func(t *testing.T) {
			opts := testOptions(tc.lang, nil, nil)
			opts.Sources = tc.sources
			noPostfix := &stats.Snapshot{Now: fixtureNow, Lines: stats.LineCounts{Read: tc.read}}
			m := send(t, New(opts), tea.WindowSizeMsg{Width: 80, Height: 24}, SnapshotMsg{Snapshot: noPostfix})
			// The footer wraps the hint, so compare with the screen's words.
			text := strings.Join(strings.Fields(screenText(m)), " ")
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("screen lacks %q:\n%s", want, screenText(m))
				}
			}
			if feed := ansi.Strip(m.feed.View()); !strings.Contains(feed, "Postfix") {
				t.Errorf("feed does not show the hint in place of its empty line:\n%s", feed)
			}
			checkScreenShape(t, screenText(m), 80, 24)

			withPostfix := &stats.Snapshot{Now: fixtureNow, Lines: stats.LineCounts{Read: tc.read + 1, Postfix: 1}}
			m = send(t, m, SnapshotMsg{Snapshot: withPostfix})
			if text := screenText(m); strings.Contains(text, "--log") {
				t.Errorf("hint still shown after a Postfix line was read:\n%s", text)
			}
		})
	}
}

func TestLogHintCutWithEllipsis(t *testing.T) {
	opts := testOptions("en", nil, nil)
	opts.Sources = []string{"/usr/bin/ls"}
	noPostfix := &stats.Snapshot{Now: fixtureNow, Lines: stats.LineCounts{Read: 120}}
	m := send(t, New(opts), tea.WindowSizeMsg{Width: 40, Height: 24}, SnapshotMsg{Snapshot: noPostfix})
	hint := m.footerTopLines()
	if len(hint) != maxLogHintLines {
		t.Fatalf("footer hint lines = %d, want %d: %q", len(hint), maxLogHintLines, hint)
	}
	if last := strings.TrimRight(ansi.Strip(hint[len(hint)-1]), " "); !strings.HasSuffix(last, ellipsis) {
		t.Errorf("last hint line = %q, want it to end with %q", last, ellipsis)
	}
	checkScreenShape(t, screenText(m), 40, 24)
}

func TestNoPostfixLinesHintAbsent(t *testing.T) {
	cases := []struct {
		name  string
		lines stats.LineCounts
	}{
		{"no line read", stats.LineCounts{}},
		{"postfix lines", stats.LineCounts{Read: 10, Postfix: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			snapshot := &stats.Snapshot{Now: fixtureNow, Lines: tc.lines}
			m := send(t, New(testOptions("en", nil, nil)), tea.WindowSizeMsg{Width: 200, Height: 30}, SnapshotMsg{Snapshot: snapshot})
			if text := screenText(m); strings.Contains(text, "--log") {
				t.Errorf("hint shown for %+v:\n%s", tc.lines, text)
			}
		})
	}
}

// finishedSource is a fakeSource whose fixture message has left the queue.
type finishedSource struct {
	fakeSource
}

func (s *finishedSource) Message(queueID string) (stats.Message, bool) {
	msg, ok := s.fakeSource.Message(queueID)
	if ok {
		msg.Removed, msg.Finished = true, true
		for i := range msg.Recipients {
			msg.Recipients[i].Pending = false
		}
	}
	return msg, ok
}

func TestActionRejectedOutsideQueue(t *testing.T) {
	cases := []struct {
		lang  string
		scene []string
		want  []string
	}{
		{"en", []string{"enter", "i"}, []string{fixtureQueueID + " is no longer in the queue", "nothing to deliver now"}},
		{"en", []string{"enter", "enter", "r"}, []string{fixtureQueueID + " is no longer in the queue", "nothing to requeue"}},
		{"ja", []string{"enter", "enter", "i"}, []string{fixtureQueueID + " はもうキューにありません。", "「今すぐ配送」はできません。"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang+" "+strings.Join(tc.scene, " "), func(t *testing.T) {
			actor := &fakeActor{}
			m := newScreen(t, testOptions(tc.lang, &finishedSource{}, actor), 140, 30)
			m = send(t, m, keys(tc.scene...)...)
			if m.confirm != nil {
				t.Errorf("confirmation opened for a message that left the queue")
			}
			if m.resultKind != resultError {
				t.Errorf("result kind = %v, want an error", m.resultKind)
			}
			for _, want := range tc.want {
				if !strings.Contains(m.result, want) {
					t.Errorf("result = %q, want it to contain %q", m.result, want)
				}
			}
			if len(actor.calls) != 0 {
				t.Errorf("actor calls = %v, want none", actor.calls)
			}
		})
	}
}

func TestMessageHelpHidesActionsOutsideQueue(t *testing.T) {
	queued := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys("enter", "enter")...)
	if !strings.Contains(queued.help.ShortHelpView(queued.shortHelp()), "deliver") {
		t.Fatalf("help line of a queued message lacks deliver")
	}
	left := send(t, mainScreen(t, &finishedSource{}, &fakeActor{}), keys("enter", "enter")...)
	helpLine := left.help.ShortHelpView(left.shortHelp())
	for _, hidden := range []string{"deliver", "requeue"} {
		if strings.Contains(helpLine, hidden) {
			t.Errorf("help line of a removed message offers %s: %q", hidden, helpLine)
		}
	}
}

// footerKeys returns the keys the footer's key help offers, before the
// help line drops what does not fit.
func footerKeys(m Model) []string {
	var names []string
	for _, b := range m.shortHelp() {
		names = append(names, b.Help().Key)
	}
	return names
}

func TestNotQueuedTextNamesOnlyNewState(t *testing.T) {
	cases := []struct {
		lang  string
		state stats.QueueState
		want  string
	}{
		{"en", stats.StateRemoved, "4jh2C7Yq1Wz3pTb is no longer in the queue, so there is nothing to requeue"},
		{"en", stats.StateDeleted, "4jh2C7Yq1Wz3pTb is no longer in the queue (deleted by an operator), so there is nothing to requeue"},
		{"ja", stats.StateRemoved, "4jh2C7Yq1Wz3pTb はもうキューにありません。「再キュー」はできません。"},
		{"ja", stats.StateDeleted, "4jh2C7Yq1Wz3pTb はもうキューにありません（管理者が削除）。「再キュー」はできません。"},
	}
	for _, tc := range cases {
		m := newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), 140, 30)
		if got := m.notQueuedText(actionRequeue.labelID(), "4jh2C7Yq1Wz3pTb", tc.state); got != tc.want {
			t.Errorf("%s %v: text = %q, want %q", tc.lang, tc.state, got, tc.want)
		}
	}
}

func TestDomainListHelpFollowsSelectedRow(t *testing.T) {
	cases := []struct {
		lang      string
		rejection string
	}{
		{"en", "4jh2C7Yq1Wz3pTb is no longer in the queue, so there is nothing to deliver now"},
		{"ja", "4jh2C7Yq1Wz3pTb はもうキューにありません。「今すぐ配送」はできません。"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			actor := &fakeActor{}
			m := newScreen(t, testOptions(tc.lang, &fakeSource{}, actor), 140, 30)
			m = send(t, m, keyPress("enter"))
			queued := footerKeys(m)
			for _, want := range []string{"i", "r"} {
				if !slices.Contains(queued, want) {
					t.Errorf("footer of a queued row lacks %q: %q", want, queued)
				}
			}

			// The second row bounced and its message left the queue.
			m = send(t, m, keyPress("down"))
			left := footerKeys(m)
			for _, hidden := range []string{"i", "r"} {
				if slices.Contains(left, hidden) {
					t.Errorf("footer of a row that left the queue offers %q: %q", hidden, left)
				}
			}
			for _, want := range []string{"enter", "esc"} {
				if !slices.Contains(left, want) {
					t.Errorf("footer of a row that left the queue lacks %q: %q", want, left)
				}
			}

			m = send(t, m, keyPress("i"))
			if m.confirm != nil {
				t.Errorf("i opened a confirmation for a message that left the queue")
			}
			if m.result != tc.rejection {
				t.Errorf("result = %q, want %q", m.result, tc.rejection)
			}
			if m.resultKind != resultError {
				t.Errorf("result kind = %v, want an error", m.resultKind)
			}
			if len(actor.calls) != 0 {
				t.Errorf("actor calls = %v, want none", actor.calls)
			}

			m = send(t, m, keyPress("up"))
			if back := footerKeys(m); !slices.Contains(back, "i") {
				t.Errorf("footer back on the queued row lacks i: %q", back)
			}
		})
	}
}

func TestDomainListHelpDrawnWithoutActions(t *testing.T) {
	m := send(t, newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 140, 30), keys("enter", "down")...)
	lines := strings.Split(screenText(m), "\n")
	helpLine := lines[len(lines)-1]
	if !strings.HasPrefix(helpLine, "enter open • x why • Q queue • esc back") {
		t.Errorf("help line = %q, want it to start with enter open • x why • Q queue • esc back", helpLine)
	}
	for _, hidden := range []string{"deliver now", "requeue"} {
		if strings.Contains(helpLine, hidden) {
			t.Errorf("help line offers %s: %q", hidden, helpLine)
		}
	}
}

func TestMessageHelpHidesActionsOfUnknownMessage(t *testing.T) {
	// The second row's queue ID is one the source does not know.
	m := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys("enter", "down", "enter")...)
	if !m.detail.loaded || m.detail.found {
		t.Fatalf("message view loaded %v, found %v; want loaded and not found", m.detail.loaded, m.detail.found)
	}
	for _, hidden := range []string{"i", "r"} {
		if slices.Contains(footerKeys(m), hidden) {
			t.Errorf("footer of an unknown message offers %q: %q", hidden, footerKeys(m))
		}
	}
}

func TestDemoSourceTranslated(t *testing.T) {
	opts := testOptions("ja", &fakeSource{}, &fakeActor{})
	opts.Demo = true
	opts.Sources = []string{"demo recording"}
	text := screenText(newScreen(t, opts, 140, 30))
	if !strings.Contains(text, "ログ デモの録画") {
		t.Errorf("header lacks the Japanese demo source:\n%s", text)
	}
	if strings.Contains(text, "demo recording") {
		t.Errorf("header shows the English demo source:\n%s", text)
	}
}

func TestDemoHeaderNamesNoInstance(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		opts := testOptions(lang, &fakeSource{}, &fakeActor{})
		opts.Demo = true
		text := screenText(newScreen(t, opts, 140, 30))
		header := strings.SplitN(text, "\n", 3)[1]
		for _, instance := range []string{"default instance", "標準インスタンス", "/etc/postfix"} {
			if strings.Contains(header, instance) {
				t.Errorf("%s: demo header names an instance (%q): %q", lang, instance, header)
			}
		}
	}
}

// helpKeys returns the keys the help overlay lists.
func helpKeys(m Model) []string {
	var names []string
	for _, group := range m.availableHelp() {
		for _, b := range group {
			names = append(names, b.Help().Key)
		}
	}
	return names
}

func TestHelpListsOnlyWorkingKeys(t *testing.T) {
	actionKeys := []string{"i", "r", "h", "H", "e", "d", "F", "A", "f"}
	readOnly := testOptions("en", &fakeSource{}, &fakeActor{})
	readOnly.ReadOnly = true
	demo := testOptions("en", &fakeSource{}, &fakeActor{simulated: true})
	demo.Demo = true
	demo.QueueActor = &actions.Simulated{}
	cases := []struct {
		name   string
		opts   Options
		absent []string
		shown  []string
	}{
		{"read-only", readOnly, append(actionKeys, "y", "n/esc"), []string{"x", "w", "/", "Q"}},
		{"demo", demo, []string{"f"}, []string{"i", "r", "h", "H", "e", "d", "F", "A", "y"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := send(t, newScreen(t, tc.opts, 140, 40), keys("?")...)
			listed := helpKeys(m)
			for _, name := range tc.absent {
				if slices.Contains(listed, name) {
					t.Errorf("help lists %q: %q", name, listed)
				}
			}
			for _, name := range tc.shown {
				if !slices.Contains(listed, name) {
					t.Errorf("help lacks %q: %q", name, listed)
				}
			}
		})
	}
	readOnlyText := screenText(send(t, newScreen(t, readOnly, 140, 40), keys("?")...))
	for _, absent := range []string{"deliver now", "requeue", "forward"} {
		if strings.Contains(readOnlyText, absent) {
			t.Errorf("read-only help shows %q:\n%s", absent, readOnlyText)
		}
	}
}

func TestHelpRowsFitScreen(t *testing.T) {
	sizes := [][2]int{{80, 24}, {132, 40}}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range sizes {
			for _, scene := range [][]string{{"?"}, {"Q", "?"}} {
				name := fmt.Sprintf("%s %dx%d %s", lang, size[0], size[1], strings.Join(scene, " "))
				t.Run(name, func(t *testing.T) {
					m := queueScreenModel(t, lang, &fakeBatch{}, size[0], size[1])
					m = send(t, m, keys("esc")...)
					m = send(t, m, keys(scene...)...)
					if !m.helpOpen {
						t.Fatalf("help overlay not open")
					}
					text := screenText(m)
					for _, group := range m.availableHelp() {
						for _, b := range group {
							if !strings.Contains(text, b.Help().Desc) {
								t.Errorf("help cuts %q (%s):\n%s", b.Help().Desc, b.Help().Key, text)
							}
						}
					}
					for i, line := range strings.Split(text, "\n") {
						if w := ansi.StringWidth(line); w > size[0] {
							t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, size[0], line)
						}
					}
				})
			}
		}
	}
}

func TestHelpListsBackTabAndArrows(t *testing.T) {
	descriptions := map[string]map[string]string{
		"en": {"shift+tab": "previous pane", "←/→": "age column"},
		"ja": {"shift+tab": "逆順に欄切替", "←/→": "経過時間の列"},
	}
	for _, lang := range []string{"en", "ja"} {
		m := send(t, newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 140, 40), keys("?")...)
		listed := helpKeys(m)
		text := screenText(m)
		for key, description := range descriptions[lang] {
			if !slices.Contains(listed, key) {
				t.Errorf("%s: help lacks %q: %q", lang, key, listed)
			}
			if !strings.Contains(text, key+"  ") || !strings.Contains(text, description) {
				t.Errorf("%s: help does not show %q with %q:\n%s", lang, key, description, text)
			}
		}
	}

	// At 80x24 the two rows take the place of blank lines, so the close
	// hint stays.
	small := screenText(send(t, newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 80, 24), keys("?")...))
	for _, want := range []string{"←/→", "press ? or esc to close"} {
		if !strings.Contains(small, want) {
			t.Errorf("80x24 help lacks %q:\n%s", want, small)
		}
	}

	// The keys the overlay lists work: ← and → move along the columns of
	// the queue shape, which v opens on a queue that has messages.
	m := send(t, newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 140, 40), QueueSnapshotMsg{Snapshot: fixtureQueue()})
	m = send(t, m, keys("Q", "v", "right", "right")...)
	if m.queue.mode != queueModeShape || m.queue.shapeColumn != 2 {
		t.Fatalf("after Q v → →: queue mode %v, shape column %d; want the shape at column 2", m.queue.mode, m.queue.shapeColumn)
	}
	m = send(t, m, keys("left")...)
	if m.queue.shapeColumn != 1 {
		t.Errorf("after ←: shape column %d, want 1", m.queue.shapeColumn)
	}
}

// The domain's message list and the message view open the queue screen
// with Q, so their footers offer it where it fits.
func TestListAndMessageFootersOfferQueue(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), width, 24)
			queue := "Q " + m.c.l.T("key.queue")
			footer := func(m Model) string {
				lines := strings.Split(screenText(m), "\n")
				return lines[len(lines)-1]
			}

			// The first row is queued, so deliver and requeue apply to it.
			m = send(t, m, keyPress("enter"))
			if !slices.Contains(footerKeys(m), "Q") {
				t.Errorf("%s %d: keys of the list lack Q: %q", lang, width, footerKeys(m))
			}
			if width > 80 && !strings.Contains(footer(m), queue) {
				t.Errorf("%s %d: footer of the list lacks %q: %q", lang, width, queue, footer(m))
			}

			// The second row left the queue: no action applies, so Q fits.
			m = send(t, m, keyPress("down"))
			if !strings.Contains(footer(m), queue) {
				t.Errorf("%s %d: footer of a row that left the queue lacks %q: %q", lang, width, queue, footer(m))
			}

			m = send(t, m, keyPress("up"), keyPress("enter"))
			if m.screen != screenMessage {
				t.Fatalf("%s %d: enter opened screen %v, want the message view", lang, width, m.screen)
			}
			text := footer(m)
			for _, want := range []string{"i ", "r ", "esc ", queue, "? ", "q "} {
				if !strings.Contains(text, want) {
					t.Errorf("%s %d: footer of the message view lacks %q: %q", lang, width, want, text)
				}
			}
		}
	}
}

// The Japanese prompts of deliver and requeue name the message first and
// end with the question, right before [y/N], as the queue prompts do.
func TestConfirmPromptEndsWithQuestion(t *testing.T) {
	cases := []struct {
		key  string
		want string
	}{
		{"i", "4jh2DZ3Cpzz5rBg（差出人 shop@example.com、宛先 taro@docomo.ne.jp）を今すぐ配送しますか？ [y/N]"},
		{"r", "4jh2DZ3Cpzz5rBg（差出人 shop@example.com、宛先 taro@docomo.ne.jp）を再キューしますか？ [y/N]"},
	}
	for _, tc := range cases {
		m := send(t, newScreen(t, testOptions("ja", &fakeSource{}, &fakeActor{}), 140, 30), keys("enter", tc.key)...)
		if m.confirm == nil {
			t.Fatalf("%s opened no confirmation", tc.key)
		}
		if prompt := strings.Join(m.footerTopLines(), "\n"); !strings.Contains(prompt, tc.want) {
			t.Errorf("%s: prompt = %q, want %q", tc.key, prompt, tc.want)
		}
	}
}

// A prompt with more recipients than its lines hold names fewer of them,
// whole, and counts the others, so that the question and [y/N] stay on
// screen.
func TestConfirmPromptShortensRecipients(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := send(t, newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 80, 24), keys("enter", "i")...)
		if m.confirm == nil {
			t.Fatalf("%s: i opened no confirmation", lang)
		}
		m.confirm.message.Recipients = nil
		for i := range 40 {
			address := fmt.Sprintf("customer%02d@docomo.ne.jp", i)
			m.confirm.message.Recipients = append(m.confirm.message.Recipients, stats.Recipient{Address: address, Domain: "docomo.ne.jp", Pending: true})
		}
		lines := strings.Split(ansi.Strip(strings.Join(m.footerTopLines(), "\n")), "\n")
		if len(lines) > maxConfirmLines {
			t.Errorf("%s: prompt has %d lines, want at most %d", lang, len(lines), maxConfirmLines)
		}
		prompt := strings.TrimRight(lines[len(lines)-1], " ")
		question := map[string]string{"en": "now? [y/N]", "ja": "を今すぐ配送しますか？ [y/N]"}[lang]
		whole := strings.Join(lines, "\n")
		if !strings.Contains(whole, question) {
			t.Errorf("%s: prompt lacks %q:\n%s", lang, question, whole)
		}
		if !strings.HasSuffix(prompt, "[y/N]") {
			t.Errorf("%s: prompt ends with %q, want [y/N]", lang, prompt)
		}
		if !strings.Contains(whole, "customer00@docomo.ne.jp") {
			t.Errorf("%s: prompt lacks the first recipient:\n%s", lang, whole)
		}
		more := map[string]string{"en": " more", "ja": " 件"}[lang]
		if !strings.Contains(whole, more) {
			t.Errorf("%s: prompt does not count the recipients left out (%q):\n%s", lang, more, whole)
		}
		if strings.Contains(whole, ellipsis) {
			t.Errorf("%s: prompt cuts a recipient instead of leaving it out:\n%s", lang, whole)
		}
		joined := strings.Join(lines, "")
		for _, cut := range regexp.MustCompile(`customer\d*@?[a-z.]*`).FindAllString(joined, -1) {
			if !regexp.MustCompile(`^customer\d\d@docomo\.ne\.jp$`).MatchString(cut) {
				t.Errorf("%s: prompt shows %q, a recipient cut inside its address:\n%s", lang, cut, whole)
			}
		}
	}
}
