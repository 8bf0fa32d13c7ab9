package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// readWatchingProgress reads src to its end and checks after each batch
// that its progress never goes back and never passes its total. It returns
// the progress before the first read and after the last.
func readWatchingProgress(t *testing.T, src LogSource) (first, last Progress) {
	t.Helper()
	ps, ok := src.(ProgressSource)
	if !ok {
		t.Fatalf("%T does not report progress", src)
	}
	first = ps.Progress()
	prev := first
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		_, err := src.Next(ctx)
		p := ps.Progress()
		if p.Read < prev.Read || p.Read > p.Total || p.Total != first.Total {
			t.Fatalf("progress went from %+v to %+v", prev, p)
		}
		prev = p
		if errors.Is(err, io.EOF) {
			return first, p
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
	}
}

func TestProgressCountsHistoryBytes(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "mail.log")
	writeDay(t, plain, 50000)
	info, err := os.Stat(plain)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("whole file", func(t *testing.T) {
		first, last := readWatchingProgress(t, open(t, []string{plain}, Options{}))
		if first != (Progress{Read: 0, Total: info.Size()}) || last.Read != info.Size() {
			t.Fatalf("progress %+v at open and %+v at the end; want 0 then %d of %d", first, last, info.Size(), info.Size())
		}
	})

	t.Run("from --since", func(t *testing.T) {
		since := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
		first, last := readWatchingProgress(t, open(t, []string{plain}, Options{Since: since}))
		// A quarter of the day is left after 18:00.
		if first.Read != 0 || first.Total < info.Size()/5 || first.Total > info.Size()/3 {
			t.Fatalf("progress at open %+v; want 0 read of about a quarter of %d bytes", first, info.Size())
		}
		if last.Read != last.Total {
			t.Fatalf("progress at the end %+v; want all read", last)
		}
	})

	t.Run("compressed copy first", func(t *testing.T) {
		content, err := os.ReadFile(plain)
		if err != nil {
			t.Fatal(err)
		}
		var compressed bytes.Buffer
		zw := gzip.NewWriter(&compressed)
		zw.Write(bytes.ReplaceAll(content, []byte("2026-12-04T"), []byte("2026-12-03T")))
		zw.Close()
		gz := filepath.Join(dir, "mail.log.1.gz")
		writeFile(t, gz, compressed.String(), time.Time{})

		first, last := readWatchingProgress(t, open(t, []string{gz, plain}, Options{}))
		want := int64(compressed.Len()) + info.Size()
		if first.Total != want || last.Read != want {
			t.Fatalf("progress %+v at open and %+v at the end; want a total of %d (compressed %d + plain %d), all read",
				first, last, want, compressed.Len(), info.Size())
		}
	})
}

// A followed file's history is what it held at open: lines added later do
// not move the total, and the history counts as read at its end.
func TestProgressOfFollowedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeDay(t, path, 1000)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	src := open(t, []string{path}, Options{Follow: true})
	ps := src.(ProgressSource)
	readLines(t, src, 1000, 10*time.Second)
	appendFile(t, path, "2026-12-04T23:59:59.000000+00:00 mx postfix/smtp[1]: late\n")
	readLines(t, src, 1, 10*time.Second)
	if p := ps.Progress(); p != (Progress{Read: info.Size(), Total: info.Size()}) {
		t.Fatalf("progress %+v; want the %d bytes at open, all read", p, info.Size())
	}
}

func TestProgressOfStandardInputIsUnknown(t *testing.T) {
	src := open(t, []string{"-"}, Options{})
	if p := src.(ProgressSource).Progress(); p != (Progress{Unsized: true}) {
		t.Fatalf("progress of standard input %+v; want no size", p)
	}
}
