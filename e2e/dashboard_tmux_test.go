package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// screenTimeout bounds every wait for the dashboard to draw something that
// is already in its input. Redraws come every 250 ms.
const screenTimeout = 10 * time.Second

// domainCountsOnScreen returns the deferred and bounced counts of domain's
// row in the domain table, read by the column headers "defer" and "bounce".
// ok is false when the table or the row is not on the screen.
func domainCountsOnScreen(screen, domain string) (deferred, bounced int, ok bool) {
	var header []string
	for _, line := range strings.Split(screen, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if fields[0] == "domain" {
			header = fields
			continue
		}
		if header == nil || strings.TrimLeft(fields[0], ">* ") != domain {
			continue
		}
		deferCol, bounceCol := slices.Index(header, "defer"), slices.Index(header, "bounce")
		if deferCol < 0 || bounceCol < 0 || len(fields) <= max(deferCol, bounceCol) {
			return 0, 0, false
		}
		d, err1 := strconv.Atoi(fields[deferCol])
		b, err2 := strconv.Atoi(fields[bounceCol])
		if err1 != nil || err2 != nil {
			return 0, 0, false
		}
		return d, b, true
	}
	return 0, 0, false
}

// waitDomainFailures waits until domain's row shows at least minFailures
// deferred plus bounced deliveries, and returns the screen.
func waitDomainFailures(p *tmuxPane, timeout time.Duration, domain string, minFailures int) string {
	p.t.Helper()
	description := fmt.Sprintf("%s with at least %d deferred+bounced in the domain table", domain, minFailures)
	return p.waitScreen(timeout, description, func(screen string) bool {
		deferred, bounced, ok := domainCountsOnScreen(screen, domain)
		return ok && deferred+bounced >= minFailures
	})
}

func TestDashboardDemoInTmux(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	sizes := []struct {
		width, height int
		quitFromHelp  bool
	}{
		{132, 40, false},
		{80, 24, true},
	}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.width, size.height), func(t *testing.T) {
			p := startTmuxPane(t, size.width, size.height, []string{binary, "--demo"}, "TZ=UTC")

			screen := waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)
			if !strings.Contains(screen, "DEMO") {
				t.Errorf("the header does not say DEMO; the screen was:\n%s", screen)
			}
			if got := p.format("#{pane_width}x#{pane_height}"); got != fmt.Sprintf("%dx%d", size.width, size.height) {
				t.Errorf("pane size = %s, want %dx%d", got, size.width, size.height)
			}
			checkFrame(t, screen, size.height)

			p.keys("?")
			p.waitText(screenTimeout, "Keys", "deliver now", "requeue")

			if size.quitFromHelp {
				// The help's footer offers q to quit.
				p.keys("q")
			} else {
				p.keys("Escape")
				waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 1)
				p.keys("q")
			}
			status, last := p.waitExit(screenTimeout)
			if status != 0 {
				t.Errorf("mailtop --demo exited with status %d after q, want 0; the screen was:\n%s", status, last)
			}
		})
	}
}

// checkFrame checks that the header is on the first row and the key help
// on the last one. A row wider than the terminal would wrap and push one of
// them off the screen.
func checkFrame(t *testing.T, screen string, height int) {
	t.Helper()
	rows := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
	if len(rows) != height {
		t.Errorf("the capture has %d rows, want %d", len(rows), height)
		return
	}
	if !strings.HasPrefix(rows[0], "mailtop") {
		t.Errorf("row 1 = %q, want the header starting with mailtop; the screen was:\n%s", rows[0], screen)
	}
	if !strings.Contains(rows[height-1], "q quit") {
		t.Errorf("row %d = %q, want the key help with q quit; the screen was:\n%s", height, rows[height-1], screen)
	}
}
