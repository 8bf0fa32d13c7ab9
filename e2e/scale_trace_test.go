package e2e

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The scale tests read a gigabyte of log or append 50,000 lines a second
// for half a minute, so they run only when MAILTOP_SCALE=1. They measure
// and report. Timings depend on the machine and its load, so the tests
// check only that no line was lost and that the screen showed the data.

// requireScale skips the test unless MAILTOP_SCALE=1.
func requireScale(t *testing.T) {
	t.Helper()
	if os.Getenv("MAILTOP_SCALE") != "1" {
		t.Skip("a scale measurement: set MAILTOP_SCALE=1 to run it")
	}
	requireTmux(t)
}

// envInt returns the integer in the environment variable name, or def when
// it is not set. An invalid value fails the test.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		return def
	}
	n, err := strconv.Atoi(value)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q is invalid: give a positive integer", name, value)
	}
	return n
}

// loggenBinary returns the log generator named by MAILTOP_LOGGEN, or one
// built from this module into the test's temporary directory.
func loggenBinary(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("MAILTOP_LOGGEN"); path != "" {
		return path
	}
	path := filepath.Join(t.TempDir(), "mailtop-loggen")
	out, err := exec.Command("go", "build", "-o", path, "github.com/mailtop/mailtop/cmd/mailtop-loggen").CombinedOutput()
	if err != nil {
		t.Fatalf("go build cmd/mailtop-loggen failed: %v\n%s", err, out)
	}
	return path
}

// frameRecord is one "frame drawn" line of the dashboard's --debug log,
// written with MAILTOP_TRACE_FRAMES set.
type frameRecord struct {
	drawn     time.Time
	key       string
	keyMillis float64 // from the key press to the end of View; -1 without a key
	linesRead int64   // -1 when the frame shows no new snapshot
	tableRows int     // rows of the domain table when the frame shows a new snapshot
}

var frameFields = regexp.MustCompile(`(\w+)=("(?:[^"\\]|\\.)*"|\S+)`)

// readFrames returns the frame records of the debug log at path. A line
// cut short at the end of the file, still being written, is skipped.
func readFrames(t *testing.T, path string) []frameRecord {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var frames []frameRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, `msg="frame drawn"`) {
			continue
		}
		rec := frameRecord{keyMillis: -1, linesRead: -1}
		complete := false
		for _, m := range frameFields.FindAllStringSubmatch(line, -1) {
			value := strings.Trim(m[2], `"`)
			switch m[1] {
			case "drawn":
				rec.drawn, err = time.Parse(time.RFC3339Nano, value)
				complete = err == nil
			case "key":
				rec.key = value
			case "key_ms":
				rec.keyMillis, _ = strconv.ParseFloat(value, 64)
			case "lines_read":
				rec.linesRead, _ = strconv.ParseInt(value, 10, 64)
			case "table_rows":
				rec.tableRows, _ = strconv.Atoi(value)
			}
		}
		if complete {
			frames = append(frames, rec)
		}
	}
	return frames
}

// latencySummary returns the count, median, 95th percentile and maximum
// of the key-to-frame times of frames, in milliseconds.
func latencySummary(frames []frameRecord) (n int, median, p95, maximum float64) {
	var ms []float64
	for _, f := range frames {
		if f.keyMillis >= 0 {
			ms = append(ms, f.keyMillis)
		}
	}
	if len(ms) == 0 {
		return 0, 0, 0, 0
	}
	slices.Sort(ms)
	at := func(q float64) float64 {
		return ms[min(int(math.Ceil(q*float64(len(ms))))-1, len(ms)-1)]
	}
	return len(ms), at(0.5), at(0.95), ms[len(ms)-1]
}

// loadAverage returns the first three fields of /proc/loadavg.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}

// countLines returns the number of newline characters in the file at path.
func countLines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if err != nil {
			break
		}
	}
	return n
}

// generateLog writes lines generated log lines to path with seed, ending
// about end, drawing recipients from domains long-tail domains. A
// tailShare above 0 sets the share of recipients sent to those domains.
func generateLog(t *testing.T, path string, lines int, seed int, end time.Time, span time.Duration, domains int, tailShare float64) {
	t.Helper()
	start := end.UTC().Add(-span).Truncate(time.Second)
	args := []string{"-lines", strconv.Itoa(lines), "-seed", strconv.Itoa(seed), "-o", path,
		"-start", start.Format(time.RFC3339), "-span", span.String(), "-domains", strconv.Itoa(domains)}
	if tailShare > 0 {
		args = append(args, "-tail-share", strconv.FormatFloat(tailShare, 'f', -1, 64))
	}
	out, err := exec.Command(loggenBinary(t), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("mailtop-loggen %s failed: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// describeFile returns the size of the file at path in MiB, for reports.
func describeFile(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%.0f MiB", float64(info.Size())/(1<<20))
}
