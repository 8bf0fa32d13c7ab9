package sources

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// realQueueDir holds queue files captured from Postfix 3.7.11 by
// e2e/cmd/capture-queue, with what postqueue -j and postcat read from them.
const realQueueDir = "../testdata/queue/real"

// realFixture is one entry of expected.json.
type realFixture struct {
	Name     string `json:"name"`
	Queue    string `json:"queue"`
	QueueID  string `json:"queue_id"`
	DeferLog string `json:"defer_log"`
	Listing  struct {
		ArrivalTime int64  `json:"arrival_time"`
		MessageSize int64  `json:"message_size"`
		Sender      string `json:"sender"`
		Recipients  []struct {
			Address     string `json:"address"`
			DelayReason string `json:"delay_reason"`
		} `json:"recipients"`
	} `json:"postqueue"`
	Records []struct {
		Offset int64  `json:"offset"`
		Type   string `json:"type"`
		Value  string `json:"value"`
	} `json:"postcat_records"`
}

// attribute returns the value of the named_attribute NAME that postcat
// printed, or "".
func (f realFixture) attribute(name string) string {
	for _, r := range f.Records {
		if v, ok := strings.CutPrefix(r.Value, name+"="); ok && r.Type == "named_attribute" {
			return v
		}
	}
	return ""
}

// doneCount returns how many done_recipient records postcat printed.
func (f realFixture) doneCount() int {
	n := 0
	for _, r := range f.Records {
		if r.Type == "done_recipient" {
			n++
		}
	}
	return n
}

func loadRealFixtures(t *testing.T) []realFixture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realQueueDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixtures []realFixture
	if err := json.Unmarshal(data, &fixtures); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(fixtures) != 5 {
		t.Fatalf("expected.json lists %d fixtures, want 5", len(fixtures))
	}
	return fixtures
}

// realRetryTime is the modification time given to the deferred files: qmgr
// sets a deferred file's mtime to its next attempt.
var realRetryTime = time.Unix(1796430000, 0)

// incompleteID names a 0600 copy of a fixture in incoming/, the mode
// cleanup gives a file it is still writing.
const incompleteID = "ABCDEF0123"

// buildRealQueue lays out the captured files as Postfix keeps them: queue
// files with mode 0700 under the queue of their capture, deferred and
// defer logfiles in a hash subdirectory named by the ID's first character.
func buildRealQueue(t *testing.T, fixtures []realFixture) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range fixtures {
		data, err := os.ReadFile(filepath.Join(realQueueDir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, f.Queue, f.QueueID)
		if f.Queue == QueueDeferred {
			path = filepath.Join(dir, f.Queue, f.QueueID[:1], f.QueueID)
		}
		writeQueueFile(t, path, data, 0o700)
		if f.Queue == QueueDeferred {
			if err := os.Chtimes(path, realRetryTime, realRetryTime); err != nil {
				t.Fatal(err)
			}
		}
		if f.Name == "hold" {
			writeQueueFile(t, filepath.Join(dir, QueueIncoming, incompleteID), data, 0o600)
		}
		if f.DeferLog != "" {
			log, err := os.ReadFile(filepath.Join(realQueueDir, f.DeferLog))
			if err != nil {
				t.Fatal(err)
			}
			writeQueueFile(t, filepath.Join(dir, "defer", f.QueueID[:1], f.QueueID), log, 0o600)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, QueueActive), 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestScanQueueRealFiles(t *testing.T) {
	fixtures := loadRealFixtures(t)
	dir := buildRealQueue(t, fixtures)
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}

	if snap.Source != QueueFromDirectory {
		t.Errorf("Source = %q, want %q", snap.Source, QueueFromDirectory)
	}
	if len(snap.Errors) != 0 {
		t.Errorf("Errors = %v, want none", snap.Errors)
	}
	if snap.Incomplete != 1 {
		t.Errorf("Incomplete = %d, want 1 (the 0600 file)", snap.Incomplete)
	}
	if len(snap.Messages) != len(fixtures) {
		t.Errorf("%d messages, want %d", len(snap.Messages), len(fixtures))
	}
	wantCounts := map[string]int{}
	for _, f := range fixtures {
		wantCounts[f.Queue]++
	}
	for q, n := range wantCounts {
		if snap.Counts[q] != n {
			t.Errorf("Counts[%q] = %d, want %d", q, snap.Counts[q], n)
		}
	}

	byID := map[string]QueuedMessage{}
	for _, m := range snap.Messages {
		byID[m.QueueID] = m
	}
	if _, ok := byID[incompleteID]; ok {
		t.Errorf("the 0600 file %s is listed", incompleteID)
	}
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			m, ok := byID[f.QueueID]
			if !ok {
				t.Fatalf("%s (%s) is not listed", f.QueueID, f.Queue)
			}
			checkRealMessage(t, f, m)
		})
	}
}

// checkRealMessage compares one listed message with what postqueue -j and
// postcat read from its file.
func checkRealMessage(t *testing.T, f realFixture, m QueuedMessage) {
	t.Helper()
	if m.Queue != f.Queue {
		t.Errorf("Queue = %q, want %q", m.Queue, f.Queue)
	}
	if got := m.Arrival.Unix(); got != f.Listing.ArrivalTime {
		t.Errorf("Arrival = %d, postqueue -j reports %d", got, f.Listing.ArrivalTime)
	}
	if m.Size != f.Listing.MessageSize {
		t.Errorf("Size = %d, postqueue -j reports %d", m.Size, f.Listing.MessageSize)
	}
	if m.Sender != f.Listing.Sender {
		t.Errorf("Sender = %q, postqueue -j reports %q", m.Sender, f.Listing.Sender)
	}

	wantRetry := time.Time{}
	if f.Queue == QueueDeferred {
		wantRetry = realRetryTime
	}
	if !m.NextRetry.Equal(wantRetry) {
		t.Errorf("NextRetry = %v, want %v", m.NextRetry, wantRetry)
	}

	wantClient := ""
	if name := f.attribute("log_client_name"); name != "" {
		wantClient = name + "[" + f.attribute("log_client_address") + "]"
	}
	if m.Client != wantClient {
		t.Errorf("Client = %q, want %q from the queue file's attributes", m.Client, wantClient)
	}

	done := 0
	for _, r := range m.Recipients {
		if r.Done {
			done++
		}
	}
	if done != f.doneCount() {
		t.Errorf("%d done recipients, postcat printed %d", done, f.doneCount())
	}

	pending := m.PendingRecipients()
	var addrs []string
	for _, r := range pending {
		addrs = append(addrs, r.Address)
	}
	slices.Sort(addrs)
	var want []string
	for _, r := range f.Listing.Recipients {
		want = append(want, r.Address)
	}
	slices.Sort(want)
	if !slices.Equal(addrs, want) {
		t.Errorf("pending recipients %q, postqueue -j lists %q", addrs, want)
	}

	for _, w := range f.Listing.Recipients {
		i := slices.IndexFunc(pending, func(r QueuedRecipient) bool { return r.Address == w.Address })
		if i < 0 {
			continue
		}
		r := pending[i]
		if r.Reason != w.DelayReason {
			t.Errorf("%q: Reason = %q, postqueue -j reports %q", w.Address, r.Reason, w.DelayReason)
		}
		wantStatus := ""
		if w.DelayReason != "" {
			wantStatus = "4.2.0"
		}
		if r.Status != wantStatus {
			t.Errorf("%q: Status = %q, want %q", w.Address, r.Status, wantStatus)
		}
	}
}
