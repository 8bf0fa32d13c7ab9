package parsers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

var updateQueueFixtures = flag.Bool("update-queue-fixtures", false, "rewrite testdata/queue fixtures from the builders in queuefile_test.go")

// queueFixtureDir holds queue files and logfiles shared with the sources
// tests.
const queueFixtureDir = "../testdata/queue"

// qrec is one record for encodeQueueFile.
type qrec struct {
	kind byte
	data string
}

// encodeLength writes n as Postfix does: 7 bits per byte, low group first,
// the high bit set on every byte but the last.
func encodeLength(n int) []byte {
	var out []byte
	for {
		b := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(out, b)
		}
		out = append(out, b|0x80)
	}
}

func encodeQueueFile(records ...qrec) []byte {
	var out []byte
	for _, r := range records {
		out = append(out, r.kind)
		out = append(out, encodeLength(len(r.data))...)
		out = append(out, r.data...)
	}
	return out
}

func recordSize(r qrec) int {
	return 1 + len(encodeLength(len(r.data))) + len(r.data)
}

// sizeRecord formats a C record the way cleanup does: six fields, each
// right-aligned in 15 columns.
func sizeRecord(fields ...int64) qrec {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%15d", f)
	}
	return qrec{'C', strings.Join(parts, " ")}
}

// capturedContent returns the content records of the captured deferred
// file: 365 bytes of records, as its C record states. The reference shows
// only the first and the last line; the lines between are made up, and
// the Subject is padded to reach 365 bytes.
func capturedContent() []qrec {
	lines := []string{
		"Received: by mx.example.com (Postfix, from userid 0)",
		"\tid 7E996BE094; Fri,  4 Dec 2026 19:46:53 +0000 (UTC)",
		"To: ok2@docomo.ne.jp, tempfail2@docomo.ne.jp, reject2@docomo.ne.jp",
		"Subject: three fates",
		"Message-Id: <20261204194653.7E996BE094@mx.example.com>",
		"Date: Fri,  4 Dec 2026 19:46:53 +0000 (UTC)",
		"",
		"Sent by the mailtop e2e suite",
	}
	total := 0
	for _, line := range lines {
		total += recordSize(qrec{'N', line})
	}
	lines[3] += strings.Repeat(".", 365-total)
	records := make([]qrec, len(lines))
	for i, line := range lines {
		records[i] = qrec{'N', line}
	}
	return records
}

// capturedEnvelope returns the envelope records of the captured deferred
// file 7E996BE094, in file order, as postcat -o -d -r printed them.
func capturedEnvelope() []qrec {
	return []qrec{
		sizeRecord(365, 466, 3, 0, 365, 0),
		{'T', "1796413613 517457"},
		{'A', "create_time=1796413613"},
		{'A', "rewrite_context=local"},
		{'F', "root"},
		{'S', "tester@mx.example.com"},
		{'W', "     1796413673"},
		{'A', "dsn_orig_rcpt=rfc822;ok2@docomo.ne.jp"},
		{'O', "ok2@docomo.ne.jp"},
		{'D', "ok2@docomo.ne.jp"},
		{'A', "dsn_orig_rcpt=rfc822;tempfail2@docomo.ne.jp"},
		{'O', "tempfail2@docomo.ne.jp"},
		{'R', "tempfail2@docomo.ne.jp"},
		{'A', "dsn_orig_rcpt=rfc822;reject2@docomo.ne.jp"},
		{'O', "reject2@docomo.ne.jp"},
		{'D', "reject2@docomo.ne.jp"},
	}
}

func capturedQueueFile() []byte {
	records := capturedEnvelope()
	records = append(records, qrec{'M', ""})
	records = append(records, capturedContent()...)
	records = append(records, qrec{'X', ""}, qrec{'E', ""})
	return encodeQueueFile(records...)
}

// TestCapturedQueueFileFixture checks the fixture against the bytes the
// reference dump of 7E996BE094 shows, and rewrites it with
// -update-queue-fixtures.
func TestCapturedQueueFileFixture(t *testing.T) {
	built := capturedQueueFile()
	path := queueFixtureDir + "/7E996BE094"
	if *updateQueueFixtures {
		if err := os.MkdirAll(queueFixtureDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, built, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read fixture (create it with go test ./parsers -run Fixture -update-queue-fixtures): %v", err)
	}
	if !bytes.Equal(onDisk, built) {
		t.Fatalf("fixture %s differs from capturedQueueFile; rerun with -update-queue-fixtures", path)
	}

	// Lines of the captured xxd dump: offset and hex.
	dump := []struct {
		offset int
		hex    string
	}{
		{0x000, "435f 2020 2020 2020 2020 2020 2020 3336"},
		{0x010, "3520 2020 2020 2020 2020 2020 2020 3436"},
		{0x020, "3620 2020 2020 2020 2020 2020 2020 2020"},
		{0x030, "3320 2020 2020 2020 2020 2020 2020 2020"},
		{0x040, "3020 2020 2020 2020 2020 2020 2020 3336"},
		{0x050, "3520 2020 2020 2020 2020 2020 2020 2020"},
		{0x060, "3054 1131 3739 3634 3133 3631 3320 3531"},
		{0x070, "3734 3537 4116 6372 6561 7465 5f74 696d"},
		{0x080, "653d 3137 3936 3431 3336 3133 4115 7265"},
		{0x090, "7772 6974 655f 636f 6e74 6578 743d 6c6f"},
		{0x0a0, "6361 6c46 0472 6f6f 7453 1574 6573 7465"},
		{0x0b0, "7240 6d78 2e65 7861 6d70 6c65 2e63 6f6d"},
		{0x0c0, "570f 2020 2020 2031 3739 3634 3133 3637"},
		{0x0d0, "3341 2564 736e 5f6f 7269 675f 7263 7074"},
		{0x100, "636f 6d6f 2e6e 652e 6a70 4410 6f6b 3240"},
		{0x160, "7052 1674 656d 7066 6169 6c32 4064 6f63"},
		{0x1d0, "4d00 4e34 5265 6365 6976 6564 3a20 6279"},
		{0x330, "696c 746f 7020 6532 6520 7375 6974 6558"},
		{0x340, "0045 00"},
	}
	for _, line := range dump {
		want, err := hex.DecodeString(strings.ReplaceAll(line.hex, " ", ""))
		if err != nil {
			t.Fatalf("bad hex in test at %#x: %v", line.offset, err)
		}
		if line.offset+len(want) > len(built) {
			t.Errorf("file ends at %#x, before the dump line at %#x", len(built), line.offset)
			continue
		}
		got := built[line.offset : line.offset+len(want)]
		if !bytes.Equal(got, want) {
			t.Errorf("bytes at %#x = % x, want % x", line.offset, got, want)
		}
	}
	if len(built) != 0x343 {
		t.Errorf("file length = %#x, want %#x", len(built), 0x343)
	}
}

func TestParseQueueFileCaptured(t *testing.T) {
	data, err := os.ReadFile(queueFixtureDir + "/7E996BE094")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{})
	if err != nil {
		t.Fatalf("ParseQueueFile: %v", err)
	}

	if want := time.Unix(1796413613, 517457000); !msg.Arrival.Equal(want) {
		t.Errorf("Arrival = %v, want %v", msg.Arrival, want)
	}
	if want := time.Unix(1796413613, 0); !msg.CreateTime.Equal(want) {
		t.Errorf("CreateTime = %v, want %v", msg.CreateTime, want)
	}
	if want := time.Unix(1796413673, 0); !msg.WarnTime.Equal(want) {
		t.Errorf("WarnTime = %v, want %v", msg.WarnTime, want)
	}
	if msg.ContentSize != 365 || msg.DataOffset != 466 || msg.RecipientCount != 3 || msg.ContentLength != 365 {
		t.Errorf("size fields = %d %d %d %d, want 365 466 3 365",
			msg.ContentSize, msg.DataOffset, msg.RecipientCount, msg.ContentLength)
	}
	if msg.Sender != "tester@mx.example.com" {
		t.Errorf("Sender = %q", msg.Sender)
	}
	if msg.FullName != "root" {
		t.Errorf("FullName = %q", msg.FullName)
	}
	if got := msg.Attributes["rewrite_context"]; got != "local" {
		t.Errorf("rewrite_context = %q, want local", got)
	}
	if _, ok := msg.Attributes["dsn_orig_rcpt"]; ok {
		t.Errorf("dsn_orig_rcpt kept as a message attribute; it belongs to a recipient")
	}

	want := []QueueRecipient{
		{Address: "ok2@docomo.ne.jp", OrigAddress: "ok2@docomo.ne.jp", DSNOrigRcpt: "rfc822;ok2@docomo.ne.jp", Offset: 266, Done: true},
		{Address: "tempfail2@docomo.ne.jp", OrigAddress: "tempfail2@docomo.ne.jp", DSNOrigRcpt: "rfc822;tempfail2@docomo.ne.jp", Offset: 353},
		{Address: "reject2@docomo.ne.jp", OrigAddress: "reject2@docomo.ne.jp", DSNOrigRcpt: "rfc822;reject2@docomo.ne.jp", Offset: 442, Done: true},
	}
	if !reflect.DeepEqual(msg.Recipients, want) {
		t.Errorf("Recipients =\n%+v\nwant\n%+v", msg.Recipients, want)
	}
	pending := msg.PendingRecipients()
	if len(pending) != 1 || pending[0].Address != "tempfail2@docomo.ne.jp" {
		t.Errorf("PendingRecipients = %+v, want only tempfail2", pending)
	}

	// 16 envelope records, M, X and E: the content was skipped in one seek.
	if msg.Records != 19 {
		t.Errorf("Records = %d, want 19 (content skipped)", msg.Records)
	}
	if msg.Content != nil || msg.UnknownRecords != 0 {
		t.Errorf("Content = %q, UnknownRecords = %d, want none", msg.Content, msg.UnknownRecords)
	}
}

func TestParseQueueFileAttributeFilter(t *testing.T) {
	data := capturedQueueFile()
	all, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{})
	if err != nil {
		t.Fatalf("ParseQueueFile: %v", err)
	}
	cases := []struct {
		name string
		keep []string
		want map[string]string
	}{
		{"one name", []string{"rewrite_context"}, map[string]string{"rewrite_context": "local"}},
		{"absent name", []string{"sasl_username"}, nil},
		{"empty list", []string{}, nil},
		{"per-recipient name", []string{"dsn_orig_rcpt"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{Attributes: tc.keep})
			if err != nil {
				t.Fatalf("ParseQueueFile: %v", err)
			}
			if !reflect.DeepEqual(msg.Attributes, tc.want) {
				t.Errorf("Attributes = %v, want %v", msg.Attributes, tc.want)
			}
			if !msg.CreateTime.Equal(all.CreateTime) {
				t.Errorf("CreateTime = %v, want %v whatever the filter", msg.CreateTime, all.CreateTime)
			}
			if !reflect.DeepEqual(msg.Recipients, all.Recipients) {
				t.Errorf("Recipients = %+v, want %+v whatever the filter", msg.Recipients, all.Recipients)
			}
		})
	}
}

func TestParseQueueFileContent(t *testing.T) {
	msg, err := ParseQueueFile(bytes.NewReader(capturedQueueFile()), QueueFileOptions{Content: true})
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, r := range capturedContent() {
		want.WriteString(r.data + "\n")
	}
	if string(msg.Content) != want.String() {
		t.Errorf("Content =\n%s\nwant\n%s", msg.Content, want.String())
	}
	if msg.Records != 19+len(capturedContent()) {
		t.Errorf("Records = %d, want %d", msg.Records, 19+len(capturedContent()))
	}
}

func TestEncodeLengthMatchesReference(t *testing.T) {
	cases := []struct {
		n    int
		want []byte
	}{
		{95, []byte{0x5f}},
		{127, []byte{0x7f}},
		{128, []byte{0x80, 0x01}},
		{308, []byte{0xb4, 0x02}},
	}
	for _, c := range cases {
		if got := encodeLength(c.n); !bytes.Equal(got, c.want) {
			t.Errorf("encodeLength(%d) = % x, want % x", c.n, got, c.want)
		}
	}
}

func TestParseQueueFileRecords(t *testing.T) {
	long := strings.Repeat("x", 300) + "@example.com"
	cases := []struct {
		name    string
		records []qrec
		check   func(t *testing.T, msg QueueMessage)
	}{
		{
			name: "multi-byte length",
			records: []qrec{
				{'T', "100"}, {'S', "a@example.com"}, {'R', long}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if len(msg.Recipients) != 1 || msg.Recipients[0].Address != long {
					t.Errorf("Recipients = %+v, want the 312-byte address", msg.Recipients)
				}
				if !msg.Arrival.Equal(time.Unix(100, 0)) {
					t.Errorf("Arrival = %v, want 100 s (seconds-only T)", msg.Arrival)
				}
			},
		},
		{
			name:    "null sender",
			records: []qrec{{'S', ""}, {'R', "a@example.com"}, {'E', ""}},
			check: func(t *testing.T, msg QueueMessage) {
				if msg.Sender != "" || len(msg.Recipients) != 1 {
					t.Errorf("Sender = %q, Recipients = %+v", msg.Sender, msg.Recipients)
				}
			},
		},
		{
			name: "extracted recipients",
			records: []qrec{
				{'S', "a@example.com"}, {'M', ""}, {'N', "To: b@example.com"}, {'X', ""},
				{'O', "b@example.com"}, {'R', "b@example.com"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if len(msg.Recipients) != 1 || !msg.Recipients[0].Extracted || msg.Recipients[0].OrigAddress != "b@example.com" {
					t.Errorf("Recipients = %+v, want one extracted with its O", msg.Recipients)
				}
			},
		},
		{
			name: "orig does not leak to next recipient",
			records: []qrec{
				{'O', "alias@example.com"}, {'R', "one@example.com"}, {'R', "two@example.com"},
				{'O', "gone@example.com"}, {'/', "gone@example.com"}, {'R', "three@example.com"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				var origs []string
				for _, r := range msg.Recipients {
					origs = append(origs, r.Address+"<"+r.OrigAddress)
				}
				want := []string{"one@example.com<alias@example.com", "two@example.com<", "three@example.com<"}
				if !reflect.DeepEqual(origs, want) {
					t.Errorf("recipients = %q, want %q", origs, want)
				}
			},
		},
		{
			name: "older DSN records and notify attribute",
			records: []qrec{
				{'o', "rfc822;x@example.com"}, {'n', "2"}, {'R', "x@example.com"},
				{'A', "notify_flags=8"}, {'R', "y@example.com"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if msg.Recipients[0].DSNOrigRcpt != "rfc822;x@example.com" || msg.Recipients[0].NotifyFlags != 2 {
					t.Errorf("first = %+v", msg.Recipients[0])
				}
				if msg.Recipients[1].DSNOrigRcpt != "" || msg.Recipients[1].NotifyFlags != 8 {
					t.Errorf("second = %+v", msg.Recipients[1])
				}
			},
		},
		{
			name: "client attributes",
			records: []qrec{
				{'A', "log_client_name=localhost"}, {'A', "log_client_address=127.0.0.1"},
				{'A', "sasl_username=shop"}, {'A', "novalue"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				want := map[string]string{"log_client_name": "localhost", "log_client_address": "127.0.0.1", "sasl_username": "shop", "novalue": ""}
				if !reflect.DeepEqual(msg.Attributes, want) {
					t.Errorf("Attributes = %v, want %v", msg.Attributes, want)
				}
			},
		},
		{
			name: "unknown and known-but-unused records",
			records: []qrec{
				{'P', "5"}, {'V', "+="}, {'Z', "?"}, {'w', "padding"}, {'L', "smtp:[127.0.0.1]:10025"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if msg.UnknownRecords != 1 {
					t.Errorf("UnknownRecords = %d, want 1 (only Z)", msg.UnknownRecords)
				}
			},
		},
		{
			name: "content without C record is read record by record",
			records: []qrec{
				{'T', "1 2"}, {'S', "a@example.com"}, {'M', ""}, {'N', "Subject: R"}, {'L', "joined "},
				{'N', "line"}, {'X', ""}, {'R', "late@example.com"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if len(msg.Recipients) != 1 || msg.Recipients[0].Address != "late@example.com" {
					t.Errorf("Recipients = %+v; the N and L content records are not recipients", msg.Recipients)
				}
			},
		},
		{
			name: "W of zero clears the warning time",
			records: []qrec{
				{'W', "     1796413673"}, {'W', "              0"}, {'E', ""},
			},
			check: func(t *testing.T, msg QueueMessage) {
				if !msg.WarnTime.IsZero() {
					t.Errorf("WarnTime = %v, want zero", msg.WarnTime)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg, err := ParseQueueFile(bytes.NewReader(encodeQueueFile(c.records...)), QueueFileOptions{Content: true})
			if err != nil {
				t.Fatalf("ParseQueueFile: %v", err)
			}
			c.check(t, msg)
		})
	}
}

func TestParseQueueFileContentSizeMismatch(t *testing.T) {
	// C claims 10 content bytes, but X is not there: the parser must fall
	// back to reading the content records and still find the extracted
	// recipient.
	records := []qrec{
		sizeRecord(10, 0, 1, 0, 10, 0),
		{'S', "a@example.com"},
		{'M', ""},
		{'N', "Subject: a line longer than ten bytes"},
		{'X', ""},
		{'R', "x@example.com"},
		{'E', ""},
	}
	dataOffset := 0
	for _, r := range records[:3] {
		dataOffset += recordSize(r)
	}
	records[0] = sizeRecord(10, int64(dataOffset), 1, 0, 10, 0)
	msg, err := ParseQueueFile(bytes.NewReader(encodeQueueFile(records...)), QueueFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Recipients) != 1 || msg.Recipients[0].Address != "x@example.com" {
		t.Errorf("Recipients = %+v, want x@example.com", msg.Recipients)
	}
}

// pointerRecord formats a p record as cleanup does.
func pointerRecord(offset int) qrec {
	return qrec{'p', fmt.Sprintf("%15d", offset)}
}

func TestParseQueueFilePointers(t *testing.T) {
	// Layout: S, p(0) placeholder, p -> tail, R first, E ... tail: R second,
	// p -> back to "R first". Built in two passes so offsets are known.
	head := []qrec{{'S', "a@example.com"}, pointerRecord(0), pointerRecord(0)}
	middle := []qrec{{'R', "first@example.com"}, {'w', "dead text"}, {'E', ""}}
	headSize := len(encodeQueueFile(head...))
	tailOffset := headSize + len(encodeQueueFile(middle...))
	head[2] = pointerRecord(tailOffset)
	tail := []qrec{{'R', "spliced@example.com"}, pointerRecord(headSize)}

	data := encodeQueueFile(append(append(head, middle...), tail...)...)
	msg, err := ParseQueueFile(bytes.NewReader(data), QueueFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range msg.Recipients {
		got = append(got, r.Address)
	}
	want := []string{"spliced@example.com", "first@example.com"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recipients = %q, want %q (pointer order)", got, want)
	}
	if msg.Recipients[0].Offset != int64(tailOffset) {
		t.Errorf("spliced recipient offset = %d, want %d", msg.Recipients[0].Offset, tailOffset)
	}
}

func TestParseQueueFilePointerLoop(t *testing.T) {
	// The p at offset 0 leads to the R after it, and the p after the R
	// leads to the R again.
	rOffset := recordSize(pointerRecord(0))
	records := []qrec{pointerRecord(rOffset), {'R', "x@example.com"}, pointerRecord(rOffset)}
	_, err := ParseQueueFile(bytes.NewReader(encodeQueueFile(records...)), QueueFileOptions{})
	if !errors.Is(err, ErrPointerLoop) {
		t.Fatalf("err = %v, want ErrPointerLoop", err)
	}
}

func TestParseQueueFileTruncated(t *testing.T) {
	data := capturedQueueFile()
	for cut := 0; cut < len(data); cut++ {
		_, err := ParseQueueFile(bytes.NewReader(data[:cut]), QueueFileOptions{})
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("cut at %d: err = %v, want ErrTruncated", cut, err)
		}
	}
}

func TestParseQueueFileGarbage(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"binary", []byte{0x00, 0x01, 0xff}, ErrMalformedRecord},
		// 'F' then 'r' (114) as the length: the data runs past the end.
		{"text file", []byte("From: someone\nTo: else\n"), ErrTruncated},
		{"six length bytes", []byte{'R', 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, ErrMalformedRecord},
		{"huge length", []byte{'R', 0xff, 0xff, 0xff, 0xff, 0x0f}, ErrRecordTooLong},
		{"bad size record", encodeQueueFile(qrec{'C', "365 abc"}, qrec{'E', ""}), ErrMalformedRecord},
		{"bad pointer", encodeQueueFile(qrec{'p', "here"}, qrec{'E', ""}), ErrMalformedRecord},
		{"negative pointer", encodeQueueFile(qrec{'p', "-5"}, qrec{'E', ""}), ErrMalformedRecord},
		{"pointer past the end", encodeQueueFile(qrec{'p', "999999"}, qrec{'E', ""}), ErrTruncated},
		{"pointer far past any file", encodeQueueFile(qrec{'p', "9223372036854775807"}, qrec{'E', ""}), ErrMalformedRecord},
		{"empty", nil, ErrTruncated},
		{"content size overflow", encodeQueueFile(qrec{'C', "9223372036854775807 6"}, qrec{'M', ""}, qrec{'E', ""}), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseQueueFile(bytes.NewReader(c.data), QueueFileOptions{})
			if c.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func FuzzParseQueueFile(f *testing.F) {
	f.Add(capturedQueueFile())
	f.Add(encodeQueueFile(qrec{'S', ""}, pointerRecord(0), qrec{'R', "a@b"}, qrec{'E', ""}))
	f.Add([]byte{'p', 2, '1', '0', 'E', 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []QueueFileOptions{{}, {Content: true}} {
			_, err := ParseQueueFile(bytes.NewReader(data), opts)
			if err == nil {
				continue
			}
			if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrMalformedRecord) &&
				!errors.Is(err, ErrRecordTooLong) && !errors.Is(err, ErrPointerLoop) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
		}
	})
}

func BenchmarkParseQueueFile(b *testing.B) {
	data := capturedQueueFile()
	r := bytes.NewReader(data)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseQueueFile(r, QueueFileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDeferLog(b *testing.B) {
	data, err := os.ReadFile(queueFixtureDir + "/defer-7E996BE094")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseDeferLog(data)
	}
}
