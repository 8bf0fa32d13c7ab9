//go:build linux

package sources

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// BenchmarkScanQueueFilled reads the queue named by MAILTOP_BENCH_QUEUE_DIR
// with ScanQueue, the full scan behind mailtop queue. It skips without the
// variable, because it needs a filled queue (scripts/bench-queue.sh).
func BenchmarkScanQueueFilled(b *testing.B) {
	dir := os.Getenv(benchQueueDirEnv)
	if dir == "" {
		b.Skipf("set %s to a filled queue directory to measure it", benchQueueDirEnv)
	}
	b.ReportAllocs()
	messages := 0
	for b.Loop() {
		snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
		if err != nil {
			b.Fatal(err)
		}
		messages = len(snap.Messages)
	}
	b.ReportMetric(float64(messages), "messages")
}

// BenchmarkQueueWatcherSnapshot builds the QueueWatcher's snapshot of the
// queue named by MAILTOP_BENCH_QUEUE_DIR after one message changed: the
// part of an update that grows with the queue.
func BenchmarkQueueWatcherSnapshot(b *testing.B) {
	dir := os.Getenv(benchQueueDirEnv)
	if dir == "" {
		b.Skipf("set %s to a filled queue directory to measure it", benchQueueDirEnv)
	}
	w := NewQueueWatcher(dir, QueueWatchOptions{})
	if scan := w.fullScan(context.Background(), nil); scan.Err != nil {
		b.Fatal(scan.Err)
	}
	var changed string
	for key := range w.messages {
		changed = key
		break
	}
	b.ReportAllocs()
	for b.Loop() {
		file := w.messages[changed]
		file.attached = false
		w.messages[changed] = file
		w.snapshot()
	}
}

// BenchmarkReadQueueFilesFloor reads every file in the deferred and defer
// directories of the queue named by MAILTOP_BENCH_QUEUE_DIR whole, with
// as many goroutines as ScanQueue uses and no parsing: the least a full
// scan of the files could cost on this machine. It reads with os.ReadFile
// and with bare open, read and close system calls, which skip the
// fstat and the netpoller registration that os.Open makes. The bare opens
// pass O_NOATIME as ScanQueue does: a deferred file's modification time
// is its next retry, in the future, so under relatime every other read
// writes its access time.
func BenchmarkReadQueueFilesFloor(b *testing.B) {
	dir := os.Getenv(benchQueueDirEnv)
	if dir == "" {
		b.Skipf("set %s to a filled queue directory to measure it", benchQueueDirEnv)
	}
	var paths []string
	for _, sub := range []string{QueueDeferred, "defer"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, entry fs.DirEntry, err error) error {
			if err == nil && entry.Type().IsRegular() {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("os.ReadFile", func(b *testing.B) {
		readEvery(b, paths, func(path string, _ []byte) int {
			data, err := os.ReadFile(path)
			if err != nil {
				return 0
			}
			return len(data)
		})
	})
	b.Run("syscall", func(b *testing.B) {
		readEvery(b, paths, func(path string, buf []byte) int {
			fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOATIME, 0)
			if err != nil {
				return 0
			}
			defer syscall.Close(fd)
			total := 0
			for {
				n, err := syscall.Read(fd, buf)
				total += max(n, 0)
				if err != nil || n < len(buf) {
					return total
				}
			}
		})
	})
	b.Run("openat", func(b *testing.B) {
		// One descriptor per directory, opened once, and the files opened
		// relative to it, so each open resolves one name instead of a path.
		dirs := map[string]int{}
		for _, path := range paths {
			parent := filepath.Dir(path)
			if _, ok := dirs[parent]; ok {
				continue
			}
			fd, err := syscall.Open(parent, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer syscall.Close(fd)
			dirs[parent] = fd
		}
		readEvery(b, paths, func(path string, buf []byte) int {
			fd, err := syscall.Openat(dirs[filepath.Dir(path)], filepath.Base(path), syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOATIME, 0)
			if err != nil {
				return 0
			}
			defer syscall.Close(fd)
			total := 0
			for {
				n, err := syscall.Read(fd, buf)
				total += max(n, 0)
				if err != nil || n < len(buf) {
					return total
				}
			}
		})
	})
}

// readEvery calls read for every path, GOMAXPROCS at once, each goroutine
// with its own 16 KiB buffer, and reports the files and bytes read.
func readEvery(b *testing.B, paths []string, read func(path string, buf []byte) int) {
	b.ReportAllocs()
	var total atomic.Int64
	for b.Loop() {
		total.Store(0)
		next := make(chan string)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				buf := make([]byte, 16<<10)
				for path := range next {
					total.Add(int64(read(path, buf)))
				}
			})
		}
		for _, path := range paths {
			next <- path
		}
		close(next)
		wg.Wait()
	}
	b.ReportMetric(float64(len(paths)), "files")
	b.ReportMetric(float64(total.Load()), "bytes")
}
