package sources

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseRotationSuffix(t *testing.T) {
	tests := []struct {
		suffix string
		number int
		ok     bool
	}{
		{".1", 1, true},
		{".12", 12, true},
		{".0", 0, false},
		{"-20261203", 0, true},
		{"-2026120315", 0, true},
		{"-20261203-1796413613", 0, true},
		{"-1796413613", 0, true}, // dateformat -%s
		{".20261203", 0, true},
		{".20261203-101500", 0, true},
		{".old", 0, false},
		{".1.bak", 0, false},
		{"ger", 0, false},
		{"ger.1", 0, false},
		{"-", 0, false},
		{"", 0, false},
		{"-2026", 0, false},
		{"-20261203x", 0, false},
		{"-20261203-", 0, false},
	}
	for _, tt := range tests {
		number, ok := parseRotationSuffix(tt.suffix)
		if number != tt.number || ok != tt.ok {
			t.Errorf("parseRotationSuffix(%q) = %d, %v, want %d, %v", tt.suffix, number, ok, tt.number, tt.ok)
		}
	}
}

// historyDay is December 1, 2026 at midnight, local time.
var historyDay = time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)

// rotatedDay returns one line every 15 minutes of the day that starts the
// given number of days after historyDay, in Postfix's own yearless format.
func rotatedDay(days int) []string {
	start := historyDay.AddDate(0, 0, days)
	var lines []string
	for i := range 96 {
		stamp := start.Add(time.Duration(i) * 15 * time.Minute)
		lines = append(lines, fmt.Sprintf("%s mx postfix/smtp[%d]: day %d line %d", stamp.Format("Jan 02 15:04:05"), 100+i, days, i))
	}
	return lines
}

// writeHistory writes the log at current and its rotated copies, one day of
// lines each, oldest first: names[0] holds the first day, and current the
// day after the last copy. Each copy's modification time is the midnight
// that ended its day, when it was rotated. It returns every line, oldest
// first.
func writeHistory(t *testing.T, current string, names []string) []string {
	t.Helper()
	dir := filepath.Dir(current)
	var all []string
	for i, name := range append(slices.Clone(names), filepath.Base(current)) {
		lines := rotatedDay(i)
		content := strings.Join(lines, "\n") + "\n"
		path := filepath.Join(dir, name)
		modTime := historyDay.AddDate(0, 0, i+1)
		if name == filepath.Base(current) {
			modTime = historyDay.AddDate(0, 0, i).Add(23*time.Hour + 45*time.Minute)
		}
		if strings.HasSuffix(name, ".gz") {
			writeGzip(t, path, content, modTime)
		} else {
			writeFile(t, path, content, modTime)
		}
		all = append(all, lines...)
	}
	return all
}

func TestHistoryPathsNamingSchemes(t *testing.T) {
	tests := []struct {
		name    string
		current string
		rotated []string // oldest first
	}{
		{"logrotate numbered", "mail.log", []string{"mail.log.4.gz", "mail.log.3.gz", "mail.log.2.gz", "mail.log.1"}},
		{"logrotate dateext", "maillog", []string{"maillog-20261202.gz", "maillog-20261203.gz", "maillog-20261204.gz", "maillog-20261205"}},
		{"postfix logrotate", "postfix.log", []string{"postfix.log.20261202-000000.gz", "postfix.log.20261203-000000.gz", "postfix.log.20261204-000000.gz", "postfix.log.20261205-000000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			current := filepath.Join(dir, tt.current)
			all := writeHistory(t, current, tt.rotated)
			// Names that are not rotations of current.
			writeFile(t, filepath.Join(dir, tt.current+".old"), "x\n", time.Time{})
			writeFile(t, filepath.Join(dir, tt.current+"ger.1"), "x\n", time.Time{})
			writeFile(t, filepath.Join(dir, "other.log.1"), "x\n", time.Time{})
			if err := os.Mkdir(filepath.Join(dir, tt.current+".9"), 0o755); err != nil {
				t.Fatal(err)
			}

			// Since falls inside the second-oldest copy.
			since := historyDay.AddDate(0, 0, 1).Add(12 * time.Hour)
			paths, err := HistoryPaths(current, since)
			if err != nil {
				t.Fatalf("HistoryPaths: %v", err)
			}
			var want []string
			for _, name := range tt.rotated[1:] {
				want = append(want, filepath.Join(dir, name))
			}
			want = append(want, current)
			if !slices.Equal(paths, want) {
				t.Fatalf("HistoryPaths =\n%q, want\n%q", paths, want)
			}

			// Every line from since on, once and in order.
			first := 96 + 48
			lines := readAll(t, open(t, paths, Options{Since: since, Location: time.Local, Year: 2026}))
			if got := texts(lines); !slices.Equal(got, all[first:]) {
				t.Errorf("read %d lines, want %d from %q", len(got), len(all)-first, all[first])
				for i := range min(len(got), len(all)-first) {
					if got[i] != all[first+i] {
						t.Fatalf("line %d = %q, want %q", i, got[i], all[first+i])
					}
				}
			}

			// Since before every copy returns them all.
			paths, err = HistoryPaths(current, historyDay.Add(-time.Hour))
			if err != nil {
				t.Fatalf("HistoryPaths: %v", err)
			}
			if len(paths) != len(tt.rotated)+1 || paths[0] != filepath.Join(dir, tt.rotated[0]) {
				t.Errorf("HistoryPaths from before the oldest copy = %q, want all %d copies and current", paths, len(tt.rotated))
			}
		})
	}
}

func TestHistoryPathsFollowsCurrent(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "mail.log")
	all := writeHistory(t, current, []string{"mail.log.2.gz", "mail.log.1"})
	since := historyDay.Add(6 * time.Hour)
	paths, err := HistoryPaths(current, since)
	if err != nil {
		t.Fatalf("HistoryPaths: %v", err)
	}
	src := open(t, paths, Options{Since: since, Follow: true, Location: time.Local, Year: 2026})

	first := 24
	got := readLines(t, src, len(all)-first, 10*time.Second)
	if !slices.Equal(got, all[first:]) {
		t.Errorf("read %d lines before following, want %d in order", len(got), len(all)-first)
	}
	appendFile(t, current, "Dec 03 23:59:59 mx postfix/qmgr[1]: written while following\n")
	if got := readLines(t, src, 1, 10*time.Second); got[0] != "Dec 03 23:59:59 mx postfix/qmgr[1]: written while following" {
		t.Errorf("line written to the current log = %q", got)
	}
}

func TestHistoryPathsSinceAfterRotation(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "mail.log")
	writeHistory(t, current, []string{"mail.log.2.gz", "mail.log.1"})
	paths, err := HistoryPaths(current, historyDay.AddDate(0, 0, 2).Add(time.Hour))
	if err != nil {
		t.Fatalf("HistoryPaths: %v", err)
	}
	if !slices.Equal(paths, []string{current}) {
		t.Errorf("HistoryPaths after the last rotation = %q, want only current", paths)
	}
}

// --since all reaches back through every rotated copy, so it reads at
// least what any --since duration reads.
func TestHistoryPathsZeroSince(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "mail.log")
	writeHistory(t, current, []string{"mail.log.3.gz", "mail.log.2.gz", "mail.log.1"})
	paths, err := HistoryPaths(current, time.Time{})
	want := []string{filepath.Join(dir, "mail.log.3.gz"), filepath.Join(dir, "mail.log.2.gz"), filepath.Join(dir, "mail.log.1"), current}
	if err != nil || !slices.Equal(paths, want) {
		t.Errorf("HistoryPaths with a zero since = %q, %v, want every copy, oldest first: %q", paths, err, want)
	}
}

func TestHistoryPathsUnreadableCopies(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "mail.log")
	writeHistory(t, current, []string{"mail.log.3.xz", "mail.log.2.gz", "mail.log.1"})
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "mail.log.4")); err != nil {
		t.Fatal(err)
	}

	paths, err := HistoryPaths(current, historyDay)
	want := []string{filepath.Join(dir, "mail.log.2.gz"), filepath.Join(dir, "mail.log.1"), current}
	if !slices.Equal(paths, want) {
		t.Errorf("HistoryPaths = %q, want %q", paths, want)
	}
	if err == nil || !strings.Contains(err.Error(), "mail.log.3.xz: compressed with xz") {
		t.Errorf("HistoryPaths error = %v, want one that names mail.log.3.xz", err)
	}
}

func TestHistoryPathsMissingDirectory(t *testing.T) {
	current := filepath.Join(t.TempDir(), "gone", "mail.log")
	paths, err := HistoryPaths(current, historyDay)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("HistoryPaths error = %v, want one that wraps os.ErrNotExist", err)
	}
	if !slices.Equal(paths, []string{current}) {
		t.Errorf("HistoryPaths = %q, want only current", paths)
	}
}

func TestHistoryPathsRelativeCurrent(t *testing.T) {
	dir := t.TempDir()
	writeHistory(t, filepath.Join(dir, "mail.log"), []string{"mail.log.1"})
	t.Chdir(dir)
	paths, err := HistoryPaths("mail.log", historyDay)
	if err != nil || !slices.Equal(paths, []string{"mail.log.1", "mail.log"}) {
		t.Errorf("HistoryPaths(mail.log) = %q, %v, want mail.log.1 and mail.log", paths, err)
	}
}
