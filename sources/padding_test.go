package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// nulPadding returns n NUL bytes, the padding an unclean shutdown can leave
// in a log.
func nulPadding(n int) string {
	return strings.Repeat("\x00", n)
}

// nextLine is the line that a syslog daemon writes right after the padding
// that a crash left, which starts with a timestamp.
const nextLine = "Dec  4 10:05:00 mx b"

// paddingCases are logs with NUL padding and the lines a reader must
// deliver from each.
var paddingCases = []struct {
	name    string
	content string
	want    []string
}{
	{"padding in the middle", "a\nb\n" + nulPadding(5000) + "c\nd\n", []string{"a", "b", "c", "d"}},
	{"padding at the start", nulPadding(5000) + "a\nb\n", []string{"a", "b"}},
	{"padding at the start before a newline", nulPadding(5000) + "\na\n", []string{"a"}},
	{"padding longer than a batch", "a\n" + nulPadding(200<<10) + "b\nc\n", []string{"a", "b", "c"}},
	{"short padding", "a\n\x00b\n", []string{"a", "b"}},
	{"two paddings", "a\n" + nulPadding(100) + "b\n" + nulPadding(70000) + "c\n", []string{"a", "b", "c"}},
	{"padding before a newline", "a\n" + nulPadding(5000) + "\nb\n", []string{"a", "", "b"}},
	{"padding before a newline past a batch", "a\n" + nulPadding(MaxBatchBytes) + "\nb\n", []string{"a", "", "b"}},
	{"padding at the end", "a\n" + nulPadding(5000), []string{"a"}},
	{"padding before a last line without newline", "a\n" + nulPadding(5000) + "b", []string{"a", "b"}},
	{"empty lines kept", "a\n\n\x00\n\nb\n", []string{"a", "", "", "", "b"}},
	{"single NULs inside lines", "a\x00b\nc\x00\n", []string{"a", "c"}},
	{"padding after a cut line", "a\nDec  4 10:00:00 mx post" + nulPadding(100) + nextLine + "\nc\n",
		[]string{"a", "Dec  4 10:00:00 mx post", nextLine, "c"}},
	{"padding inside a line that goes on", "a\nDec  4 10:00:00 mx postfix/smtp[1]: AB" + nulPadding(2) + "CD, status=sent\nc\n",
		[]string{"a", "Dec  4 10:00:00 mx postfix/smtp[1]: AB", "c"}},
	{"padding after a cut line before a newline", "a\ncut" + nulPadding(10) + "\nb\n", []string{"a", "cut", "b"}},
	{"padding after a cut line at the end", "a\ncut" + nulPadding(100), []string{"a", "cut"}},
	{"padding after a cut line before a last line without newline", "a\ncut" + nulPadding(100) + nextLine, []string{"a", "cut", nextLine}},
	{"rest of a cut line without newline", "a\ncut" + nulPadding(100) + "b", []string{"a", "cut"}},
	{"padding over 64 KiB after a cut line", "a\ncut" + nulPadding(70000) + nextLine + "\nc\n", []string{"a", "cut", nextLine, "c"}},
	{"padding longer than a batch after a cut line", "a\ncut" + nulPadding(200<<10) + nextLine + "\nc\n", []string{"a", "cut", nextLine, "c"}},
	{"rest of a cut line after padding over 64 KiB", "a\ncut" + nulPadding(70000) + "b\nc\n", []string{"a", "cut", "c"}},
	{"several paddings in one line", "x" + nulPadding(3) + "y" + nulPadding(1) + "z\nc\n", []string{"x", "c"}},
	{"line after padding in the rest of a cut line", "x" + nulPadding(3) + "y" + nulPadding(1) + nextLine + "\n", []string{"x", nextLine}},
	{"many paddings in one line", strings.Repeat("x\x00", 50000) + "\nc\n", []string{"x", "c"}},
	{"many lines after paddings in one line", strings.Repeat(nextLine+"\x00", 5000) + "\n", slices.Repeat([]string{nextLine}, 5000)},
	{"padding ends an overlong line", strings.Repeat("x", MaxLineBytes+5000) + nulPadding(10) + nextLine + "\nc\n",
		[]string{strings.Repeat("x", MaxLineBytes), nextLine, "c"}},
	{"padding ends a line longer than a batch", strings.Repeat("x", 200<<10) + nulPadding(10) + nextLine + "\nc\n",
		[]string{strings.Repeat("x", MaxLineBytes), nextLine, "c"}},
	{"overlong rest of a cut line", "cut" + nulPadding(10) + strings.Repeat("x", MaxLineBytes+5000) + "\nc\n", []string{"cut", "c"}},
	{"cut line before padding across a 64 KiB read", fillTo(64<<10-30) + "cut" + nulPadding(100) + nextLine + "\nc\n",
		append(fillLines(64<<10-30), "cut", nextLine, "c")},
	{"64 KiB read ends at the padding", fillTo(64<<10-3) + "cut" + nulPadding(100) + nextLine + "\nc\n",
		append(fillLines(64<<10-3), "cut", nextLine, "c")},
	{"64 KiB read ends after the padding", fillTo(64<<10-103) + "cut" + nulPadding(100) + nextLine + "\nc\n",
		append(fillLines(64<<10-103), "cut", nextLine, "c")},
	{"64 KiB read ends in the rest of a cut line", fillTo(64<<10-110) + "cut" + nulPadding(100) + "rest of it\nc\n",
		append(fillLines(64<<10-110), "cut", "c")},
}

// fillLine is a line of a log as long as a typical Postfix line.
const fillLine = "Dec  4 10:00:00 mx postfix/qmgr[1]: 4ABC123: removed, a line to fill the log"

// fillLines returns the lines of fillTo(n).
func fillLines(n int) []string {
	lines := slices.Repeat([]string{fillLine}, n/(len(fillLine)+1))
	if rest := n % (len(fillLine) + 1); rest > 0 {
		lines = append(lines, strings.Repeat("y", rest-1))
	}
	return lines
}

// fillTo returns whole lines of exactly n bytes.
func fillTo(n int) string {
	return strings.Join(fillLines(n), "\n") + "\n"
}

// pieceReader returns the bytes of r at most size bytes at a time.
type pieceReader struct {
	r    io.Reader
	size int
}

func (p pieceReader) Read(buf []byte) (int, error) {
	return p.r.Read(buf[:min(len(buf), p.size)])
}

// readFileReader reads the file at path with a fileReader to its end.
func readFileReader(t *testing.T, path string) []string {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	reader := newFileReader(file, path, 0)
	var lines []string
	for range 1000 {
		b := newBatch()
		atEnd, err := reader.readInto(b, true, testTime)
		if err != nil {
			t.Fatalf("readInto: %v", err)
		}
		checkBatch(t, b.lines)
		lines = append(lines, texts(b.lines)...)
		if atEnd {
			return lines
		}
	}
	t.Fatal("readInto did not reach the end of the file")
	return nil
}

// readStream reads r with a streamSource to its end.
func readStream(t *testing.T, r io.Reader) []string {
	t.Helper()
	stream := newStreamSource(r, stdinPath, Options{Now: time.Now}, time.Time{}, nil)
	src := &multiSource{batch: newBatch(), parts: []part{stream}}
	defer src.Close()
	return texts(readAll(t, src))
}

func TestReadersDropNULPadding(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range paddingCases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "mail.log."+string(rune('a'+i)))
			writeFile(t, path, tc.content, time.Time{})

			if got := readFileReader(t, path); !slices.Equal(got, tc.want) {
				t.Errorf("file reader lines = %.40q, want %.40q", got, tc.want)
			}
			if got := readStream(t, strings.NewReader(tc.content)); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines = %.40q, want %.40q", got, tc.want)
			}
			if got := readStream(t, iotest.OneByteReader(strings.NewReader(tc.content))); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines read a byte at a time = %.40q, want %.40q", got, tc.want)
			}
			if got := readStream(t, pieceReader{strings.NewReader(tc.content), 7}); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines read 7 bytes at a time = %.40q, want %.40q", got, tc.want)
			}
			unzipped, err := gzip.NewReader(bytes.NewReader(gzipBytes(t, tc.content)))
			if err != nil {
				t.Fatal(err)
			}
			if got := readStream(t, unzipped); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines through gzip = %.40q, want %.40q", got, tc.want)
			}
		})
	}
}

func TestFollowSkipsNULPadding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "a\n", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
		t.Fatalf("first line = %q, want a", got[0])
	}

	appendFile(t, path, nulPadding(5000)+"b\n"+nulPadding(10)+"\nc\n")
	got := readLines(t, src, 3, 5*time.Second)

	if got[0] != "b" {
		t.Errorf("line after the padding = %q, want b", got[0])
	}
	if got[1] != "" {
		t.Errorf("line of padding alone = %q, want an empty line", got[1])
	}
	if got[2] != "c" {
		t.Errorf("line after the padding-only line = %q, want c", got[2])
	}
}

func TestFollowPaddingAtEndThenNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	first := strings.TrimSuffix(syslogLine, "\n")
	writeFile(t, path, first+"\n"+nulPadding(5000), time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != first {
		t.Fatalf("first line = %q, want %q", got[0], first)
	}

	// The next writer starts right after the padding with a newline, so
	// the padding was a line of its own.
	appendFile(t, path, "\nb\n")
	got := readLines(t, src, 2, 5*time.Second)

	if got[0] != "" {
		t.Errorf("line of padding alone = %q, want an empty line", got[0])
	}
	if got[1] != "b" {
		t.Errorf("line after the padding = %q, want b", got[1])
	}
}

func TestStreamPaddingWithSince(t *testing.T) {
	content := "2026-12-04T10:00:00Z a\n" + nulPadding(300) + "2026-12-04T11:00:00Z b\nc\n"
	stream := newStreamSource(strings.NewReader(content), stdinPath, Options{
		Now:   time.Now,
		Since: time.Date(2026, 12, 4, 11, 0, 0, 0, time.UTC),
	}, time.Time{}, nil)
	src := &multiSource{batch: newBatch(), parts: []part{stream}}
	defer src.Close()

	got := texts(readAll(t, src))

	if strings.Join(got, "|") != "2026-12-04T11:00:00Z b|c" {
		t.Errorf("lines = %q, want the line after the padding and the one after it", got)
	}
}

func TestFileReaderMarkCoversPadding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	content := "a\n" + nulPadding(100)
	writeFile(t, path, content, time.Time{})
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	reader := newFileReader(file, path, 0)

	if _, err := reader.readInto(newBatch(), false, testTime); err != nil {
		t.Fatalf("readInto: %v", err)
	}

	if reader.offset != int64(len(content)) {
		t.Errorf("offset = %d, want %d, past the padding", reader.offset, len(content))
	}
	if !bytes.Equal(reader.mark, []byte(content[len(content)-markBytes:])) {
		t.Errorf("mark = %q, want the last %d bytes read", reader.mark, markBytes)
	}
	if !reader.pad.afterPadding {
		t.Error("afterPadding is not set after padding at the end of the file")
	}
}

func TestFollowSplitsCutLine(t *testing.T) {
	for _, size := range []int{100, 70000} {
		t.Run(fmt.Sprintf("%d NUL bytes", size), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "mail.log")
			writeFile(t, path, "a\n", time.Time{})
			src := open(t, []string{path}, Options{Follow: true})
			if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
				t.Fatalf("first line = %q, want a", got[0])
			}

			appendFile(t, path, "cut"+nulPadding(size)+nextLine+"\nc\n")
			got := readLines(t, src, 3, 5*time.Second)

			if want := []string{"cut", nextLine, "c"}; !slices.Equal(got, want) {
				t.Errorf("lines = %.40q, want %q", got, want)
			}

			// The file is followed on after the padding.
			appendFile(t, path, "d\n")
			if got := readLines(t, src, 1, 5*time.Second); got[0] != "d" {
				t.Errorf("line written after the padding = %q, want d", got[0])
			}
		})
	}
}

func TestFollowSplitsLineCutBeforeRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "a\n", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
		t.Fatalf("first line = %q, want a", got[0])
	}

	// The source reads the cut line unfinished before the padding arrives.
	appendFile(t, path, "cut")
	ctx, cancel := context.WithTimeout(context.Background(), 3*checkInterval)
	batch, err := src.Next(ctx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next on an unfinished line = %q, %v; want no line before the deadline", texts(batch), err)
	}
	appendFile(t, path, nulPadding(100)+nextLine+"\nc\n")
	got := readLines(t, src, 3, 5*time.Second)

	if want := []string{"cut", nextLine, "c"}; !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestFileReaderMarkAfterCutLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	content := "a\ncut" + nulPadding(100)
	writeFile(t, path, content, time.Time{})
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	reader := newFileReader(file, path, 0)

	b := newBatch()
	if _, err := reader.readInto(b, false, testTime); err != nil {
		t.Fatalf("readInto: %v", err)
	}

	if got := texts(b.lines); !slices.Equal(got, []string{"a", "cut"}) {
		t.Errorf("lines = %q, want a and the cut line", got)
	}
	if reader.offset != int64(len(content)) {
		t.Errorf("offset = %d, want %d, past the padding", reader.offset, len(content))
	}
	if !bytes.Equal(reader.mark, []byte(content[len(content)-markBytes:])) {
		t.Errorf("mark = %q, want the last %d bytes read", reader.mark, markBytes)
	}
	if !reader.pad.afterPadding {
		t.Error("afterPadding is not set after padding at the end of the file")
	}
}

// crashLog returns a log of lines stamped from 10:00 to 11:00 on Dec 4 as
// an unclean shutdown leaves it: its line stamped 10:59:59 is cut short and
// followed by n NUL bytes. It also returns the lines a reader must deliver
// from the log, the cut line among them.
func crashLog(n int) (string, []string) {
	var lines []string
	for i := range 3000 {
		lines = append(lines, fmt.Sprintf("Dec  4 10:%02d:%02d mx postfix/qmgr[1]: line %d", i*60/3000, i%60, i))
	}
	lines = append(lines, "Dec  4 10:59:59 mx postfix/smtp[2]: 4AB: to=<a")
	for i := range 10 {
		lines = append(lines, fmt.Sprintf("Dec  4 11:00:%02d mx postfix/qmgr[1]: after %d", i, i))
	}
	cut := 3000
	content := strings.Join(lines[:cut+1], "\n") + nulPadding(n) + strings.Join(lines[cut+1:], "\n") + "\n"
	return content, lines
}

func TestOpenLogsSplitsCutLine(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{100, 70000} {
		content, want := crashLog(size)
		plain := filepath.Join(dir, fmt.Sprintf("mail.log.%d", size))
		writeFile(t, plain, content, time.Time{})
		compressed := plain + ".gz"
		writeGzip(t, compressed, content, time.Time{})

		for _, path := range []string{plain, compressed} {
			t.Run(filepath.Base(path), func(t *testing.T) {
				got := texts(readAll(t, open(t, []string{path}, Options{Year: 2026})))
				if !slices.Equal(got, want) {
					t.Errorf("read %d lines, want %d; around the cut: %q", len(got), len(want), got[min(2999, len(got)):min(3003, len(got))])
				}

				since := time.Date(2026, 12, 4, 11, 0, 0, 0, time.UTC)
				got = texts(readAll(t, open(t, []string{path}, Options{Year: 2026, Since: since})))
				if !slices.Equal(got, want[3001:]) {
					t.Errorf("lines from 11:00 = %q, want the 10 lines after the padding", got)
				}
			})
		}
	}
}

func TestStreamCutLineWithSince(t *testing.T) {
	content := "2026-12-04T10:00:00Z a\n2026-12-04T10:30:00Z cut" + nulPadding(300) + "2026-12-04T11:00:00Z b\nc\n"
	stream := newStreamSource(strings.NewReader(content), stdinPath, Options{
		Now:   time.Now,
		Since: time.Date(2026, 12, 4, 11, 0, 0, 0, time.UTC),
	}, time.Time{}, nil)
	src := &multiSource{batch: newBatch(), parts: []part{stream}}
	defer src.Close()

	got := texts(readAll(t, src))

	if strings.Join(got, "|") != "2026-12-04T11:00:00Z b|c" {
		t.Errorf("lines = %q, want the line after the padding and the one after it", got)
	}
}
