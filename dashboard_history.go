package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// historyWait is how long a read waits for its lines before the debug log
// records that the history of the log has been read. A log with no history
// yet waits ten times longer, because journalctl may take a moment to start.
const historyWait = 100 * time.Millisecond

// historyLogger passes the lines of a log source on and writes one debug
// log line once the history has been read: when a read has waited
// historyWait for new lines, or at the end of the source. It also counts
// the lines for the "dashboard stopped" line at exit.
type historyLogger struct {
	sources.LogSource
	logger *slog.Logger
	start  time.Time
	lines  atomic.Int64
	done   atomic.Bool
	// live counts the lines of the reads that started after the history
	// was read, for the lines/s figure, and returned records that a read
	// has returned (see historyRead).
	live     atomic.Int64
	returned atomic.Bool
	// historyLines is one more than the number of lines the history had,
	// once all of them have been read, and zero before.
	historyLines atomic.Int64
	// unsized makes the header note the reading of a history whose size
	// is not known, until a read waits.
	unsized bool
	// journal makes a history of no lines a warning: journalctl found no
	// entry of the mail facility.
	journal bool
}

// Next reads the next batch of lines from the source.
func (h *historyLogger) Next(ctx context.Context) ([]sources.Line, error) {
	live := h.historyRead()
	lines, err := h.next(ctx)
	h.returned.Store(true)
	if live {
		h.live.Add(int64(len(lines)))
	} else if h.historyRead() {
		h.historyLines.CompareAndSwap(0, h.lines.Load()+1)
	}
	return lines, err
}

// historyEnd returns the number of lines of the history once they have
// all been read from the source. The count may include a few lines that
// arrived while the history was read, if they came in the same read.
func (h *historyLogger) historyEnd() (int64, bool) {
	n := h.historyLines.Load()
	return n - 1, n > 0
}

// next reads the next batch of lines and reports the end of the history
// to the debug log.
func (h *historyLogger) next(ctx context.Context) ([]sources.Line, error) {
	if h.done.Load() {
		lines, err := h.LogSource.Next(ctx)
		h.lines.Add(int64(len(lines)))
		return lines, err
	}
	called := time.Now()
	read := h.lines.Load()
	wait := historyWait
	if read == 0 {
		wait *= 10
	}
	timer := time.AfterFunc(wait, func() {
		// A file source reports when it has read its history, because on
		// a busy machine a read inside the history can also wait this long.
		if ctx.Err() == nil && !h.sizedPending() {
			h.report(read, called)
		}
	})
	lines, err := h.LogSource.Next(ctx)
	timer.Stop()
	if errors.Is(err, io.EOF) {
		h.report(read, called)
	}
	h.lines.Add(int64(len(lines)))
	return lines, err
}

// report writes the debug log line about the history once. The lines
// were read before the read that started at caughtUp.
func (h *historyLogger) report(lines int64, caughtUp time.Time) {
	if !h.done.CompareAndSwap(false, true) {
		return
	}
	h.historyLines.CompareAndSwap(0, lines+1)
	h.logger.Info("log history read", "lines", lines, "seconds", caughtUp.Sub(h.start).Seconds())
	// NOTE: a journalctl that takes longer than the first wait to print
	// its first entry is reported as empty too.
	if lines == 0 && h.journal {
		h.logger.Warn("the systemd journal gave no lines: it has no entry of the mail facility in the time read; "+
			"if Postfix logs to a file, pass --log with its path", "match", sources.MailFacilityMatch)
	}
}

// sized returns the progress of a source whose history has a known size,
// and false for any other source.
func (h *historyLogger) sized() (sources.Progress, bool) {
	source, ok := h.LogSource.(sources.ProgressSource)
	if !ok {
		return sources.Progress{}, false
	}
	p := source.Progress()
	return p, !p.Unsized
}

// sizedPending reports whether the source's history has a known size and
// has not been read to its end.
func (h *historyLogger) sizedPending() bool {
	p, ok := h.sized()
	return ok && p.Read < p.Total
}

// progress returns how far the history has been read, for the header.
// Log files give a percentage of their bytes. The journal and standard
// input give none, so they count as read once a read waits, as for the
// debug log line. The demo sets no unsized flag and shows nothing, because
// its replay keeps sending lines and rarely waits that long.
func (h *historyLogger) progress() tui.History {
	if p, ok := h.sized(); ok {
		if p.Read >= p.Total {
			return tui.History{}
		}
		return tui.History{Reading: true, Percent: int(min(p.Read*100/p.Total, 100))}
	}
	if h.unsized && !h.done.Load() {
		return tui.History{Reading: true, Percent: -1}
	}
	return tui.History{}
}

// historyRead reports whether the lines that were in the log at the start
// have all been read, so that the lines read next arrived since. A log
// file has read its history once it has read the size it had at the
// start. The journal and standard input have once a read has waited, as
// for the debug log line. The demo's replay returns its preloaded hours
// from the first read, and the lines after that arrive live.
func (h *historyLogger) historyRead() bool {
	if p, ok := h.sized(); ok {
		return p.Read >= p.Total
	}
	if h.unsized {
		return h.done.Load()
	}
	return h.returned.Load()
}

// liveLines returns the number of lines read after the history.
func (h *historyLogger) liveLines() int64 {
	return h.live.Load()
}

// total returns the number of lines read so far.
func (h *historyLogger) total() int64 {
	return h.lines.Load()
}
