package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func TestShortenPathLeft(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		width int
		want  string
	}{
		{"fits", "/etc/mailtop/config.toml", 24, "/etc/mailtop/config.toml"},
		{"one directory left out", "/etc/mailtop/config.toml", 23, "…/mailtop/config.toml"},
		{"cut before a slash", "/etc/mailtop/config.toml", 20, "…/config.toml"},
		{"file name kept whole", "/etc/mailtop/config.toml", 8, "…/config.toml"},
		{"file name only", "config.toml", 5, "config.toml"},
		{"file in the root", "/config.toml", 5, "/config.toml"},
		{"Japanese directory", "/srv/ショップ/本店/config.toml", 22, "…/本店/config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shortenPathLeft(tt.path, tt.width); got != tt.want {
				t.Errorf("shortenPathLeft(%q, %d) = %q, want %q", tt.path, tt.width, got, tt.want)
			}
		})
	}
}

// A config file path too long for the header loses directories from its
// left, so the header still shows the instance, the log and the file name.
func TestHeaderLongConfigPath(t *testing.T) {
	const path = "/srv/mailtop/shops/example-shop-tokyo-honten/production/config.toml"
	for _, tc := range []struct {
		lang  string
		width int
		want  string
	}{
		{"ja", 80, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 …/config.toml"},
		{"ja", 100, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 …/production/config.toml"},
		{"en", 80, "instance /etc/postfix · log /var/log/mail.log · config …/production/config.toml"},
		{"ja", 132, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 " + path},
	} {
		t.Run(tc.lang+"-"+itoa(tc.width), func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.ConfigPath = path
			m := newScreen(t, opts, tc.width, 24)
			lines := strings.Split(screenText(m), "\n")
			if got := strings.TrimRight(lines[1], " "); got != tc.want {
				t.Errorf("header line 2 = %q, want %q", got, tc.want)
			}
			if w := ansi.StringWidth(lines[1]); w != tc.width {
				t.Errorf("header line 2 is %d cells wide, want %d", w, tc.width)
			}
		})
	}
}

// headerLine returns the first line of the screen, without trailing spaces.
func headerLine(m Model) string {
	line, _, _ := strings.Cut(screenText(m), "\n")
	return strings.TrimRight(line, " ")
}

// While paused the header says so in place of the lines/s figure, which
// would be stale. After the resume it shows the figure of the newest
// snapshot.
func TestHeaderRateWhilePaused(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 80, 24)
		l := m.c.l
		before := l.T("header.rate", map[string]any{"Rate": "42.5"})
		later := l.T("header.rate", map[string]any{"Rate": "7.0"})
		paused := l.T("header.paused")
		if header := headerLine(m); !strings.Contains(header, before) || strings.Contains(header, paused) {
			t.Errorf("%s: header %q, want %q and not %q", lang, header, before, paused)
		}

		m = send(t, m, keyPress("p"), SnapshotMsg{Snapshot: fixtureSnapshot(), LinesPerSecond: 7})
		header := headerLine(m)
		if !strings.Contains(header, paused) {
			t.Errorf("%s: paused header %q lacks %q", lang, header, paused)
		}
		for _, stale := range []string{before, later} {
			if strings.Contains(header, stale) {
				t.Errorf("%s: paused header %q shows the figure %q", lang, header, stale)
			}
		}

		m = send(t, m, keyPress("p"))
		if header := headerLine(m); !strings.Contains(header, later) || strings.Contains(header, paused) {
			t.Errorf("%s: header after the resume %q, want %q and not %q", lang, header, later, paused)
		}
	}
}

// While the history is read, no line counts as live yet, so the header
// shows how far the reading is and no lines/s figure.
func TestHeaderRateWhileReadingHistory(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 80, 24)
		l := m.c.l
		m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot(), History: History{Reading: true, Percent: 30}})
		header := headerLine(m)
		if want := l.T("header.readingHistory", map[string]any{"Percent": 30}); !strings.Contains(header, want) {
			t.Errorf("%s: header %q lacks %q", lang, header, want)
		}
		if rate := l.T("header.rate", map[string]any{"Rate": "0.0"}); strings.Contains(header, rate) {
			t.Errorf("%s: header %q shows %q while reading the history", lang, header, rate)
		}

		m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot(), LinesPerSecond: 3})
		if rate := l.T("header.rate", map[string]any{"Rate": "3.0"}); !strings.Contains(headerLine(m), rate) {
			t.Errorf("%s: header %q lacks %q after the history", lang, headerLine(m), rate)
		}
	}
}

// The header ends with the time of the snapshot on screen, in the zone of
// Options.Location, or of the snapshot when it is nil, where the line has
// room for it. The badges come first, since they show the screen's mode.
func TestHeaderClock(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			opts := testOptions(lang, &fakeSource{}, &fakeActor{})
			m := newScreen(t, opts, width, 24)
			if header := headerLine(m); !strings.HasSuffix(header, "  10:30:00 JST") {
				t.Errorf("%s %d: header %q does not end with the snapshot's time in its zone", lang, width, header)
			}

			opts.Location = time.UTC
			m = newScreen(t, opts, width, 24)
			if header := headerLine(m); !strings.HasSuffix(header, "  01:30:00 UTC") {
				t.Errorf("%s %d: header %q does not end with the snapshot's time in UTC", lang, width, header)
			}
			if w := ansi.StringWidth(strings.Split(screenText(m), "\n")[0]); w != width {
				t.Errorf("%s %d: header is %d cells wide", lang, width, w)
			}

			// A later snapshot held while paused leaves the time of the
			// counts on screen.
			later := fixtureSnapshot()
			later.Now = fixtureNow.Add(time.Minute)
			m = send(t, m, keyPress("p"), SnapshotMsg{Snapshot: later})
			if header := headerLine(m); !strings.HasSuffix(header, "  01:30:00 UTC") {
				t.Errorf("%s %d: paused header %q does not keep the time of the counts on screen", lang, width, header)
			}
		}
	}

	// A header too full for the clock leaves it out and keeps its badges.
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.Host = "shop-mx01.tokyo.example.jp"
	opts.ReadOnly = true
	m := newScreen(t, opts, 80, 24)
	header := headerLine(m)
	if strings.Contains(header, "10:30") {
		t.Errorf("full header %q shows the time", header)
	}
	if !strings.HasSuffix(header, m.c.l.T("header.readOnly")) {
		t.Errorf("full header %q does not end with the read-only badge", header)
	}
}

// Each window that w steps through reads, in Japanese, as a span like
// 全期間 does, at 80 and 132 columns: 直近1時間, never the English 1h.
func TestHeaderWindowJapanese(t *testing.T) {
	want := []string{"集計 直近24時間", "集計 全期間", "集計 直近5分", "集計 直近1時間"}
	for _, width := range []int{80, 132} {
		m := newScreen(t, testOptions("ja", &fakeSource{}, &fakeActor{}), width, 24)
		for _, label := range want {
			m = send(t, m, keyPress("w"))
			if header := headerLine(m); !strings.Contains(header, label) {
				t.Errorf("%d columns: header %q lacks %q", width, header, label)
			}
		}
	}
}
