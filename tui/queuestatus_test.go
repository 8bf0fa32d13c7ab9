package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// noQueueScreen returns the queue screen of a dashboard that reads no
// queue because postconf found no Postfix instance.
func noQueueScreen(t *testing.T, lang string, width, height int) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.QueueNoInstance = true
	return send(t, newScreen(t, opts, width, height), keyPress("Q"))
}

func TestQueueWithoutQueueShowsNoCounts(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := noQueueScreen(t, lang, 132, 30)
		title := strings.Split(screenText(m), "\n")[2]
		if strings.Contains(title, "deferred") || strings.Contains(title, "hold") {
			t.Errorf("%s: title %q has queue counts, but no queue was read", lang, title)
		}

		// Once a scan arrives, the counts show.
		m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
		title = strings.Split(screenText(m), "\n")[2]
		if !strings.Contains(title, "deferred 5 hold 1") {
			t.Errorf("%s: title %q after a scan lacks deferred 5 hold 1", lang, title)
		}
	}
}

func TestQueueStatusWrapsToWidth(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		want := l10n.New(lang).T("queue.noInstance")
		for _, width := range []int{60, 80, 100, 160} {
			t.Run(fmt.Sprintf("%s-%d", lang, width), func(t *testing.T) {
				m := noQueueScreen(t, lang, width, 24)
				text := screenText(m)
				checkScreenShape(t, text, width, 24)

				// The status starts under the title and ends above the
				// column headers.
				lines := strings.Split(text, "\n")
				var status []string
				for _, line := range lines[3:] {
					if strings.Contains(line, "queue ID") {
						break
					}
					status = append(status, strings.TrimRight(line, " "))
				}
				// Japanese lines may break between two characters, so the
				// text is compared without its spaces.
				got, whole := strings.Join(status, " "), want
				if lang == "ja" {
					got, whole = strings.ReplaceAll(got, " ", ""), strings.ReplaceAll(want, " ", "")
				}
				if got != whole {
					t.Errorf("status lines %q, want the whole text %q", status, want)
				}
			})
		}
	}
}

func TestQueueRowsFitUnderWrappedStatus(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	m := newScreen(t, opts, 80, 14)
	snap := bigQueue(30)
	snap.Source = sources.QueueFromPostqueue
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
	if n := len(m.queue.statusLines()); n < 2 {
		t.Fatalf("the postqueue status takes %d lines at 80 columns; the test needs it wrapped", n)
	}

	for _, move := range []string{"end", "pgup", "home"} {
		m = send(t, m, keyPress(move))
		text := screenText(m)
		checkScreenShape(t, text, 80, 14)
		row, _ := m.queue.selectedRow()
		if !strings.Contains(text, "> "+row.msg.QueueID) {
			t.Errorf("after %s the selected %s is not on screen:\n%s", move, row.msg.QueueID, text)
		}
	}
}

func TestKeyHelpKeepsHelpAndQuit(t *testing.T) {
	screens := []struct {
		name string
		open []string
	}{
		{"main", nil},
		{"feed", []string{"tab"}},
		{"message list", []string{"enter"}},
		{"message", []string{"enter", "enter"}},
		{"queue", []string{"Q"}},
		{"queue message", []string{"Q", "enter"}},
		{"queue shape", []string{"Q", "v"}},
	}
	for _, lang := range []string{"en", "ja"} {
		help, quit := "? help", "q quit"
		if lang == "ja" {
			help, quit = "? ヘルプ", "q 終了"
		}
		for _, sc := range screens {
			for _, width := range []int{40, 60, 80, 100, 132, 160, 200} {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				opts.QueueContent = readFixtureContent
				m := newScreen(t, opts, width, 30)
				m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
				m = send(t, m, keys(sc.open...)...)
				lines := strings.Split(screenText(m), "\n")
				last := strings.TrimRight(lines[len(lines)-1], " ")
				if !strings.Contains(last, help) || !strings.Contains(last, quit) {
					t.Errorf("%s %s at %d: key help %q lacks %q or %q", lang, sc.name, width, last, help, quit)
				}
				if w := ansi.StringWidth(last); w > width {
					t.Errorf("%s %s at %d: key help is %d cells wide", lang, sc.name, width, w)
				}
			}
		}
	}
}

// unreadableQueueScreen returns the queue screen of a dashboard that
// watches the queue and whose first scan failed.
func unreadableQueueScreen(t *testing.T, lang string) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.QueueUpdates = make(chan sources.QueueScan)
	m := newScreen(t, opts, 132, 30)
	scanErr := errors.New("queue directory /var/spool/postfix not found: check queue_directory with postconf -h queue_directory")
	failed := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory, Counts: map[string]int{"deferred": 0, "hold": 0}}
	return send(t, m, keyPress("Q"), QueueSnapshotMsg{Snapshot: failed, Err: scanErr})
}

func TestQueueUnreadableFooterKeys(t *testing.T) {
	screens := []struct {
		name string
		m    Model
	}{
		{"first scan failed", unreadableQueueScreen(t, "en")},
		{"no instance", noQueueScreen(t, "en", 132, 30)},
	}
	want := []string{"esc", "Q", "?", "q"}
	for _, screen := range screens {
		t.Run(screen.name, func(t *testing.T) {
			if got := footerKeys(screen.m); !slices.Equal(got, want) {
				t.Errorf("footer keys = %q, want %q", got, want)
			}

			// The shape view has nothing to show either.
			shape := send(t, screen.m, keyPress("v"))
			if got := footerKeys(shape); !slices.Equal(got, want) {
				t.Errorf("shape view footer keys = %q, want %q", got, want)
			}
		})
	}
}

func TestQueueFirstScanFailed(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := unreadableQueueScreen(t, lang)
			l := l10n.New(lang)
			lines := strings.Split(screenText(m), "\n")
			if title := lines[2]; strings.Contains(title, "deferred") {
				t.Errorf("title %q has queue counts, but no queue was read", title)
			}
			screen := screenText(m)
			if last := l.T("queue.scanFailed", map[string]any{"Error": ""}); strings.Contains(screen, strings.TrimSpace(last)) {
				t.Errorf("screen claims a last good scan:\n%s", screen)
			}
			if empty := l.T("queue.empty"); strings.Contains(screen, empty) {
				t.Errorf("screen says %q, but no queue was read:\n%s", empty, screen)
			}
			if want := l.T("queue.readFailed", map[string]any{"Error": ""}); !strings.Contains(screen, strings.TrimSpace(want)) {
				t.Errorf("screen lacks %q:\n%s", want, screen)
			}

			// A good scan brings back the counts and the keys.
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
			if title := strings.Split(screenText(m), "\n")[2]; !strings.Contains(title, "deferred 5 hold 1") {
				t.Errorf("title %q after a good scan lacks deferred 5 hold 1", title)
			}
			if keys := footerKeys(m); !slices.Contains(keys, "space") || !slices.Contains(keys, "/") {
				t.Errorf("footer keys after a good scan = %q, want the list keys", keys)
			}
		})
	}
}

// rejectedConfigDirScreen returns the 80x24 queue screen of a dashboard
// whose first scan failed because postqueue rejected -c DIR for a user
// other than root, with the error that sources.ScanQueue returns then.
func rejectedConfigDirScreen(t *testing.T, lang string) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.QueueUpdates = make(chan sources.QueueScan)
	m := newScreen(t, opts, 80, 24)
	rejected := &sources.ConfigDirRejectedError{ConfigDir: "/etc/postfix-out", MainCF: "/etc/postfix/main.cf"}
	scanErr := fmt.Errorf("permission denied reading the Postfix queue: /var/spool/postfix-out/defer: run mailtop as root or the postfix user, and the fallback failed: postqueue -c /etc/postfix-out -j failed: exit status 69: postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory: %w", rejected)
	failed := sources.QueueSnapshot{Dir: "/var/spool/postfix-out", Source: sources.QueueFromDirectory, Counts: map[string]int{"deferred": 0, "hold": 0}}
	return send(t, m, keyPress("Q"), QueueSnapshotMsg{Snapshot: failed, Err: scanErr})
}

func TestQueueReadFailedWrapsWholeError(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := rejectedConfigDirScreen(t, lang)
			screen := screenText(m)
			joined := strings.Join(strings.Fields(screen), " ")
			// The dashboard's header, the first two lines, may shorten a
			// path with an ellipsis.
			below := strings.Join(strings.Split(screen, "\n")[2:], "\n")
			if strings.Contains(below, ellipsis) {
				t.Errorf("screen cuts the error:\n%s", screen)
			}
			if want := "postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory"; !strings.Contains(joined, want) {
				t.Errorf("screen lacks postqueue's line %q:\n%s", want, screen)
			}
			if want := "add /etc/postfix-out to alternate_config_directories in /etc/postfix/main.cf"; !strings.Contains(joined, want) {
				t.Errorf("screen lacks the fix %q:\n%s", want, screen)
			}
			if lang == "ja" {
				hint := l10n.New(lang).ErrorText(&sources.ConfigDirRejectedError{ConfigDir: "/etc/postfix-out", MainCF: "/etc/postfix/main.cf"})
				noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
				if !strings.Contains(noSpace(screen), noSpace(hint)) {
					t.Errorf("screen lacks the Japanese fix %q:\n%s", hint, screen)
				}
			}
		})
	}
}
