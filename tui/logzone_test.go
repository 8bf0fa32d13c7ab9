package tui

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
)

// tokyoLogZone is the warning for a log written in UTC and read in
// Asia/Tokyo, whose last line reads 9 hours before the file was written.
func tokyoLogZone(t *testing.T) *LogZone {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	return &LogZone{
		Zone:         "Asia/Tokyo",
		Last:         time.Date(2026, 12, 5, 17, 30, 0, 0, tokyo),
		Modified:     time.Date(2026, 12, 6, 2, 30, 0, 0, tokyo),
		Difference:   9 * time.Hour,
		LogOffset:    0,
		LocalMatches: true,
	}
}

// withoutSpace returns s without any white space, so that a text wrapped
// over several lines compares equal to the text it was wrapped from.
func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestLogZoneHintShownWhole(t *testing.T) {
	zone := tokyoLogZone(t)
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"seem to be in UTC, not in Asia/Tokyo", "2026-12-05 17:30 JST", "9h later", "2026-12-06 02:30 JST", "--tz also sets the zone", "leave out --tz, or pass --tz UTC"}},
		{"ja", []string{"ログの時刻は、Asia/Tokyo ではなく UTC", "2026-12-05 17:30 JST", "9 時間後", "2026-12-06 02:30 JST", "--tz はログの時刻のタイムゾーンも決める", "--tz を外すか、--tz UTC を指定してください"}},
	}
	for _, tc := range cases {
		text := LogZoneText(l10n.New(tc.lang), *zone)
		for _, want := range tc.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s: warning %q lacks %q", tc.lang, text, want)
			}
		}
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.LogZone = zone
			m := newScreen(t, opts, size[0], size[1])
			screen := screenText(m)
			checkScreenShape(t, screen, size[0], size[1])

			footer := ansi.Strip(strings.Join(m.footerTopLines(), "\n"))
			if withoutSpace(footer) != withoutSpace(text) {
				t.Errorf("%s %dx%d: footer shows %q, want the whole warning %q", tc.lang, size[0], size[1], footer, text)
			}
			if !strings.Contains(withoutSpace(screen), withoutSpace(text)) {
				t.Errorf("%s %dx%d: screen lacks the warning:\n%s", tc.lang, size[0], size[1], screen)
			}
		}
	}
}

func TestLogZoneHintAbsentByDefault(t *testing.T) {
	m := newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 132, 40)
	if text := screenText(m); strings.Contains(text, "--tz") {
		t.Errorf("zone warning shown without LogZone:\n%s", text)
	}
}

func TestLogZoneTextFixes(t *testing.T) {
	base := *tokyoLogZone(t)
	cases := []struct {
		name, lang string
		change     func(z *LogZone)
		want       string
	}{
		{"local zone matches UTC", "en", func(z *LogZone) {}, "leave out --tz, or pass --tz UTC"},
		{"local zone matches another offset", "en", func(z *LogZone) { z.LogOffset = 3600 }, "so leave out --tz"},
		{"local zone differs", "en", func(z *LogZone) { z.LocalMatches = false }, "so pass --tz UTC"},
		{"offset of India", "en", func(z *LogZone) { z.LocalMatches, z.LogOffset = false, 5*3600+1800 }, "pass --tz with the zone the server logs in, at UTC+05:30"},
		{"offset west of UTC", "en", func(z *LogZone) { z.LocalMatches, z.LogOffset = false, -(3*3600 + 1800) }, "at UTC-03:30"},
		{"no --tz", "en", func(z *LogZone) { z.Zone, z.LocalMatches = "", false }, "not in the local zone (JST)"},
		{"no --tz in Japanese", "ja", func(z *LogZone) { z.Zone, z.LocalMatches = "", false }, "ログの時刻は、ローカルのタイムゾーン（JST）ではなく UTC"},
		{"stamps ahead of the file", "en", func(z *LogZone) { z.Difference = -5*time.Hour - 30*time.Minute }, "5h30m earlier"},
		{"stamps ahead in Japanese", "ja", func(z *LogZone) { z.Difference = -5*time.Hour - 30*time.Minute }, "5 時間 30 分前の"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			z := base
			tc.change(&z)
			if text := LogZoneText(l10n.New(tc.lang), z); !strings.Contains(text, tc.want) {
				t.Errorf("warning %q lacks %q", text, tc.want)
			}
		})
	}
}
