package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// queueHeader matches the queue screen's header once the demo's queue
// holds deferred messages.
var queueHeader = regexp.MustCompile(`Queue · deferred [1-9][0-9]* hold [0-9]+`)

// TestDemoQueueScreen opens the queue screen of mailtop --demo, which
// shows the messages the replayed log has left deferred, opens one, and
// holds it with a simulated action that moves it to the hold queue at
// once, and requeues it under a new queue ID.
func TestDemoQueueScreen(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	p := startTmuxPane(t, 132, 40, []string{binary, "--demo", "--lang", "en"}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)

	p.keys("Q")
	screen := p.waitScreen(screenTimeout, "the queue header with deferred messages", queueHeader.MatchString)
	if !strings.Contains(screen, "order@shop.example.com") || !strings.Contains(screen, " deferred ") {
		t.Errorf("the queue lists no deferred message from the shop; the screen was:\n%s", screen)
	}

	p.keys("Enter")
	screen = p.waitText(screenTimeout, "Queued message", "Recipients", "pending", "The demo recording holds the log only")
	if !strings.Contains(screen, "Life in the log") {
		t.Errorf("the message view lacks its life in the log; the screen was:\n%s", screen)
	}
	// A deferred message can be held, not released.
	if help := footer(screen, 1); !strings.HasPrefix(help, "esc back • x why • h hold • i deliver now") {
		t.Errorf("the key help of a deferred message = %q, want esc back • x why • h hold • i deliver now first", help)
	}
	p.keys("Escape")
	p.waitScreen(screenTimeout, "the queue list again", queueHeader.MatchString)
	// Escape followed at once by another key reads as alt+key.
	time.Sleep(300 * time.Millisecond)

	p.keys("h")
	p.waitText(screenTimeout, "Hold ", "? [y/N]", "Demo mode: the action is simulated.")
	p.keys("y")
	// The release asked as soon as the hold is done finds the message on
	// hold, instead of saying that it is not.
	p.waitText(screenTimeout, "hold: 1 of 1 simulated")
	p.keys("H")
	p.waitText(screenTimeout, "Release ", "(hold queue)", "[y/N]")
	p.keys("n")
	screen = p.waitText(screenTimeout, "cancelled: release")
	if !strings.Contains(screen, " hold 1 ") && !strings.Contains(screen, " hold 1\n") {
		t.Errorf("the queue header does not count the held message; the screen was:\n%s", screen)
	}
	if !regexp.MustCompile(`(?m)^> [0-9A-Za-z]+ +hold `).MatchString(screen) {
		t.Errorf("the selected message is not shown in the hold queue; the screen was:\n%s", screen)
	}

	// The held message can be released, and h shows why it does nothing.
	p.keys("Enter")
	screen = p.waitText(screenTimeout, "Queued message", "queue          hold")
	// postqueue -i does not touch held mail, so i is left out.
	if help := footer(screen, 1); !strings.HasPrefix(help, "esc back • x why • H release • r requeue") {
		t.Errorf("the key help of a held message = %q, want esc back • x why • H release • r requeue first", help)
	}
	p.keys("h")
	p.waitText(screenTimeout, "is already on hold; press H to release it")

	// A requeue keeps the message, under a new queue ID.
	held := regexp.MustCompile(`Queued message ([0-9A-F]+)`).FindStringSubmatch(screen)
	if held == nil {
		t.Fatalf("the message view names no queue ID; the screen was:\n%s", screen)
	}
	p.keys("r")
	p.waitText(screenTimeout, "Requeue ", "? [y/N]")
	p.keys("y")
	p.waitText(screenTimeout, "requeue: 1 of 1 simulated", "has left the queue")
	p.keys("Escape")
	screen = p.waitScreen(screenTimeout, "the queue list without "+held[1], func(screen string) bool {
		return queueHeader.MatchString(screen) && !strings.Contains(screen, held[1])
	})
	if !strings.Contains(screen, " hold 0") {
		t.Errorf("the requeued message is still counted on hold; the screen was:\n%s", screen)
	}
	time.Sleep(300 * time.Millisecond)

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop --demo exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// TestDemoQueueListFooter checks the queue list's footer at 80 columns in
// both languages. The keys x and the action of the row under the cursor survive
// the cut: hold on a deferred message, release on a held one. A read-only
// footer offers esc and the filter instead of tagging.
func TestDemoQueueListFooter(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)
	cases := []struct {
		lang, deferred, held string
	}{
		{"en", "enter open • x why • h hold • i deliver now", "enter open • x why • H release • r requeue"},
		{"ja", "enter 開く • x 原因 • h 保留 • i 今すぐ配送", "enter 開く • x 原因 • H 保留解除 • r 再キュー"},
	}
	for _, tc := range cases {
		p := startTmuxPane(t, 80, 24, []string{binary, "--demo", "--lang", tc.lang}, "TZ=UTC")
		p.waitText(screenTimeout, "docomo.ne.jp")
		p.keys("Q")
		p.waitScreen(screenTimeout, tc.lang+": the key help of a deferred message", func(screen string) bool {
			return strings.HasPrefix(footer(screen, 1), tc.deferred)
		})
		p.keys("h")
		p.waitText(screenTimeout, "[y/N]")
		p.keys("y")
		p.waitScreen(screenTimeout, tc.lang+": the key help of the held message", func(screen string) bool {
			return strings.HasPrefix(footer(screen, 1), tc.held)
		})
	}

	p := startTmuxPane(t, 80, 24, []string{binary, "--demo", "--read-only", "--lang", "ja"}, "TZ=UTC")
	p.waitText(screenTimeout, "docomo.ne.jp")
	p.keys("Q")
	screen := p.waitScreen(screenTimeout, "the read-only key help", func(screen string) bool {
		return strings.HasPrefix(footer(screen, 1), "enter 開く • x 原因 • esc 戻る • / 絞り込み")
	})
	if help := footer(screen, 1); strings.Contains(help, "space") {
		t.Errorf("the read-only key help offers tagging: %q", help)
	}
}
