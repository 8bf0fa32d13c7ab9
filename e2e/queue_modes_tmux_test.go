package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/sources"
)

// fakePostconfPath returns PATH=... for env(1), with a postconf first that
// runs script, standing in for the default instance's postconf. tmux -e
// does not set PATH for the pane's command, so env sets it.
func fakePostconfPath(t *testing.T, script string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "postconf"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return "PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// TestQueueScreenLogAndJournalModes opens the queue screen of a real
// Postfix instance with --journal and -c, with --log and no -c (the
// instance standing in for the default one), and with --log where
// postconf finds no instance. A missing -c DIR stops the dashboard with
// --journal too, and so does a machine without journal files. --domain keeps the queue screen to docomo.ne.jp, also
// after esc.
func TestQueueScreenLogAndJournalModes(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	realPostconf, err := exec.LookPath("postconf")
	if err != nil {
		t.Fatal(err)
	}

	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("carriers")
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port, "au.com": port},
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})
	recipients := []string{"tempfail01@docomo.ne.jp", "tempfail02@au.com"}
	ids := make([]string, len(recipients))
	for i, recipient := range recipients {
		ids[i], err = in.Submit("orders@shop.example", []string{recipient}, "Your order has shipped", "Tracking number 1234.\n")
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	err = in.WaitLog(ctx, func(lines []string) bool {
		for i, id := range ids {
			if findLine(lines, id+": to=<"+recipients[i]+">", "status=deferred") == "" {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	docomoID, auID := ids[0], ids[1]
	listed := "queue files in " + in.QueueDir()

	t.Run("journal with -c", func(t *testing.T) {
		argv := []string{binary, "--read-only", "--journal", "-c", in.ConfigDir(), "--since", "1h"}
		if _, err := sources.FindJournal(); err != nil {
			// A machine without journal files stops the dashboard, which
			// would only stay empty, with the reason.
			p := startTmuxPaneConfig(t, "set -g alternate-screen off\n", 132, 40, argv, "TZ=UTC")
			status, last := p.waitExit(screenTimeout)
			if status != 1 {
				t.Errorf("exit status %d, want 1; the terminal showed:\n%s", status, last)
			}
			if want := "no journal files in /var/log/journal or /run/log/journal"; !strings.Contains(last, want) {
				t.Errorf("the message lacks %q; the terminal showed:\n%s", want, last)
			}
			return
		}
		p := startTmuxPane(t, 132, 40, argv, "TZ=UTC")
		p.waitText(screenTimeout, "Domains")
		p.keys("Q")
		p.waitText(screenTimeout, listed, docomoID, auID)
	})

	t.Run("log without -c and --domain", func(t *testing.T) {
		path := fakePostconfPath(t, "exec "+realPostconf+" -c "+in.ConfigDir()+` "$@"`)
		p := startTmuxPane(t, 132, 40, []string{"env", path, binary, "--read-only", "--log", in.LogPath(), "--since", "all", "--domain", "docomo.ne.jp"}, "TZ=UTC")
		p.waitText(screenTimeout, "only docomo.ne.jp (--domain)")
		p.keys("Q")
		screen := p.waitText(screenTimeout, listed, docomoID, "only docomo.ne.jp (--domain)")
		if strings.Contains(screen, auID) {
			t.Errorf("the queue screen with --domain docomo.ne.jp lists the au.com message %s:\n%s", auID, screen)
		}

		// esc goes back to the main screen, which keeps the restriction,
		// and the queue screen still lists docomo.ne.jp only.
		p.keys("Escape")
		p.waitText(screenTimeout, "Domains", "only docomo.ne.jp (--domain)")
		time.Sleep(300 * time.Millisecond)
		p.keys("Escape")
		time.Sleep(300 * time.Millisecond)
		p.keys("Q")
		screen = p.waitText(screenTimeout, listed, docomoID, "only docomo.ne.jp (--domain)")
		if strings.Contains(screen, auID) {
			t.Errorf("after esc the queue screen lists the au.com message %s:\n%s", auID, screen)
		}
	})

	t.Run("journal with a missing -c", func(t *testing.T) {
		p := startTmuxPaneConfig(t, "set -g alternate-screen off\n", 132, 40,
			[]string{binary, "--read-only", "--journal", "-c", "/nonexistent-postfix"}, "TZ=UTC")
		status, last := p.waitExit(screenTimeout)
		if status != 1 {
			t.Errorf("exit status %d, want 1; the terminal showed:\n%s", status, last)
		}
		for _, want := range []string{"/nonexistent-postfix", "main.cf"} {
			if !strings.Contains(last, want) {
				t.Errorf("the message lacks %q; the terminal showed:\n%s", want, last)
			}
		}
	})

	t.Run("log without an instance", func(t *testing.T) {
		path := fakePostconfPath(t, "echo 'postconf: fatal: open /etc/postfix/main.cf: No such file or directory' >&2; exit 1")
		p := startTmuxPane(t, 200, 40, []string{"env", path, binary, "--read-only", "--log", in.LogPath(), "--since", "all"}, "TZ=UTC")
		p.waitText(screenTimeout, "Domains")
		p.keys("Q")
		screen := p.waitText(screenTimeout, "start mailtop with -c DIR")
		if strings.Contains(screen, docomoID) {
			t.Errorf("the queue screen without an instance lists %s:\n%s", docomoID, screen)
		}
	})
}
