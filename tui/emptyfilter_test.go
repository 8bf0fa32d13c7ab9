package tui

import (
	"strings"
	"testing"
)

// lastScreenLine returns the screen's last line, the key help.
func lastScreenLine(m Model) string {
	lines := strings.Split(strings.TrimRight(screenText(m), "\n"), "\n")
	return lines[len(lines)-1]
}

func TestMainFooterTrimsWhenFilterMatchesNothing(t *testing.T) {
	cases := []struct {
		name, lang string
		keys       []string
		open, why  string
	}{
		{"domains en", "en", []string{"/", "z", "z", "z", "enter"}, "enter open", "x why"},
		{"feed en", "en", []string{"/", "z", "z", "z", "enter", "tab"}, "enter open", "x why"},
		{"domains ja", "ja", []string{"/", "z", "z", "z", "enter"}, "enter 開く", "x 原因"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), 80, 24)
			m = send(t, m, keys(tc.keys...)...)
			footer := lastScreenLine(m)
			for _, unwanted := range []string{tc.open, tc.why} {
				if strings.Contains(footer, unwanted) {
					t.Errorf("footer %q offers %q, but nothing is listed", footer, unwanted)
				}
			}
			if !strings.Contains(footer, "Q ") {
				t.Errorf("footer %q lacks the queue key", footer)
			}
		})
	}
}

func TestMainFooterKeepsOpenWhenFilterMatches(t *testing.T) {
	m := newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 80, 24)
	m = send(t, m, keys("/", "d", "o", "c", "o", "m", "o", "enter")...)
	if footer := lastScreenLine(m); !strings.Contains(footer, "enter open") {
		t.Errorf("footer %q lacks enter open, with docomo listed", footer)
	}
}
