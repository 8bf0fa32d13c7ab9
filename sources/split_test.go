package sources

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// splitLog returns about size bytes of syslog lines, one per second from
// start, each naming its own number.
func splitLog(start time.Time, first, size int) (string, int) {
	var b bytes.Buffer
	n := first
	for b.Len() < size {
		at := start.Add(time.Duration(n-first) * time.Second)
		fmt.Fprintf(&b, "%s mx postfix/qmgr[1]: %08X: from=<a@example.com>, size=%d, nrcpt=1 (queue active)\n",
			at.Format(time.Stamp), n, n)
		n++
	}
	return b.String(), n
}

// readSplit reads every source OpenLogsSplit returns for paths, one after
// the other, and returns the lines and the number of sources.
func readSplit(t *testing.T, paths []string, opts Options) ([]string, int) {
	t.Helper()
	srcs, err := OpenLogsSplit(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, src := range srcs {
		all = append(all, texts(readAll(t, src))...)
		if err := src.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}
	return all, len(srcs)
}

func readWhole(t *testing.T, paths []string, opts Options) []string {
	t.Helper()
	src, err := OpenLogs(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	return texts(readAll(t, src))
}

func TestOpenLogsSplitMatchesOpenLogs(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	opts := Options{Year: 2026, Location: time.UTC}

	big := filepath.Join(dir, "mail.log")
	text, _ := splitLog(start, 0, 12<<20)
	writeFile(t, big, text, testTime)

	// A crash left padding across the middle of this copy: the cut must
	// not fall inside it, and the line it cut short still counts.
	padded := filepath.Join(dir, "padded.log")
	middle := len(text) / 2
	withPadding := text[:middle] + string(make([]byte, 300)) + text[middle:]
	writeFile(t, padded, withPadding, testTime)

	// Rotated history: an old compressed file, then a plain one, then the
	// live file.
	rotated := t.TempDir()
	older, next := splitLog(start.Add(-48*time.Hour), 0, 6<<20)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(older))
	zw.Close()
	writeFile(t, filepath.Join(rotated, "mail.log.2.gz"), gz.String(), testTime)
	previous, next := splitLog(start.Add(-24*time.Hour), next, 5<<20)
	writeFile(t, filepath.Join(rotated, "mail.log.1"), previous, testTime)
	current, _ := splitLog(start, next, 5<<20)
	writeFile(t, filepath.Join(rotated, "mail.log"), current, testTime)
	history := []string{
		filepath.Join(rotated, "mail.log"),
		filepath.Join(rotated, "mail.log.1"),
		filepath.Join(rotated, "mail.log.2.gz"),
	}

	small := filepath.Join(dir, "small.log")
	smallText, _ := splitLog(start, 0, 1<<20)
	writeFile(t, small, smallText, testTime)

	sinceOpts := opts
	sinceOpts.Since = start.Add(2 * time.Hour)

	for _, tc := range []struct {
		name    string
		paths   []string
		opts    Options
		sources int
	}{
		{"one file", []string{big}, opts, 2},
		{"padding in the middle", []string{padded}, opts, 2},
		{"rotated history", history, opts, 2},
		{"since", []string{big}, sinceOpts, 2},
		{"small file", []string{small}, opts, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := readWhole(t, tc.paths, tc.opts)
			got, sources := readSplit(t, tc.paths, tc.opts)
			if sources != tc.sources {
				t.Errorf("OpenLogsSplit returned %d sources, want %d", sources, tc.sources)
			}
			if len(got) != len(want) {
				t.Fatalf("split sources delivered %d lines, OpenLogs %d", len(got), len(want))
			}
			if i := firstDifference(got, want); i >= 0 {
				t.Fatalf("line %d differs:\n got %q\nwant %q", i, got[i], want[i])
			}
		})
	}
}

func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func TestOpenLogsSplitHalves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	text, _ := splitLog(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 0, 10<<20)
	writeFile(t, path, text, testTime)
	srcs, err := OpenLogsSplit([]string{path}, Options{Year: 2026, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2", len(srcs))
	}
	first := texts(readAll(t, srcs[0]))
	second := texts(readAll(t, srcs[1]))
	for _, src := range srcs {
		src.Close()
	}
	share := float64(len(first)) / float64(len(first)+len(second))
	if share < 0.45 || share > 0.55 {
		t.Errorf("the first source has %.0f%% of the lines, want about half", 100*share)
	}
	if !slices.Equal(append(first, second...), lineTexts(text)) {
		t.Error("the two sources together do not deliver the file's lines in order")
	}
}

// lineTexts splits text into its lines.
func lineTexts(text string) []string {
	lines := bytes.Split(bytes.TrimSuffix([]byte(text), []byte("\n")), []byte("\n"))
	out := make([]string, len(lines))
	for i, line := range lines {
		out[i] = string(line)
	}
	return out
}

func TestFindLineStartSkipsPadding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	content := "aaaa\x00\n\x00\nbbbb\ncccc\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	got, ok := findLineStart(file, 1)
	if want := int64(len("aaaa\x00\n\x00\nbbbb\n")); !ok || got != want {
		t.Errorf("findLineStart = %d, %v; want %d, true", got, ok, want)
	}
	if _, ok := findLineStart(file, int64(len(content)-1)); ok {
		t.Error("findLineStart found a line start at the end of the file")
	}
}
