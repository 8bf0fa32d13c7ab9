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
