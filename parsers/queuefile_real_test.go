package parsers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
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

// postcatRecipient is a recipient as postcat printed it.
type postcatRecipient struct {
	address, orig, dsnOrigRcpt string
	offset                     int64
	done                       bool
}

// recipients returns the recipient records postcat printed, each with the
// original_recipient and dsn_orig_rcpt attribute that came before it.
func (f realFixture) recipients() []postcatRecipient {
	var out []postcatRecipient
	var orig, dsn string
	for _, r := range f.Records {
		switch {
		case r.Type == "named_attribute" && strings.HasPrefix(r.Value, "dsn_orig_rcpt="):
			dsn = strings.TrimPrefix(r.Value, "dsn_orig_rcpt=")
		case r.Type == "original_recipient":
			orig = r.Value
		case r.Type == "recipient" || r.Type == "done_recipient":
			out = append(out, postcatRecipient{
				address:     r.Value,
				orig:        orig,
				dsnOrigRcpt: dsn,
				offset:      r.Offset,
				done:        r.Type == "done_recipient",
			})
			orig, dsn = "", ""
		}
	}
	return out
}

// pointers returns the targets of the non-zero pointer records postcat
// printed.
func (f realFixture) pointers(t *testing.T) []int64 {
	t.Helper()
	var out []int64
	for _, r := range f.Records {
		if r.Type != "pointer_record" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(r.Value), 10, 64)
		if err != nil {
			t.Fatalf("%s: pointer_record %q at %d: %v", f.Name, r.Value, r.Offset, err)
		}
		if n != 0 {
			out = append(out, n)
		}
	}
	return out
}

// pending returns the addresses postqueue -j listed, sorted.
func (f realFixture) pending() []string {
	var out []string
	for _, r := range f.Listing.Recipients {
		out = append(out, r.Address)
	}
	slices.Sort(out)
	return out
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

func readRealFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realQueueDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseQueueFileRealFixtures(t *testing.T) {
	for _, f := range loadRealFixtures(t) {
		t.Run(f.Name, func(t *testing.T) {
			data := readRealFile(t, f.Name)
			m, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{})
			if err != nil {
				t.Fatalf("ParseQueueFile: %v", err)
			}

			if got := m.Arrival.Unix(); got != f.Listing.ArrivalTime {
				t.Errorf("Arrival = %d, postqueue -j reports %d", got, f.Listing.ArrivalTime)
			}
			if m.Sender != f.Listing.Sender {
				t.Errorf("Sender = %q, postqueue -j reports %q", m.Sender, f.Listing.Sender)
			}
			// postqueue reports a maildrop file's own size, because
			// postdrop writes no C record.
			if f.Queue == "maildrop" {
				if m.ContentSize != 0 {
					t.Errorf("ContentSize = %d, want 0 without a C record", m.ContentSize)
				}
				if f.Listing.MessageSize != int64(len(data)) {
					t.Errorf("postqueue -j size %d, want the file size %d", f.Listing.MessageSize, len(data))
				}
			} else if m.ContentSize != f.Listing.MessageSize {
				t.Errorf("ContentSize = %d, postqueue -j reports %d", m.ContentSize, f.Listing.MessageSize)
			}

			want := f.recipients()
			if len(m.Recipients) != len(want) {
				t.Fatalf("%d recipients %+v, postcat printed %d %+v", len(m.Recipients), m.Recipients, len(want), want)
			}
			got := slices.Clone(m.Recipients)
			slices.SortFunc(got, func(a, b QueueRecipient) int { return int(a.Offset - b.Offset) })
			for i, w := range want {
				g := got[i]
				if g.Address != w.address {
					t.Errorf("recipient %d: Address = %q, postcat printed %q", i, g.Address, w.address)
				}
				if g.Offset != w.offset {
					t.Errorf("recipient %q: Offset = %d, postcat printed %d", w.address, g.Offset, w.offset)
				}
				if g.Done != w.done {
					t.Errorf("recipient %q: Done = %v, postcat printed done=%v", w.address, g.Done, w.done)
				}
				if g.OrigAddress != w.orig {
					t.Errorf("recipient %q: OrigAddress = %q, postcat printed %q", w.address, g.OrigAddress, w.orig)
				}
				if g.DSNOrigRcpt != w.dsnOrigRcpt {
					t.Errorf("recipient %q: DSNOrigRcpt = %q, postcat printed %q", w.address, g.DSNOrigRcpt, w.dsnOrigRcpt)
				}
			}

			var pending []string
			for _, r := range m.PendingRecipients() {
				pending = append(pending, r.Address)
			}
			slices.Sort(pending)
			if !slices.Equal(pending, f.pending()) {
				t.Errorf("pending recipients %q, postqueue -j lists %q", pending, f.pending())
			}

			for _, r := range f.Records {
				if r.Type != "named_attribute" {
					continue
				}
				name, value, _ := strings.Cut(r.Value, "=")
				if name == "dsn_orig_rcpt" || name == "notify_flags" {
					continue
				}
				if got := m.Attributes[name]; got != value {
					t.Errorf("Attributes[%q] = %q, postcat printed %q", name, got, value)
				}
			}

			if !ValidQueueID(f.QueueID) {
				t.Errorf("ValidQueueID(%q) = false", f.QueueID)
			}
			long := f.Name == "deferred-long-id" || f.Name == "maildrop"
			if IsLongQueueID(f.QueueID) != long {
				t.Errorf("IsLongQueueID(%q) = %v, want %v", f.QueueID, !long, long)
			}
		})
	}
}

func TestParseQueueFileRealDoneRecipient(t *testing.T) {
	for _, name := range []string{"deferred-short-done-recipient", "deferred-long-id"} {
		m, err := ParseQueueFile(bytes.NewReader(readRealFile(t, name)), QueueFileOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var done, pending int
		for _, r := range m.Recipients {
			if r.Done {
				done++
			} else {
				pending++
			}
		}
		if done != 1 || pending != 1 {
			t.Errorf("%s: %d done and %d pending recipients, want 1 and 1", name, done, pending)
		}
		if m.RecipientCount != 2 {
			t.Errorf("%s: RecipientCount = %d, want 2", name, m.RecipientCount)
		}
	}
}

func TestParseQueueFileRealPointers(t *testing.T) {
	var f realFixture
	for _, x := range loadRealFixtures(t) {
		if x.Name == "pointer-records" {
			f = x
		}
	}
	targets := f.pointers(t)
	if len(targets) == 0 {
		t.Fatal("postcat printed no non-zero pointer record in pointer-records")
	}

	data := readRealFile(t, f.Name)
	m, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{Content: true})
	if err != nil {
		t.Fatal(err)
	}
	// The milter's recipient sits after a pointer target, behind the E
	// record, where only a reader that follows p records finds it.
	var added *QueueRecipient
	for i := range m.Recipients {
		if m.Recipients[i].Address == "tempfail-added@docomo.ne.jp" {
			added = &m.Recipients[i]
		}
	}
	if added == nil {
		t.Fatalf("the recipient the milter added is missing: %+v", m.Recipients)
	}
	if !slices.ContainsFunc(targets, func(p int64) bool { return p < added.Offset && added.Offset-p < 64 }) {
		t.Errorf("added recipient at %d follows no pointer target %v", added.Offset, targets)
	}

	// The milter's header belongs at the end of the headers, before the
	// empty line, which is where the pointers place it.
	header := "Content-Transfer-Encoding: 8bit\nX-Capture-Milter: added by the capture milter\n\nThis week's news.\n"
	if !bytes.Contains(m.Content, []byte(header)) {
		t.Errorf("Content does not end its headers with the milter's header:\n%s", m.Content)
	}
}

func TestParseDeferLogReal(t *testing.T) {
	for _, f := range loadRealFixtures(t) {
		if f.DeferLog == "" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			entries := ParseDeferLog(readRealFile(t, f.DeferLog))
			if len(entries) != len(f.Listing.Recipients) {
				t.Errorf("%d entries, postqueue -j lists %d recipients", len(entries), len(f.Listing.Recipients))
			}
			offsets := map[string]postcatRecipient{}
			for _, r := range f.recipients() {
				offsets[r.address] = r
			}
			for _, r := range f.Listing.Recipients {
				e, ok := entries[r.Address]
				if !ok {
					t.Errorf("no entry for %q", r.Address)
					continue
				}
				if e.Reason != r.DelayReason {
					t.Errorf("%q: Reason = %q, postqueue -j reports %q", r.Address, e.Reason, r.DelayReason)
				}
				if want := offsets[r.Address]; e.Offset != want.offset {
					t.Errorf("%q: Offset = %d, postcat printed its record at %d", r.Address, e.Offset, want.offset)
				}
				if want := offsets[r.Address]; e.DSNOrigRcpt != want.dsnOrigRcpt {
					t.Errorf("%q: DSNOrigRcpt = %q, postcat printed %q", r.Address, e.DSNOrigRcpt, want.dsnOrigRcpt)
				}
				if e.Status != "4.2.0" {
					t.Errorf("%q: Status = %q, want 4.2.0", r.Address, e.Status)
				}
				if e.Action != "delayed" {
					t.Errorf("%q: Action = %q, want delayed", r.Address, e.Action)
				}
				if e.DiagType != "smtp" {
					t.Errorf("%q: DiagType = %q, want smtp", r.Address, e.DiagType)
				}
				if e.UnknownLines != 0 {
					t.Errorf("%q: %d unknown lines", r.Address, e.UnknownLines)
				}
			}
		})
	}
}

// TestParseQueueFileRealTruncated cuts every real file at every offset.
// Each cut, the empty file included, must fail with ErrTruncated and never
// panic, whether or not the content is read.
func TestParseQueueFileRealTruncated(t *testing.T) {
	for _, f := range loadRealFixtures(t) {
		data := readRealFile(t, f.Name)
		for n := 0; n < len(data); n++ {
			for _, content := range []bool{false, true} {
				_, err := parseCut(data[:n], content)
				if !errors.Is(err, ErrTruncated) {
					t.Errorf("%s cut at %d (content %v): error %v, want ErrTruncated", f.Name, n, content, err)
				}
			}
		}
	}
}

// parseCut parses data and returns a panic as an error, so one bad cut
// does not stop the loop.
func parseCut(data []byte, content bool) (m QueueMessage, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return ParseQueueFile(bytes.NewReader(data), QueueFileOptions{Content: content})
}
