package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestQueueScreenDomainMatchesQueueCommand queues mail to docomo.ne.jp,
// which defers it, to ezweb.ne.jp, whose port rejects connections, and one
// message to both. The queue screen with --domain ezweb.ne.jp must count
// what mailtop queue --domain ezweb.ne.jp lists, and show the ezweb.ne.jp
// recipient and its class on the message to both.
func TestQueueScreenDomainMatchesQueueCommand(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)

	sink := postfixtest.StartSink(t)
	docomo, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	refused, err := postfixtest.RefusedPort()
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": docomo, "ezweb.ne.jp": refused},
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})
	sends := [][]string{
		{"tempfail01@docomo.ne.jp"},
		{"tempfail02@docomo.ne.jp", "goro@ezweb.ne.jp"},
		{"hanako@ezweb.ne.jp"},
	}
	ids := make([]string, len(sends))
	for i, rcpts := range sends {
		if ids[i], err = in.Submit("orders@shop.example", rcpts, "Your order has shipped", "Tracking number 1234.\n"); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	err = in.WaitLog(ctx, func(lines []string) bool {
		for i, rcpts := range sends {
			for _, rcpt := range rcpts {
				if findLine(lines, ids[i]+": to=<"+rcpt+">", "status=deferred") == "" {
					return false
				}
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("not every recipient was deferred: %v", err)
	}

	cmd := exec.Command(binary, "queue", "-c", in.ConfigDir(), "--domain", "ezweb.ne.jp")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mailtop queue --domain: %v; stderr: %s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "2 of 3 queued messages match the filters (deferred 2)") {
		t.Fatalf("mailtop queue --domain ezweb.ne.jp does not list 2 deferred messages:\n%s", stdout.String())
	}

	p := startTmuxPane(t, 132, 30, []string{binary, "--read-only", "-c", in.ConfigDir(), "--domain", "ezweb.ne.jp"}, "TZ=UTC")
	p.keys("Q")
	screen := p.waitText(screenTimeout, "Queue · deferred 2 hold 0", ids[1], ids[2])
	if n := queueRows(screen); n != 2 {
		t.Errorf("the screen lists %d rows, want 2:\n%s", n, screen)
	}
	row := rowOf(screen, ids[1])
	if !strings.Contains(row, " goro@ezweb.ne.jp, ") || !strings.Contains(row, " network ") {
		t.Errorf("the row of the message to both domains does not show goro@ezweb.ne.jp first and network: %q", row)
	}
	if strings.Contains(screen, ids[0]) {
		t.Errorf("the docomo.ne.jp message %s is listed:\n%s", ids[0], screen)
	}
}
