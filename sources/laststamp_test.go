package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLastStamp(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("Dec  4 10:00:00 mx postfix/qmgr[1]: filler line\n", 3000) // over 64 KiB
	tests := []struct {
		name, text string
		want       time.Time
		found      bool
	}{
		{"syslog", "Dec  4 10:00:00 mx a\nDec  4 18:05:09 mx b\n", time.Date(2026, 12, 4, 18, 5, 9, 0, time.UTC), true},
		{"no final newline", "Dec  4 10:00:00 mx a\nDec  4 18:05:09 mx b", time.Date(2026, 12, 4, 18, 5, 9, 0, time.UTC), true},
		{"cut line and padding before the last line", "Dec  4 10:00:00 mx a\nDec  4 10:00:05 mx cu" + nulPadding(50) + "Dec  4 18:05:09 mx b\n", time.Date(2026, 12, 4, 18, 5, 9, 0, time.UTC), true},
		{"cut line at the end", "Dec  4 10:00:00 mx a\nDec  4 10:00:05 mx cu" + nulPadding(50), time.Date(2026, 12, 4, 10, 0, 5, 0, time.UTC), true},
		{"garbage at the end", "Dec  4 10:00:00 mx a\n\x00\x01 not a line\n\n", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), true},
		{"rfc3339", "2026-12-04T19:52:10.123456+09:00 mx a\n", time.Date(2026, 12, 4, 10, 52, 10, 123456000, time.UTC), true},
		{"long file", long + "Dec  5 01:02:03 mx last\n", time.Date(2026, 12, 5, 1, 2, 3, 0, time.UTC), true},
		{"empty", "", time.Time{}, false},
		{"no stamps", "garbage\nmore garbage\n", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, found, err := LastStamp(path, Options{Year: 2026, Location: time.UTC})
			if err != nil {
				t.Fatalf("LastStamp: %v", err)
			}
			if found != tt.found || !got.Equal(tt.want) {
				t.Errorf("LastStamp = %v, %v; want %v, %v", got, found, tt.want, tt.found)
			}
		})
	}
}

func TestLastStampMissingFile(t *testing.T) {
	if _, _, err := LastStamp(filepath.Join(t.TempDir(), "absent.log"), Options{}); err == nil {
		t.Error("LastStamp of a missing file returned no error")
	}
}

func TestReadLogEndOffsetAndModTime(t *testing.T) {
	dir := t.TempDir()
	modified := time.Date(2026, 12, 5, 17, 30, 5, 0, time.UTC)
	tests := []struct {
		name, text string
		offset     bool
	}{
		{"syslog", "Dec  5 17:30:01 mx postfix/qmgr[1]: a\n", false},
		{"maillog_file", "Dec 05 17:30:01 mx postfix/qmgr[1]: a\n", false},
		{"rfc3339", "2026-12-05T17:30:01+00:00 mx postfix/qmgr[1]: a\n", true},
		{"rfc5424", "<22>1 2026-12-05T17:30:01Z mx postfix/qmgr 1 - - a\n", true},
		{"rfc3339 then syslog", "2026-12-05T17:29:01Z mx a\nDec  5 17:30:01 mx b\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, modified, modified); err != nil {
				t.Fatal(err)
			}
			end, err := ReadLogEnd(path, Options{Location: time.UTC})
			if err != nil {
				t.Fatalf("ReadLogEnd: %v", err)
			}
			want := time.Date(2026, 12, 5, 17, 30, 1, 0, time.UTC)
			if !end.Found || !end.Stamp.Equal(want) {
				t.Errorf("stamp = %v, %v; want %v", end.Stamp, end.Found, want)
			}
			if end.Offset != tt.offset {
				t.Errorf("Offset = %v, want %v", end.Offset, tt.offset)
			}
			if !end.ModTime.Equal(modified) {
				t.Errorf("ModTime = %v, want %v", end.ModTime, modified)
			}
		})
	}
}
