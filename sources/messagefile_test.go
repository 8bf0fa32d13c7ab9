package sources

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
)

const messageFileID = "4dNq2x1Z3Kz9sWn"

var messageFileArrival = time.Unix(1796385600, 0)

func TestReadMessageFileFindsFile(t *testing.T) {
	tests := []struct {
		name   string
		listed string // the queue the message was listed in
		queue  string // where the file is
		hash   string
	}{
		{"hashed one level", QueueDeferred, QueueDeferred, "4"},
		{"not hashed", QueueDeferred, QueueDeferred, ""},
		{"hashed two levels", QueueDeferred, QueueDeferred, filepath.Join("4", "d")},
		{"moved to active", QueueDeferred, QueueActive, ""},
		{"moved to hold", QueueDeferred, QueueHold, "4"},
		{"in incoming", QueueDeferred, QueueIncoming, "4"},
		{"no listed queue", "", QueueHold, "4"},
		{"listed in maildrop", QueueMaildrop, QueueDeferred, "4"},
		{"path as listed queue", "../etc", QueueDeferred, "4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.queue, tt.hash, messageFileID)
			writeQueueFile(t, path, simpleQueueFile(messageFileArrival.Unix(), "shop@example.jp", "user@docomo.ne.jp"), 0o600)

			got, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: tt.listed, Arrival: messageFileArrival})
			if err != nil {
				t.Fatalf("ReadMessageFile: %v", err)
			}
			if got.Queue != tt.queue || got.Path != path {
				t.Errorf("found in %s at %s, want %s at %s", got.Queue, got.Path, tt.queue, path)
			}
			if got.Sender != "shop@example.jp" {
				t.Errorf("Sender = %q, want shop@example.jp", got.Sender)
			}
			if string(got.Content) != "Subject: test\n" {
				t.Errorf("Content = %q, want the N record", got.Content)
			}
		})
	}
}

func TestReadMessageFileListedQueueFirst(t *testing.T) {
	dir := t.TempDir()
	writeQueueFile(t, filepath.Join(dir, QueueDeferred, "4", messageFileID), simpleQueueFile(messageFileArrival.Unix(), "deferred@example.jp"), 0o600)
	writeQueueFile(t, filepath.Join(dir, QueueActive, "4", messageFileID), simpleQueueFile(messageFileArrival.Unix(), "active@example.jp"), 0o600)

	got, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueActive})
	if err != nil {
		t.Fatal(err)
	}
	if got.Queue != QueueActive || got.Sender != "active@example.jp" {
		t.Errorf("read %s from %s, want the listed active queue", got.Sender, got.Queue)
	}

	got, err = ReadMessageFile(dir, MessageRef{QueueID: messageFileID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Queue != QueueDeferred {
		t.Errorf("without a listed queue read %s, want deferred first", got.Queue)
	}
}

func TestReadMessageFileGone(t *testing.T) {
	dir := t.TempDir()
	ref := MessageRef{QueueID: messageFileID, Queue: QueueDeferred, Arrival: messageFileArrival}
	if _, err := ReadMessageFile(dir, ref); !errors.Is(err, ErrMessageGone) {
		t.Errorf("empty queue directory: err = %v, want ErrMessageGone", err)
	}

	// A directory with the queue ID's name is not a queue file.
	if err := os.MkdirAll(filepath.Join(dir, QueueDeferred, "4", messageFileID), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMessageFile(dir, ref); !errors.Is(err, ErrMessageGone) {
		t.Errorf("directory named as the queue ID: err = %v, want ErrMessageGone", err)
	}

	// The defer, bounce and trace logfiles share the queue ID.
	writeQueueFile(t, filepath.Join(dir, "defer", "4", messageFileID), []byte("recipient=user@docomo.ne.jp\n"), 0o600)
	if _, err := ReadMessageFile(dir, ref); !errors.Is(err, ErrMessageGone) {
		t.Errorf("only a defer logfile: err = %v, want ErrMessageGone", err)
	}
}

func TestReadMessageFileReusedQueueID(t *testing.T) {
	tests := []struct {
		name    string
		arrival time.Time // of the file
		want    error
	}{
		{"an hour later", messageFileArrival.Add(time.Hour), ErrQueueIDReused},
		{"two seconds earlier", messageFileArrival.Add(-2 * time.Second), ErrQueueIDReused},
		{"a second later", messageFileArrival.Add(time.Second), nil},
		{"same second", messageFileArrival, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeQueueFile(t, filepath.Join(dir, QueueDeferred, "4", messageFileID), simpleQueueFile(tt.arrival.Unix(), "shop@example.jp"), 0o600)
			_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueDeferred, Arrival: messageFileArrival})
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if _, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID}); err != nil {
				t.Errorf("without a listed arrival: err = %v, want the file read", err)
			}
		})
	}
}

func TestReadMessageFileBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"", "../../etc/passwd", "7E996BE094/x"} {
		_, err := ReadMessageFile(dir, MessageRef{QueueID: id})
		if err == nil || !strings.Contains(err.Error(), "invalid queue ID") {
			t.Errorf("queue ID %q: err = %v, want invalid queue ID", id, err)
		}
	}

	path := filepath.Join(dir, QueueDeferred, "4", messageFileID)
	for _, content := range [][]byte{[]byte("garbage\x00\x01"), simpleQueueFile(messageFileArrival.Unix(), "shop@example.jp")[:12], nil} {
		writeQueueFile(t, path, content, 0o600)
		_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueDeferred})
		if err == nil || errors.Is(err, ErrMessageGone) || errors.Is(err, ErrQueueIDReused) {
			t.Errorf("queue file %q: err = %v, want a parse error", content, err)
		}
	}
}

// A queue file that does not parse is named in an error with an English
// and a Japanese text, which wraps the parser's error.
func TestReadMessageFileParseErrorText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, QueueDeferred, "4", messageFileID)
	writeQueueFile(t, path, simpleQueueFile(messageFileArrival.Unix(), "shop@example.jp")[:12], 0o600)

	_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueDeferred})
	if !errors.Is(err, parsers.ErrTruncated) {
		t.Fatalf("err = %v, want one wrapping parsers.ErrTruncated", err)
	}
	english := err.Error()
	if want := "read queue file " + path + ": "; !strings.HasPrefix(english, want) {
		t.Errorf("English text %q does not start with %q", english, want)
	}
	if want := "queue file truncated (try again: Postfix may have been rewriting it)"; !strings.HasSuffix(english, want) {
		t.Errorf("English text %q does not end with %q", english, want)
	}
	japanese := l10n.New(l10n.Japanese).ErrorText(err)
	if want := "キューファイル " + path + " を読み取れませんでした（"; !strings.HasPrefix(japanese, want) {
		t.Errorf("Japanese text %q does not start with %q", japanese, want)
	}
	if want := "）。Postfix が書き換えている途中だった可能性があるため、もう一度試してください。"; !strings.HasSuffix(japanese, want) {
		t.Errorf("Japanese text %q does not end with %q", japanese, want)
	}
}

func TestReadMessageFileCapturedFile(t *testing.T) {
	dir := t.TempDir()
	writeQueueFile(t, filepath.Join(dir, QueueDeferred, "7", "7E996BE094"), readFixture(t, "7E996BE094"), 0o600)

	got, err := ReadMessageFile(dir, MessageRef{QueueID: "7E996BE094", Queue: QueueDeferred})
	if err != nil {
		t.Fatal(err)
	}
	if got.Sender != "tester@mx.example.com" {
		t.Errorf("Sender = %q, want tester@mx.example.com", got.Sender)
	}
	if len(got.PendingRecipients()) == 0 || len(got.Content) == 0 {
		t.Errorf("pending recipients %v, %d content bytes: want both", got.PendingRecipients(), len(got.Content))
	}
}

func TestReadMessageFilePermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file; run as another user to test a denied queue")
	}
	dir := t.TempDir()
	writeQueueFile(t, filepath.Join(dir, QueueDeferred, "4", messageFileID), simpleQueueFile(messageFileArrival.Unix(), "shop@example.jp"), 0o600)
	if err := os.Chmod(filepath.Join(dir, QueueDeferred), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, QueueDeferred), 0o700) })

	_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID})
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "root") {
		t.Errorf("err = %v, want fs.ErrPermission and the hint to run as root", err)
	}
}

// A queue directory that cannot be walked and a queue ID that names a
// later message are named in errors with an English and a Japanese text,
// which wrap the cause. The English text stays as it was, because logs
// and the audit log keep it.
func TestReadMessageFileErrorTexts(t *testing.T) {
	japanese := l10n.New(l10n.Japanese)

	t.Run("queue directory not walkable", func(t *testing.T) {
		// A regular file in place of the queue directory: every queue
		// under it fails with "not a directory".
		dir := filepath.Join(t.TempDir(), "spool")
		if err := os.WriteFile(dir, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueDeferred})
		if err == nil || errors.Is(err, ErrMessageGone) {
			t.Fatalf("err = %v, want a failed walk of the deferred queue", err)
		}
		var reason *l10n.Error
		if !errors.As(err, &reason) {
			t.Fatalf("err = %#v, want an *l10n.Error", err)
		}
		var pathErr *fs.PathError
		if !errors.As(err, &pathErr) {
			t.Errorf("err = %v, want one wrapping the *fs.PathError of the walk", err)
		}
		wantEnglish := "read the deferred queue: lstat " + filepath.Join(dir, QueueDeferred) + ": not a directory"
		if got := err.Error(); got != wantEnglish {
			t.Errorf("English text = %q, want %q", got, wantEnglish)
		}
		wantJapanese := "deferred キューを読み取れませんでした（lstat " + filepath.Join(dir, QueueDeferred) + ": not a directory）。"
		if got := japanese.ErrorText(err); got != wantJapanese {
			t.Errorf("Japanese text = %q, want %q", got, wantJapanese)
		}
	})

	t.Run("queue ID reused", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, QueueDeferred, "4", messageFileID)
		later := messageFileArrival.Add(time.Hour)
		writeQueueFile(t, path, simpleQueueFile(later.Unix(), "shop@example.jp"), 0o600)

		_, err := ReadMessageFile(dir, MessageRef{QueueID: messageFileID, Queue: QueueDeferred, Arrival: messageFileArrival})
		if !errors.Is(err, ErrQueueIDReused) {
			t.Fatalf("err = %v, want one wrapping ErrQueueIDReused", err)
		}
		var reason *l10n.Error
		if !errors.As(err, &reason) {
			t.Fatalf("err = %#v, want an *l10n.Error", err)
		}
		// Both times name their zone: the queue file's arrival is in the
		// local zone, the listed one in its own.
		arrival, listed := later.Local().Format(stampLayout), messageFileArrival.Format(stampLayout)
		if !strings.Contains(arrival, later.Local().Format("MST")) {
			t.Fatalf("arrival %q does not name its zone", arrival)
		}
		wantEnglish := "queue file " + path + " arrived at " + arrival + ", not at " + listed + ": the queue ID now names another message"
		if got := err.Error(); got != wantEnglish {
			t.Errorf("English text = %q, want %q", got, wantEnglish)
		}
		wantJapanese := "キューファイル " + path + " の到着時刻が、一覧を読んだときの " + listed + " ではなく " + arrival +
			" です。Postfix がこの queue ID を別のメッセージに使い回しています。"
		if got := japanese.ErrorText(err); got != wantJapanese {
			t.Errorf("Japanese text = %q, want %q", got, wantJapanese)
		}
	})
}
