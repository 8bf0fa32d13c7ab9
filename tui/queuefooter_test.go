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
// that the English one shows, hold and the way back with esc included.
func TestQueueFooterSameKeysAt80(t *testing.T) {
	cases := []struct {
		name string
		demo bool
		keys []string
		want []string // keys that both languages show
	}{
		{"list", false, nil, []string{"enter", "x", "h", "esc", "?", "q"}},
		{"demo list", true, nil, []string{"enter", "x", "h", "esc", "?", "q"}},
		{"tagged", false, []string{"space"}, []string{"enter", "h", "esc", "?", "q"}},
		{"message", false, []string{"enter"}, []string{"esc", "x", "h", "?", "q"}},
		{"shape", false, []string{"v"}, []string{"enter", "v", "esc", "?", "q"}},
		{"filtered", false, []string{"/", "d", "o", "c", "o", "enter"}, []string{"enter", "x", "esc", "?", "q"}},
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

// The queue list's footer puts the keys an operator needs first: enter, x,
// the actions that apply to the row under the cursor, esc and the filter.
// Tags, views, sort and the flushes come after them, and read-only
// leaves the tag keys out. The cases name the keys that must show at each
// width, in both languages.
func TestQueueListFooterOrder(t *testing.T) {
	const deferredID, heldID = "4jh2DZ3Cpzz5rBg", "4jh2G3cDfgz5Hjk"
	cases := []struct {
		name     string
		readOnly bool
		queueID  string
		at80     []string
		at132    []string
		absent   []string
	}{
		{"deferred", false, deferredID, []string{"enter", "x", "h", "esc", "?", "q"}, []string{"enter", "x", "h", "i", "r", "d", "esc", "/", "?", "q"}, []string{"H"}},
		{"held", false, heldID, []string{"enter", "x", "H", "esc", "?", "q"}, []string{"enter", "x", "H", "r", "d", "esc", "/", "e", "?", "q"}, []string{"h", "i"}},
		{"read-only", true, deferredID, []string{"enter", "x", "esc", "/", "?", "q"}, []string{"enter", "x", "esc", "/", "v", "s", "Q", "?", "q"}, []string{"space", "T", "U", "h", "i", "A"}},
	}
	for _, tc := range cases {
		for _, lang := range []string{"en", "ja"} {
			for _, width := range []int{80, 132} {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				opts.QueueContent = readFixtureContent
				opts.ReadOnly = tc.readOnly
				m := newScreen(t, opts, width, 40)
				m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
				m = selectQueueID(t, m, tc.queueID)
				shown := shownHelpKeys(m)
				want := tc.at80
				if width == 132 {
					want = tc.at132
				}
				for _, k := range want {
					if !slices.Contains(shown, k) {
						t.Errorf("%s %s %d: key help lacks %q: %q", tc.name, lang, width, k, shown)
					}
				}
				for _, k := range tc.absent {
					if slices.Contains(footerKeys(m), k) {
						t.Errorf("%s %s %d: footer keys offer %q: %q", tc.name, lang, width, k, footerKeys(m))
					}
				}

				order := footerKeys(m)
				position := func(k string) int {
					if i := slices.Index(order, k); i >= 0 {
						return i
					}
					return len(order)
				}
				for _, first := range []string{"enter", "x", "h", "H", "i", "r", "d", "esc", "/"} {
					for _, later := range []string{"space", "v", "T", "U", "s", "F", "A", "Q"} {
						if slices.Contains(order, first) && position(first) > position(later) {
							t.Errorf("%s %s %d: footer keys %q: %q comes after %q", tc.name, lang, width, order, first, later)
						}
					}
				}
			}
		}
	}
}
