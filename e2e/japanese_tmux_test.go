package e2e

import (
	"strings"
	"testing"
)

// TestDemoInJapaneseLocale runs the demo as a Japanese operator would, with
// LANG=ja_JP.UTF-8 and nothing overriding it, and checks that the screen
// and the help overlay are in Japanese and that docomo's failures show.
func TestDemoInJapaneseLocale(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	for _, size := range []struct{ width, height int }{{80, 24}, {132, 40}} {
		// LC_ALL and LC_MESSAGES would win over LANG, so the pane drops them.
		argv := []string{"env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=ja_JP.UTF-8", binary, "--demo"}
		p := startTmuxPane(t, size.width, size.height, argv)

		screen := p.waitText(screenTimeout, "デモ（操作は模擬）", "docomo.ne.jp", "送信失敗")
		for _, want := range []string{"集計 直近1時間", "ドメイン", "不達"} {
			if !strings.Contains(screen, want) {
				t.Errorf("%dx%d: the main screen lacks %q:\n%s", size.width, size.height, want, screen)
			}
		}
		for _, english := range []string{"Domains", "Failures, newest first", "window 1h"} {
			if strings.Contains(screen, english) {
				t.Errorf("%dx%d: the Japanese screen shows the English %q:\n%s", size.width, size.height, english, screen)
			}
		}

		p.keys("?")
		help := p.waitText(screenTimeout, "キー操作")
		for _, want := range []string{"今すぐ配送", "再キュー", "絞り込み", "終了"} {
			if !strings.Contains(help, want) {
				t.Errorf("%dx%d: the help lacks %q:\n%s", size.width, size.height, want, help)
			}
		}

		// Escape and q sent together read as alt+q, so wait for the help to close.
		p.keys("Escape")
		p.waitScreen(screenTimeout, "the help closed", func(screen string) bool { return !strings.Contains(screen, "キー操作") })
		p.keys("q")
		if status, last := p.waitExit(screenTimeout); status != 0 {
			t.Errorf("%dx%d: mailtop exited with status %d after q, want 0; the screen was:\n%s", size.width, size.height, status, last)
		}
	}
}
