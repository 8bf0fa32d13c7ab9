package tui

import (
	"context"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// drawnFooter returns the key help line at the bottom of the screen.
func drawnFooter(m Model) string {
	lines := strings.Split(screenText(m), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// helpItem returns a binding as the footer draws it: key, space, text.
func helpItem(b key.Binding) string {
	return b.Help().Key + " " + b.Help().Desc
}

// footerScreens returns the screens whose footer offers x, by name: the
// main screen with either pane focused, a domain's message list on a
// queued row and on a row that left the queue, and the view of a queued
// message.
func footerScreens(t *testing.T, opts Options, width, height int) map[string]Model {
	t.Helper()
	m := newScreen(t, opts, width, height)
	list := send(t, m, keyPress("enter"))
	if row, ok := list.list.SelectedRow(); !ok || !row.State.InQueue() {
		t.Fatalf("the list's first row is not a queued message: %+v", row)
	}
	return map[string]Model{
		"domains":      m,
		"feed":         send(t, m, keyPress("tab")),
		"list queued":  list,
		"list left":    send(t, list, keyPress("down")),
		"message view": send(t, list, keyPress("enter")),
	}
}

// The footer offers x wherever it opens the why panel, with the keys an
// operator needs most, in both languages at 80 and 132 columns.
func TestFootersOfferWhy(t *testing.T) {
	needed := map[string][]string{
		"domains":      {"enter", "x", "Q", "/", "?", "q"},
		"feed":         {"enter", "x", "Q", "tab", "?", "q"},
		"list queued":  {"enter", "x", "Q", "i", "?", "q"},
		"list left":    {"enter", "x", "Q", "esc", "?", "q"},
		"message view": {"esc", "x", "i", "r", "Q", "?", "q"},
	}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			for name, m := range footerScreens(t, testOptions(lang, &fakeSource{}, &fakeActor{}), size[0], size[1]) {
				footer := drawnFooter(m)
				for _, want := range needed[name] {
					var binding key.Binding
					for _, b := range m.shortHelp() {
						if b.Help().Key == want {
							binding = b
						}
					}
					if binding.Help().Key == "" {
						t.Errorf("%s %dx%d %s: the footer's keys lack %q", lang, size[0], size[1], name, want)
						continue
					}
					if !strings.Contains(footer, helpItem(binding)) {
						t.Errorf("%s %dx%d %s: footer %q lacks %q", lang, size[0], size[1], name, footer, helpItem(binding))
					}
				}
			}
		}
	}
}

// The keys that are easy to find without the footer come after the keys
// that open views, so a narrow footer drops them first.
func TestFooterPutsMovesLast(t *testing.T) {
	m := newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 132, 40)
	order := footerKeys(m)
	index := func(name string) int {
		for i, k := range order {
			if k == name {
				return i
			}
		}
		t.Fatalf("the main screen's footer keys %q lack %q", order, name)
		return -1
	}
	for _, first := range []string{"enter", "x", "Q", "/", "?", "q"} {
		for _, later := range []string{"S", "↑/k", "↓/j"} {
			if index(first) > index(later) {
				t.Errorf("footer keys %q: %q comes after %q", order, first, later)
			}
		}
	}
}

// With an export, the main screen's footer offers E at 132 columns in both
// languages, with either pane focused. Without one it never does.
func TestMainFooterOffersExport(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		opts := testOptions(lang, &fakeSource{}, &fakeActor{})
		opts.ExportUnknown = func(context.Context) (string, int, error) { return "", 0, nil }
		m := newScreen(t, opts, 132, 40)
		export := helpItem(m.keys.ExportUnknown)
		for name, screen := range map[string]Model{"domains": m, "feed": send(t, m, keyPress("tab"))} {
			if footer := drawnFooter(screen); !strings.Contains(footer, export) {
				t.Errorf("%s %s: footer %q lacks %q", lang, name, footer, export)
			}
		}

		for name, screen := range footerScreens(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 132, 40) {
			for _, k := range footerKeys(screen) {
				if k == "E" {
					t.Errorf("%s %s: the footer offers E without an export: %q", lang, name, footerKeys(screen))
				}
			}
		}
	}
}
