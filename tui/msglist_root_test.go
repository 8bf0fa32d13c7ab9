package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/sources"
)

// Without root postsuper -r fails, so the domain's message list and the
// message view neither offer requeue nor run it, as the queue screen does
// for its postsuper keys. Deliver now runs postqueue -i and stays. A queue
// listed with postqueue -j means that mailtop is not root.
func TestRequeueHiddenWithoutRoot(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, source := range []sources.QueueSource{sources.QueueFromDirectory, sources.QueueFromPostqueue} {
			root := source == sources.QueueFromDirectory
			actor := &fakeActor{}
			m := newScreen(t, testOptions(lang, &fakeSource{}, actor), 80, 24)
			queue := fixtureQueue()
			queue.Source = source
			m = send(t, m, QueueSnapshotMsg{Snapshot: queue}, keyPress("enter"))
			screens := map[string]Model{"list": m, "message": send(t, m, keyPress("enter"))}
			for name, screen := range screens {
				offered := footerKeys(screen)
				if slices.Contains(offered, "r") != root {
					t.Errorf("%s %s %s: footer %q, want requeue offered only as root", lang, source, name, offered)
				}
				if !slices.Contains(offered, "i") {
					t.Errorf("%s %s %s: footer %q lacks deliver now", lang, source, name, offered)
				}
				if root {
					continue
				}

				pressed := send(t, screen, keyPress("r"))
				if pressed.confirm != nil {
					t.Errorf("%s %s: requeue without root opened a confirmation", lang, name)
				}
				needsRoot := m.c.l.T("qresult.needsRoot", map[string]any{"Action": m.c.l.T("action.requeue")})
				if !strings.Contains(pressed.result, needsRoot) {
					t.Errorf("%s %s: footer %q, want %q", lang, name, pressed.result, needsRoot)
				}
				send(t, pressed, keyPress("y"))
			}
			if !root && len(actor.calls) != 0 {
				t.Errorf("%s: requeue without root ran %+v", lang, actor.calls)
			}
		}
	}
}
