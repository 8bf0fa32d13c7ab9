package tui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// stoppedQueue returns fixtureQueue as a scan of an instance whose master
// process does not run.
func stoppedQueue() QueueSnapshotMsg {
	snap := fixtureQueue()
	snap.Master = sources.MasterStopped
	return QueueSnapshotMsg{Snapshot: snap}
}

// queueOptions returns testOptions of a dashboard that watches a queue.
func queueOptions(lang string) Options {
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	return opts
}

// joinedText returns lines joined without their line breaks, and for
// Japanese without spaces, since Japanese text may wrap between any two
// characters.
func joinedText(lang string, lines []string) string {
	text := strings.Join(lines, " ")
	if lang == "ja" {
		return strings.ReplaceAll(text, " ", "")
	}
	return text
}

// postfixWarning returns the whole warning that Postfix is stopped, as
// joinedText compares it.
func postfixWarning(lang string) string {
	text := map[string]string{
		"en": "Postfix is not running: no mail is delivered or retried until it starts. Start it: postfix -c /etc/postfix start",
		"ja": "Postfix が停止しています。起動するまでメールは配送も再送もされません。起動: postfix -c /etc/postfix start",
	}[lang]
	return joinedText(lang, []string{text})
}

func TestDashboardShowsPostfixStopped(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				m := send(t, newScreen(t, queueOptions(lang), size[0], size[1]), stoppedQueue())
				text := screenText(m)
				checkScreenShape(t, text, size[0], size[1])

				// The warning follows the two header lines, whole.
				lines := strings.Split(text, "\n")
				var warning []string
				for _, line := range lines[2:] {
					if !strings.Contains(line, "Postfix") && !strings.Contains(line, "postfix -c") {
						break
					}
					warning = append(warning, strings.TrimRight(line, " "))
				}
				if got := joinedText(lang, warning); got != postfixWarning(lang) {
					t.Errorf("lines under the header = %q, want the whole warning %q", warning, postfixWarning(lang))
				}
			})
		}
	}
}

func TestDashboardPostfixRunningNoWarning(t *testing.T) {
	for _, state := range []sources.MasterState{sources.MasterRunning, sources.MasterUnknown} {
		snap := fixtureQueue()
		snap.Master = state
		m := send(t, newScreen(t, queueOptions("en"), 80, 24), QueueSnapshotMsg{Snapshot: snap})
		if text := screenText(m); strings.Contains(text, "Postfix is not running") {
			t.Errorf("%v: the screen warns that Postfix is stopped:\n%s", state, text)
		}
	}
}

func TestDashboardPostfixWarningGoesAway(t *testing.T) {
	m := newScreen(t, queueOptions("en"), 80, 24)
	before := screenText(m)
	m = send(t, m, stoppedQueue())
	running := fixtureQueue()
	running.Master = sources.MasterRunning
	m = send(t, m, QueueSnapshotMsg{Snapshot: running})
	after := screenText(m)
	if strings.Contains(after, "Postfix is not running") {
		t.Errorf("the warning stays once Postfix runs:\n%s", after)
	}
	if after != before {
		t.Errorf("the screen differs from before the warning:\n%s\nwant\n%s", after, before)
	}
}

func TestDashboardPostqueueMailSystemDown(t *testing.T) {
	// A user other than root gets no listing from postqueue while Postfix
	// is stopped, only its error.
	err := fmt.Errorf("list the queue: %w", sources.ErrMailSystemDown)
	m := send(t, newScreen(t, queueOptions("en"), 80, 24), QueueSnapshotMsg{Err: err})
	if text := screenText(m); !strings.Contains(text, "Postfix is not running") {
		t.Errorf("the screen lacks the warning:\n%s", text)
	}

	other := send(t, newScreen(t, queueOptions("en"), 80, 24), QueueSnapshotMsg{Err: errors.New("permission denied")})
	if text := screenText(other); strings.Contains(text, "Postfix is not running") {
		t.Errorf("another scan error shows the warning:\n%s", text)
	}
}

func TestDemoShowsNoPostfixWarning(t *testing.T) {
	opts := queueOptions("en")
	opts.Demo = true
	m := send(t, newScreen(t, opts, 80, 24), stoppedQueue())
	if text := screenText(m); strings.Contains(text, "Postfix is not running") {
		t.Errorf("the demo warns that Postfix is stopped:\n%s", text)
	}
}

func TestQueueScreenShowsPostfixStopped(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				m := send(t, newScreen(t, queueOptions(lang), size[0], size[1]), stoppedQueue(), keyPress("Q"))
				text := screenText(m)
				checkScreenShape(t, text, size[0], size[1])

				// The title follows the two header lines, and the warning
				// follows the title, whole.
				lines := strings.Split(text, "\n")
				if !strings.Contains(lines[2], "deferred 5") {
					t.Errorf("line 3 = %q, want the queue screen's title", lines[2])
				}
				var warning []string
				for _, line := range lines[3:] {
					if !strings.Contains(line, "Postfix") && !strings.Contains(line, "postfix -c") {
						break
					}
					warning = append(warning, strings.TrimRight(line, " "))
				}
				if got := joinedText(lang, warning); got != postfixWarning(lang) {
					t.Errorf("lines under the title = %q, want the whole warning %q", warning, postfixWarning(lang))
				}
			})
		}
	}
}

func TestQueueScreenRetryWhilePostfixStopped(t *testing.T) {
	m := send(t, newScreen(t, queueOptions("en"), 132, 40), stoppedQueue(), keyPress("Q"))
	text := screenText(m)
	if strings.Contains(text, " 4m ") || strings.Contains(text, " 4m0") {
		t.Errorf("the list counts down to a retry that will not come:\n%s", text)
	}
	if !strings.Contains(text, " stop ") {
		t.Errorf("the retry column lacks stop:\n%s", text)
	}
}

// logFileHoldBatch is a fakeBatch whose hold ends as postsuper -h does
// while Postfix is stopped and the mail_owner may not open maillog_file:
// with every message changed and a warning, or stopped part way.
type logFileHoldBatch struct {
	fakeBatch
	partial bool
}

func (b *logFileHoldBatch) HoldMany(ctx context.Context, targets []actions.Target) (actions.Result, error) {
	res, _ := b.record("hold", targets)
	logFile := &actions.LogFileError{
		Action: actions.ActionHold, Flag: "-h", ConfigDir: "/etc/postfix-out",
		Path: "/var/log/postfix-out.log", Reason: "cannot open file: Permission denied",
		Changed: len(targets),
	}
	if !b.partial {
		res.Warning = logFile
		return res, nil
	}
	logFile.Changed = 0
	logFile.Unchanged = res.QueueIDs
	logFile.Err = errors.New("exit status 1")
	res.Count = 0
	return res, logFile
}

// shownResult returns the result of the last action as the footer shows
// it, with a plain space for each noBreakSpace.
func shownResult(m Model) string {
	return strings.ReplaceAll(m.result, noBreakSpace, " ")
}

// footerResultLines returns the lines between the body and the key help
// that show the result of the last action.
func footerResultLines(m Model, lines []string) []string {
	n := len(m.footerTopLines())
	return lines[len(lines)-1-n : len(lines)-1]
}

func TestHoldLogFileErrorFitsFooter(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, partial := range []bool{false, true} {
			for _, size := range [][2]int{{80, 24}, {132, 40}} {
				t.Run(fmt.Sprintf("%s-partial=%v-%dx%d", lang, partial, size[0], size[1]), func(t *testing.T) {
					batch := &logFileHoldBatch{partial: partial}
					m := queueScreenModel(t, lang, batch, size[0], size[1])
					m = send(t, m, stoppedQueue(), keyPress("h"), keyPress("y"))
					if len(batch.calls) != 1 {
						t.Fatalf("hold ran %d times, want 1", len(batch.calls))
					}
					text := screenText(m)
					checkScreenShape(t, text, size[0], size[1])

					footer := footerResultLines(m, strings.Split(text, "\n"))
					for i := range footer {
						footer[i] = strings.TrimRight(footer[i], " ")
					}
					got := joinedText(lang, footer)
					if strings.Contains(got, ellipsis) {
						t.Errorf("the footer is cut: %q", footer)
					}
					for _, want := range []string{"Permission denied", "/var/log/postfix-out.log", "postfix -c /etc/postfix-out start"} {
						if !strings.Contains(got, joinedText(lang, []string{want})) {
							t.Errorf("footer %q lacks %q", footer, want)
						}
					}
				})
			}
		}
	}
}

func TestQueueDeliverWhilePostfixStopped(t *testing.T) {
	want := map[string]string{
		"en": "deliver now: Postfix is not running, so nothing was changed; start it with postfix -c /etc/postfix start",
		"ja": "Postfix が起動していないため、何も変更していません。postfix -c /etc/postfix start で起動してください",
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			batch := &fakeBatch{}
			m := queueScreenModel(t, lang, batch, 80, 24)
			if !slices.Contains(footerKeys(m), "i") {
				t.Fatalf("footer keys %v lack i while Postfix runs", footerKeys(m))
			}

			m = send(t, m, stoppedQueue())
			if keys := footerKeys(m); slices.Contains(keys, "i") {
				t.Errorf("footer keys %v offer i while Postfix is stopped", keys)
			}
			m = send(t, m, keyPress("i"), keyPress("y"))
			if len(batch.calls) != 0 {
				t.Errorf("deliver now ran %d times while Postfix is stopped", len(batch.calls))
			}
			footer := footerResultLines(m, strings.Split(screenText(m), "\n"))
			for i := range footer {
				footer[i] = strings.TrimRight(footer[i], " ")
			}
			if got := joinedText(lang, footer); !strings.Contains(got, joinedText(lang, []string{want[lang]})) {
				t.Errorf("footer %q lacks %q", footer, want[lang])
			}
		})
	}
}

func TestStartCommandWrapsWhole(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, dir := range []string{"/etc/postfix-out", ""} {
			m := newScreen(t, queueOptions(lang), 80, 24)
			start := actions.StartCommand(dir)
			logFile := &actions.LogFileError{
				Action: actions.ActionHold, Flag: "-h", ConfigDir: dir,
				Path: "/var/log/postfix-out.log", Reason: "cannot open file: Permission denied",
				Unchanged: []string{"7E996BE094"}, Err: errors.New("exit status 1"),
			}
			texts := map[string]string{
				"stopped warning":  m.c.postfixStoppedText(postfixStatus{state: sources.MasterStopped, start: start}),
				"log file failure": m.c.logFileResultText("hold 7E996BE094", logFile),
				"not running":      notRunningResult(m.c.l, m.c.l.T("action.hold"), start),
			}
			for name, text := range texts {
				for width := 40; width <= 132; width++ {
					lines := wrapText(text, width)
					if !slices.ContainsFunc(lines, func(line string) bool { return strings.Contains(line, start) }) {
						t.Errorf("%s, %s, %d columns: no line has %q whole: %q", lang, name, width, start, lines)
					}
				}
			}
		}
	}
}

func TestMessageListDeliverWhilePostfixStopped(t *testing.T) {
	want := map[string]string{
		"en": "deliver now: Postfix is not running, so nothing was changed; start it with postfix -c /etc/postfix start",
		"ja": "Postfix が起動していないため、何も変更していません。postfix -c /etc/postfix start で起動してください",
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			actor := &fakeActor{}
			opts := queueOptions(lang)
			opts.Actor = actor
			m := send(t, newScreen(t, opts, 80, 24), keyPress("enter"))
			if m.screen != screenDomain {
				t.Fatalf("enter opened %v, want the message list", m.screen)
			}
			if keys := footerKeys(m); !slices.Contains(keys, "i") {
				t.Fatalf("footer keys %v lack i while Postfix runs", keys)
			}

			m = send(t, m, stoppedQueue())
			if keys := footerKeys(m); slices.Contains(keys, "i") || !slices.Contains(keys, "r") {
				t.Errorf("message list footer keys %v, want r and no i while Postfix is stopped", keys)
			}
			m = send(t, m, keyPress("i"))
			if m.confirm != nil {
				t.Errorf("i opened a confirmation while Postfix is stopped")
			}
			footer := footerResultLines(m, strings.Split(screenText(m), "\n"))
			for i := range footer {
				footer[i] = strings.TrimRight(footer[i], " ")
			}
			if got := joinedText(lang, footer); !strings.Contains(got, joinedText(lang, []string{want[lang]})) {
				t.Errorf("footer %q lacks %q", footer, want[lang])
			}

			m = send(t, m, keyPress("enter"))
			if m.screen != screenMessage {
				t.Fatalf("enter opened %v, want the message view", m.screen)
			}
			if keys := footerKeys(m); slices.Contains(keys, "i") || !slices.Contains(keys, "r") {
				t.Errorf("message view footer keys %v, want r and no i while Postfix is stopped", keys)
			}
			if len(actor.calls) != 0 {
				t.Errorf("the actor ran %v while Postfix is stopped", actor.calls)
			}
		})
	}
}

// A queue directory removed under the dashboard fails the scan with an
// error that matches fs.ErrNotExist. The queue screen then says that the
// queue could not be read, not that it is empty or what the last scan
// listed, and the main screen warns that its queued counts come from the
// log alone. The next good scan ends both.
func TestQueueRemovedBothScreensSay(t *testing.T) {
	removed := fmt.Errorf("queue directory /var/spool/postfix/deferred was removed while mailtop was running: %w", fs.ErrNotExist)
	wants := map[string][2]string{
		"en": {"the queue could not be read: queue directory", "the queue could not be read, so the queued counts come from the log alone:"},
		"ja": {"キューを読み込めませんでした: queue directory", "キューを読み込めないため、滞留の数はログだけから数えています:"},
	}
	for lang, want := range wants {
		t.Run(lang, func(t *testing.T) {
			m := queueScreenModel(t, lang, &fakeBatch{}, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Err: removed})
			queueScreen := flatText(lang, screenText(m))
			if !strings.Contains(queueScreen, flatText(lang, want[0])) {
				t.Errorf("queue screen lacks %q:\n%s", want[0], screenText(m))
			}
			for _, message := range fixtureQueue().Messages {
				if strings.Contains(queueScreen, message.QueueID) {
					t.Errorf("queue screen still lists %s from the last good scan", message.QueueID)
				}
			}

			m = send(t, m, keyPress("esc"))
			if m.screen != screenMain {
				t.Fatalf("screen after esc = %v, want the main screen", m.screen)
			}
			mainScreen := flatText(lang, screenText(m))
			if !strings.Contains(mainScreen, flatText(lang, want[1])) {
				t.Errorf("main screen lacks %q:\n%s", want[1], screenText(m))
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
			if got := flatText(lang, screenText(m)); strings.Contains(got, flatText(lang, want[1])) {
				t.Errorf("main screen keeps the warning after a good scan:\n%s", screenText(m))
			}
		})
	}
}

// flatText returns text with its line breaks and runs of spaces made one
// space, or in Japanese with no space, so that a wrapped warning compares
// as one line.
func flatText(lang, text string) string {
	sep := " "
	if lang == "ja" {
		sep = ""
	}
	return strings.Join(strings.Fields(text), sep)
}

// A -c DIR that postqueue rejects for a user other than root: the main
// screen's warning gives the fix in the screen's language, not Postfix's
// own lines, which would push it out of the warning's lines.
func TestQueueRejectedConfigDirHeader(t *testing.T) {
	rejected := fmt.Errorf("postqueue -c /etc/postfix-out -j failed: exit status 69: postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n"+
		"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /etc/postfix/main.cf: %w",
		&sources.ConfigDirRejectedError{ConfigDir: "/etc/postfix-out", MainCF: "/etc/postfix/main.cf"})
	wants := map[string]string{
		"en": "add /etc/postfix-out to alternate_config_directories in /etc/postfix/main.cf",
		"ja": "/etc/postfix/main.cf の alternate_config_directories に /etc/postfix-out を追加してください。",
	}
	for lang, want := range wants {
		t.Run(lang, func(t *testing.T) {
			m := queueScreenModel(t, lang, &fakeBatch{}, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Err: rejected}, keyPress("esc"))
			if m.screen != screenMain {
				t.Fatalf("screen after esc = %v, want the main screen", m.screen)
			}
			mainScreen := flatText(lang, screenText(m))
			if !strings.Contains(mainScreen, flatText(lang, want)) {
				t.Errorf("main screen lacks the fix %q:\n%s", want, screenText(m))
			}
			if strings.Contains(mainScreen, "multi_instance_directories") {
				t.Errorf("main screen shows Postfix's own lines:\n%s", screenText(m))
			}
		})
	}
}
