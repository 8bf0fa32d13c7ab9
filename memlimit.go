package main

import (
	"context"
	"log/slog"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The dashboard runs for weeks beside the mail server, so it keeps its heap
// close to what it holds rather than letting Go's collector double it. The
// report does the same for its single pass over a long log.
//
// By default the collector lets the heap grow to twice its live part before
// it runs again. On a generated day of a million lines the live part is
// about 100 MB, so the process peaked near 280 MB. A soft memory limit
// (debug.SetMemoryLimit) makes the collector run sooner as the heap nears
// it, which kept the same day under 200 MB at about the same reading
// speed. The limit must stay well above the live heap, or the collector
// runs almost without pause: following a live heap of about 280 MB at one
// and a half times its size made ten million lines take 31 s to read
// instead of 18. So once the live heap passes three quarters of the limit,
// the limit is lifted and the collector's default rules again. Three
// quarters leaves 45 MiB of the dashboard's limit for new allocations.
// On ten million lines with 101,384 domains the live heap rises to about
// 128 MB. With the limit held throughout, the collector ran about as often
// as with it lifted at two thirds, and the peak stayed under 200 MB.
const (
	// dashboardHeapLimit is the soft memory limit while the live heap is
	// under three quarters of it. With the runtime's own memory, the resident
	// set of the generated day above stayed under 200 MB.
	dashboardHeapLimit = 180 << 20
	// reportHeapLimit is the report's. On 10 million generated lines with
	// 101,384 domains its live heap reached 63 MB. Without a limit its
	// resident set peaked at 171 to 203 MiB over six runs, and with this
	// one at 156 to 165 MiB, in about the same time.
	reportHeapLimit = 150 << 20
	// heapLimitInterval is how often the live heap is checked.
	heapLimitInterval = time.Second
)

// limitHeap sets the soft memory limit to limit bytes, and lifts or sets
// it again as the live heap grows past three quarters of it or shrinks, until
// ctx ends. It does nothing when the operator set GOMEMLIMIT, which then
// rules.
func limitHeap(ctx context.Context, limit int64, getenv func(string) string, logger *slog.Logger) {
	if getenv("GOMEMLIMIT") != "" {
		logger.Info("memory limit left to GOMEMLIMIT", "GOMEMLIMIT", getenv("GOMEMLIMIT"))
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	limited := false
	update := func() {
		metrics.Read(sample)
		var live uint64
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = sample[0].Value.Uint64()
		}
		fits := heapFits(live, limit)
		if fits == limited {
			return
		}
		limited = fits
		if fits {
			debug.SetMemoryLimit(limit)
		} else {
			debug.SetMemoryLimit(math.MaxInt64)
		}
		logger.Debug("memory limit changed", "limited", limited, "live_heap_bytes", live, "limit_bytes", limit)
	}
	update()
	go func() {
		ticker := time.NewTicker(heapLimitInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				update()
			}
		}
	}()
}

// heapFits reports whether a live heap of live bytes is small enough for a
// soft memory limit of limit bytes to hold: at most three quarters of it.
func heapFits(live uint64, limit int64) bool {
	return live*4 <= uint64(limit)*3
}
