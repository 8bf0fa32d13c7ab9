//go:build linux

package sources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

func TestKeepLastEntries(t *testing.T) {
	entry := func(address, reason string) parsers.DeferEntry {
		return parsers.DeferEntry{Recipient: address, Reason: reason}
	}
	var long, longWant []parsers.DeferEntry
	for i := range 40 {
		long = append(long, entry(fmt.Sprintf("u%d@x.jp", i%20), fmt.Sprint(i)))
	}
	for i := 20; i < 40; i++ {
		longWant = append(longWant, entry(fmt.Sprintf("u%d@x.jp", i%20), fmt.Sprint(i)))
	}
	cases := []struct {
		name string
		in   []parsers.DeferEntry
		want []parsers.DeferEntry
	}{
		{"empty", nil, nil},
		{"distinct", []parsers.DeferEntry{entry("a", "1"), entry("b", "2")}, []parsers.DeferEntry{entry("a", "1"), entry("b", "2")}},
		{"later wins", []parsers.DeferEntry{entry("a", "1"), entry("b", "2"), entry("a", "3")}, []parsers.DeferEntry{entry("b", "2"), entry("a", "3")}},
		{"past the linear search", long, longWant},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := keepLastEntries(slices.Clone(tc.in))
			if len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("keepLastEntries = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAttachLogManyRecipients(t *testing.T) {
	// More entries than smallLog, so the lookups go through a map.
	var log strings.Builder
	msg := QueuedMessage{}
	for i := range 30 {
		address := fmt.Sprintf("user%d@docomo.ne.jp", i)
		msg.Recipients = append(msg.Recipients, QueuedRecipient{Address: address})
		fmt.Fprintf(&log, "\nrecipient=%s\nstatus=4.2.0\nreason=old %d\n\n", address, i)
		fmt.Fprintf(&log, "\nrecipient=%s\nstatus=4.7.0\nreason=new %d\n\n", address, i)
	}
	log.WriteString("\nrecipient=extra@docomo.ne.jp\nstatus=4.4.1\nreason=extra\n\n")
	path := filepath.Join(t.TempDir(), "ABCDEF1234")
	if err := os.WriteFile(path, []byte(log.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	attachLog(&msg, path, false)
	if len(msg.Recipients) != 31 {
		t.Fatalf("%d recipients, want 30 and the one only the logfile names", len(msg.Recipients))
	}
	for i, r := range msg.Recipients[:30] {
		if want := fmt.Sprintf("new %d", i); r.Reason != want || r.Status != "4.7.0" {
			t.Errorf("%s: reason %q status %q, want %q 4.7.0", r.Address, r.Reason, r.Status, want)
		}
	}
	if extra := msg.Recipients[30]; extra.Address != "extra@docomo.ne.jp" || extra.Reason != "extra" {
		t.Errorf("added recipient = %+v, want extra@docomo.ne.jp with its reason", extra)
	}
}

func TestReadWholeFile(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789abcdef", 1000)
	for name, text := range map[string]string{"empty": "", "small": "one line\n", "big": big} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readWholeFile(path, make([]byte, 0, 16))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != text {
				t.Errorf("read %d bytes, want %d", len(got), len(text))
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		_, err := readWholeFile(filepath.Join(dir, "missing"), nil)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error = %v, want not exist", err)
		}
	})
	t.Run("directory", func(t *testing.T) {
		if _, err := readWholeFile(dir, nil); err == nil {
			t.Errorf("reading a directory succeeded, want an error")
		}
	})
}

// listScanDir opens the directory at path and lists it.
func listScanDir(path string, visit func(name string, kind entryKind)) error {
	dir, err := openScanDir(path)
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.list(visit)
}

func TestScanDirListKinds(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ABCDEF1234"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "A"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ABCDEF1234", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Enough names to take several reads of the entry buffer.
	for i := range 3000 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file-%04d-%s", i, strings.Repeat("x", 40))), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	got := map[string]entryKind{}
	err := listScanDir(dir, func(name string, kind entryKind) {
		if _, twice := got[name]; twice {
			t.Errorf("%s listed twice", name)
		}
		got[name] = kind
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3004 {
		t.Errorf("%d entries, want 3004 with no . or ..", len(got))
	}
	want := map[string]entryKind{"ABCDEF1234": entryRegular, "A": entryDirectory, "link": entryOther, "fifo": entryOther}
	for name, kind := range want {
		if got[name] != kind {
			t.Errorf("%s: kind %d, want %d", name, got[name], kind)
		}
	}
}

func TestScanDirMissing(t *testing.T) {
	err := listScanDir(filepath.Join(t.TempDir(), "nope"), func(string, entryKind) {
		t.Error("visit called for a missing directory")
	})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want not exist", err)
	}
}

func TestSortQueuedMatchesSortFunc(t *testing.T) {
	var messages []QueuedMessage
	for i := range 500 {
		// Few distinct arrivals, so the queue ID and queue break ties.
		messages = append(messages, QueuedMessage{
			Queue:   []string{QueueDeferred, QueueHold}[i%2],
			QueueID: fmt.Sprintf("%X", (i*7919)%500),
			Arrival: retryTime.Add(-time.Duration(i%13) * time.Second),
		})
	}
	want := slices.Clone(messages)
	slices.SortStableFunc(want, compareQueued)
	sortQueued(messages)
	if !reflect.DeepEqual(messages, want) {
		t.Errorf("sortQueued order differs from compareQueued")
	}
}

func TestScanDirReadsFiles(t *testing.T) {
	root := t.TempDir()
	writeQueueFile(t, filepath.Join(root, "ABCDEF1234"), simpleQueueFile(1796413000, "a@example.com", "b@docomo.ne.jp"), 0o700)
	if err := os.WriteFile(filepath.Join(root, "log"), []byte("text"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir, err := openScanDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()

	file, info, err := dir.openFile("ABCDEF1234")
	if err != nil {
		t.Fatal(err)
	}
	file.Close()
	if info.perm != 0o700 || info.size == 0 {
		t.Errorf("info = %+v, want mode 0700 and the file's size", info)
	}
	data, err := dir.readFile("log", nil)
	if err != nil || string(data) != "text" {
		t.Errorf("readFile = %q, %v, want the file's text", data, err)
	}
	_, _, err = dir.openFile("missing")
	var pathErr *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pathErr) || pathErr.Path != filepath.Join(root, "missing") {
		t.Errorf("opening a missing file: %v, want not exist naming its path", err)
	}
	if _, err := openScanDir(filepath.Join(root, "log")); err == nil {
		t.Errorf("openScanDir on a file succeeded, want an error")
	}
}

func TestScanQueueKeepsAccessTime(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, QueueDeferred, "A", "ABCDEF1234")
	writeQueueFile(t, path, simpleQueueFile(1796413000, "a@example.com", "b@docomo.ne.jp"), 0o700)
	logPath := filepath.Join(dir, "defer", "A", "ABCDEF1234")
	writeQueueFile(t, logPath, []byte("\nrecipient=b@docomo.ne.jp\nstatus=4.2.0\nreason=later\n\n"), 0o600)
	// qmgr sets a deferred file's modification time to its next retry;
	// with an older access time, relatime would update it on every read.
	accessed := time.Now().Add(-time.Hour).Truncate(time.Second)
	retry := time.Now().Add(time.Hour).Truncate(time.Second)
	for _, p := range []string{path, logPath} {
		if err := os.Chtimes(p, accessed, retry); err != nil {
			t.Fatal(err)
		}
	}

	snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Messages) != 1 || snap.Messages[0].Recipients[0].Reason != "later" {
		t.Fatalf("messages = %+v, want the one message with its defer reason", snap.Messages)
	}
	for _, p := range []string{path, logPath} {
		var st syscall.Stat_t
		if err := syscall.Stat(p, &st); err != nil {
			t.Fatal(err)
		}
		if got := time.Unix(st.Atim.Sec, st.Atim.Nsec); !got.Equal(accessed) {
			t.Errorf("%s: access time %v after the scan, want %v unchanged", p, got, accessed)
		}
	}
}
