package e2e

import (
	"strings"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestEmptyQueueScreenOnRealPostfix opens the queue screen of a Postfix
// instance with an empty queue at 80x24: the key help offers only the keys
// that work, and x, enter and A report that there is nothing to act on.
func TestEmptyQueueScreenOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in := postfixtest.StartInstance(t, postfixtest.Config{})

	cases := []struct {
		lang        string
		empty, help string
		x, enter    string
		flushAll    string
	}{
		{"en", "the queue is empty", "esc back • Q queue • ? help • q quit",
			"the queue is empty, so x (why) has nothing to act on",
			"the queue is empty, so enter (open) has nothing to act on",
			"the queue is empty, so A (flush all) has nothing to act on"},
		{"ja", "キューは空です", "esc 戻る • Q キュー • ? ヘルプ • q 終了",
			"キューが空なので、x（原因）の対象がありません",
			"キューが空なので、enter（開く）の対象がありません",
			"キューが空なので、A（全体のフラッシュ）の対象がありません"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			p := startTmuxPane(t, 80, 24, []string{binary, "-c", in.ConfigDir(), "--lang", tc.lang, "--since", "all"}, "TZ=UTC")
			p.waitText(screenTimeout, "mailtop")
			p.keys("Q")
			screen := p.waitText(screenTimeout, "deferred 0", tc.empty)
			if help := footer(screen, 1); strings.TrimSpace(help) != tc.help {
				t.Errorf("key help = %q, want %q", help, tc.help)
			}

			p.keys("x")
			p.waitText(screenTimeout, tc.x)
			p.keys("Enter")
			p.waitText(screenTimeout, tc.enter)
			p.keys("A")
			screen = p.waitText(screenTimeout, tc.flushAll)
			if strings.Contains(screen, "[y/N]") {
				t.Errorf("A on the empty queue asks to flush; the screen was:\n%s", screen)
			}

			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}
