package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestQueueScreenQueueRemoved removes the deferred queue directory of a
// running private Postfix instance while a dashboard shows its deferred
// message. The queue screen then says that the queue could not be read,
// with the path, instead of that the queue is empty, and the dashboard
// warns under its header that its queued counts come from the log alone.
// Once the directory is back, the warning goes.
func TestQueueScreenQueueRemoved(t *testing.T) {
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
	waitDeferred(ctx, t, in, id)

	cases := []struct {
		lang, title, readFailed, warning, empty string
	}{
		{"en", "Queue ·", "the queue could not be read:", "the queue could not be read, so the queued counts come from the log alone:", "the queue is empty"},
		{"ja", "キュー ·", "キューを読み込めませんでした:", "キューを読み込めないため、滞留の数はログだけから数えています:", "キューは空です"},
	}
	panes := map[string]*tmuxPane{}
	for _, tc := range cases {
		p := startTmuxPane(t, 80, 24, []string{binary, "-c", in.ConfigDir(), "--lang", tc.lang, "--since", "all"}, "TZ=UTC")
		p.waitText(screenTimeout, "docomo.ne.jp")
		p.keys("Q")
		p.waitText(screenTimeout, tc.title, id)
		panes[tc.lang] = p
	}

	deferred := filepath.Join(in.QueueDir(), "deferred")
	info, err := os.Stat(deferred)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(deferred); err != nil {
		t.Fatal(err)
	}

	flat := func(screen string) string {
		return strings.ReplaceAll(strings.ReplaceAll(screen, "\n", ""), " ", "")
	}
	for _, tc := range cases {
		p := panes[tc.lang]
		screen := p.waitScreen(screenTimeout, "the queue screen's read failure", func(screen string) bool {
			return strings.Contains(flat(screen), flat(tc.readFailed))
		})
		if !strings.Contains(flat(screen), flat(deferred)) {
			t.Errorf("%s: the queue screen does not name %s:\n%s", tc.lang, deferred, screen)
		}
		if strings.Contains(screen, tc.empty) || strings.Contains(screen, id) {
			t.Errorf("%s: the queue screen shows the queue as empty or lists the removed message:\n%s", tc.lang, screen)
		}

		p.keys("Escape")
		screen = p.waitScreen(screenTimeout, "the dashboard's warning", func(screen string) bool {
			return !strings.Contains(screen, tc.title) && strings.Contains(flat(screen), flat(tc.warning))
		})
		if !strings.Contains(screen, "docomo.ne.jp") {
			t.Errorf("%s: the dashboard lost its domain table:\n%s", tc.lang, screen)
		}
	}

	// The directory back, with the owner and mode Postfix gave it.
	if err := os.Mkdir(deferred, info.Mode().Perm()); err != nil {
		t.Fatal(err)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if err := os.Chown(deferred, int(st.Uid), int(st.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range cases {
		panes[tc.lang].waitScreen(screenTimeout, "the warning gone", func(screen string) bool {
			return !strings.Contains(flat(screen), flat(tc.warning))
		})
	}
}
