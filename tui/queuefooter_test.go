package tui

import (
	"slices"
	"strings"
	"testing"
)

// shownHelpKeys returns the keys of the key help line at the bottom of the
// screen, without the ellipsis that stands for the keys left out.
func shownHelpKeys(m Model) []string {
	lines := strings.Split(screenText(m), "\n")
	var shown []string
	for _, item := range strings.Split(lines[len(lines)-1], " • ") {
		fields := strings.Fields(item)
		if len(fields) == 0 || fields[0] == ellipsis {
			continue
		}
		shown = append(shown, fields[0])
	}
	return shown
}

// At 80 columns the Japanese key help of the queue screens shows the keys
// that the English one shows, hold included.
func TestQueueFooterSameKeysAt80(t *testing.T) {
	cases := []struct {
		name string
		demo bool
		keys []string
		want []string // keys that both languages show
	}{
		{"list", false, nil, []string{"enter", "space", "h", "?", "q"}},
		{"demo list", true, nil, []string{"enter", "space", "h", "?", "q"}},
		{"tagged", false, []string{"space"}, []string{"enter", "h", "?", "q"}},
		{"message", false, []string{"enter"}, []string{"esc", "x", "h", "?", "q"}},
		{"shape", false, []string{"v"}, []string{"enter", "v", "?", "q"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			shown := map[string][]string{}
			for _, lang := range []string{"en", "ja"} {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				opts.QueueContent = readFixtureContent
				opts.Demo = tc.demo
				m := newScreen(t, opts, 80, 24)
				m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
				m = send(t, m, keys(tc.keys...)...)
				shown[lang] = shownHelpKeys(m)
				for _, want := range tc.want {
					if !slices.Contains(shown[lang], want) {
						t.Errorf("%s: key help lacks %q: %q", lang, want, shown[lang])
					}
				}
			}
			if !slices.Equal(shown["en"], shown["ja"]) {
				t.Errorf("Japanese key help shows %q, English %q", shown["ja"], shown["en"])
			}
		})
	}
}
