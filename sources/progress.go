package sources

import (
	"io"
	"sync/atomic"
)

// Progress is how much of the logs' history a source has read: the bytes
// that were in its files when they were opened, from where reading
// started (after --since) to their ends at that moment.
type Progress struct {
	Read, Total int64
	// Unsized is set when part of the history has no size known in
	// advance: standard input.
	Unsized bool
}

// ProgressSource is a LogSource that reports how much of its history it
// has read. Progress is safe to call from any goroutine while another one
// reads the source.
type ProgressSource interface {
	LogSource
	Progress() Progress
}

// Progress sums the progress of the parts.
func (s *multiSource) Progress() Progress {
	var sum Progress
	for _, p := range s.parts {
		got := p.progress()
		sum.Read += got.Read
		sum.Total += got.Total
		sum.Unsized = sum.Unsized || got.Unsized
	}
	return sum
}

// historyBytes counts the bytes of one file's history that were read, for
// the goroutine that shows progress.
type historyBytes struct {
	total int64 // fixed at open
	read  atomic.Int64
}

// set records that n bytes were read, capped at total and never fewer
// than before, because a rotation during the read starts a new file at
// offset 0. Only the reading goroutine calls it.
func (h *historyBytes) set(n int64) {
	n = min(n, h.total)
	if n > h.read.Load() {
		h.read.Store(n)
	}
}

func (h *historyBytes) progress() Progress {
	return Progress{Read: h.read.Load(), Total: h.total}
}

// countingReader counts the bytes read through it, for the progress of a
// compressed file, whose lines come through gzip.
type countingReader struct {
	r     io.Reader
	bytes *historyBytes
	n     int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.bytes.set(c.n)
	return n, err
}

// progress reports a compressed file's progress by its compressed bytes.
// Standard input has no size.
func (s *streamSource) progress() Progress {
	if s.history == nil {
		return Progress{Unsized: true}
	}
	return s.history.progress()
}
