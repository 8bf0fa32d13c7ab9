package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestReadersDropBOM(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    []string
	}{
		{"before the first line", utf8BOM + "2026-12-04T10:00:00Z a\nb\n", []string{"2026-12-04T10:00:00Z a", "b"}},
		{"only a BOM", utf8BOM, nil},
		{"BOM and a newline", utf8BOM + "\na\n", []string{"", "a"}},
		{"BOM and padding", utf8BOM + nulPadding(10) + "a\n", []string{"a"}},
		{"part of a BOM", utf8BOM[:2] + "a\n", []string{utf8BOM[:2] + "a"}},
		// Only the start of the file is a byte order mark.
		{"BOM in a later line", "a\n" + utf8BOM + "b\n", []string{"a", utf8BOM + "b"}},
	}
	dir := t.TempDir()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "mail.log."+string(rune('a'+i)))
			writeFile(t, path, tc.content, time.Time{})

			if got := readFileReader(t, path); !slices.Equal(got, tc.want) {
				t.Errorf("file reader lines = %q, want %q", got, tc.want)
			}
			if got := readStream(t, strings.NewReader(tc.content)); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines = %q, want %q", got, tc.want)
			}
			if got := readStream(t, iotest.OneByteReader(strings.NewReader(tc.content))); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines read a byte at a time = %q, want %q", got, tc.want)
			}
			unzipped, err := gzip.NewReader(bytes.NewReader(gzipBytes(t, tc.content)))
			if err != nil {
				t.Fatal(err)
			}
			if got := readStream(t, unzipped); !slices.Equal(got, tc.want) {
				t.Errorf("stream lines through gzip = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestOpenLogsBOMFileInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	withBOM := filepath.Join(dir, "mail.log.1")
	plain := filepath.Join(dir, "mail.log")
	// The file with the BOM has the later lines but the older modification
	// time, so only its first stamp puts it second.
	writeFile(t, withBOM, utf8BOM+"2026-12-04T11:00:00Z late\n", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	writeFile(t, plain, "2026-12-04T10:00:00Z early\nno stamp\n", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))

	got := texts(readAll(t, open(t, []string{withBOM, plain}, Options{Now: time.Now})))

	want := []string{"2026-12-04T10:00:00Z early", "no stamp", "2026-12-04T11:00:00Z late"}
	if !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestOpenLogsSinceKeepsBOMLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	content := utf8BOM + "2026-12-04T10:00:00Z a\n2026-12-04T10:01:00Z b\n"
	writeFile(t, path, content, time.Time{})
	since := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	want := []string{"2026-12-04T10:00:00Z a", "2026-12-04T10:01:00Z b"}

	got := texts(readAll(t, open(t, []string{path}, Options{Now: time.Now, Since: since})))
	if !slices.Equal(got, want) {
		t.Errorf("file lines from --since = %q, want %q", got, want)
	}

	stream := newStreamSource(strings.NewReader(content), stdinPath, Options{Now: time.Now, Since: since}, time.Time{}, nil)
	src := &multiSource{batch: newBatch(), parts: []part{stream}}
	defer src.Close()
	if got := texts(readAll(t, src)); !slices.Equal(got, want) {
		t.Errorf("stream lines from --since = %q, want %q", got, want)
	}
}

func TestLastStampOfBOMLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, utf8BOM+"2026-12-04T10:00:00Z a\n", time.Time{})

	stamp, ok, err := LastStamp(path, Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC); !ok || !stamp.Equal(want) {
		t.Errorf("LastStamp = %v, %v, want %v, true", stamp, ok, want)
	}
}

func TestFollowDropsBOMOfNewFile(t *testing.T) {
	for _, rotation := range []string{"rename", "truncate"} {
		t.Run(rotation, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "mail.log")
			writeFile(t, path, "a\n", time.Time{})
			src := open(t, []string{path}, Options{Follow: true})
			if got := readLines(t, src, 1, 5*time.Second); got[0] != "a" {
				t.Fatalf("first line = %q, want a", got[0])
			}
			waitFollowing(t, src)

			switch rotation {
			case "rename":
				if err := os.Rename(path, path+".1"); err != nil {
					t.Fatal(err)
				}
				appendFile(t, path, utf8BOM+"b\n")
			case "truncate":
				if err := os.Truncate(path, 0); err != nil {
					t.Fatal(err)
				}
				appendFile(t, path, utf8BOM+"b\n")
			}

			if got := readLines(t, src, 1, 10*time.Second); got[0] != "b" {
				t.Errorf("first line of the new file = %q, want b", got[0])
			}
		})
	}
}

func TestFollowDropsBOMOfFileEmptyAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	waitFollowing(t, src)

	appendFile(t, path, utf8BOM+"a\nb\n")

	if got := readLines(t, src, 2, 10*time.Second); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("lines = %q, want a, b", got)
	}
}

// waitFollowing returns once src has read its file to the end and follows
// it: a call of Next then waits for new lines until its deadline.
func waitFollowing(t *testing.T, src LogSource) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if batch, err := src.Next(ctx); len(batch) != 0 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next at the end of the file = %q, %v, want no line and the deadline", texts(batch), err)
	}
}
