package tui

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// deniedQueue is the fixture queue as a user other than root reads it
// when the queue directories are readable: every file is counted, and
// none could be opened.
func deniedQueue() sources.QueueSnapshot {
	snap := fixtureQueue()
	for _, m := range snap.Messages {
		path := snap.Dir + "/" + m.Queue + "/" + m.QueueID
		snap.Errors = append(snap.Errors, sources.QueueFileError{
			Queue: m.Queue, QueueID: m.QueueID, Path: path,
			Err: &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES},
		})
	}
	snap.Messages = nil
	return snap
}

// statusText returns the status lines under the queue screen's title,
// joined, without the padding of each line.
func statusText(m Model) string {
	var lines []string
	for _, line := range m.queue.statusLines() {
		lines = append(lines, strings.TrimRight(ansi.Strip(line), " "))
	}
	return strings.Join(lines, " ")
}

func TestQueueDeniedFilesExplained(t *testing.T) {
	cases := []struct {
		lang, title, status, list string
	}{
		{"en", "deferred 5 hold 1",
			"7 queued messages cannot be shown, because this user may not read their queue files (permission denied): run mailtop as root, such as sudo mailtop",
			"no queued message can be shown: the line above says why"},
		{"ja", "deferred 5 hold 1",
			"7件のメッセージを表示できません。このユーザーにはキューファイルを読む権限がありません（permissiondenied）。rootで実行してください（例:sudomailtop）。",
			"キューにあるメッセージを表示できません。理由は上の行のとおりです。"},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := send(t, newScreen(t, opts, width, 24), QueueSnapshotMsg{Snapshot: deniedQueue()}, keyPress("Q"))
			text := screenText(m)
			checkScreenShape(t, text, width, 24)
			lines := strings.Split(text, "\n")
			if !strings.Contains(lines[2], tc.title) {
				t.Errorf("%s %d: title %q lacks %q", tc.lang, width, lines[2], tc.title)
			}
			status := statusText(m)
			if tc.lang == "ja" {
				// Japanese lines may break between two characters.
				status = strings.ReplaceAll(status, " ", "")
			}
			if status != tc.status {
				t.Errorf("%s %d: status %q, want %q", tc.lang, width, status, tc.status)
			}
			if !strings.Contains(text, tc.list) {
				t.Errorf("%s %d: list lacks %q:\n%s", tc.lang, width, tc.list, text)
			}
			if empty := l10n.New(tc.lang).T("queue.empty"); strings.Contains(text, empty) {
				t.Errorf("%s %d: the list says %q, but the title counts 7 messages:\n%s", tc.lang, width, empty, text)
			}
		}
	}
}

func TestQueueDeniedFilesPostqueueError(t *testing.T) {
	snap := deniedQueue()
	snap.PostqueueError = "postqueue: fatal: Queue report unavailable - mail system is down"
	cases := []struct {
		lang, postqueue string
	}{
		{"en", "postqueue -j failed too: postqueue: fatal: Queue report unavailable - mail system is down"},
		{"ja", "postqueue -j も失敗しました: postqueue: fatal: Queue report unavailable - mail system is down"},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			m := send(t, newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), width, 24), QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
			checkScreenShape(t, screenText(m), width, 24)
			status := statusText(m)
			explanation := strings.Index(status, "sudo mailtop")
			postqueue := strings.Index(status, tc.postqueue)
			if explanation < 0 || postqueue < explanation {
				t.Errorf("%s %d: status %q, want the explanation, then %q", tc.lang, width, status, tc.postqueue)
			}
		}
	}
}

func TestQueueDeniedFilesNameInstance(t *testing.T) {
	snap := deniedQueue()
	snap.ConfigDir = "/etc/postfix-out"
	m := send(t, newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 132, 30), QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
	if want := "run mailtop as root, such as sudo mailtop -c /etc/postfix-out"; !strings.HasSuffix(statusText(m), want) {
		t.Errorf("status %q does not end in %q", statusText(m), want)
	}
}

func TestQueueUnreadableFileExplained(t *testing.T) {
	snap := fixtureQueue()
	snap.Counts["corrupt"] = 1
	snap.Errors = []sources.QueueFileError{{Queue: "corrupt", QueueID: "BADBADBAD1", Path: "/var/spool/postfix/corrupt/BADBADBAD1", Err: errUnreadable}}
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	m := send(t, newScreen(t, opts, 132, 30), QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
	want := "1 queue file could not be read, so its message is not listed: queue file /var/spool/postfix/corrupt/BADBADBAD1: invalid record"
	if got := statusText(m); got != want {
		t.Errorf("status %q, want %q", got, want)
	}
	if len(m.queue.rows) != 7 {
		t.Errorf("rows = %d, want the 7 readable messages", len(m.queue.rows))
	}
}

// errUnreadable is a parse error of a damaged queue file.
var errUnreadable = errors.New("invalid record")

// ownerQueue is the fixture queue of the instance in /etc/postfix-out,
// with the held message's file copied in by root.
func ownerQueue() sources.QueueSnapshot {
	snap := fixtureQueue()
	snap.MailOwner, snap.ConfigDir = "postfix", "/etc/postfix-out"
	for i := range snap.Messages {
		if snap.Messages[i].QueueID == "4jh2G3cDfgz5Hjk" {
			snap.Messages[i].FileProblem, snap.Messages[i].FileUID = sources.QueueFileNotOwned, 0
		}
	}
	return snap
}

func TestQueueMarksFilesPostfixCannotRead(t *testing.T) {
	cases := []struct {
		lang, status, label, reason string
	}{
		{"en",
			"1 message (marked !) will not be delivered, because postfix (mail_owner) cannot read its queue file: run postfix -c /etc/postfix-out set-permissions",
			"!owner", "Postfix cannot read this queue file, which belongs to uid 0, not to postfix (mail_owner): run postfix -c /etc/postfix-out set-permissions, or chown postfix the file"},
		{"ja",
			"1件（!印）は配送されません。postfix（mail_owner）がキューファイルを読めないためです。postfix-c/etc/postfix-outset-permissionsを実行してください。",
			"!所有者", "Postfix はこのキューファイルを読めません。所有者が postfix（mail_owner）ではなく uid 0 です。postfix -c /etc/postfix-out set-permissions を実行するか、chown postfix でファイルの所有者を戻してください。"},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.QueueContent = readFixtureContent
			m := send(t, newScreen(t, opts, width, 30), QueueSnapshotMsg{Snapshot: ownerQueue()}, keyPress("Q"))
			status := statusText(m)
			if tc.lang == "ja" {
				status = strings.ReplaceAll(status, " ", "")
			}
			if status != tc.status {
				t.Errorf("%s %d: status %q, want %q", tc.lang, width, status, tc.status)
			}
			text := screenText(m)
			var held string
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(line, "4jh2G3cDfgz5Hjk") {
					held = line
				}
			}
			if !strings.Contains(held, tc.label) {
				t.Errorf("%s %d: the held message's row lacks the mark %q: %q", tc.lang, width, tc.label, held)
			}
			// The row starts the reason, cut to the column.
			if start := []rune(tc.reason)[:8]; !strings.Contains(held, string(start)) {
				t.Errorf("%s %d: the held message's row lacks the start of %q: %q", tc.lang, width, tc.reason, held)
			}
			if got := strings.Count(text, tc.label); got != 1 {
				t.Errorf("%s %d: the mark %q is on %d rows, want only the held message's", tc.lang, width, tc.label, got)
			}

			// The message view shows the whole reason.
			m = send(t, selectQueueID(t, m, "4jh2G3cDfgz5Hjk"), keyPress("enter"))
			view := screenText(m)
			// Lines may break at a hyphen, so the text is compared
			// without its white space.
			flat := strings.Join(strings.Fields(view), "")
			want := strings.Join(strings.Fields(tc.reason), "")
			if !strings.Contains(flat, want) {
				t.Errorf("%s %d: message view lacks %q:\n%s", tc.lang, width, tc.reason, view)
			}
		}
	}
}

func TestQueueDeniedFilesFooterKeys(t *testing.T) {
	cases := []struct {
		name     string
		readOnly bool
		want     []string
	}{
		// Flushing every deferred message needs no listed message.
		{"actions", false, []string{"esc", "A", "Q", "?", "q"}},
		{"read-only", true, []string{"esc", "Q", "?", "q"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("en", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.ReadOnly = tc.readOnly
			m := send(t, newScreen(t, opts, 80, 24), QueueSnapshotMsg{Snapshot: deniedQueue()}, keyPress("Q"))
			if got := footerKeys(m); !slices.Equal(got, tc.want) {
				t.Errorf("footer keys = %q, want %q", got, tc.want)
			}

			// The shape view has nothing to show either.
			shape := send(t, m, keyPress("v"))
			if got := footerKeys(shape); !slices.Equal(got, tc.want) {
				t.Errorf("shape view footer keys = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestQueueDeniedFilesFlushAll(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		opts := testOptions(lang, &fakeSource{}, &fakeActor{})
		opts.QueueActor = &fakeBatch{}
		m := send(t, newScreen(t, opts, 80, 24), QueueSnapshotMsg{Snapshot: deniedQueue()}, keyPress("Q"))
		l := l10n.New(lang)
		lines := strings.Split(screenText(m), "\n")
		footer := lines[len(lines)-1]
		if want := "A " + l.T("key.flushAll"); !strings.Contains(footer, want) {
			t.Errorf("%s: footer %q lacks %q", lang, footer, want)
		}
		for _, label := range []string{"key.open", "key.tag", "key.queueView", "key.filter"} {
			if text := l.T(label); strings.Contains(footer, text) {
				t.Errorf("%s: footer %q offers %q, but no message is listed", lang, footer, text)
			}
		}

		m = send(t, m, keyPress("A"))
		if m.queueConfirm == nil || m.queueConfirm.action != queueFlushAll {
			t.Errorf("%s: A opened no flush confirmation: %+v", lang, m.queueConfirm)
		}
	}
}
