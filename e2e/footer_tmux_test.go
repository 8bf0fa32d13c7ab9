package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestDemoResultClearsOnMove cancels an action on a queued message of
// mailtop --demo and checks that the footer shows the cancellation only
// while that message is on screen.
func TestDemoResultClearsOnMove(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	p := startTmuxPane(t, 132, 40, []string{binary, "--demo", "--lang", "en"}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)

	p.keys("Q")
	p.waitScreen(screenTimeout, "the queue header with deferred messages", queueHeader.MatchString)
	p.keys("Enter")
	p.waitText(screenTimeout, "Queued message")
	p.keys("i")
	p.waitText(screenTimeout, "Deliver ", " now? [y/N]")
	p.keys("n")
	screen := p.waitText(screenTimeout, "cancelled: deliver now")

	// Scrolling the same message keeps the result.
	p.keys("Down")
	time.Sleep(300 * time.Millisecond)
	if screen = p.screen(); !strings.Contains(footer(screen, 2), "cancelled: deliver now") {
		t.Errorf("the footer lost the result while the message stayed on screen:\n%s", footer(screen, 2))
	}

	// The queue list and another message are other places.
	p.keys("Escape")
	screen = p.waitScreen(screenTimeout, "the queue list again", queueHeader.MatchString)
	if strings.Contains(screen, "cancelled:") {
		t.Errorf("the queue list still shows the result; the screen was:\n%s", screen)
	}
	// Escape followed at once by another key reads as alt+key.
	time.Sleep(300 * time.Millisecond)
	p.keys("j")
	p.keys("Enter")
	screen = p.waitText(screenTimeout, "Queued message")
	if strings.Contains(screen, "cancelled:") {
		t.Errorf("another message's view shows the result; the screen was:\n%s", screen)
	}

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop --demo exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// TestDemoMainScreenNamesWhereKeysWork presses action keys on the main
// screen of mailtop --demo, where they do nothing, and checks that the
// footer names the screens where they work.
func TestDemoMainScreenNamesWhereKeysWork(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	cases := []struct {
		lang string
		key  string
		want string
	}{
		{"en", "i", "i (deliver now) works only in a domain's message list, a message view and the queue screen (Q)"},
		{"en", "h", "h (hold) works only on the queue screen (Q) and in a message opened there"},
		{"en", "f", "the demo sends no mail, so forward is not available"},
		{"ja", "r", "r（再キュー）が使えるのは、ドメインのメッセージ一覧、メッセージの詳細、キュー画面（Q）だけです"},
	}
	panes := map[string]*tmuxPane{}
	for _, tc := range cases {
		p, ok := panes[tc.lang]
		if !ok {
			p = startTmuxPane(t, 132, 40, []string{binary, "--demo", "--lang", tc.lang}, "TZ=UTC")
			p.waitText(screenTimeout, "docomo.ne.jp")
			panes[tc.lang] = p
		}
		p.keys(tc.key)
		screen := p.waitScreen(screenTimeout, fmt.Sprintf("the footer after %s", tc.key), func(screen string) bool {
			return strings.Contains(footer(screen, 2), tc.want)
		})
		if !strings.Contains(screen, "Domains") && !strings.Contains(screen, "ドメイン別") {
			t.Errorf("%s left the main screen; the screen was:\n%s", tc.key, screen)
		}
	}
}

// TestDemoMainScreenKeyHintsAt80 presses, at 80x24 on the main screen of
// mailtop --demo, the queue screen's v and space and the unbound z, and
// checks that each shows a hint in the footer and that the next key
// clears the hint that F leaves.
func TestDemoMainScreenKeyHintsAt80(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	p := startTmuxPane(t, 80, 24, []string{binary, "--demo", "--lang", "en"}, "TZ=UTC")
	p.waitText(screenTimeout, "docomo.ne.jp")
	cases := []struct{ key, want string }{
		{"v", "v (list/shape) works only on the queue screen (Q)"},
		{"Space", "space (tag) works only on the queue screen (Q)"},
		{"z", "z does nothing on this screen; press ? for the keys"},
	}
	for _, tc := range cases {
		p.keys(tc.key)
		p.waitScreen(screenTimeout, fmt.Sprintf("the footer after %s", tc.key), func(screen string) bool {
			return strings.Contains(footer(screen, 2), tc.want)
		})
	}

	const flushHint = "F (flush domain) works only on the queue screen"
	p.keys("F")
	p.waitScreen(screenTimeout, "the footer after F", func(screen string) bool {
		return strings.Contains(footer(screen, 3), flushHint)
	})
	p.keys("j")
	p.waitScreen(screenTimeout, "the footer after F and j", func(screen string) bool {
		return !strings.Contains(footer(screen, 3), flushHint)
	})
}

// TestDemoQueueScreenKeysAt80 opens the queue screen of mailtop --demo at
// 80x24 in both languages. Its key help keeps esc, the way back, and an
// unbound key there and in a queued message's view points to ? for the
// keys, as on the main screen.
func TestDemoQueueScreenKeysAt80(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	cases := []struct{ lang, title, back, hint string }{
		{"en", "Queue ·", "esc back", "z does nothing on this screen; press ? for the keys"},
		{"ja", "キュー ·", "esc 戻る", "z はこの画面では使えません。? でキーの一覧を表示します。"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			p := startTmuxPane(t, 80, 24, []string{binary, "--demo", "--lang", tc.lang}, "TZ=UTC")
			p.waitText(screenTimeout, "docomo.ne.jp")
			p.keys("Q")
			// The replay builds the demo's queue, so wait for a row.
			screen := p.waitText(screenTimeout, tc.title, "> ", "deferred")
			if help := footer(screen, 1); !strings.Contains(help, tc.back) {
				t.Errorf("the queue screen's key help lacks %q: %q", tc.back, help)
			}

			p.keys("z")
			p.waitScreen(screenTimeout, "the hint on the queue screen", func(screen string) bool {
				return strings.Contains(footer(screen, 3), tc.hint)
			})
			p.keys("j")
			p.waitScreen(screenTimeout, "the hint gone after j", func(screen string) bool {
				return !strings.Contains(screen, tc.hint)
			})

			p.keys("Enter")
			p.waitScreen(screenTimeout, "a queued message's view", func(screen string) bool {
				return !strings.Contains(screen, tc.title)
			})
			p.keys("z")
			p.waitScreen(screenTimeout, "the hint in a queued message's view", func(screen string) bool {
				return strings.Contains(footer(screen, 3), tc.hint)
			})
		})
	}
}
