package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestQueueScreenPostfixStopped stops a real Postfix instance that has a
// deferred message. The dashboard, the queue screen and mailtop queue then
// show that Postfix is stopped and how to start it, and mailtop queue shows
// the retry time as not happening. Once the instance runs again, the
// dashboard's warning goes away.
func TestQueueScreenPostfixStopped(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)

	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("carriers")
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})
	recipient := "tempfail01@docomo.ne.jp"
	id, err := in.Submit("orders@shop.example", []string{recipient}, "Your order has shipped", "Tracking number 1234.\n")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	err = in.WaitLog(ctx, func(lines []string) bool {
		return findLine(lines, id+": to=<"+recipient+">", "status=deferred") != ""
	})
	if err != nil {
		t.Fatal(err)
	}
	// qmgr moves the message from active to deferred after the log line.
	waitDeferred(ctx, t, in, id)

	dir := in.ConfigDir()
	start := "postfix -c " + dir + " start"
	stopMaster(t, in)
	// The instance's Stop at the end of the test runs postfix stop, which
	// fails on a stopped instance.
	running := false
	defer func() {
		if running {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := in.Start(ctx); err != nil {
			t.Errorf("start Postfix again: %v", err)
		}
	}()

	t.Run("mailtop queue", func(t *testing.T) {
		out, err := exec.Command(binary, "queue", "-c", dir, "--lang", "en", "--tz", "UTC").CombinedOutput()
		if err != nil {
			t.Fatalf("mailtop queue: %v\n%s", err, out)
		}
		text := string(out)
		if !strings.Contains(text, "(Postfix stopped)") {
			t.Errorf("the retry time lacks (Postfix stopped):\n%s", text)
		}
		want := "Postfix is not running, so no message is delivered or retried until it starts: " + start
		if !strings.Contains(text, want) {
			t.Errorf("the listing lacks %q:\n%s", want, text)
		}

		out, err = exec.Command(binary, "queue", "-c", dir, "--json").Output()
		if err != nil {
			t.Fatalf("mailtop queue --json: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), `"postfix_running": false`) {
			t.Errorf("the JSON lacks \"postfix_running\": false:\n%s", out)
		}
	})

	cases := []struct {
		lang, warning, title string
	}{
		{"en", "Postfix is not running", "Queue ·"},
		{"ja", "Postfix が停止しています", "キュー ·"},
	}
	for _, tc := range cases {
		t.Run("dashboard "+tc.lang, func(t *testing.T) {
			p := startTmuxPane(t, 80, 24, []string{binary, "-c", dir, "--lang", tc.lang, "--since", "all"}, "TZ=UTC")
			screen := p.waitText(screenTimeout, tc.warning)
			joined := strings.ReplaceAll(strings.ReplaceAll(screen, "\n", ""), " ", "")
			if !strings.Contains(joined, strings.ReplaceAll(start, " ", "")) {
				t.Errorf("the dashboard lacks %q; the screen was:\n%s", start, screen)
			}

			p.keys("Q")
			screen = p.waitText(screenTimeout, tc.title, id)
			lines := strings.Split(screen, "\n")
			if len(lines) < 4 || !strings.Contains(lines[3], tc.warning) {
				t.Errorf("the line under the queue screen's title lacks %q; the screen was:\n%s", tc.warning, screen)
			}
			p.keys("Escape")
			screen = p.waitScreen(screenTimeout, "the dashboard", func(screen string) bool {
				return !strings.Contains(screen, tc.title)
			})
			if !strings.Contains(screen, tc.warning) {
				t.Errorf("back on the dashboard, the warning is gone; the screen was:\n%s", screen)
			}
			p.keys("q")
			if status, last := p.waitExit(screenTimeout); status != 0 {
				t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}

	t.Run("started again", func(t *testing.T) {
		p := startTmuxPane(t, 80, 24, []string{binary, "-c", dir, "--lang", "en", "--since", "all"}, "TZ=UTC")
		p.waitText(screenTimeout, "Postfix is not running")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := in.Start(ctx); err != nil {
			t.Fatal(err)
		}
		running = true
		p.waitScreen(screenTimeout, "the warning gone", func(screen string) bool {
			return !strings.Contains(screen, "Postfix is not running")
		})
		p.keys("q")
		p.waitExit(screenTimeout)
	})
}

// stopMaster runs postfix stop for the instance and waits until its
// master process is gone, which postfix stop does not wait for.
func stopMaster(t *testing.T, in *postfixtest.Instance) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(in.QueueDir(), "pid", "master.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("master.pid: %v", err)
	}
	if out, err := exec.Command("postfix", "-c", in.ConfigDir(), "stop").CombinedOutput(); err != nil {
		t.Fatalf("postfix stop: %v\n%s", err, out)
	}
	deadline := time.Now().Add(15 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the master process %d still runs 15s after postfix stop", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitDeferred waits until postqueue lists the message id in the
// deferred queue.
func waitDeferred(ctx context.Context, t *testing.T, in *postfixtest.Instance, id string) {
	t.Helper()
	for {
		messages, err := in.Queue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range messages {
			if m.QueueID == id && m.QueueName == "deferred" {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("message %s is not in the deferred queue: %v", id, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
