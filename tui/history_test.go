package tui

import (
	"strings"
	"testing"
)

// While the log's history is read, the header shows how far in the
// screen's language, also while paused. Without a known size it shows no
// percentage, and the note goes once the history is read.
func TestHeaderShowsHistoryProgress(t *testing.T) {
	for _, tc := range []struct{ lang, reading, unsized string }{
		{"en", "reading history 45%", "reading history…"},
		{"ja", "履歴を読み込み中 45%", "履歴を読み込み中…"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			m := newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), 80, 24)
			header := func(m Model) string { return strings.SplitN(screenText(m), "\n", 2)[0] }
			if strings.Contains(header(m), "%") {
				t.Fatalf("header before any progress: %q", header(m))
			}
			m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot(), History: History{Reading: true, Percent: 45}})
			if !strings.Contains(header(m), tc.reading) {
				t.Fatalf("header while reading: %q, want %q", header(m), tc.reading)
			}
			m = send(t, m, keys("p")...)
			m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot(), History: History{Reading: true, Percent: 80}})
			if want := strings.Replace(tc.reading, "45", "80", 1); !strings.Contains(header(m), want) {
				t.Fatalf("header while paused: %q, want %q", header(m), want)
			}
			m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot(), History: History{Reading: true, Percent: -1}})
			if !strings.Contains(header(m), tc.unsized) || strings.Contains(header(m), "%") {
				t.Fatalf("header while reading a journal: %q, want %q", header(m), tc.unsized)
			}
			m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
			if strings.Contains(header(m), "…") {
				t.Fatalf("header after the history was read: %q", header(m))
			}
		})
	}
}

// When postconf found no Postfix instance, the header does not name the
// default one.
func TestHeaderWithoutInstance(t *testing.T) {
	for _, tc := range []struct{ lang, none, def string }{
		{"en", "no Postfix instance", "default instance"},
		{"ja", "Postfix インスタンスなし", "標準インスタンス"},
	} {
		opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
		opts.QueueNoInstance = true
		opts.Instance = ""
		m := newScreen(t, opts, 80, 24)
		second := strings.Split(screenText(m), "\n")[1]
		if !strings.Contains(second, tc.none) || strings.Contains(second, tc.def) {
			t.Errorf("%s: header line %q, want %q and not %q", tc.lang, second, tc.none, tc.def)
		}
	}
}
