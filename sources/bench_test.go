package sources

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkOpenLogsRead reads a file made of the real Postfix log repeated
// to about 64 MiB, the size of a busy day.
func BenchmarkOpenLogsRead(b *testing.B) {
	sample, err := os.ReadFile(filepath.Join("..", "testdata", "postfix-3.7-maillog.txt"))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "mail.log")
	file, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for size < 64<<20 {
		n, err := file.Write(sample)
		if err != nil {
			b.Fatal(err)
		}
		size += n
	}
	file.Close()

	b.SetBytes(int64(size))
	b.ReportAllocs()
	lines := 0
	for b.Loop() {
		src, err := OpenLogs([]string{path}, Options{Location: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		for {
			batch, err := src.Next(context.Background())
			lines += len(batch)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		src.Close()
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkStreamRead reads the real Postfix log repeated to about 64 MiB
// from memory through the reader of standard input and gzip files.
func BenchmarkStreamRead(b *testing.B) {
	sample, err := os.ReadFile(filepath.Join("..", "testdata", "postfix-3.7-maillog.txt"))
	if err != nil {
		b.Fatal(err)
	}
	content := bytes.Repeat(sample, (64<<20)/len(sample)+1)

	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	lines := 0
	for b.Loop() {
		stream := newStreamSource(bytes.NewReader(content), stdinPath, Options{Now: time.Now, Location: time.UTC}, time.Time{}, nil)
		src := &multiSource{batch: newBatch(), parts: []part{stream}}
		for {
			batch, err := src.Next(context.Background())
			lines += len(batch)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		src.Close()
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkFindSince positions a day-long file of 1,000,000 lines at noon.
func BenchmarkFindSince(b *testing.B) {
	path := filepath.Join(b.TempDir(), "mail.log")
	writeDay(b, path, 1000000)
	file, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		b.Fatal(err)
	}
	since := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

	b.ReportAllocs()
	for b.Loop() {
		if _, err := findSince(file, info.Size(), since, stampReader{location: time.UTC}); err != nil {
			b.Fatal(err)
		}
	}
}
