package tui

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// queueAction is an action of the queue screen.
type queueAction uint8

const (
	queueDeliver     queueAction = iota // postqueue -i
	queueRequeue                        // postsuper -r
	queueHold                           // postsuper -h
	queueRelease                        // postsuper -H
	queueExpire                         // postsuper -e
	queueDelete                         // postsuper -d
	queueFlushDomain                    // postqueue -s DOMAIN
	queueFlushAll                       // postqueue -f
)

// labelID returns the l10n id naming the action.
func (a queueAction) labelID() string {
	return [...]string{"action.deliver", "action.requeue", "action.hold", "action.release",
		"action.expire", "action.delete", "action.flushDomain", "action.flushAll"}[a]
}

// postfixAction returns the name the actions package gives a.
func (a queueAction) postfixAction() actions.Action {
	return [...]actions.Action{actions.ActionDeliverNow, actions.ActionRequeue, actions.ActionHold, actions.ActionRelease,
		actions.ActionExpire, actions.ActionDelete, actions.ActionFlushDomain, actions.ActionFlushAll}[a]
}

// needsRoot reports whether the action runs postsuper, which only root may
// run. postqueue -i, -s and -f are open to authorized_flush_users, by
// default everyone.
func (a queueAction) needsRoot() bool {
	switch a {
	case queueRequeue, queueHold, queueRelease, queueExpire, queueDelete:
		return true
	}
	return false
}

// typedCountOver is the number of messages above which a delete needs the
// count typed instead of y.
const typedCountOver = 10

// queueConfirm is a queue action waiting for the operator's confirmation.
type queueConfirm struct {
	action queueAction
	// targets are the messages the action gets, fixed when the prompt
	// opens. The controller checks each again before acting, so targets
	// that left the queue since are skipped then.
	targets []actions.Target
	// tagged is set when targets are the tagged messages, not the one
	// under the cursor or in the detail view.
	tagged bool
	// single is the one message acted on, under the cursor or the only
	// one tagged, for the prompt to name its sender and recipients.
	single *sources.QueuedMessage

	// The prompt's counts, which recountQueueConfirm sets from the
	// latest queue scan. queued is the number of targets still in the
	// queue and gone the number that left it.
	queued int
	gone   int
	queues string // "deferred 3, hold 1" for the queued targets
	// onlyQueue is the queue of the one target still queued, which the
	// prompt names in words where a count of 1 would be cryptic.
	onlyQueue string
	// bounces is the number of queued targets with the null sender, which
	// Postfix drops on an expire, since there is no one to return them to.
	bounces int
	// held is the number of queued targets in the hold queue. An expire
	// releases them too (postsuper -f), because Postfix returns nothing
	// while a message is on hold, so the prompt states it.
	held int
	// hidden is the number of queued tagged targets the filter hides,
	// which the prompt names because the action reaches beyond the
	// visible rows.
	hidden int

	domain string // for queueFlushDomain
	// typed is the count typed so far when needCount is set.
	typed     string
	needCount bool
}

// QueueSnapshotMsg carries a queue scan into the program. Err is set when
// the scan failed; the screen then keeps the last good snapshot and shows
// the error.
type QueueSnapshotMsg struct {
	Snapshot sources.QueueSnapshot
	Err      error
}

// queueLifeMsg carries the log life of the queued message the detail view
// shows.
type queueLifeMsg struct {
	queueID string
	message stats.Message
	found   bool
}

// queueActionResultMsg reports how a queue action ended.
type queueActionResultMsg struct {
	action queueAction
	total  int
	domain string // for queueFlushDomain
	result actions.Result
	err    error
}

// loadQueueLifeCmd requests the log life of queueID from source.
func loadQueueLifeCmd(source Source, queueID string) tea.Cmd {
	return func() tea.Msg {
		message, found := source.Message(queueID)
		return queueLifeMsg{queueID: queueID, message: message, found: found}
	}
}

// runQueueActionCmd runs a confirmed action through controller, bounded by
// actionTimeout. The controller checks each target again before acting.
func runQueueActionCmd(ctx context.Context, controller actions.BatchController, confirm queueConfirm) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		var res actions.Result
		var err error
		switch confirm.action {
		case queueDeliver:
			res, err = controller.DeliverNowMany(ctx, confirm.targets)
		case queueRequeue:
			res, err = controller.RequeueMany(ctx, confirm.targets)
			wakePickup(ctx, controller, res, err)
		case queueHold:
			res, err = controller.HoldMany(ctx, confirm.targets)
		case queueRelease:
			res, err = controller.ReleaseMany(ctx, confirm.targets)
		case queueExpire:
			res, err = controller.ExpireMany(ctx, confirm.targets)
		case queueDelete:
			res, err = controller.DeleteMany(ctx, confirm.targets)
		case queueFlushDomain:
			res, err = controller.FlushDomain(ctx, confirm.domain)
		case queueFlushAll:
			res, err = controller.FlushAll(ctx)
		}
		return queueActionResultMsg{action: confirm.action, total: len(confirm.targets), domain: confirm.domain, result: res, err: err}
	}
}

// targetOf returns what an action needs to recheck m just before acting.
func targetOf(m sources.QueuedMessage) actions.Target {
	return actions.Target{ID: m.QueueID, Queue: m.Queue, Sender: m.Sender, Arrival: m.Arrival}
}

// queueSummary returns "deferred 3, hold 1" for messages, queues in the
// order of sources.MessageQueues, joined with 「、」 in Japanese. A
// noBreakSpace joins each queue to its count, so that a wrapped prompt
// keeps them on one line.
func queueSummary(l *l10n.Localizer, messages []sources.QueuedMessage) string {
	counts := map[string]int{}
	for _, m := range messages {
		counts[m.Queue]++
	}
	var parts []string
	for _, q := range sources.MessageQueues {
		if counts[q] > 0 {
			parts = append(parts, q+noBreakSpace+strconv.Itoa(counts[q]))
		}
	}
	if l.Lang() == l10n.Japanese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

// startQueueAction opens the confirmation of action on the tagged messages,
// or on the message under the cursor when none is tagged, or reports in
// the footer why it cannot run.
func (m Model) startQueueAction(action queueAction) (tea.Model, tea.Cmd) {
	l := m.c.l
	label := map[string]any{"Action": l.T(action.labelID())}
	switch {
	case m.opts.ReadOnly:
		m.setResult(resultError, l.T("result.readOnly", label))
		return m, nil
	case m.opts.QueueActor == nil:
		m.setResult(resultError, l.T("result.noActor"))
		return m, nil
	case action.needsRoot() && m.queue.fromPostqueue():
		m.setResult(resultError, l.T("qresult.needsRoot", label))
		return m, nil
	case action == queueDeliver && m.deliverNeedsPostfix():
		m.setLongResult(resultError, notRunningResult(l, label["Action"].(string), m.postfix.start), maxQueueResultLines)
		return m, nil
	}
	if problem := m.queueActionProblem(action); problem != "" {
		m.setResult(resultError, problem)
		return m, nil
	}

	confirm := &queueConfirm{action: action}
	switch action {
	case queueFlushAll:
		if q := m.queue.snapshot; q != nil && len(q.Messages) == 0 && len(q.Errors) == 0 {
			// The footer does not offer A on an empty queue.
			m.setResult(resultInfo, m.nothingListedText(m.keys.FlushAll))
			return m, nil
		}
	case queueFlushDomain:
		confirm.domain = m.flushDomain()
		if confirm.domain == "" && m.listsNoMessage() {
			// Tagged messages hidden by the filter give no domain either.
			m.setResult(resultInfo, m.nothingListedText(m.keys.FlushDomain))
			return m, nil
		}
		if confirm.domain == "" {
			m.setResult(resultInfo, l.T("result.pickMessage"))
			return m, nil
		}
		if checker, ok := m.opts.QueueActor.(flushDomainChecker); ok {
			// The confirmation opens once the check has passed.
			return m, checkFlushDomainCmd(m.ctx, checker, *confirm)
		}
	default:
		messages, single, ok := m.actionMessages()
		if !ok {
			m.setResult(resultInfo, m.pickMessageText(m.queueActionBinding(action)))
			return m, nil
		}
		confirm.single = single
		if len(messages) == 1 {
			confirm.single = &messages[0]
		}
		confirm.tagged = single == nil
		for _, msg := range messages {
			confirm.targets = append(confirm.targets, targetOf(msg))
		}
		confirm.needCount = action == queueDelete && len(messages) > typedCountOver
	}
	m.queueConfirm = confirm
	m.recountQueueConfirm()
	m.layout()
	return m, nil
}

// recountQueueConfirm sets the counts of the open queue confirmation from
// the current queue snapshot, so that the prompt counts only the targets
// still queued. The targets stay as they are: a target missing from one
// scan may be back in the next, as when it moves between queues.
func (m *Model) recountQueueConfirm() {
	c := m.queueConfirm
	if c == nil || len(c.targets) == 0 {
		return
	}
	isTarget := make(map[tagKey]bool, len(c.targets))
	for _, target := range c.targets {
		isTarget[tagKey{id: target.ID, arrival: target.Arrival.Unix()}] = true
	}
	queued := m.queue.queuedWithKeys(isTarget)
	c.queued = len(queued)
	c.gone = len(c.targets) - len(queued)
	c.queues = queueSummary(m.c.l, queued)
	c.onlyQueue = ""
	if len(queued) == 1 {
		c.onlyQueue = queued[0].Queue
	}
	c.bounces, c.held = 0, 0
	for _, msg := range queued {
		if msg.Sender == "" {
			c.bounces++
		}
		if msg.Queue == sources.QueueHold {
			c.held++
		}
	}
	c.hidden = 0
	if c.tagged {
		c.hidden = m.queue.countHidden(queued)
	}
}

// queuedWithKeys returns the messages of the current queue snapshot whose
// keys are in keys, or none before the first snapshot.
func (q *queueScreen) queuedWithKeys(keys map[tagKey]bool) []sources.QueuedMessage {
	if q.snapshot == nil {
		return nil
	}
	var queued []sources.QueuedMessage
	for _, msg := range q.snapshot.Messages {
		if keys[keyOf(msg)] {
			queued = append(queued, msg)
		}
	}
	return queued
}

// queueActionProblem returns why action does not apply to the one message
// it acts on without tags, or "" when it applies or acts on the tagged
// messages. The message may have left the queue since its detail view
// opened, and each action applies only to some queues (see
// actions.AppliesToQueue).
func (m Model) queueActionProblem(action queueAction) string {
	l := m.c.l
	// Flushing a domain takes the domain from the message, tagged or not.
	usesOne := action == queueFlushDomain || len(m.queue.taggedMessages()) == 0
	if action == queueFlushAll || !usesOne {
		return ""
	}
	if text := m.detailGoneText(action.labelID()); text != "" {
		return text
	}
	row, ok := m.actionRow()
	if !ok {
		return ""
	}
	data := map[string]any{"QueueID": Sanitize(row.msg.QueueID), "Queue": Sanitize(row.msg.Queue)}
	switch {
	case actions.AppliesToQueue(action.postfixAction(), row.msg.Queue):
		return ""
	case action == queueRelease:
		return l.T("qresult.notHeld", data)
	case action == queueHold && row.msg.Queue == sources.QueueHold:
		return l.T("qresult.alreadyHeld", data)
	case action == queueDeliver && row.msg.Queue == sources.QueueHold:
		return l.T("qresult.deliverHeld", data)
	case action == queueDeliver && row.msg.Queue == sources.QueueActive:
		return l.T("qresult.deliverActive", data)
	}
	data["Action"] = l.T(action.labelID())
	return l.T("qresult.wrongQueue", data)
}

// detailGoneText returns why the action named by the l10n id labelID
// cannot act on the message of the open queue detail view, which left the
// queue after the view opened. It returns "" when that message is still
// queued or no detail view is open.
func (m Model) detailGoneText(labelID string) string {
	if m.screen != screenQueueMessage || !m.queueDetail.gone {
		return ""
	}
	return m.notQueuedText(labelID, m.queueDetail.msg.QueueID, stats.StateRemoved)
}

// actionRow returns the message an action without tags applies to: the
// one the detail view shows, else the one under the cursor.
func (m Model) actionRow() (queueRow, bool) {
	if m.screen == screenQueueMessage {
		if m.queueDetail.gone {
			return queueRow{}, false
		}
		filter, _ := m.queue.shownFilter()
		return newQueueRow(m.queueDetail.msg, m.queue.classes, filter), true
	}
	if m.queue.mode != queueModeList {
		return queueRow{}, false
	}
	return m.queue.selectedRow()
}

// actionMessages returns the messages a queue action or a forward applies
// to: the tagged messages, or else the one message actionRow returns,
// which single then points to. ok is false when there is neither.
func (m Model) actionMessages() (messages []sources.QueuedMessage, single *sources.QueuedMessage, ok bool) {
	if tagged := m.queue.taggedMessages(); len(tagged) > 0 {
		return tagged, nil, true
	}
	row, ok := m.actionRow()
	if !ok {
		return nil, nil, false
	}
	return []sources.QueuedMessage{row.msg}, &row.msg, true
}

// handleQueueConfirmKey handles a key on the open queue confirmation: y runs it,
// or for a large delete the typed count and Enter; anything else cancels.
func (m Model) handleQueueConfirmKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	l := m.c.l
	pending := *m.queueConfirm
	label := map[string]any{"Action": l.T(pending.action.labelID()), "Count": pending.queued}
	if pending.needCount {
		switch {
		case msg.Code >= '0' && msg.Code <= '9' && msg.Mod == 0:
			m.queueConfirm.typed += string(rune(msg.Code))
			return m, nil
		case msg.Code == tea.KeyBackspace:
			if typed := m.queueConfirm.typed; typed != "" {
				m.queueConfirm.typed = typed[:len(typed)-1]
			}
			return m, nil
		// The count to type is the one the prompt shows: the targets
		// still queued.
		case msg.Code == tea.KeyEnter && pending.typed == strconv.Itoa(pending.queued):
			return m.runQueueConfirm(pending, label)
		}
		m.queueConfirm = nil
		m.layout()
		if msg.Code == tea.KeyEnter {
			label["Typed"] = pending.typed
			m.setResult(resultError, m.withTagsKept(l.T("qresult.countMismatch", label)))
			return m, nil
		}
		m.setResult(resultInfo, m.withTagsKept(l.T("qresult.cancelled", label)))
		return m, nil
	}
	if msg.String() == "y" || msg.String() == "Y" {
		return m.runQueueConfirm(pending, label)
	}
	m.queueConfirm = nil
	m.layout()
	m.setResult(resultInfo, m.withTagsKept(l.T("qresult.cancelled", label)))
	return m, nil
}

// withTagsKept returns result, the result of a cancelled action, with the
// note that the tagged messages stay tagged for the next action when any
// is tagged. The tags are kept so that a mistyped count does not cost the
// operator the selection, and the note names the key that clears them.
func (m Model) withTagsKept(result string) string {
	n := len(m.queue.taggedMessages())
	if n == 0 {
		return result
	}
	note := m.c.l.T(countedID(n, "qresult.tagsKept"), map[string]any{"Count": n, "Key": m.keys.Untag.Help().Key})
	return m.c.l.JoinSentences([]string{result, note})
}

func (m Model) runQueueConfirm(pending queueConfirm, label map[string]any) (tea.Model, tea.Cmd) {
	m.queueConfirm = nil
	m.layout()
	m.setResult(resultInfo, m.c.l.T("qresult.running", label))
	return m, runQueueActionCmd(m.ctx, m.opts.QueueActor, pending)
}

// handleQueueActionResult shows how a queue action ended in the footer:
// the count Postfix reported, the skipped messages and the first reason.
// Tags of the messages acted on are cleared.
func (m Model) handleQueueActionResult(msg queueActionResultMsg) (tea.Model, tea.Cmd) {
	l := m.c.l
	res := msg.result
	data := map[string]any{
		"Action": l.T(msg.action.labelID()),
		"Count":  res.Count,
		"Total":  msg.total,
	}
	var parts []string
	kind := resultOK
	// A log file failure gets a text of its own, which gives the counts
	// too, so that its cause and the start command fit the footer.
	var logFile *actions.LogFileError
	hasLogFile := errors.As(res.Warning, &logFile) || errors.As(msg.err, &logFile)
	switch {
	case hasLogFile:
		kind = resultError
		parts = append(parts, m.c.logFileResultText(data["Action"].(string), logFile))
	case res.Simulated && (msg.action == queueFlushDomain || msg.action == queueFlushAll):
		// The demo does not model a flush, so its queue stays as it was.
		// The result states this, so that the operator awaits no change.
		data["Command"] = m.resultCommand(res)
		id := "qresult.demoFlushAll"
		if msg.action == queueFlushDomain {
			id = "qresult.demoFlushDomain"
		}
		parts = append(parts, l.T(id, data))
	case res.Simulated && msg.total > 0:
		data["Command"] = m.resultCommand(res)
		parts = append(parts, l.T("qresult.simulatedCount", data))
	case res.Simulated:
		data["Command"] = m.resultCommand(res)
		parts = append(parts, l.T("qresult.simulated", data))
	case msg.action == queueFlushDomain:
		if msg.err == nil {
			data["Domain"] = Sanitize(msg.domain)
			parts = append(parts, l.T("qresult.flushedDomain", data))
		}
	case msg.action == queueFlushAll:
		if msg.err == nil {
			parts = append(parts, l.T("qresult.flushed", data))
		}
	case msg.err == nil || res.Count > 0:
		parts = append(parts, l.T("qresult.done", data))
	}
	if res.Released > 0 {
		parts = append(parts, l.T("qresult.released", map[string]any{"Count": res.Released}))
	}
	if len(res.Skipped) > 0 {
		kind = resultError
		parts = append(parts, l.T("qresult.skipped", map[string]any{
			"Count":  len(res.Skipped),
			"Reason": footerLine(l.ErrorText(res.Skipped[0].Err)),
		}))
	}
	if res.Warning != nil && !hasLogFile {
		kind = resultError
		parts = append(parts, footerLine(l.ErrorText(res.Warning)))
	}
	var notRunning *actions.NotRunningError
	switch {
	case hasLogFile:
	case errors.As(msg.err, &notRunning):
		kind = resultError
		parts = append(parts, notRunningResult(l, data["Action"].(string), Sanitize(notRunning.StartCommand())))
	case errors.Is(msg.err, actions.ErrFlushNotConfigured):
		kind = resultError
		parts = append(parts, m.flushNotConfiguredText(msg.domain))
	case errors.Is(msg.err, actions.ErrNoneLeft) && len(res.Skipped) > 0:
		// Nothing ran, and the skipped part already gives the reason.
	case msg.err != nil:
		kind = resultError
		failure := msg.err
		var rejected *sources.ConfigDirRejectedError
		if errors.As(msg.err, &rejected) {
			failure = rejected // Postfix's own lines would push the fix off the screen
		}
		parts = append(parts, l.T("qresult.failed", map[string]any{"Action": data["Action"], "Error": footerLine(l.ErrorText(failure))}))
	}
	m.setLongResult(kind, l.JoinSentences(parts), maxQueueResultLines)
	if msg.action == queueRequeue && !res.Simulated && res.Count > 0 {
		m.startRequeueLinks(res.QueueIDs, m.requeueFollowID(res.QueueIDs))
	}
	for _, id := range res.QueueIDs {
		for key := range m.queue.tags {
			if key.id == id {
				delete(m.queue.tags, key)
			}
		}
	}
	return m, nil
}

// requeueFollowID returns the requeued message that the queue list's
// cursor follows to its new queue ID: the one under the cursor, or the
// only one, else "".
func (m Model) requeueFollowID(requeued []string) string {
	if row, ok := m.queue.selectedRow(); ok && slices.Contains(requeued, row.msg.QueueID) {
		return row.msg.QueueID
	}
	if len(requeued) == 1 {
		return requeued[0]
	}
	return ""
}

// resultCommand returns the command of res for the result line, as it
// goes before a Japanese particle. A command that runs once per message,
// as postqueue -i does, is shown for the first message, with the number of
// the other messages after it.
func (m Model) resultCommand(res actions.Result) string {
	l := m.c.l
	command := Sanitize(actions.FormatArgv(res.Argv))
	if len(res.QueueIDs) > 1 && slices.Contains(res.Argv, res.QueueIDs[0]) {
		command = l.T("qresult.commandMore", map[string]any{"Command": command, "More": len(res.QueueIDs) - 1})
	}
	return l.BeforeParticle(command)
}

// notRunningData returns the template data for a message that Postfix is
// not running: the instance as the header names it, and the command that
// starts it.
func notRunningData(l *l10n.Localizer, err *actions.NotRunningError) map[string]any {
	instance := l.T("header.instanceDefault")
	if err.ConfigDir != "" {
		instance = l.T("header.instance", map[string]any{"Dir": Sanitize(err.ConfigDir)})
	}
	return map[string]any{"Instance": instance, "Start": Sanitize(err.StartCommand())}
}

// notRunningResult returns the footer result of an action that did not
// run because Postfix is stopped. start is the sanitized command that
// starts Postfix, which wrapText keeps on one line.
func notRunningResult(l *l10n.Localizer, action, start string) string {
	return l.T("qresult.notRunning", map[string]any{"Action": action, "Start": keepWhole(start)})
}
