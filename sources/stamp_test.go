package sources

import (
	"testing"
	"time"
)

func TestStampReaderForms(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	reader := stampReader{reference: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), location: tokyo}
	january := stampReader{reference: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), location: tokyo}
	fixedYear := stampReader{year: 2020, reference: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), location: tokyo}

	tests := []struct {
		name   string
		reader stampReader
		line   string
		want   time.Time
		ok     bool
	}{
		{"syslog space-padded day", reader, "Dec  4 19:52:10 vm postfix/smtp[1]: x",
			time.Date(2026, 12, 4, 19, 52, 10, 0, tokyo), true},
		{"maillog_file zero-padded day", reader, "Dec 04 19:46:15 mx postfix[15676]: fatal",
			time.Date(2026, 12, 4, 19, 46, 15, 0, tokyo), true},
		{"December line in January file", january, "Dec 31 23:59:59 mx postfix/qmgr[2]: x",
			time.Date(2026, 12, 31, 23, 59, 59, 0, tokyo), true},
		{"fixed year", fixedYear, "Dec 31 23:59:59 mx postfix/qmgr[2]: x",
			time.Date(2020, 12, 31, 23, 59, 59, 0, tokyo), true},
		{"rfc3339 with fraction", reader, "2026-12-04T19:52:10.724915+00:00 vm postfix/smtp[1]: x",
			time.Date(2026, 12, 4, 19, 52, 10, 724915000, time.UTC), true},
		{"rfc3339 without fraction", reader, "2026-12-04T19:52:10+09:00 vm x",
			time.Date(2026, 12, 4, 10, 52, 10, 0, time.UTC), true},
		{"rfc3339 zulu", reader, "2026-12-04T19:52:10Z vm x",
			time.Date(2026, 12, 4, 19, 52, 10, 0, time.UTC), true},
		{"rfc3339 offset without colon", reader, "2026-12-04T19:52:10-0130 vm x",
			time.Date(2026, 12, 4, 21, 22, 10, 0, time.UTC), true},
		{"rfc5424", reader, "<22>1 2026-12-04T19:52:10+00:00 vm postfix 16895 - -  x",
			time.Date(2026, 12, 4, 19, 52, 10, 0, time.UTC), true},
		{"empty", reader, "", time.Time{}, false},
		{"no stamp", reader, "hello world, this is not a log line", time.Time{}, false},
		{"bad month", reader, "Dex  4 19:52:10 vm x", time.Time{}, false},
		{"bad hour", reader, "Dec  4 29:52:10 vm x", time.Time{}, false},
		{"truncated syslog", reader, "Dec  4 19:52", time.Time{}, false},
		{"truncated rfc3339", reader, "2026-12-04T19:52:10", time.Time{}, false},
		{"rfc3339 without zone", reader, "2026-12-04T19:52:10 vm", time.Time{}, false},
		{"rfc3339 empty fraction", reader, "2026-12-04T19:52:10.Z vm", time.Time{}, false},
		{"rfc5424 bad version", reader, "<22>2 2026-12-04T19:52:10Z vm", time.Time{}, false},
		{"binary", reader, "\x00\xff\xfe<\x01", time.Time{}, false},
		{"after NUL padding", reader, "\x00\x00\x00Dec  4 19:52:10 vm postfix/smtp[1]: x",
			time.Date(2026, 12, 4, 19, 52, 10, 0, tokyo), true},
		{"only NUL padding", reader, "\x00\x00\x00", time.Time{}, false},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, ok := test.reader.read([]byte(test.line))
			if ok != test.ok {
				t.Fatalf("read(%q) ok = %v, want %v", test.line, ok, test.ok)
			}
			if ok && !got.Equal(test.want) {
				t.Errorf("read(%q) = %v, want %v", test.line, got, test.want)
			}
		})
	}
}
