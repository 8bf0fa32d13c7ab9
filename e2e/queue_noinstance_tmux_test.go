package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestQueueScreenWithoutInstance opens the queue screen where postconf
// finds no Postfix instance, so no queue is read: the title has no counts,
// the explanation is wrapped whole, and the key help keeps help and quit.
func TestQueueScreenWithoutInstance(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	logPath := writeOldLog(t)
	path := fakePostconfPath(t, "echo 'postconf: fatal: open /etc/postfix/main.cf: No such file or directory' >&2; exit 1")

	cases := []struct {
		lang       string
		title      string
		start, end string // the first and last words of the explanation
		help, quit string
	}{
		{"en", "Queue · sort: age", "the queue is not read:", "the instance's main.cf", "? help", "q quit"},
		{"ja", "キュー · 経過順", "キューは読んでいません:", "を起動してください", "? ヘルプ", "q 終了"},
	}
	for _, tc := range cases {
		for _, width := range []int{100, 160} {
			t.Run(fmt.Sprintf("%s-%d", tc.lang, width), func(t *testing.T) {
				p := startTmuxPane(t, width, 24, []string{"env", path, binary, "--lang", tc.lang, "--log", logPath, "--since", "all"}, "TZ=UTC")
				p.waitText(screenTimeout, "docomo.ne.jp")
				p.keys("Q")
				screen := p.waitText(screenTimeout, tc.title, tc.start)
				if tc.lang == "en" {
					checkFrame(t, screen, 24)
				}

				if strings.Contains(screen, "deferred 0") {
					t.Errorf("the title counts an empty queue, but none was read; the screen was:\n%s", screen)
				}
				// The Japanese text may break between two characters.
				if !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(screen, "\n", ""), " ", ""), strings.ReplaceAll(tc.end, " ", "")) {
					t.Errorf("the explanation is cut before %q; the screen was:\n%s", tc.end, screen)
				}
				if help := footer(screen, 1); !strings.Contains(help, tc.help) || !strings.Contains(help, tc.quit) {
					t.Errorf("the key help %q lacks %q or %q", help, tc.help, tc.quit)
				}
			})
		}
	}
}
