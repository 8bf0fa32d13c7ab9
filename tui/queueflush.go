package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
)

// flushDomainChecker is a queue actor that can tell, before asking the
// operator, whether postqueue -s would refuse a domain, as
// actions.Postfix.CheckFlushDomain does.
type flushDomainChecker interface {
	CheckFlushDomain(ctx context.Context, domain string) error
}

// flushCheckMsg carries the check of the domain a flush confirmation
// names, made before that confirmation opens.
type flushCheckMsg struct {
	confirm queueConfirm
	err     error
}

// checkFlushDomainCmd checks confirm's domain with checker, bounded by
// actionTimeout.
func checkFlushDomainCmd(ctx context.Context, checker flushDomainChecker, confirm queueConfirm) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		return flushCheckMsg{confirm: confirm, err: checker.CheckFlushDomain(ctx, confirm.domain)}
	}
}

// handleFlushCheck opens the flush confirmation, or shows what to do
// instead when postqueue -s would reject the domain. Any other failure of the
// check opens the confirmation, because postqueue -s then decides. The
// confirmation stays closed when the operator has left the queue screens
// or opened another confirmation meanwhile.
func (m Model) handleFlushCheck(msg flushCheckMsg) (tea.Model, tea.Cmd) {
	if errors.Is(msg.err, actions.ErrFlushNotConfigured) {
		m.setLongResult(resultError, m.flushNotConfiguredText(msg.confirm.domain), maxQueueResultLines)
		return m, nil
	}
	if m.queueConfirm != nil || m.forward != nil || (m.screen != screenQueue && m.screen != screenQueueMessage) {
		return m, nil
	}
	confirm := msg.confirm
	m.queueConfirm = &confirm
	m.layout()
	return m, nil
}

// flushNotConfiguredText returns why F cannot flush domain and what to
// press instead.
func (m Model) flushNotConfiguredText(domain string) string {
	return m.c.l.T("qresult.flushNotConfigured", map[string]any{"Domain": Sanitize(domain)})
}

// flushDomain returns the domain F flushes: the shape row under the
// cursor, else the domain of the message the action would apply to.
func (m Model) flushDomain() string {
	if m.screen == screenQueue && m.queue.mode == queueModeShape {
		if i := m.queue.shapeCursor.selected; i < len(m.queue.shape) {
			return m.queue.shape[i].domain
		}
		return ""
	}
	row, ok := m.actionRow()
	if !ok {
		return ""
	}
	if m.queue.domainOnly != "" {
		// Only the --domain domain may be flushed, even when the detail
		// view's message no longer has a pending recipient in it.
		return m.queue.domainOnly
	}
	return row.domain
}
