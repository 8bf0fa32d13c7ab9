package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"testing"
)

func TestLimitHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	logger := slog.New(slog.DiscardHandler)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	limitHeap(ctx, dashboardHeapLimit, func(string) string { return "" }, logger)
	if got := debug.SetMemoryLimit(-1); got != dashboardHeapLimit {
		t.Errorf("memory limit = %d, want %d while the live heap is small", got, dashboardHeapLimit)
	}

	debug.SetMemoryLimit(before)
	limitHeap(ctx, dashboardHeapLimit, func(name string) string {
		if name == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}, logger)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit = %d with GOMEMLIMIT set, want it left at %d", got, before)
	}
}

// TestHeapFitsThreeQuarters checks where the soft limit is lifted. The
// dashboard's live heap reaches about 128 MB on ten million lines with
// 101,384 domains, which must still fit the 180 MiB limit.
func TestHeapFitsThreeQuarters(t *testing.T) {
	cases := []struct {
		live uint64
		want bool
	}{
		{0, true},
		{128_000_000, true},
		{135 << 20, true},
		{135<<20 + 1, false},
		{200 << 20, false},
	}
	for _, tc := range cases {
		if got := heapFits(tc.live, dashboardHeapLimit); got != tc.want {
			t.Errorf("heapFits(%d, %d) = %v, want %v", tc.live, dashboardHeapLimit, got, tc.want)
		}
	}
}
