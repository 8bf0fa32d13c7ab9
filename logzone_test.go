package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

func mustLoadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDetectZoneMismatch(t *testing.T) {
	tokyo := mustLoadLocation(t, "Asia/Tokyo")
	kolkata := mustLoadLocation(t, "Asia/Kolkata")
	// written is when the log's last line was written, in UTC.
	written := time.Date(2026, 12, 5, 17, 30, 1, 0, time.UTC)
	// readAs returns the stamp that a line written at w in the zone
	// logZone gets when it is read in the zone readZone.
	readAs := func(w time.Time, logZone, readZone *time.Location) time.Time {
		c := w.In(logZone)
		return time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), c.Second(), 0, readZone)
	}
	tests := []struct {
		name       string
		end        sources.LogEnd
		read       *time.Location
		now        time.Time
		found      bool
		difference time.Duration
		logOffset  int
	}{
		{"UTC log read in Tokyo", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, ModTime: written.Add(2 * time.Second)},
			tokyo, written.Add(5 * time.Minute), true, 9 * time.Hour, 0},
		{"Tokyo log read in UTC", sources.LogEnd{Stamp: readAs(written, tokyo, time.UTC), Found: true, ModTime: written},
			time.UTC, written, true, -9 * time.Hour, 9 * 3600},
		{"UTC log read in Kolkata", sources.LogEnd{Stamp: readAs(written, time.UTC, kolkata), Found: true, ModTime: written},
			kolkata, written.Add(time.Hour), true, 5*time.Hour + 30*time.Minute, 0},
		{"drift within tolerance", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, ModTime: written.Add(90 * time.Second)},
			tokyo, written.Add(5 * time.Minute), true, 9 * time.Hour, 0},
		{"same zone", sources.LogEnd{Stamp: written, Found: true, ModTime: written.Add(time.Second)},
			time.UTC, written.Add(5 * time.Minute), false, 0, 0},
		{"same zone, quiet for hours", sources.LogEnd{Stamp: readAs(written, tokyo, tokyo), Found: true, ModTime: written},
			tokyo, written.Add(5 * time.Hour), false, 0, 0},
		{"small drift", sources.LogEnd{Stamp: written, Found: true, ModTime: written.Add(40 * time.Minute)},
			time.UTC, written.Add(time.Hour), false, 0, 0},
		{"drift off the half hour", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, ModTime: written.Add(10 * time.Minute)},
			tokyo, written.Add(time.Hour), false, 0, 0},
		{"copy made 3h17m after the last line", sources.LogEnd{Stamp: written, Found: true, ModTime: written.Add(3*time.Hour + 17*time.Minute)},
			time.UTC, written.Add(4 * time.Hour), false, 0, 0},
		{"copy made days after the last line", sources.LogEnd{Stamp: written, Found: true, ModTime: written.Add(72 * time.Hour)},
			time.UTC, written.Add(73 * time.Hour), false, 0, 0},
		{"copy modified over a day ago", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, ModTime: written},
			tokyo, written.Add(25 * time.Hour), false, 0, 0},
		{"modification time in the future", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, ModTime: written},
			tokyo, written.Add(-time.Hour), false, 0, 0},
		{"offset outside any zone", sources.LogEnd{Stamp: written.Add(15 * time.Hour), Found: true, ModTime: written},
			time.UTC, written, false, 0, 0},
		{"stamp with an offset", sources.LogEnd{Stamp: readAs(written, time.UTC, tokyo), Found: true, Offset: true, ModTime: written},
			tokyo, written, false, 0, 0},
		{"no stamp", sources.LogEnd{ModTime: written}, tokyo, written, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := detectZoneMismatch(tt.end, "zone", tt.read, tt.now)
			if found != tt.found {
				t.Fatalf("found = %v, want %v (%+v)", found, tt.found, got)
			}
			if !found {
				return
			}
			if got.Difference != tt.difference {
				t.Errorf("Difference = %v, want %v", got.Difference, tt.difference)
			}
			if got.LogOffset != tt.logOffset {
				t.Errorf("LogOffset = %d, want %d", got.LogOffset, tt.logOffset)
			}
			if got.Last.Location() != tt.read || got.Modified.Location() != tt.read {
				t.Errorf("times in %v and %v, want both in %v", got.Last.Location(), got.Modified.Location(), tt.read)
			}
		})
	}
}

// writeLogAt writes a log whose last line is stamped w in zone, without
// an offset, and sets the file's modification time to modified.
func writeLogAt(t *testing.T, path string, w time.Time, zone *time.Location, modified time.Time) {
	t.Helper()
	c := w.In(zone)
	text := fmt.Sprintf("%s mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n", c.Format(time.Stamp))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, modified, modified); err != nil {
		t.Fatal(err)
	}
}

func TestLogZoneMismatchSources(t *testing.T) {
	tokyo := mustLoadLocation(t, "Asia/Tokyo")
	opts := &options{tz: "Asia/Tokyo", location: tokyo}
	now := time.Now().Truncate(time.Second)
	dir := t.TempDir()

	live := filepath.Join(dir, "mail.log")
	rotated := filepath.Join(dir, "mail.log.1")
	writeLogAt(t, rotated, now.Add(-2*time.Hour), tokyo, now.Add(-2*time.Hour))
	writeLogAt(t, live, now, time.UTC, now)
	if got := logZoneMismatch(opts, logSetup{paths: []string{rotated, live}}, now); got == nil {
		t.Error("no warning for a live log stamped in UTC after a rotated copy stamped in Tokyo time")
	}
	if got := logZoneMismatch(opts, logSetup{paths: []string{"-"}}, now); got != nil {
		t.Errorf("warning for standard input: %+v", got)
	}
	if got := logZoneMismatch(opts, logSetup{paths: []string{journalLabel}, journal: true}, now); got != nil {
		t.Errorf("warning for the journal: %+v", got)
	}

	// A live file just emptied by rotation is not checked. Its copy is not
	// checked either, because copytruncate may write it hours after a
	// quiet log's last line.
	if err := os.WriteFile(live, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	writeLogAt(t, rotated, now.Add(-3*time.Hour), tokyo, now.Add(-time.Minute))
	if got := logZoneMismatch(opts, logSetup{paths: []string{rotated, live}}, now); got != nil {
		t.Errorf("warning for an empty live log: %+v", got)
	}

	// A compressed copy is not read, even when it was modified last.
	compressed := filepath.Join(dir, "mail.log.2.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprintf(zw, "%s mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n", now.UTC().Format(time.Stamp))
	zw.Close()
	if err := os.WriteFile(compressed, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	writeLogAt(t, rotated, now.Add(-time.Hour), tokyo, now.Add(-time.Hour))
	if got := logZoneMismatch(opts, logSetup{paths: []string{compressed, rotated}}, now); got != nil {
		t.Errorf("warning for a compressed copy or a log in the zone read: %+v", got)
	}
}

func TestReportWarnsOfLogZone(t *testing.T) {
	bin := buildBinary(t, "test")
	dir := t.TempDir()
	path := filepath.Join(dir, "mail.log")
	now := time.Now().Truncate(time.Second)
	cases := []struct {
		name     string
		modified time.Time // the log's last line is written at now in UTC
		args     []string
		warn     bool
	}{
		{"report in Tokyo", now, []string{"report", "--tz", "Asia/Tokyo"}, true},
		{"classify in Tokyo", now, []string{"classify", "--tz", "Asia/Tokyo"}, true},
		{"report in UTC", now, []string{"report", "--tz", "UTC"}, false},
		{"report without --tz", now, []string{"report"}, false},
		{"copy made 2h10m later", now.Add(2*time.Hour + 10*time.Minute), []string{"report", "--tz", "Asia/Tokyo"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			writeLogAt(t, path, now, time.UTC, tc.modified)
			cmd := englishCommand(bin, append(tc.args, "--log", path)...)
			cmd.Env = append(cmd.Env, "TZ=UTC")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("mailtop %s: %v\n%s", strings.Join(tc.args, " "), err, stderr.String())
			}
			warned := strings.Contains(stderr.String(), "mailtop: warning: the log's times seem to be in UTC, not in Asia/Tokyo")
			if warned != tc.warn {
				t.Errorf("standard error %q: warned %v, want %v", stderr.String(), warned, tc.warn)
			}
			if tc.warn && !strings.Contains(stderr.String(), "pass --tz UTC") {
				t.Errorf("warning %q does not name the fix --tz UTC", stderr.String())
			}
		})
	}
}

func TestReportLogZoneSkipsStandardInput(t *testing.T) {
	bin := buildBinary(t, "test")
	now := time.Now()
	cmd := englishCommand(bin, "report", "--tz", "Asia/Tokyo", "--log", "-")
	cmd.Env = append(cmd.Env, "TZ=UTC")
	cmd.Stdin = strings.NewReader(now.UTC().Add(-9*time.Hour).Format(time.Stamp) + " mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mailtop report --log -: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "seem to be in") {
		t.Errorf("warning about the zone of standard input: %q", stderr.String())
	}
}
