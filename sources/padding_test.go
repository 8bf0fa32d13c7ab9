package sources

import (
	"bytes"
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

// paddingCases are logs with NUL padding and the lines a reader must
// deliver from each.
var paddingCases = []struct {
	name    string
	content string
	want    []string
}{
	{"padding in the middle", "a\nb\n" + nulPadding(5000) + "c\nd\n", []string{"a", "b", "c", "d"}},
	{"padding at the start", nulPadding(5000) + "a\nb\n", []string{"a", "b"}},
	{"padding longer than a batch", "a\n" + nulPadding(200<<10) + "b\nc\n", []string{"a", "b", "c"}},
	{"short padding", "a\n\x00b\n", []string{"a", "b"}},
	{"two paddings", "a\n" + nulPadding(100) + "b\n" + nulPadding(70000) + "c\n", []string{"a", "b", "c"}},
	{"padding before a newline", "a\n" + nulPadding(5000) + "\nb\n", []string{"a", "b"}},
	{"padding before a newline past a batch", "a\n" + nulPadding(MaxBatchBytes) + "\nb\n", []string{"a", "b"}},
	{"padding at the end", "a\n" + nulPadding(5000), []string{"a"}},
	{"padding before a last line without newline", "a\n" + nulPadding(5000) + "b", []string{"a", "b"}},
	{"empty lines kept", "a\n\n\x00\n\nb\n", []string{"a", "", "", "b"}},
	{"NUL inside a line kept", "a\x00b\nc\x00\n", []string{"a\x00b", "c\x00"}},
	// The known gap: padding that starts inside a line is not removed.
	{"padding after a cut line", "a\nDec  4 10:00:00 mx post" + nulPadding(100) + "Dec  4 10:05:00 mx b\n",
		[]string{"a", "Dec  4 10:00:00 mx post" + nulPadding(100) + "Dec  4 10:05:00 mx b"}},
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
				t.Errorf("file reader lines = %.40q, want %q", got, tc.want)
			}
			if got := readStream(t, strings.NewReader(tc.content)); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines = %.40q, want %q", got, tc.want)
			}
			if got := readStream(t, iotest.OneByteReader(strings.NewReader(tc.content))); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines read a byte at a time = %.40q, want %q", got, tc.want)
			}
		})
	}
}

func TestFollowDropsNULPadding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "a\n", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
		t.Fatalf("first line = %q, want a", got[0])
	}

	appendFile(t, path, nulPadding(5000)+"b\n"+nulPadding(10)+"\nc\n")
	got := readLines(t, src, 2, 5*time.Second)

	if got[0] != "b" {
		t.Errorf("line after the padding = %q, want b", got[0])
	}
	if got[1] != "c" {
		t.Errorf("line after the padding-only line = %q, want c", got[1])
	}
}

func TestFollowDropsPaddingAtEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "a\n"+nulPadding(5000), time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
		t.Fatalf("first line = %q, want a", got[0])
	}

	// The next writer starts right after the padding, with a newline.
	appendFile(t, path, "\nb\n")
	got := readLines(t, src, 1, 5*time.Second)

	if got[0] != "b" {
		t.Errorf("line after the padding = %q, want b and no empty line", got[0])
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
	if !reader.afterPadding {
		t.Error("afterPadding is not set after padding at the end of the file")
	}
}
