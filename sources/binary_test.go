package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// realLog returns the Postfix log in testdata.
func realLog(t *testing.T) []byte {
	t.Helper()
	content, err := os.ReadFile(filepath.Join("..", "testdata", "postfix-3.7-maillog.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return content
}

// lineStartNear returns the offset of the first line of content that
// starts at or after offset.
func lineStartNear(content []byte, offset int) int {
	return offset + bytes.IndexByte(content[offset:], '\n') + 1
}

// insertPadding returns content with n NUL bytes inserted at offset.
func insertPadding(content []byte, offset, n int) []byte {
	return slices.Concat(content[:offset], bytes.Repeat([]byte{0}, n), content[offset:])
}

// sqliteHead returns the start of an SQLite 3 database with one table: the
// 100-byte database header and the first page's b-tree header, with the
// table's schema at the end of the page.
func sqliteHead() []byte {
	page := make([]byte, 4096)
	copy(page, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(page[16:], 4096) // page size
	page[18], page[19] = 1, 1                   // file format versions
	page[21], page[22], page[23] = 64, 32, 32   // payload fractions
	binary.BigEndian.PutUint32(page[24:], 2)    // change counter
	binary.BigEndian.PutUint32(page[28:], 2)    // database size in pages
	binary.BigEndian.PutUint32(page[44:], 4)    // schema format
	binary.BigEndian.PutUint32(page[56:], 1)    // text encoding UTF-8
	binary.BigEndian.PutUint32(page[96:], 3040001)
	page[100] = 0x0d // leaf table b-tree page
	binary.BigEndian.PutUint16(page[103:], 1)
	schema := "\x3a\x01\x06\x17\x15\x15\x01\x5btablelogslogs\x02CREATE TABLE logs(line TEXT)"
	copy(page[len(page)-len(schema):], schema)
	return page
}

// randomBytes returns n bytes from a fixed seed.
func randomBytes(n int) []byte {
	random := rand.New(rand.NewPCG(7, 11))
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(random.Uint32())
	}
	return data
}

// utf16LE returns s in UTF-16LE, as a Windows tool may write a text file.
func utf16LE(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// Log lines with Japanese subjects in the encodings that reach mail logs.
const (
	iso2022jpLine = "Dec  4 10:00:01 mx postfix/cleanup[2]: 4F2A: warning: header Subject: \x1b$B%F%9%H\x1b(B from x[192.0.2.1]\n"
	shiftJISLine  = "Dec  4 10:00:02 mx amavis[3]: Subject: \x83\x65\x83\x58\x83\x67\n"
	eucJPLine     = "Dec  4 10:00:03 mx amavis[3]: Subject: \xa5\xc6\xa5\xb9\xa5\xc8\n"
	utf8Line      = "Dec  4 10:00:04 mx amavis[3]: Subject: テスト\n"
)

func TestTextProbeAcceptsText(t *testing.T) {
	log := realLog(t)
	cases := []struct {
		name string
		head []byte
	}{
		{"log without NUL", log},
		{"control byte without NUL", []byte("a\x01b\x7f\n")},
		{"padding in the middle", insertPadding(log, lineStartNear(log, 20000), 5000)},
		{"padding at the start", insertPadding(log, 0, 5000)},
		{"padding only", make([]byte, binaryProbeBytes)},
		{"padding after a cut line", insertPadding(log, 20000, 5000)},
		{"ISO-2022-JP subject", []byte(iso2022jpLine + strings.Repeat("\x00", 3000) + iso2022jpLine)},
		{"Shift_JIS, EUC-JP and UTF-8 subjects", []byte(shiftJISLine + eucJPLine + strings.Repeat("\x00", 3000) + utf8Line)},
		{"tab, CR, VT, FF and ISO-2022-KR shifts", []byte("a\tb\r\n\v\f\x00\x0ec\x0f\n" + syslogLine)},
		{"the maximum number of runs", []byte(strings.Repeat("a\n\x00\x00", maxPaddingRuns) + syslogLine)},
		{"padding in the first line, then a log line", []byte("Dec  4 10:0" + strings.Repeat("\x00", 300) + syslogLine)},
		{"DEL after padding", []byte(syslogLine + "\x00\x00d\x7f\n")},
		{"binary line after padding", binaryLineAfterPadding(log, 4000)},
		{"padding at the end", append(slices.Clone(log[:20000]), make([]byte, 5000)...)},
		{"more runs than the maximum after a line", []byte(syslogLine + strings.Repeat("\x00\x01", maxPaddingRuns+1))},
		{"padding at the start, then a line", []byte("\x00\x00" + syslogLine + "\x00\x01b\n")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkText("mail.log", tc.head[:min(len(tc.head), binaryProbeBytes)]); err != nil {
				t.Errorf("add: %v, want the head accepted as text", err)
			}
		})
	}
}

func TestTextProbeRejectsBinary(t *testing.T) {
	executable, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	program, err := os.ReadFile(executable)
	if err != nil {
		t.Fatal(err)
	}
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	zw.Write(realLog(t))
	zw.Close()

	cases := []struct {
		name   string
		head   []byte
		detail string
	}{
		{"executable", program, "control byte"},
		{"gzip stream", compressed.Bytes(), "control byte"},
		{"SQLite database", sqliteHead(), "(NUL byte at offset 15 and control byte 0x10 at offset 16)"},
		{"random bytes", randomBytes(4096), "control byte"},
		{"UTF-16 text", utf16LE(strings.Repeat("Dec  4 10:00:00 mx postfix/smtp[1]: x\n", 10)), "more than 16 runs of NUL bytes, run 17 at offset 33"},
		{"one run too many", []byte(strings.Repeat("a\x00", maxPaddingRuns+1)), "run 17 at offset 33"},
		{"control byte before padding", []byte("ab\x01c\n\x00\x00d\n"), "(control byte 0x01 at offset 2 and NUL byte at offset 5)"},
		{"ELF header", []byte("\x7fELF\x02\x01\x01\x00\x00"), "(control byte 0x7f at offset 0 and NUL byte at offset 7)"},
		{"journal header", journalHead(), "(NUL byte at offset 8 and control byte 0x14 at offset 12)"},
		{"UTF-16 text of short lines", utf16LE(strings.Repeat("a\n", maxPaddingRuns)), "more than 16 runs of NUL bytes, run 17 at offset 33"},
		{"NUL byte before the first line ends", []byte("\x00\x00ab\x00\n\x01\n"), "(NUL byte at offset 0 and control byte 0x01 at offset 6)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := newTextProbe("/var/log/x").add(tc.head[:min(len(tc.head), binaryProbeBytes)])
			if !errors.Is(err, ErrBinaryLog) {
				t.Fatalf("add: %v, want ErrBinaryLog", err)
			}
			if !strings.Contains(err.Error(), tc.detail) {
				t.Errorf("error %q lacks %q", err, tc.detail)
			}
			if !strings.HasPrefix(err.Error(), "cannot read log /var/log/x: binary file, not a text mail log (") {
				t.Errorf("error %q does not start by naming the log", err)
			}
			if !strings.HasSuffix(err.Error(), "): pass --log the file that Postfix or syslog writes, such as /var/log/mail.log") {
				t.Errorf("error %q does not end with the fix", err)
			}
		})
	}
}

func TestTextProbeInParts(t *testing.T) {
	log := realLog(t)
	heads := map[string][]byte{
		"padded log":                        insertPadding(log, lineStartNear(log, 1000), 5000),
		"control before NUL":                []byte("ab\x01c\n\x00\x00d\n"),
		"one run too many":                  []byte(strings.Repeat("a\x00\x00", maxPaddingRuns+1)),
		"random bytes":                      randomBytes(4096),
		"binary past probe":                 append(bytes.Repeat([]byte("a"), binaryProbeBytes), "\x00\x01"...),
		"NUL at the last byte":              append(append(bytes.Repeat([]byte("a"), binaryProbeBytes-2), 1), 0),
		"binary line after padding":         binaryLineAfterPadding(log, 4000),
		"journal header":                    journalHead(),
		"padding at the start, then a line": []byte("\x00\x00" + syslogLine + "\x00\x01b\n"),
		"ar archive":                        debPackage(),
	}
	for name, head := range heads {
		t.Run(name, func(t *testing.T) {
			whole := checkText("-", head)
			for _, size := range []int{1, 7, 4096} {
				probe := newTextProbe("-")
				var err error
				for start := 0; start < len(head) && err == nil; start += size {
					err = probe.add(head[start:min(start+size, len(head))])
				}
				if err == nil {
					err = probe.end()
				}
				if errors.Is(err, ErrBinaryLog) != errors.Is(whole, ErrBinaryLog) {
					t.Errorf("in parts of %d bytes: %v, whole: %v", size, err, whole)
				}
				if err != nil && whole != nil && err.Error() != whole.Error() {
					t.Errorf("in parts of %d bytes the error is %q, whole it is %q", size, err, whole)
				}
			}
		})
	}
}

func TestTextProbeStopsAtProbeSize(t *testing.T) {
	probe := newTextProbe("-")
	log := bytes.Repeat([]byte(syslogLine), binaryProbeBytes/len(syslogLine)+1)
	if err := probe.add(log[:binaryProbeBytes-1]); err != nil {
		t.Fatalf("add text: %v", err)
	}
	if probe.done() {
		t.Error("done before binaryProbeBytes were examined")
	}
	if err := probe.add([]byte("\x00\x01\x00\x01")); err != nil {
		t.Errorf("add across the end of the probe: %v, want the bytes past it ignored", err)
	}
	if !probe.done() {
		t.Error("not done after binaryProbeBytes were examined")
	}
}

func TestTextProbeStopsOnceStartedAsText(t *testing.T) {
	probe := newTextProbe("-")
	if err := probe.add([]byte(syslogLine + "\x00")); err != nil {
		t.Fatalf("add a line and padding: %v", err)
	}
	if !probe.done() {
		t.Error("not done after padding that follows a line of text")
	}
	if err := probe.add([]byte("\x01\x00\x02")); err != nil {
		t.Errorf("add control bytes after the start: %v, want them ignored", err)
	}
}

// binaryLineAfterPadding returns log with a run of NUL bytes and a line of
// control bytes and text inserted at the first line start at or after
// offset, as a crash followed by a writer of odd bytes can leave it.
func binaryLineAfterPadding(log []byte, offset int) []byte {
	at := lineStartNear(log, offset)
	return slices.Concat(log[:at], bytes.Repeat([]byte{0}, 100), []byte("\x01binary\x02\n"), log[at:])
}

// journalHead returns the start of a systemd journal file header: the
// signature, the little-endian compatible and incompatible flags, the state
// and the reserved bytes after it.
func journalHead() []byte {
	head := make([]byte, 64)
	copy(head, "LPKSHHRH")
	head[12] = 0x14 // incompatible flags: keyed hash and compact
	head[16] = 1    // state: online
	return head
}

// paddedLogs returns the real log with padding at the places a shutdown
// can leave it, by name.
func paddedLogs(t *testing.T) map[string][]byte {
	log := realLog(t)
	return map[string][]byte{
		"padding in the middle":           insertPadding(log, lineStartNear(log, 20000), 5000),
		"padding at the start":            insertPadding(log, 0, 3000),
		"padding across the probe":        insertPadding(log, lineStartNear(log, binaryProbeBytes-3000), 20000),
		"padding longer than the probe":   insertPadding(log, lineStartNear(log, 100), 3*binaryProbeBytes),
		"padding before the probe's last": insertPadding(log, lineStartNear(log, binaryProbeBytes-200), 199),
	}
}

func TestOpenLogsReadsPaddedLog(t *testing.T) {
	dir := t.TempDir()
	want := texts(readAll(t, open(t, []string{filepath.Join("..", "testdata", "postfix-3.7-maillog.txt")}, Options{})))
	for name, content := range paddedLogs(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			writeFile(t, path, string(content), time.Time{})
			if got := texts(readAll(t, open(t, []string{path}, Options{}))); !slices.Equal(got, want) {
				t.Errorf("read %d lines, want the %d lines of the log without padding", len(got), len(want))
			}

			var compressed bytes.Buffer
			zw := gzip.NewWriter(&compressed)
			zw.Write(content)
			zw.Close()
			writeFile(t, path+".gz", compressed.String(), time.Time{})
			if got := texts(readAll(t, open(t, []string{path + ".gz"}, Options{}))); !slices.Equal(got, want) {
				t.Errorf("read %d lines from gzip, want the %d lines of the log without padding", len(got), len(want))
			}
		})
	}
}

func TestOpenLogsSinceAfterPadding(t *testing.T) {
	log := realLog(t)
	stamps := stampReader{year: 2026, location: time.UTC}
	// Find a line stamped later than the line before it, so that it is
	// the first line at or after its own stamp.
	offset := lineStartNear(log, 20000)
	var next string
	var previous, since time.Time
	for ; ; offset += len(next) + 1 {
		next = string(log[offset : offset+bytes.IndexByte(log[offset:], '\n')])
		stamp, ok := stamps.read([]byte(next))
		if ok && !previous.IsZero() && stamp.After(previous) {
			since = stamp
			break
		}
		if ok {
			previous = stamp
		}
	}
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, string(insertPadding(log, offset, 5000)), time.Time{})

	lines := readAll(t, open(t, []string{path}, Options{Since: since, Year: 2026}))

	if len(lines) == 0 {
		t.Fatal("read no lines")
	}
	if got := string(lines[0].Text); got != next {
		t.Errorf("first line = %q, want the line after the padding, %q", got, next)
	}
}

// openStdin runs OpenLogs on standard input, replaced by a pipe that
// receives content, and returns the source.
func openStdin(t *testing.T, content []byte, opts Options) LogSource {
	t.Helper()
	reader, writer, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdin
	os.Stdin = reader
	t.Cleanup(func() {
		os.Stdin = saved
		reader.Close()
	})
	go func() {
		writer.Write(content)
		writer.Close()
	}()
	return open(t, []string{stdinPath}, opts)
}

func TestOpenLogsRejectsBinaryStdin(t *testing.T) {
	src := openStdin(t, sqliteHead(), Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	lines, err := src.Next(ctx)

	if !errors.Is(err, ErrBinaryLog) {
		t.Fatalf("Next: %v, want ErrBinaryLog", err)
	}
	want := "cannot read log standard input: binary file, not a text mail log (NUL byte at offset 15 and control byte 0x10 at offset 16): pass --log the file that Postfix or syslog writes, such as /var/log/mail.log"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if len(lines) != 0 {
		t.Errorf("Next returned %d lines of a binary stream", len(lines))
	}
	if _, again := src.Next(ctx); !errors.Is(again, ErrBinaryLog) {
		t.Errorf("second Next: %v, want ErrBinaryLog again", again)
	}
}

func TestOpenLogsReadsPaddedStdin(t *testing.T) {
	want := texts(readAll(t, open(t, []string{filepath.Join("..", "testdata", "postfix-3.7-maillog.txt")}, Options{})))
	for name, content := range paddedLogs(t) {
		t.Run(name, func(t *testing.T) {
			got := texts(readAll(t, openStdin(t, content, Options{})))
			if !slices.Equal(got, want) {
				t.Errorf("read %d lines, want the %d lines of the log without padding", len(got), len(want))
			}
		})
	}
}

func TestOpenLogsFollowAcceptsBinaryStdin(t *testing.T) {
	src := openStdin(t, []byte("\x00\x01a\n"), Options{Follow: true})

	got := texts(readAll(t, src))

	if !slices.Equal(got, []string{"\x01a"}) {
		t.Errorf("lines = %q, want the line without its leading NUL", got)
	}
}

func TestStreamProbeDoesNotHoldLines(t *testing.T) {
	reader, writer := io.Pipe()
	defer writer.Close()
	stream := newStreamSource(reader, stdinPath, Options{Now: time.Now}, time.Time{}, nil)
	stream.probe = newTextProbe("standard input")
	src := &multiSource{batch: newBatch(), parts: []part{stream}}
	defer src.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	// The padding cuts the first line, so the stream has not started as
	// text and the probe goes on.
	go writer.Write([]byte("a" + strings.Repeat("\x00", 100) + syslogLine))
	lines, err := src.Next(ctx)

	if err != nil {
		t.Fatalf("Next: %v, want the lines before 64 KiB arrived", err)
	}
	if got, want := texts(lines), []string{"a", strings.TrimSuffix(syslogLine, "\n")}; !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}

	go writer.Write([]byte("c\x01\n"))
	if _, err := src.Next(ctx); !errors.Is(err, ErrBinaryLog) {
		t.Errorf("Next after a control byte: %v, want ErrBinaryLog", err)
	}
}

// A log that started as text keeps the lines after a run of NUL bytes and
// a line of control bytes, whether it is a file, compressed or a stream.
func TestOpenLogsReadsBinaryLineAfterPadding(t *testing.T) {
	log := realLog(t)
	content := binaryLineAfterPadding(log, 4000)
	at := lineStartNear(log, 4000)
	want := strings.Split(strings.TrimSuffix(string(log[:at])+"\x01binary\x02\n"+string(log[at:]), "\n"), "\n")
	dir := t.TempDir()
	path := filepath.Join(dir, "mail.log")
	writeFile(t, path, string(content), time.Time{})
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	zw.Write(content)
	zw.Close()
	writeFile(t, path+".gz", compressed.String(), time.Time{})

	sources := map[string]func() LogSource{
		"file":           func() LogSource { return open(t, []string{path}, Options{}) },
		"gzip":           func() LogSource { return open(t, []string{path + ".gz"}, Options{}) },
		"standard input": func() LogSource { return openStdin(t, content, Options{}) },
	}
	for name, openSource := range sources {
		t.Run(name, func(t *testing.T) {
			got := texts(readAll(t, openSource()))
			if !slices.Equal(got, want) {
				t.Errorf("read %d lines, want the %d lines of the log and the binary line", len(got), len(want))
			}
		})
	}
}

func TestOpenLogsReadsPaddingAtEnd(t *testing.T) {
	log := realLog(t)
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, string(log)+strings.Repeat("\x00", 5000), time.Time{})
	want := strings.Split(strings.TrimSuffix(string(log), "\n"), "\n")

	got := texts(readAll(t, open(t, []string{path}, Options{})))

	if !slices.Equal(got, want) {
		t.Errorf("read %d lines, want the %d lines of the log", len(got), len(want))
	}
}

// A followed log that gets padding and a line of control bytes goes on
// being followed.
func TestFollowReadsBinaryLineAfterPadding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "a\n", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
		t.Fatalf("first line = %q, want a", got[0])
	}

	appendFile(t, path, nulPadding(5000)+"\x01binary\n")
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "\x01binary" {
		t.Errorf("line after the padding = %q, want the binary line", got[0])
	}
	appendFile(t, path, "b\n")
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "b" {
		t.Errorf("next line = %q, want b", got[0])
	}
}

// A byte order mark before binary data counts in the offsets, so standard
// input and the same bytes in a file give the same ones.
func TestBinaryOffsetsCountBOM(t *testing.T) {
	content := append([]byte(utf8BOM), sqliteHead()...)
	path := filepath.Join(t.TempDir(), "bom.db")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	_, fileErr := OpenLogs([]string{path}, Options{})
	if !errors.Is(fileErr, ErrBinaryLog) {
		t.Fatalf("OpenLogs(file): %v, want ErrBinaryLog", fileErr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, stdinErr := openStdin(t, content, Options{}).Next(ctx)
	if !errors.Is(stdinErr, ErrBinaryLog) {
		t.Fatalf("Next(stdin): %v, want ErrBinaryLog", stdinErr)
	}

	detail := "NUL byte at offset 18 and control byte 0x10 at offset 19"
	for name, err := range map[string]error{"file": fileErr, "standard input": stdinErr} {
		if !strings.Contains(err.Error(), detail) {
			t.Errorf("%s: error = %q, want it to contain %q", name, err, detail)
		}
	}
}

// The dashboard follows its log. A program or a database named in place
// of the log is rejected when opened, as for a report.
func TestOpenLogsFollowRejectsBinaryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	if err := os.WriteFile(path, sqliteHead(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenLogs([]string{path}, Options{Follow: true})
	if !errors.Is(err, ErrBinaryLog) {
		t.Errorf("OpenLogs with Follow: %v, want ErrBinaryLog", err)
	}
}
