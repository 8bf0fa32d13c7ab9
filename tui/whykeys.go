package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// pathsMsg carries the sending paths of a domain for the why panel.
type pathsMsg struct {
	domain    string
	window    stats.Window
	paths     []stats.PathStats
	available bool // false when the Source keeps no paths
}

// loadPathsCmd requests the sending paths of domain over window w ending at
// now from source, when source implements PathSource.
func loadPathsCmd(source Source, domain string, w stats.Window, now time.Time) tea.Cmd {
	return func() tea.Msg {
		ps, ok := source.(PathSource)
		if !ok {
			return pathsMsg{domain: domain, window: w}
		}
		return pathsMsg{domain: domain, window: w, paths: ps.Paths(domain, w, now), available: true}
	}
}

// recipeMsg carries the transport lines mailtop check gives for a domain
// on this instance, for the why panel's advice.
type recipeMsg struct {
	domain string
	lines  []string
	err    error
}

// recipeTimeout bounds the postconf and postmap runs behind one recipe.
const recipeTimeout = 10 * time.Second

// loadRecipeCmd runs advise for domain.
func loadRecipeCmd(advise func(context.Context, string) ([]string, error), domain string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), recipeTimeout)
		defer cancel()
		lines, err := advise(ctx, domain)
		return recipeMsg{domain: domain, lines: lines, err: err}
	}
}

// whyPathsCmd reloads the paths of the open why panel for the screen's
// window, or returns nil without a Source.
func (m Model) whyPathsCmd() tea.Cmd {
	if m.opts.Source == nil || m.why.subject.Domain == "" {
		return nil
	}
	return loadPathsCmd(m.opts.Source, m.why.subject.Domain, m.window, m.now())
}

// windowChangedCmd reloads the why panel after the window changed, so its
// counts and paths follow; other screens need nothing.
func (m Model) windowChangedCmd() tea.Cmd {
	if m.screen != screenWhy {
		return nil
	}
	return m.whyPathsCmd()
}

// openWhy shows the why panel for subject; Esc returns to the current screen.
func (m Model) openWhy(subject whySubject) (tea.Model, tea.Cmd) {
	if subject.Domain == "" {
		return m, nil
	}
	if m.screen != screenWhy {
		m.whyFrom = m.screen
	}
	m.screen = screenWhy
	m.why.Open(subject)
	var recipe tea.Cmd
	if m.opts.TransportAdvice != nil && m.why.WantsRecipe() {
		// The instance's settings are read again on every opening, since
		// the operator may have applied the lines in the meantime.
		m.why.LoadRecipe()
		recipe = loadRecipeCmd(m.opts.TransportAdvice, subject.Domain)
	}
	if m.opts.Source == nil {
		m.why.SetPaths(nil, false)
		return m, recipe
	}
	return m, tea.Batch(m.whyPathsCmd(), recipe)
}

// openWhyFromMain explains the domain under the cursor, or the failure under
// the cursor when the feed has the keys.
func (m Model) openWhyFromMain() (tea.Model, tea.Cmd) {
	if m.focus != paneFeed {
		return m.openWhy(domainWhy(m.snapshot, m.domains.SelectedDomain(), m.window))
	}
	if m.feed.cursor.selected >= len(m.feed.rows) {
		return m, nil
	}
	f := m.feed.rows[m.feed.cursor.selected].Failure
	subject := domainWhy(m.snapshot, f.Domain, m.window)
	subject.QueueID = f.QueueID
	subject.Recipient = f.Recipient
	subject.Evidence = failureEvidence(f)
	return m.openWhy(subject)
}

// openWhyFromList explains the message under the cursor of a domain's
// message list by its last failed attempt, as the feed does, or the domain
// when that recipient has no failure.
func (m Model) openWhyFromList() (tea.Model, tea.Cmd) {
	subject := domainWhy(m.snapshot, m.list.domain, m.window)
	row, ok := m.list.SelectedRow()
	if !ok || row.Class == diagnose.ClassNone || row.Reason == "" {
		return m.openWhy(subject)
	}
	subject.QueueID = row.QueueID
	subject.Evidence = failureEvidence(stats.Failure{
		Time: row.Time, QueueID: row.QueueID, Sender: row.Sender, Recipient: row.Recipient, Domain: m.list.domain,
		Status: row.Status, DSN: row.DSN, Class: row.Class, Phase: row.Phase, Relay: row.Relay, Reason: row.Reason,
	})
	subject.Recipient = subject.Evidence.Recipient
	return m.openWhy(subject)
}

// openWhyFromMessage explains the message on screen once it has loaded.
func (m Model) openWhyFromMessage() (tea.Model, tea.Cmd) {
	if !m.detail.loaded || !m.detail.found {
		return m, nil
	}
	return m.openWhy(messageWhy(m.snapshot, m.detail.message, m.window))
}

// openWhyFromQueueMessage explains the queued message on screen: its
// newest failure in the log once its life has loaded, else the defer
// reason in its queue file.
func (m Model) openWhyFromQueueMessage() (tea.Model, tea.Cmd) {
	life := m.queueDetail.life
	if life.loaded && life.found {
		if subject := messageWhy(m.snapshot, life.message, m.window); subject.Evidence != nil {
			subject.InHoldQueue = m.queueDetail.msg.Queue == sources.QueueHold
			return m.openWhy(subject)
		}
	}
	return m.openWhy(queuedMessageWhy(m.snapshot, m.queueDetail.msg, m.window, m.c.overrides))
}

// handlePaths fills the why panel's sending paths, unless it has since
// closed or shows another domain. A domain's counts and evidence are taken
// again from the snapshot on screen, so the panel follows the log.
func (m Model) handlePaths(msg pathsMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenWhy || m.why.subject.Domain != msg.domain || m.window != msg.window {
		return m, nil
	}
	if m.why.subject.QueueID == "" {
		m.why.SetSubject(domainWhy(m.snapshot, msg.domain, msg.window))
	} else {
		// A message keeps its own evidence; only the domain's counts
		// follow the window.
		subject := m.why.subject
		domain := domainWhy(m.snapshot, msg.domain, msg.window)
		subject.Window, subject.Counts = domain.Window, domain.Counts
		m.why.SetSubject(subject)
	}
	m.why.SetPaths(msg.paths, msg.available)
	return m, nil
}

// handleWhyKey handles the why panel: scrolling, and back with Esc or the
// why key.
func (m Model) handleWhyKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back, m.keys.Why):
		m.screen = m.whyFrom
		if m.screen == screenQueueMessage && m.queue.snapshot != nil {
			// Queue scans while the panel was open went to the list only.
			m.queueDetail.Update(*m.queue.snapshot, m.queueNow())
		}
		return m, m.reloadCmd()
	case key.Matches(msg, m.keys.Up):
		m.why.Scroll(-1)
	case key.Matches(msg, m.keys.Down):
		m.why.Scroll(1)
	case key.Matches(msg, m.keys.PageUp):
		m.why.Scroll(-m.why.pageSize())
	case key.Matches(msg, m.keys.PageDown):
		m.why.Scroll(m.why.pageSize())
	case key.Matches(msg, m.keys.Home):
		m.why.ScrollTo(true)
	case key.Matches(msg, m.keys.End):
		m.why.ScrollTo(false)
	default:
		m.refuseKey(msg)
	}
	return m, nil
}
