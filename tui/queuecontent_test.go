package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// noticeSubject is the Subject of testdata/mailtext/iso2022jp-notice.eml,
// ISO-2022-JP encoded there.
const noticeSubject = "【発送のお知らせ】ご注文ありがとうございます"

// readFixtureContent is a QueueContentReader that returns the ISO-2022-JP
// shipping notice for every message, so tests never read a real queue.
func readFixtureContent(queueDir string, m sources.QueuedMessage) ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "testdata", "mailtext", "iso2022jp-notice.eml"))
}

// contentReader returns a QueueContentReader that returns content and err
// and counts its calls in calls.
func contentReader(content string, err error, calls *int) QueueContentReader {
	return func(string, sources.QueuedMessage) ([]byte, error) {
		*calls++
		return []byte(content), err
	}
}

// sendBatched sends msg and runs the commands it causes, each command of a
// tea.Batch too, the way the program does.
func sendBatched(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(Model)
	if cmd == nil {
		return m
	}
	out := cmd()
	batch, ok := out.(tea.BatchMsg)
	if !ok {
		return send(t, m, out)
	}
	for _, cmd := range batch {
		if cmd != nil {
			m = send(t, m, cmd())
		}
	}
	return m
}

// openQueueMessage opens the first queued message with read as the
// content reader, on a queue listed from snap.
func openQueueMessage(t *testing.T, lang string, read QueueContentReader, snap sources.QueueSnapshot, width, height int) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.QueueContent = read
	m := newScreen(t, opts, width, height)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap}, keyPress("Q"))
	m = sendBatched(t, m, keyPress("enter"))
	if m.screen != screenQueueMessage {
		t.Fatalf("enter did not open the message: screen %v", m.screen)
	}
	return m
}

func TestQueueContentDecoded(t *testing.T) {
	m := openQueueMessage(t, "en", readFixtureContent, fixtureQueue(), 132, 80)
	text := screenText(m)
	for _, want := range []string{
		"Message content",
		"Subject: " + noticeSubject,
		"From: 通販ショップ <shop@example.com>",
		"To: user@docomo.ne.jp",
		"Message-ID: <20261204210311.4dNq2x1Z3Kz9sWn@example.com>",
		"Received: from mail.example.com",
		"text/plain; charset iso-2022-jp; 7bit",
		"  ご注文ありがとうございます。",
		"  お問い合わせ番号: 1234-5678-9012",
		"Life in the log",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("message view lacks %q:\n%s", want, text)
		}
	}
	subject := strings.Index(text, "Subject:")
	received := strings.Index(text, "Received:")
	if subject < 0 || received < subject {
		t.Errorf("Subject is not shown before Received:\n%s", text)
	}
	if strings.Index(text, "Recipients") > strings.Index(text, "Message content") {
		t.Errorf("content is shown before the recipients:\n%s", text)
	}
}

func TestQueueContentGone(t *testing.T) {
	calls := 0
	read := contentReader("", fmt.Errorf("queue file: %w", fs.ErrNotExist), &calls)
	m := openQueueMessage(t, "en", read, fixtureQueue(), 132, 40)
	if calls != 1 {
		t.Errorf("reader called %d times, want 1", calls)
	}
	if text := screenText(m); !strings.Contains(text, "the message left the queue") {
		t.Errorf("message view does not say the message left the queue:\n%s", text)
	}
}

func TestQueueContentReadFailed(t *testing.T) {
	calls := 0
	read := contentReader("", errors.New("read queue file: queue file truncated\x1b[2J"), &calls)
	m := openQueueMessage(t, "en", read, fixtureQueue(), 132, 40)
	view := m.View().Content
	if !strings.Contains(screenText(m), "reading the message content failed: read queue file: queue file truncated") {
		t.Errorf("message view lacks the error:\n%s", screenText(m))
	}
	if strings.Contains(view, "\x1b[2J") {
		t.Errorf("the error's escape sequence reached the screen")
	}
}

func TestQueueContentReadFailedJapanese(t *testing.T) {
	calls := 0
	parseErr := errors.New("data of record 'g' at offset 0: queue file truncated")
	unreadable := l10n.NewError("reason.queueFile.unreadable", map[string]any{"Path": "/var/spool/postfix/deferred/7/7E996BE094", "Error": parseErr}, parseErr)
	m := openQueueMessage(t, "ja", contentReader("", unreadable, &calls), fixtureQueue(), 132, 40)
	text := screenText(m)
	if want := "メッセージの内容を読めませんでした: キューファイル /var/spool/postfix/deferred/7/7E996BE094 を読み取れませんでした"; !strings.Contains(text, want) {
		t.Errorf("message view lacks %q:\n%s", want, text)
	}
	if strings.Contains(text, "try again") {
		t.Errorf("Japanese message view has the English reason:\n%s", text)
	}
}

// A queue directory that cannot be walked, here a regular file, is named
// in the screen's language, as ReadQueueContent reads it.
func TestQueueContentQueueDirFailedJapanese(t *testing.T) {
	broken := filepath.Join(t.TempDir(), "spool")
	if err := os.WriteFile(broken, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(_ string, m sources.QueuedMessage) ([]byte, error) {
		return ReadQueueContent(broken, m)
	}
	// The one message whose fixture ID is a valid long queue ID, which
	// ReadMessageFile checks before it searches.
	snap := fixtureQueue()
	snap.Messages = snap.Messages[:1]
	m := openQueueMessage(t, "ja", read, snap, 132, 40)
	text := screenText(m)
	if want := "メッセージの内容を読めませんでした: deferred キューを読み取れませんでした（lstat "; !strings.Contains(text, want) {
		t.Errorf("message view lacks %q:\n%s", want, text)
	}
	if strings.Contains(text, "read the deferred queue") {
		t.Errorf("Japanese message view has the English reason:\n%s", text)
	}
}

func TestQueueContentNotRoot(t *testing.T) {
	snap := fixtureQueue()
	snap.Source = sources.QueueFromPostqueue
	calls := 0
	m := openQueueMessage(t, "en", contentReader("Subject: x\n\n", nil, &calls), snap, 132, 40)
	if calls != 0 {
		t.Errorf("reader called %d times for a postqueue listing, want 0", calls)
	}
	if text := screenText(m); !strings.Contains(text, "reading the message content needs root") {
		t.Errorf("message view does not say root is needed:\n%s", text)
	}
}

func TestQueueContentPermissionDenied(t *testing.T) {
	calls := 0
	read := contentReader("", fmt.Errorf("open: %w", fs.ErrPermission), &calls)
	m := openQueueMessage(t, "ja", read, fixtureQueue(), 132, 40)
	if text := screenText(m); !strings.Contains(text, "root 権限が必要です") {
		t.Errorf("message view does not say root is needed:\n%s", text)
	}
}

func TestQueueContentForOtherMessageDropped(t *testing.T) {
	calls := 0
	m := openQueueMessage(t, "en", contentReader("", fs.ErrNotExist, &calls), fixtureQueue(), 132, 40)
	other := fixtureQueue().Messages[0]
	m = send(t, m, queueContentMsg{key: keyOf(other), state: contentLoaded})
	if text := screenText(m); !strings.Contains(text, "the message left the queue") {
		t.Errorf("content of another message replaced the view:\n%s", text)
	}
}

func TestQueueContentEscapesRemoved(t *testing.T) {
	// An encoded-word hides an OSC 52 clipboard write and a screen clear
	// from any filter that looks at the raw header.
	hidden := "=?UTF-8?Q?hi=1B]52;c;cHduZWQ=07=1B[2J?="
	content := "Subject: " + hidden + "\nFrom: a@example.com\n\nline one\x1b[31m red\x07\n"
	calls := 0
	m := openQueueMessage(t, "en", contentReader(content, nil, &calls), fixtureQueue(), 132, 40)
	view := m.View().Content
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1b[31m", "\x07"} {
		if strings.Contains(view, bad) {
			t.Errorf("screen carries %q from the message", bad)
		}
	}
	text := screenText(m)
	if !strings.Contains(text, "Subject: hi") || !strings.Contains(text, "line one red") {
		t.Errorf("message view lacks the sanitized text:\n%s", text)
	}
}

func TestQueueContentBodyCutAt40Lines(t *testing.T) {
	var body strings.Builder
	for i := range 60 {
		fmt.Fprintf(&body, "body line %d\n", i)
	}
	calls := 0
	m := openQueueMessage(t, "en", contentReader("Subject: long\n\n"+body.String(), nil, &calls), fixtureQueue(), 132, 120)
	text := screenText(m)
	if !strings.Contains(text, "body line 39") || strings.Contains(text, "body line 40") {
		t.Errorf("body not cut after 40 lines:\n%s", text)
	}
	if !strings.Contains(text, "the body goes on") {
		t.Errorf("cut body not marked:\n%s", text)
	}
}

// queueRecord encodes one queue file record: the type, the length 7 bits
// a byte with the low group first, then the data.
func queueRecord(kind byte, data string) []byte {
	out := []byte{kind}
	n := len(data)
	for {
		b := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			out = append(out, b)
			break
		}
		out = append(out, b|0x80)
	}
	return append(out, data...)
}

// writeQueueFile writes a queue file for content, arrived at arrival, at
// dir/queue/hash/queueID, and returns its path.
func writeQueueFile(t *testing.T, dir, queue, hash, queueID string, arrival time.Time, content string) string {
	t.Helper()
	return writeQueueFileFrom(t, dir, queue, hash, queueID, arrival, "shop@example.com", "taro@docomo.ne.jp", content)
}

// writeQueueFileFrom is writeQueueFile for a message from sender ("" for
// the null sender) to one pending recipient.
func writeQueueFileFrom(t *testing.T, dir, queue, hash, queueID string, arrival time.Time, sender, recipient, content string) string {
	t.Helper()
	var file []byte
	file = append(file, queueRecord('T', fmt.Sprintf("%d %d", arrival.Unix(), 0))...)
	file = append(file, queueRecord('S', sender)...)
	file = append(file, queueRecord('R', recipient)...)
	file = append(file, queueRecord('M', "")...)
	for _, line := range strings.SplitAfter(strings.TrimSuffix(content, "\n"), "\n") {
		file = append(file, queueRecord('N', strings.TrimSuffix(line, "\n"))...)
	}
	file = append(file, queueRecord('X', "")...)
	file = append(file, queueRecord('E', "")...)
	path := filepath.Join(dir, queue, hash, queueID)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, file, 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadQueueContentFindsFile(t *testing.T) {
	arrival := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	content := "Subject: =?UTF-8?B?5pel5pys?=\n\nbody\n"
	tests := []struct {
		name       string
		foundQueue string // where the file is
		hash       string
	}{
		{"hashed one level", "deferred", "4"},
		{"not hashed", "deferred", ""},
		{"hashed two levels", "deferred", filepath.Join("4", "d")},
		{"moved to active", "active", ""},
		{"moved to hold", "hold", "4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeQueueFile(t, dir, tt.foundQueue, tt.hash, "4dNq2x1Z3Kz9sWn", arrival, content)
			m := sources.QueuedMessage{Queue: "deferred", QueueID: "4dNq2x1Z3Kz9sWn", Arrival: arrival}
			got, err := ReadQueueContent(dir, m)
			if err != nil {
				t.Fatalf("ReadQueueContent: %v", err)
			}
			if string(got) != content {
				t.Errorf("content = %q, want %q", got, content)
			}
		})
	}
}

func TestReadQueueContentGone(t *testing.T) {
	arrival := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	m := sources.QueuedMessage{Queue: "deferred", QueueID: "4dNq2x1Z3Kz9sWn", Arrival: arrival}
	if _, err := ReadQueueContent(dir, m); !errors.Is(err, sources.ErrMessageGone) {
		t.Errorf("missing file: err = %v, want sources.ErrMessageGone", err)
	}

	// The same queue ID now names a message that arrived an hour later.
	writeQueueFile(t, dir, "deferred", "4", m.QueueID, arrival.Add(time.Hour), "Subject: later\n\n")
	if _, err := ReadQueueContent(dir, m); !errors.Is(err, sources.ErrQueueIDReused) {
		t.Errorf("reused queue ID: err = %v, want sources.ErrQueueIDReused", err)
	}
}

func TestReadQueueContentBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadQueueContent(dir, sources.QueuedMessage{Queue: "deferred", QueueID: "../../etc/passwd"}); err == nil {
		t.Errorf("a path as queue ID was accepted")
	}
	if _, err := ReadQueueContent(dir, sources.QueuedMessage{Queue: "../etc", QueueID: "4dNq2x1Z3Kz9sWn"}); !errors.Is(err, sources.ErrMessageGone) {
		t.Errorf("a path as queue name: err = %v, want sources.ErrMessageGone", err)
	}
	path := filepath.Join(dir, "deferred", "4", "4dNq2x1Z3Kz9sWn")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("garbage\x00\x01"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadQueueContent(dir, sources.QueuedMessage{Queue: "deferred", QueueID: "4dNq2x1Z3Kz9sWn"}); err == nil || contentGoneError(err) {
		t.Errorf("garbage queue file: err = %v, want a parse error", err)
	}
}

func TestLoadQueueContentCmdStates(t *testing.T) {
	m := fixtureQueue().Messages[0]
	tests := []struct {
		name string
		err  error
		want contentState
	}{
		{"read", nil, contentLoaded},
		{"gone", sources.ErrMessageGone, contentGone},
		{"queue ID reused", sources.ErrQueueIDReused, contentGone},
		{"not exist", fs.ErrNotExist, contentGone},
		{"permission", fs.ErrPermission, contentNeedRoot},
		{"other", errors.New("boom"), contentFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			msg := loadQueueContentCmd(contentReader("Subject: s\n\nb\n", tt.err, &calls), "/nonexistent", m, l10n.New(l10n.English))().(queueContentMsg)
			if msg.state != tt.want {
				t.Errorf("state = %d, want %d", msg.state, tt.want)
			}
			if msg.key != keyOf(m) {
				t.Errorf("key = %v, want %v", msg.key, keyOf(m))
			}
		})
	}
}

func TestGoldenQueueContent(t *testing.T) {
	sizes := []struct{ width, height int }{{80, 24}, {132, 40}}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range sizes {
			name := "queue-content-" + lang + "-" + itoa(size.width) + "x" + itoa(size.height)
			t.Run(name, func(t *testing.T) {
				m := openQueueMessage(t, lang, readFixtureContent, fixtureQueue(), size.width, size.height)
				// Scroll past the envelope so the content fills the screen.
				m = send(t, m, keys("down", "down", "down", "down", "down", "down", "down", "down", "down", "down")...)
				text := screenText(m)
				checkScreenShape(t, text, size.width, size.height)
				checkGolden(t, name, text)
				if !strings.Contains(text, noticeSubject) {
					t.Errorf("screen lacks the decoded Subject %q:\n%s", noticeSubject, text)
				}
			})
		}
	}
}

func TestQueueContentDemoNoteTranslated(t *testing.T) {
	demoContent := func(string, sources.QueuedMessage) ([]byte, error) {
		return []byte("From: <shop@example.com>\nTo: <taro@docomo.ne.jp>\n\n"), nil
	}
	for _, tc := range []struct{ lang, want, notWant string }{
		{"en", "The demo recording holds the log only", "デモの録画"},
		{"ja", "デモの録画にはログしかなく", "The demo recording"},
	} {
		opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
		opts.Demo = true
		opts.QueueContent = demoContent
		m := newScreen(t, opts, 132, 40)
		m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"), keyPress("enter"))
		text := screenText(m)
		if !strings.Contains(text, tc.want) || strings.Contains(text, tc.notWant) {
			t.Errorf("%s demo message view lacks %q or shows %q:\n%s", tc.lang, tc.want, tc.notWant, text)
		}
		if !strings.Contains(text, "taro@docomo.ne.jp") {
			t.Errorf("%s demo message view lacks the recipient header:\n%s", tc.lang, text)
		}
	}
}
