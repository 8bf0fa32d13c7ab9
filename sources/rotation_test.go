package sources

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rotatingWriter writes numbered lines to a log at a steady rate and
// rotates the log the ways logrotate and Postfix do.
type rotatingWriter struct {
	t    *testing.T
	path string
	file *os.File
	next int
}

func (w *rotatingWriter) open() {
	file, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		w.t.Error(err)
		return
	}
	w.file = file
}

// writeLine writes the next numbered line, every seventh one in two writes
// so that readers meet unfinished lines.
func (w *rotatingWriter) writeLine() {
	line := fmt.Sprintf("Dec 04 21:00:00 mx postfix/smtp[%d]: seq %d to=<user@docomo.ne.jp>, status=sent\n", w.next%30000, w.next)
	parts := []string{line}
	if w.next%7 == 0 {
		parts = []string{line[:20], line[20:]}
	}
	for _, part := range parts {
		if _, err := w.file.WriteString(part); err != nil {
			w.t.Error(err)
		}
	}
	w.next++
}

// shift renames path.1 to path.2 and so on, as logrotate does before it
// makes a new path.1.
func (w *rotatingWriter) shift() {
	for i := 4; i >= 1; i-- {
		from := fmt.Sprintf("%s.%d", w.path, i)
		if _, err := os.Stat(from); err == nil {
			if err := os.Rename(from, fmt.Sprintf("%s.%d", w.path, i+1)); err != nil {
				w.t.Error(err)
			}
		}
	}
}

// renameAndCreate is logrotate's create mode. The log is renamed and a new
// one created, and the writer keeps writing to the old file until a signal
// makes it reopen the path.
func (w *rotatingWriter) renameAndCreate() {
	w.shift()
	if err := os.Rename(w.path, w.path+".1"); err != nil {
		w.t.Error(err)
	}
	created, err := os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		w.t.Error(err)
		return
	}
	created.Close()
	for range 5 {
		w.writeLine()
	}
	w.file.Close()
	w.open()
}

// postfixLogrotate is `postfix logrotate`: the log is renamed with the
// maillog_file_rotate_suffix, postlogd writes on to the old file until the
// reload reaches it, then creates the path on its next write. The renamed
// file is compressed later.
func (w *rotatingWriter) postfixLogrotate() (compress func()) {
	rotated := w.path + "." + time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC).Format("20060102-150405")
	if err := os.Rename(w.path, rotated); err != nil {
		w.t.Error(err)
	}
	for range 5 {
		w.writeLine()
	}
	w.file.Close()
	w.open()
	return func() {
		content, err := os.ReadFile(rotated)
		if err != nil {
			w.t.Error(err)
			return
		}
		out, err := os.Create(rotated + ".gz")
		if err != nil {
			w.t.Error(err)
			return
		}
		zw := gzip.NewWriter(out)
		zw.Write(content)
		zw.Close()
		out.Close()
		os.Remove(rotated)
	}
}

// copyTruncate is logrotate's copytruncate: the log is copied to copyName
// and truncated in place while the writer keeps its descriptor.
//
// Lines written between the copy and the truncation are lost to every
// reader, so the writer waits for both, as if it had written nothing then.
func (w *rotatingWriter) copyTruncate(copyName string) {
	if copyName == w.path+".1" {
		w.shift()
	}
	content, err := os.ReadFile(w.path)
	if err != nil {
		w.t.Error(err)
		return
	}
	if err := os.WriteFile(copyName, content, 0o640); err != nil {
		w.t.Error(err)
	}
	if err := os.Truncate(w.path, 0); err != nil {
		w.t.Error(err)
	}
}

func TestFollowAcrossRotations(t *testing.T) {
	if testing.Short() {
		t.Skip("writes for several seconds")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "mail.log")
	writer := &rotatingWriter{t: t, path: path}
	writer.open()
	for range 100 {
		writer.writeLine()
	}

	var debug strings.Builder
	var debugMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&debug, &debugMu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	src, err := OpenLogs([]string{path}, Options{Follow: true, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()

	// The writer writes 3 lines a millisecond and rotates every 1500
	// lines, about half a second, which keeps a copytruncate from letting
	// the file grow back past the reader's offset within one poll.
	const linesPerTick, rotateEvery = 3, 1500
	rotations := []func(){
		writer.renameAndCreate,
		func() { writer.copyTruncate(path + ".1") },
		writer.renameAndCreate,
		func() { writer.copyTruncate(path + "-20261204") },
		nil, // postfix logrotate, which compresses later
		writer.renameAndCreate,
		func() { writer.copyTruncate(path + ".1") },
	}
	total := 100 + (len(rotations)+1)*rotateEvery

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		defer writer.file.Close()
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		var compress func()
		compressAt := -1
		for writer.next < total {
			<-ticker.C
			for range linesPerTick {
				if writer.next >= total {
					break
				}
				writer.writeLine()
				if writer.next%rotateEvery == 0 && writer.next/rotateEvery <= len(rotations) {
					rotate := rotations[writer.next/rotateEvery-1]
					if rotate == nil {
						compress = writer.postfixLogrotate()
						compressAt = writer.next + rotateEvery/3
					} else {
						rotate()
					}
				}
				if writer.next == compressAt {
					compress()
				}
			}
		}
	}()

	var got []int
	lastProgress := time.Now()
	finished := false
	for len(got) < total && time.Since(lastProgress) < 15*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		batch, err := src.Next(ctx)
		cancel()
		if err != nil && err != context.DeadlineExceeded {
			t.Fatalf("Next: %v", err)
		}
		for _, line := range batch {
			text := string(line.Text)
			i := strings.Index(text, " seq ")
			fields := strings.Fields(text[i+5:])
			n, err := strconv.Atoi(fields[0])
			if i < 0 || err != nil {
				t.Fatalf("line without a number: %q", text)
			}
			got = append(got, n)
		}
		if len(batch) > 0 {
			lastProgress = time.Now()
		}
		if !finished {
			select {
			case <-writerDone:
				finished = true
				lastProgress = time.Now()
			default:
			}
		}
	}
	<-writerDone

	if t.Failed() {
		return
	}
	for i, n := range got {
		if n != i {
			t.Errorf("line %d has number %d; around it: %v", i, n, got[max(0, i-3):min(len(got), i+4)])
			break
		}
	}
	if len(got) != total {
		t.Errorf("read %d lines, want %d", len(got), total)
	}
	debugMu.Lock()
	if !strings.Contains(debug.String(), "following log with nxadm/tail") {
		t.Errorf("nxadm/tail never followed the log")
	}
	debugMu.Unlock()
	if t.Failed() {
		debugMu.Lock()
		t.Logf("source log:\n%s", debug.String())
		debugMu.Unlock()
	}
}

// lockedWriter serializes writes to a strings.Builder.
type lockedWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

var _ io.Writer = lockedWriter{}

// A log may be truncated by copytruncate and written past the read offset
// while its backlog is still being read. Reading must not go on from that
// offset in the new text. The rest of the old lines come from the copy,
// then the new file from its start.
func TestCopytruncateDuringBacklogRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mail.log")
	numbered := func(prefix string, n int) []string {
		lines := make([]string, n)
		for i := range lines {
			lines[i] = fmt.Sprintf("Dec 04 21:00:00 mx postfix/smtp[100]: %s line %05d to=<user@docomo.ne.jp>, status=sent", prefix, i)
		}
		return lines
	}
	old := numbered("old", 3000)
	if err := os.WriteFile(path, []byte(strings.Join(old, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := OpenLogs([]string{path}, Options{Follow: true, Year: 2026, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var got []string
	batch, err := src.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range batch {
		got = append(got, string(line.Text))
	}
	if len(got) >= len(old) {
		t.Fatalf("the first batch held all %d lines; the test needs a longer log", len(got))
	}

	// copytruncate, then the writer fills the file past the old offset.
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".1", content, 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := numbered("new", 3000)
	if err := os.WriteFile(path, []byte(strings.Join(fresh, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	want := append(append([]string{}, old...), fresh...)
	for len(got) < len(want) {
		batch, err := src.Next(ctx)
		if err != nil {
			t.Fatalf("after %d of %d lines: %v", len(got), len(want), err)
		}
		for _, line := range batch {
			got = append(got, string(line.Text))
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %d lines, want %d", len(got), len(want))
	}
}
