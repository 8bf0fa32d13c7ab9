package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/sources"
)

// Without root a note in the help overlay names the keys that need root,
// which the footers leave out. As root there is no note. A queue listed
// with postqueue -j means that mailtop is not root.
func TestHelpNamesRootKeysWithoutRoot(t *testing.T) {
	rootKeys := []string{"r", "h", "H", "e", "d", "f"}
	for _, lang := range []string{"en", "ja"} {
		for _, source := range []sources.QueueSource{sources.QueueFromDirectory, sources.QueueFromPostqueue} {
			root := source == sources.QueueFromDirectory
			opts := testOptions(lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			queue := fixtureQueue()
			queue.Source = source
			m := send(t, newScreen(t, opts, 132, 60), QueueSnapshotMsg{Snapshot: queue})
			m = send(t, m, keys("?")...)

			listed := helpKeys(m)
			for _, name := range append(rootKeys, "i", "F", "A") {
				if !slices.Contains(listed, name) {
					t.Errorf("%s %s: help lacks %q: %q", lang, source, name, listed)
				}
			}
			// Japanese lists its keys with 「、」.
			keyList := map[string]string{"en": "r, h, H, e, d, f", "ja": "r、h、H、e、d、f"}[lang]
			note := m.c.l.T("help.needsRoot", map[string]any{"Keys": keyList})
			if strings.Contains(screenText(m), note) == root {
				t.Errorf("%s %s: the help shows the note %q: %v, want it only without root:\n%s", lang, source, note, !root, screenText(m))
			}
		}
	}
}

// The note names only the keys that the mode lets the help list: the demo
// sends no mail, so f is left out of the help anyway.
func TestHelpRootNoteSkipsDemoForward(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.Demo = true
	queue := fixtureQueue()
	queue.Source = sources.QueueFromPostqueue
	m := send(t, newScreen(t, opts, 132, 60), QueueSnapshotMsg{Snapshot: queue}, keyPress("?"))
	note := m.c.l.T("help.needsRoot", map[string]any{"Keys": "r, h, H, e, d"})
	if !strings.Contains(screenText(m), note) {
		t.Errorf("the demo's help lacks %q:\n%s", note, screenText(m))
	}
}

// With the log screens' actor alone, the note names r, the only action
// key that the help lists and that needs root.
func TestHelpRootNoteWithoutQueueActor(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		queue := fixtureQueue()
		queue.Source = sources.QueueFromPostqueue
		m := send(t, newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 132, 60), QueueSnapshotMsg{Snapshot: queue}, keyPress("?"))
		note := m.c.l.T("help.needsRoot", map[string]any{"Keys": "r"})
		if !strings.Contains(screenText(m), note) {
			t.Errorf("%s: the help lacks %q:\n%s", lang, note, screenText(m))
		}
	}
}

// Read-only, no action key works, so there is no note.
func TestHelpRootNoteAbsentReadOnly(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.ReadOnly = true
	queue := fixtureQueue()
	queue.Source = sources.QueueFromPostqueue
	m := send(t, newScreen(t, opts, 132, 60), QueueSnapshotMsg{Snapshot: queue}, keyPress("?"))
	label, _, _ := strings.Cut(m.c.l.T("help.needsRoot", map[string]any{"Keys": "\x00"}), "\x00")
	if strings.Contains(screenText(m), label) {
		t.Errorf("the read-only help shows %q:\n%s", label, screenText(m))
	}
}
