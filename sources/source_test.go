package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// readAll reads src to io.EOF and returns a copy of every line.
func readAll(t *testing.T, src LogSource) []Line {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var all []Line
	for {
		batch, err := src.Next(ctx)
		checkBatch(t, batch)
		for _, line := range batch {
			line.Text = bytes.Clone(line.Text)
			all = append(all, line)
		}
		if errors.Is(err, io.EOF) {
			return all
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
	}
}

// readLines reads from src until it has n lines or timeout passes.
func readLines(t *testing.T, src LogSource, n int, timeout time.Duration) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var all []string
	for len(all) < n {
		batch, err := src.Next(ctx)
		checkBatch(t, batch)
		for _, line := range batch {
			all = append(all, string(line.Text))
		}
		if err != nil {
			t.Fatalf("Next after %d of %d lines: %v", len(all), n, err)
		}
	}
	return all
}

func checkBatch(t *testing.T, batch []Line) {
	t.Helper()
	if len(batch) > MaxBatchLines {
		t.Errorf("batch has %d lines, more than %d", len(batch), MaxBatchLines)
	}
	total := 0
	for _, line := range batch {
		total += len(line.Text)
		if len(line.Text) > MaxLineBytes {
			t.Errorf("line of %d bytes, more than %d", len(line.Text), MaxLineBytes)
		}
	}
	if total > MaxBatchBytes {
		t.Errorf("batch has %d bytes of text, more than %d", total, MaxBatchBytes)
	}
}

func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, line := range lines {
		out[i] = string(line.Text)
	}
	return out
}

var testTime = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

func writeFile(t testing.TB, path, content string, modTime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if !modTime.IsZero() {
		if err := os.Chtimes(path, modTime, modTime); err != nil {
			t.Fatal(err)
		}
	}
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, paths []string, opts Options) LogSource {
	t.Helper()
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	src, err := OpenLogs(paths, opts)
	if err != nil {
		t.Fatalf("OpenLogs(%q): %v", paths, err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

func TestOpenLogsReadsRealLog(t *testing.T) {
	path := filepath.Join("..", "testdata", "postfix-3.7-maillog.txt")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	lines := readAll(t, open(t, []string{path}, Options{}))

	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	if got := texts(lines); strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Fatalf("read %d lines, want the file's %d lines unchanged", len(got), len(wantLines))
	}
	for _, line := range lines[:3] {
		if line.Origin != path {
			t.Errorf("Origin = %q, want %q", line.Origin, path)
		}
		if !line.Reference.Equal(info.ModTime()) {
			t.Errorf("Reference = %v, want the modification time %v", line.Reference, info.ModTime())
		}
	}
}

func TestOpenLogsBatchLimits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mail.log")
	var content strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&content, "%d\n", i) // short lines hit the line limit
	}
	for i := range 2000 {
		fmt.Fprintf(&content, "%d %s\n", i, strings.Repeat("x", 200)) // long ones the byte limit
	}
	writeFile(t, path, content.String(), time.Time{})

	lines := readAll(t, open(t, []string{path}, Options{}))

	if got, want := strings.Join(texts(lines), "\n")+"\n", content.String(); got != want {
		t.Fatalf("read %d lines that differ from the file", len(lines))
	}
}

func TestOpenLogsEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "", time.Time{})

	lines := readAll(t, open(t, []string{path}, Options{}))

	if len(lines) != 0 {
		t.Errorf("read %d lines from an empty file", len(lines))
	}
}

func TestOpenLogsLastLineWithoutNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "one\n\ntwo\nthree", time.Time{})

	got := texts(readAll(t, open(t, []string{path}, Options{})))

	if want := []string{"one", "", "two", "three"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestOpenLogsBinaryGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	garbage := make([]byte, 3*MaxBatchBytes)
	for i := range garbage {
		garbage[i] = byte(i*7 + i/251)
		if garbage[i] == '\n' || garbage[i] == 0 {
			// No NUL bytes in the first 64 KiB, which would make
			// OpenLogs reject the file as binary.
			garbage[i] = 1
		}
	}
	content := "first\n" + string(garbage) + "\nlast\n" + "\x00\xff\n"
	writeFile(t, path, content, time.Time{})

	lines := readAll(t, open(t, []string{path}, Options{}))

	got := texts(lines)
	if len(got) != 4 {
		t.Fatalf("read %d lines, want 4: first, the cut garbage, last, the short binary line", len(got))
	}
	// The short binary line loses its leading NUL, as padding does.
	if got[0] != "first" || got[2] != "last" || got[3] != "\xff" {
		t.Errorf("lines around the garbage = %q, %q, %q", got[0], got[2], got[3])
	}
	if got[1] != string(garbage[:MaxLineBytes]) {
		t.Errorf("overlong line is %d bytes, want its first %d", len(got[1]), MaxLineBytes)
	}
}

func TestOpenLogsEmptyPath(t *testing.T) {
	_, err := OpenLogs([]string{""}, Options{})
	if err == nil || !strings.Contains(err.Error(), "the path is empty") {
		t.Errorf("error = %v, want one saying the path is empty", err)
	}
}

func TestOpenLogsMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")

	_, err := OpenLogs([]string{path}, Options{})

	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want one that wraps fs.ErrNotExist", err)
	}
	for _, want := range []string{path, "check the path"} {
		if err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// Running as root does not help with a file that is not there.
	if err != nil && strings.Contains(err.Error(), "root") {
		t.Errorf("error %q suggests root for a missing file", err)
	}
}

func TestOpenLogsUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files with mode 000; the directory case covers the error")
	}
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "x\n", time.Time{})
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}

	_, err := OpenLogs([]string{path}, Options{})

	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error = %v, want one that wraps fs.ErrPermission", err)
	}
}

func TestOpenLogsDirectory(t *testing.T) {
	dir := t.TempDir()

	_, err := OpenLogs([]string{dir}, Options{})

	if err == nil {
		t.Fatal("OpenLogs on a directory returned no error")
	}
	for _, want := range []string{dir, "not a regular file", "--log PATH"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestOpenLogsStdinTwice(t *testing.T) {
	_, err := OpenLogs([]string{"-", "-"}, Options{})

	if err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Errorf("error = %v, want one about standard input given twice", err)
	}
}

func TestOpenLogsTwoFilesInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	older := filepath.Join(dir, "mail.log.1")
	newer := filepath.Join(dir, "mail.log")
	writeFile(t, older, "Dec 03 10:00:00 mx a: 1\nDec 03 11:00:00 mx a: 2\n", time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC))
	writeFile(t, newer, "Dec 04 10:00:00 mx a: 3\nDec 04 11:00:00 mx a: 4\n", time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC))

	lines := readAll(t, open(t, []string{newer, older}, Options{}))

	got := texts(lines)
	want := []string{"Dec 03 10:00:00 mx a: 1", "Dec 03 11:00:00 mx a: 2", "Dec 04 10:00:00 mx a: 3", "Dec 04 11:00:00 mx a: 4"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines = %q, want %q", got, want)
	}
	if lines[0].Origin != older || lines[3].Origin != newer {
		t.Errorf("origins = %q, %q, want %q, %q", lines[0].Origin, lines[3].Origin, older, newer)
	}
}

func TestOpenLogsFilesWithoutStampsByModTime(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "b")
	second := filepath.Join(dir, "a")
	writeFile(t, first, "no stamp 1\n", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	writeFile(t, second, "no stamp 2\n", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))

	got := texts(readAll(t, open(t, []string{second, first}, Options{})))

	if strings.Join(got, "|") != "no stamp 1|no stamp 2" {
		t.Errorf("lines = %q, want the older file first", got)
	}
}

// writeDay writes a log of n lines spread evenly over one day with RFC 3339
// stamps. A few lines have no stamp and a few are a second late. It returns
// the stamp of each line, zero for none.
func writeDay(t testing.TB, path string, n int) []time.Time {
	t.Helper()
	start := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	step := 24 * time.Hour / time.Duration(n)
	stamps := make([]time.Time, n)
	var content strings.Builder
	for i := range n {
		switch {
		case i%997 == 5:
			fmt.Fprintf(&content, "  continuation without a stamp %d\n", i)
		default:
			stamp := start.Add(time.Duration(i) * step)
			if i%101 == 7 {
				stamp = stamp.Add(-time.Second) // a late writer
			}
			stamps[i] = stamp
			fmt.Fprintf(&content, "%s mx postfix/smtp[%d]: line %d\n", stamp.Format("2006-01-02T15:04:05.000000Z07:00"), i, i)
		}
	}
	writeFile(t, path, content.String(), time.Time{})
	return stamps
}

func TestOpenLogsSinceMiddleOfFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	stamps := writeDay(t, path, 100000)

	for _, since := range []time.Time{
		time.Date(2026, 12, 4, 13, 17, 0, 0, time.UTC),
		time.Date(2026, 12, 4, 0, 0, 0, 1, time.UTC),
		time.Date(2026, 12, 4, 23, 59, 0, 0, time.UTC),
	} {
		t.Run(since.Format(time.TimeOnly), func(t *testing.T) {
			lines := readAll(t, open(t, []string{path}, Options{Since: since}))

			first := -1
			for i, stamp := range stamps {
				if !stamp.IsZero() && !stamp.Before(since) {
					first = i
					break
				}
			}
			if want := len(stamps) - first; len(lines) != want {
				t.Fatalf("read %d lines, want %d (from line %d)", len(lines), want, first)
			}
			if want := fmt.Sprintf("line %d", first); !strings.HasSuffix(string(lines[0].Text), want) {
				t.Errorf("first line = %q, want %q", lines[0].Text, want)
			}
		})
	}
}

func TestOpenLogsSinceYearlessStamps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	var content strings.Builder
	for day := 1; day <= 31; day++ {
		for hour := range 24 {
			fmt.Fprintf(&content, "Dec %2d %02d:00:00 vm postfix/qmgr[1]: day %d hour %d\n", day, hour, day, hour)
		}
	}
	for hour := range 24 {
		fmt.Fprintf(&content, "Jan  1 %02d:00:00 vm postfix/qmgr[1]: new year hour %d\n", hour, hour)
	}
	writeFile(t, path, content.String(), time.Date(2027, 1, 1, 23, 30, 0, 0, time.UTC))

	lines := readAll(t, open(t, []string{path}, Options{Since: time.Date(2026, 12, 31, 22, 0, 0, 0, time.UTC)}))

	got := texts(lines)
	if len(got) != 26 || !strings.HasSuffix(got[0], "day 31 hour 22") || !strings.HasSuffix(got[2], "new year hour 0") {
		t.Errorf("lines from Dec 31 22:00 = %q, want the last 26 lines", got)
	}
}

func TestOpenLogsSinceAfterEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeDay(t, path, 1000)

	src := open(t, []string{path}, Options{Since: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	lines := readAll(t, src)
	if len(lines) != 0 {
		t.Errorf("read %d lines stamped before Since", len(lines))
	}
}

func TestOpenLogsFollowSinceAfterEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeDay(t, path, 1000)
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)

	src := open(t, []string{path}, Options{
		Since:  time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Follow: true,
		Now:    func() time.Time { return now },
	})
	waiting, cancelWait := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancelWait()
	if batch, err := src.Next(waiting); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %d lines, %v; want no line before the end of the file", len(batch), err)
	}
	appendFile(t, path, "2027-01-01T12:00:00Z mx postfix/qmgr[1]: live 1\n2027-01-01T12:00:01Z mx postfix/qmgr[1]: live 2\n")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []Line
	for len(got) < 2 {
		batch, err := src.Next(ctx)
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		for _, line := range batch {
			line.Text = bytes.Clone(line.Text)
			got = append(got, line)
		}
	}
	if len(got) != 2 || !strings.HasSuffix(string(got[0].Text), "live 1") || !strings.HasSuffix(string(got[1].Text), "live 2") {
		t.Fatalf("lines = %q, want only the two appended lines", texts(got))
	}
	if !got[0].Reference.Equal(now) {
		t.Errorf("Reference of a live line = %v, want the current time %v", got[0].Reference, now)
	}
}

func TestOpenLogsAtEndReadsOnlyNewLines(t *testing.T) {
	dir := t.TempDir()
	older, current := filepath.Join(dir, "mail.log.1"), filepath.Join(dir, "mail.log")
	writeFile(t, older, "2026-12-31T23:00:00Z mx postfix/qmgr[1]: rotated\n", time.Time{})
	writeFile(t, current, "2027-01-01T11:00:00Z mx postfix/qmgr[1]: before 1\n2027-01-01T11:00:01Z mx postfix/qmgr[1]: before 2\n", time.Time{})

	src := open(t, []string{older, current}, Options{AtEnd: true, Follow: true})
	waiting, cancelWait := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancelWait()
	if batch, err := src.Next(waiting); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %q, %v; want no line written before OpenLogs", texts(batch), err)
	}
	appendFile(t, current, "2027-01-01T12:00:00Z mx postfix/qmgr[1]: after\n")

	if got := readLines(t, src, 1, 10*time.Second); !strings.HasSuffix(got[0], "after") {
		t.Errorf("line = %q, want the line appended after OpenLogs", got[0])
	}
}

func TestOpenLogsFollowWaitsForWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "old\npart", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})

	if got := readLines(t, src, 1, 10*time.Second); got[0] != "old" {
		t.Fatalf("first line = %q, want %q", got[0], "old")
	}
	appendFile(t, path, "ial\n")

	if got := readLines(t, src, 1, 10*time.Second); got[0] != "partial" {
		t.Errorf("line finished by a later write = %q, want %q", got[0], "partial")
	}
}

func TestOpenLogsFollowStopsWithContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := src.Next(ctx)

	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Next = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Next returned %v after its context ended", elapsed)
	}
	if err := src.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestOpenLogsFollowVanishedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "before\n", time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	readLines(t, src, 1, 10*time.Second)

	// The open descriptor still reads the removed file. A new file at the
	// path is read once it has data.
	appendFile(t, path, "written before removal\n")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, "new file\n")

	got := readLines(t, src, 2, 10*time.Second)
	if strings.Join(got, "|") != "written before removal|new file" {
		t.Errorf("lines = %q, want the removed file's last line, then the new file's", got)
	}
}

func TestOpenLogsOnlyLastFileFollowed(t *testing.T) {
	dir := t.TempDir()
	older := filepath.Join(dir, "mail.log.1")
	newer := filepath.Join(dir, "mail.log")
	writeFile(t, older, "Dec 03 10:00:00 mx a: 1\n", time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC))
	writeFile(t, newer, "Dec 04 10:00:00 mx a: 2\n", time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC))
	src := open(t, []string{older, newer}, Options{Follow: true})

	readLines(t, src, 2, 10*time.Second)
	appendFile(t, older, "Dec 03 10:00:01 mx a: late\n")
	appendFile(t, newer, "Dec 04 10:00:01 mx a: 3\n")

	if got := readLines(t, src, 1, 10*time.Second); got[0] != "Dec 04 10:00:01 mx a: 3" {
		t.Errorf("line = %q, want the line appended to the newest file", got[0])
	}
}

func TestStreamSourceReadsUntilClosed(t *testing.T) {
	reader, writer := io.Pipe()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	src := &multiSource{batch: newBatch(), parts: []part{newStreamSource(reader, "-", Options{Now: func() time.Time { return now }}, time.Time{}, nil)}}
	defer src.Close()

	go func() {
		writer.Write([]byte("one\ntw"))
		writer.Write([]byte("o\n" + strings.Repeat("y", MaxLineBytes+10) + "\nlast"))
		writer.Close()
	}()
	lines := readAll(t, src)

	got := texts(lines)
	if len(got) != 4 || got[0] != "one" || got[1] != "two" || got[2] != strings.Repeat("y", MaxLineBytes) || got[3] != "last" {
		t.Errorf("lines = %d %.20q, want one, two, a cut overlong line, last", len(got), got)
	}
	if lines[0].Origin != "-" || !lines[0].Reference.Equal(now) {
		t.Errorf("Origin, Reference = %q, %v, want \"-\", %v", lines[0].Origin, lines[0].Reference, now)
	}
}

func TestStreamSourceSince(t *testing.T) {
	content := "2026-12-04T10:00:00Z a\nno stamp\n2026-12-04T11:00:00Z b\nno stamp after\n2026-12-04T10:59:00Z c\n"
	src := &multiSource{batch: newBatch(), parts: []part{newStreamSource(strings.NewReader(content), "-", Options{
		Now:   time.Now,
		Since: time.Date(2026, 12, 4, 11, 0, 0, 0, time.UTC),
	}, time.Time{}, nil)}}
	defer src.Close()

	got := texts(readAll(t, src))

	if strings.Join(got, "|") != "2026-12-04T11:00:00Z b|no stamp after|2026-12-04T10:59:00Z c" {
		t.Errorf("lines = %q, want every line from the first one at or after Since", got)
	}
}

func TestStreamSourceStopsWithContext(t *testing.T) {
	reader, writer := io.Pipe()
	defer writer.Close()
	src := &multiSource{batch: newBatch(), parts: []part{newStreamSource(reader, "-", Options{Now: time.Now}, time.Time{}, nil)}}
	defer src.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := src.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Next = %v, want context.DeadlineExceeded", err)
	}
}

func TestOpenLogsFollowLateWriteAfterRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "first\n", time.Time{})
	old, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	src := open(t, []string{path}, Options{Follow: true})
	readLines(t, src, 1, 10*time.Second)

	// Another writer creates the new file while the old writer has not
	// reopened the path yet.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, "new\n")
	if got := readLines(t, src, 1, 10*time.Second); got[0] != "new" {
		t.Fatalf("line = %q, want the new file's line", got[0])
	}
	if _, err := old.WriteString("late\n"); err != nil {
		t.Fatal(err)
	}

	if got := readLines(t, src, 1, 10*time.Second); got[0] != "late" {
		t.Errorf("line = %q, want the line written late to the rotated file", got[0])
	}
}

func TestOpenLogsOrdersMixedFormats(t *testing.T) {
	traditional := filepath.Join("..", "testdata", "sources", "syslog-traditional.log")
	rfc3339 := filepath.Join("..", "testdata", "sources", "rsyslog-rfc3339.log")
	// The yearless file takes its year from Options.Year here, because a
	// checkout sets the modification time to the time of the checkout.
	src := open(t, []string{traditional, rfc3339}, Options{Year: 2026})

	lines := readAll(t, src)

	if len(lines) != 5 {
		t.Fatalf("read %d lines, want 5", len(lines))
	}
	if lines[0].Origin != rfc3339 || lines[4].Origin != traditional {
		t.Errorf("origins = %q first and %q last, want the RFC 3339 file (10:00) before the syslog one (19:52)", lines[0].Origin, lines[4].Origin)
	}
	if got := string(lines[3].Text); got != "garbage line without a timestamp" {
		t.Errorf("line 4 = %q, want the line without a timestamp kept in place", got)
	}
}

func TestOpenLogsSinceSkipsFileBefore(t *testing.T) {
	traditional := filepath.Join("..", "testdata", "sources", "syslog-traditional.log")
	rfc3339 := filepath.Join("..", "testdata", "sources", "rsyslog-rfc3339.log")
	since := time.Date(2026, 12, 4, 19, 52, 11, 0, time.UTC)

	lines := readAll(t, open(t, []string{traditional, rfc3339}, Options{Year: 2026, Since: since}))

	if len(lines) != 1 || !strings.Contains(string(lines[0].Text), "status=deferred") {
		t.Errorf("lines = %q, want only the deferral at 19:52:11", texts(lines))
	}
}

func TestOpenLogsFollowCopyTruncateRegrown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	var content strings.Builder
	for i := range 10 {
		fmt.Fprintf(&content, "old line %02d\n", i)
	}
	writeFile(t, path, content.String(), time.Time{})
	src := open(t, []string{path}, Options{Follow: true})
	readLines(t, src, 10, 10*time.Second)
	waiting, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := src.Next(waiting); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %v, want to wait at the end of the file", err)
	}

	// Five more lines, a copytruncate, then more new bytes than the file
	// had, all faster than the follower polls.
	var want []string
	var more strings.Builder
	for i := 10; i < 15; i++ {
		fmt.Fprintf(&more, "old line %02d\n", i)
		want = append(want, fmt.Sprintf("old line %02d", i))
	}
	appendFile(t, path, more.String())
	copied, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path+".1", string(copied), time.Time{})
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var regrown strings.Builder
	for i := range 40 {
		fmt.Fprintf(&regrown, "new line after truncation %02d\n", i)
		want = append(want, fmt.Sprintf("new line after truncation %02d", i))
	}
	appendFile(t, path, regrown.String())

	got := readLines(t, src, len(want), 10*time.Second)

	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines after copytruncate:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestVerifyTailLinesDropsLinesAfterRegrowth(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "old line 1\nold line 2\n", time.Time{})
	f, err := openFileSource(path, Options{Logger: discardLogger(), Now: time.Now, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	b := newBatch()
	if _, err := f.live.readInto(b, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	var before [markBytes]byte
	offsetBefore, markBefore := f.live.offset, append(before[:0], f.live.mark...)

	// copytruncate and new bytes past the old offset; then a line read at
	// the old offset, as nxadm/tail would read it.
	appendFile(t, path, "old line 3\n")
	copied, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path+".1", string(copied), time.Time{})
	writeFile(t, path, "new line 1\nnew line 2\nnew line 3\n", time.Time{})
	b.reset()
	addText(b, "new line 3", path, time.Now())
	f.live.offset += int64(len("new line 3\n"))

	f.verifyTailLines(b, offsetBefore, markBefore)

	if len(b.lines) != 0 {
		t.Errorf("batch kept %q read from the old offset of a regrown file", texts(b.lines))
	}
	if f.live.offset != 0 {
		t.Errorf("live offset = %d, want 0 after the truncation", f.live.offset)
	}
	if len(f.backlog) != 1 || f.backlog[0].offset != offsetBefore {
		t.Fatalf("backlog = %d readers, want the copy at offset %d", len(f.backlog), offsetBefore)
	}
	b.reset()
	if err := f.readBacklog(b); err != nil {
		t.Fatal(err)
	}
	if got := texts(b.lines); len(got) != 1 || got[0] != "old line 3" {
		t.Errorf("lines from the copy = %q, want the line written before the truncation", got)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func writeGzip(t *testing.T, path, content string, modTime time.Time) {
	t.Helper()
	writeFile(t, path, string(gzipBytes(t, content)), modTime)
}

// gzipBytes returns content compressed with gzip.
func gzipBytes(t *testing.T, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenLogsGzipInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	oldest := filepath.Join(dir, "mail.log.2.gz")
	older := filepath.Join(dir, "mail.log.1")
	current := filepath.Join(dir, "mail.log")
	writeGzip(t, oldest, "Dec 02 10:00:00 mx a: 1\nDec 02 11:00:00 mx a: 2\n", time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC))
	writeFile(t, older, "Dec 03 10:00:00 mx a: 3\n", time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC))
	writeFile(t, current, "Dec 04 10:00:00 mx a: 4\n", time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC))

	lines := readAll(t, open(t, []string{current, oldest, older}, Options{}))

	got := texts(lines)
	want := []string{"Dec 02 10:00:00 mx a: 1", "Dec 02 11:00:00 mx a: 2", "Dec 03 10:00:00 mx a: 3", "Dec 04 10:00:00 mx a: 4"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines = %q, want %q", got, want)
	}
	if lines[0].Origin != oldest {
		t.Errorf("Origin = %q, want %q", lines[0].Origin, oldest)
	}
	if want := time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC); !lines[0].Reference.Equal(want) {
		t.Errorf("Reference = %v, want the compressed file's modification time %v", lines[0].Reference, want)
	}
}

func TestOpenLogsGzipSince(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log.1.gz")
	writeGzip(t, path, "Dec 02 10:00:00 mx a: 1\nDec 02 11:00:00 mx a: 2\nDec 02 12:00:00 mx a: 3\n", time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC))

	lines := readAll(t, open(t, []string{path}, Options{Since: time.Date(2026, 12, 2, 11, 0, 0, 0, time.UTC)}))

	if got := texts(lines); strings.Join(got, "|") != "Dec 02 11:00:00 mx a: 2|Dec 02 12:00:00 mx a: 3" {
		t.Errorf("lines = %q, want the two from 11:00 on", got)
	}
}

func TestOpenLogsGzipInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log.1.gz")
	writeFile(t, path, "plain text, not gzip\n", time.Time{})

	_, err := OpenLogs([]string{path}, Options{})

	if err == nil || !strings.Contains(err.Error(), "invalid gzip data") || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %v, want one naming the path and the invalid gzip data", err)
	}
}

func TestOpenLogsGzipTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log.1.gz")
	var content strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&content, "Dec 02 10:00:00 mx a: %d %d\n", i, i*7919)
	}
	writeGzip(t, path, content.String(), time.Time{})
	compressed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(compressed[:len(compressed)/2]), time.Time{})

	src := open(t, []string{path}, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var err2 error
	for err2 == nil {
		_, err2 = src.Next(ctx)
	}

	if errors.Is(err2, io.EOF) || !strings.Contains(err2.Error(), path) {
		t.Errorf("Next on a cut gzip file = %v, want a read error naming the path", err2)
	}
}

func TestOpenLogsCloseEndsGoroutines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "first\n", time.Time{})
	before := runtime.NumGoroutine()

	src, err := OpenLogs([]string{path}, Options{Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	readLines(t, src, 1, 10*time.Second)
	waiting, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := src.Next(waiting); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %v, want to wait at the end of the file", err)
	}
	if err := src.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	// nxadm/tail's poller notices the stop at its next poll, 250 ms on.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after Close, %d before OpenLogs", after, before)
	}
	if _, err := src.Next(context.Background()); err == nil {
		t.Error("Next after Close returned no error")
	}
}

func TestOpenLogsRejectsBinaryFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		content []byte
	}{
		{"NUL in the first line", []byte("\x7fELF\x02\x01\x01\x00\x00\x00Dec  4 10:00:00 mx postfix/smtp[1]: x\n")},
		{"NUL after text lines with a control byte", append([]byte(strings.Repeat("Dec  4 10:00:00 mx cron[1]: ok\x01\n", 100)), 0, 'x', '\n')},
		{"NUL at the last probed byte", append(append(bytes.Repeat([]byte("a"), 64<<10-2), 1), 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			writeFile(t, path, string(tc.content), time.Time{})

			_, err := OpenLogs([]string{path}, Options{})
			if !errors.Is(err, ErrBinaryLog) {
				t.Fatalf("OpenLogs on a binary file: err = %v, want ErrBinaryLog", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--log") {
				t.Errorf("error %q does not name the file and the fix", err)
			}

			gzPath := path + ".gz"
			var compressed bytes.Buffer
			zw := gzip.NewWriter(&compressed)
			zw.Write(tc.content)
			zw.Close()
			writeFile(t, gzPath, compressed.String(), time.Time{})
			if _, err := OpenLogs([]string{gzPath}, Options{}); !errors.Is(err, ErrBinaryLog) {
				t.Errorf("OpenLogs on a compressed binary file: err = %v, want ErrBinaryLog", err)
			}
		})
	}
}

func TestOpenLogsAcceptsNULAfterProbe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	content := strings.Repeat("a", 64<<10) + "\nx\x00\x01\n"
	writeFile(t, path, content, time.Time{})

	// The text after the NUL byte is the rest of the line that the NUL
	// byte cut, so it is dropped (see padState).
	lines := readAll(t, open(t, []string{path}, Options{}))
	if len(lines) != 2 {
		t.Fatalf("read %d lines, want 2", len(lines))
	}
	if got := string(lines[1].Text); got != "x" {
		t.Errorf("line after the probe = %q, want the text before its NUL byte", got)
	}
}
