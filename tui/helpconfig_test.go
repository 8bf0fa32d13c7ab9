package tui

import (
	"strings"
	"testing"
)

// The header stays above the help overlay, so the overlay names the config
// file only when the header cannot show it whole.
func TestHelpNamesConfigOnce(t *testing.T) {
	const longPath = "/srv/mailtop/shops/example-shop-tokyo-honten/production/config.toml"
	for _, lang := range []string{"en", "ja"} {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			for _, path := range []string{"", "/etc/mailtop/config.toml"} {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.ConfigPath = path
				m := send(t, newScreen(t, opts, size[0], size[1]), keys("?")...)
				l := m.c.l
				config := l.T("header.configNone")
				if path != "" {
					config = path
				}
				if n := strings.Count(screenText(m), config); n != 1 {
					t.Errorf("%s %dx%d config %q: the screen shows %q %d times, want once:\n%s", lang, size[0], size[1], path, config, n, screenText(m))
				}
			}

			// The header shortens a long path, so the overlay names the
			// config file, shortened less where it has more room.
			opts := testOptions(lang, &fakeSource{}, &fakeActor{})
			opts.ConfigPath = longPath
			m := send(t, newScreen(t, opts, size[0], size[1]), keys("?")...)
			header := strings.Split(screenText(m), "\n")[1]
			label, _, _ := strings.Cut(m.c.l.T("help.configFile", map[string]any{"Path": "\x00"}), "\x00")
			shown := strings.Contains(screenText(m), "  "+label)
			switch {
			case strings.Contains(header, longPath) && shown:
				t.Errorf("%s %dx%d: the header shows %q whole and the overlay repeats it", lang, size[0], size[1], longPath)
			case !strings.Contains(header, longPath) && !shown:
				t.Errorf("%s %dx%d: the header shortens the config path and the overlay lacks %q:\n%s", lang, size[0], size[1], label, screenText(m))
			}
		}
	}
}

// On a screen too narrow for the header's config item, the overlay names
// the config file whole. The screen is tall enough for the overlay not to
// scroll.
func TestHelpNamesConfigCutInHeader(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := send(t, newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 60, 60), keys("?")...)
		full := m.c.l.T("help.configFile", map[string]any{"Path": "/etc/mailtop/config.toml"})
		if !strings.Contains(screenText(m), full) {
			t.Errorf("%s: the overlay lacks %q:\n%s", lang, full, screenText(m))
		}
	}
}
