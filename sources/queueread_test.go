package sources

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// largeQueueFile is a queue file whose content is lines lines of text,
// with one recipient in the envelope and one in the extracted segment, so
// that reading it whole takes reads past the first headSize bytes.
func largeQueueFile(lines int, withSize bool) []byte {
	line := strings.Repeat("x", 70)
	var content [][2]string
	contentSize := 0
	for range lines {
		content = append(content, [2]string{"N", line})
		contentSize += 2 + len(line)
	}
	head := [][2]string{}
	if withSize {
		// The C record's data offset is the offset after the M record;
		// every record before it has a one-byte length here.
		cRecord := fmt.Sprintf("%15d %15d %15d %15d %15d %15d", contentSize, 0, 2, 0, 0, 0)
		before := 2 + len(cRecord) + 2 + len("1700000000 0") + 2 + len("a@example.com") + 2 + len("env@example.jp") + 2
		cRecord = fmt.Sprintf("%15d %15d %15d %15d %15d %15d", contentSize, before, 2, 0, 0, 0)
		head = append(head, [2]string{"C", cRecord})
	}
	head = append(head, [2]string{"T", "1700000000 0"}, [2]string{"S", "a@example.com"},
		[2]string{"R", "env@example.jp"}, [2]string{"M", ""})
	records := append(head, content...)
	records = append(records, [2]string{"X", ""}, [2]string{"R", "extracted@example.jp"}, [2]string{"E", ""})
	return encodeRecords(records...)
}

func TestScanQueueLargeFiles(t *testing.T) {
	dir := t.TempDir()
	ids := map[string][]byte{}
	// Sizes around the head buffer: well below, at its edge and far past
	// it, with and without a C record that lets the parser skip the
	// content.
	for i, lines := range []int{1, headSize/72 - 1, headSize / 72, headSize/72 + 1, 2000} {
		for j, withSize := range []bool{false, true} {
			id := fmt.Sprintf("4AB%d%dC", i, j)
			ids[id] = largeQueueFile(lines, withSize)
		}
	}
	for id, data := range ids {
		writeQueueFile(t, filepath.Join(dir, QueueDeferred, id[:1], id), data, 0o700)
	}
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Errors) != 0 {
		t.Fatalf("errors = %v, want none", snap.Errors)
	}
	if len(snap.Messages) != len(ids) {
		t.Fatalf("%d messages, want %d", len(snap.Messages), len(ids))
	}
	for _, m := range snap.Messages {
		got := recipientSummary(m.Recipients)
		want := []string{"env@example.jp", "extracted@example.jp"}
		if len(got) != 2 || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) {
			t.Errorf("%s (%d bytes): recipients %v, want %v", m.QueueID, len(ids[m.QueueID]), got, want)
		}
		if m.Sender != "a@example.com" {
			t.Errorf("%s: sender %q", m.QueueID, m.Sender)
		}
	}
}

func TestScanQueueTruncatedLargeFile(t *testing.T) {
	dir := t.TempDir()
	data := largeQueueFile(2000, false)
	writeQueueFile(t, filepath.Join(dir, QueueDeferred, "4", "4ABCDE"), data[:len(data)-30], 0o700)
	writeQueueFile(t, filepath.Join(dir, QueueDeferred, "5", "5ABCDE"), data[:headSize], 0o700)
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, e := range snap.Errors {
		bad = append(bad, e.QueueID)
	}
	slices.Sort(bad)
	if !slices.Equal(bad, []string{"4ABCDE", "5ABCDE"}) || len(snap.Messages) != 0 {
		t.Errorf("errors for %v and %d messages, want errors for both files", bad, len(snap.Messages))
	}
}
