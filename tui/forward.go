package tui

import (
	"os"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// forwardField is the field of the forward dialog that has the keys.
type forwardField uint8

const (
	forwardFieldRecipients forwardField = iota
	forwardFieldRelay
	forwardFieldSender
	forwardFieldMode
	forwardFieldThen
	numForwardFields
)

// forwardModes and forwardThens are the choices of the dialog, in the
// order left and right step through them.
var (
	forwardModes = []forward.Mode{forward.ModeResend, forward.ModeAttach}
	forwardThens = []forward.Then{forward.ThenKeep, forward.ThenHold, forward.ThenDelete}
)

// forwardStage is how far the dialog has got.
type forwardStage uint8

const (
	forwardEditing    forwardStage = iota // the fields take the keys
	forwardConfirming                     // the y/N prompt is open
	forwardRunning                        // the messages are being sent
	forwardDone                           // results holds the outcome of each message
)

// forwardDialog is the open forward dialog: the messages to forward, the
// fields the operator sets, and after sending the outcome of each message.
type forwardDialog struct {
	// targets are the messages to forward, fixed when the dialog opens.
	// They are sent one at a time, and each is read again from its queue
	// file just before it is sent.
	targets []sources.QueuedMessage
	// tagged is set when targets are the tagged messages, not the one
	// under the cursor or in the detail view.
	tagged bool
	// left marks each target that left the queue. recountForward sets the
	// marks from each queue scan until the target's forward starts, and a
	// forward that finds the message gone from its queue file sets one.
	left []bool
	// started is the number of targets, from the first, whose forward
	// started or that were skipped because they left the queue.
	started int

	// The counts of the title and the prompt, which recountForward sets
	// from left. queued is the number of targets not marked and gone the
	// number marked.
	queued int
	gone   int
	// hidden is the number of queued tagged targets that the queue list
	// does not show, because of its filter, age range or --domain
	// restriction.
	hidden int

	// recipients is the text of the recipients field: addresses separated
	// by commas, semicolons or spaces, as forward.SplitAddresses splits
	// them. Empty forwards each message to its own pending recipients.
	recipients string
	// sender is the text of the envelope sender field. It starts as
	// defaultSender's choice, and senderOverride decides when it replaces
	// the relay's envelope_sender.
	sender string
	relay  int // index in Options.Relays
	mode   int // index in forwardModes
	then   int // index in forwardThens
	field  forwardField
	stage  forwardStage
	// problem is the reason Enter did not open the prompt, "" when there
	// is none.
	problem string
	// rescue is the forward confirmed with y, which sends each target.
	rescue forward.Rescue
	// results holds the outcome of each target, in the order of targets,
	// up to started.
	results []forwardOutcome
	// resultsOffset is the first result shown, in the order of
	// forwardResultOrder, when the results scroll.
	resultsOffset int
}

// modeValue returns the chosen mode.
func (d *forwardDialog) modeValue() forward.Mode { return forwardModes[d.mode] }

// thenValue returns the chosen step for the original.
func (d *forwardDialog) thenValue() forward.Then { return forwardThens[d.then] }

// addresses returns the addresses in the recipients field.
func (d *forwardDialog) addresses() []string {
	return forward.SplitAddresses(d.recipients)
}

// pendingAddresses returns the addresses of m's pending recipients.
func pendingAddresses(m sources.QueuedMessage) []string {
	var addresses []string
	for _, rcpt := range m.PendingRecipients() {
		addresses = append(addresses, rcpt.Address)
	}
	return addresses
}

// startForward opens the forward dialog on the tagged messages, or on the
// message under the cursor when none is tagged, or reports in the footer
// why it cannot open.
func (m Model) startForward() (tea.Model, tea.Cmd) {
	l := m.c.l
	label := map[string]any{"Action": l.T("action.forward")}
	switch {
	case m.opts.ReadOnly:
		m.setResult(resultError, l.T("result.readOnly", label))
		return m, nil
	case m.opts.Demo:
		m.setResult(resultError, l.T("forward.demo"))
		return m, nil
	case len(m.opts.Relays) == 0:
		m.setResult(resultError, noRelayText(l, m.opts.ConfigPath, config.SearchPaths(os.Getenv)))
		return m, nil
	case m.queue.fromPostqueue():
		// The content is read from the queue file, which only root can read.
		m.setResult(resultError, l.T("forward.needsRoot"))
		return m, nil
	case m.queue.snapshot == nil:
		// No queue was read, so no message is listed.
		m.setResult(resultInfo, m.pickMessageText(m.keys.Forward))
		return m, nil
	}
	targets, single, ok := m.actionMessages()
	if !ok {
		if text := m.detailGoneText("action.forward"); text != "" {
			m.setResult(resultError, text)
			return m, nil
		}
		m.setResult(resultInfo, m.pickMessageText(m.keys.Forward))
		return m, nil
	}
	dialog := &forwardDialog{targets: targets, tagged: single == nil, left: make([]bool, len(targets))}
	if len(targets) == 1 {
		dialog.recipients = strings.Join(pendingAddresses(targets[0]), ", ")
	}
	dialog.sender = defaultSender(targets, m.opts.Relays[dialog.relay])
	m.forward = dialog
	// The footer's result is about an earlier action, such as a forward
	// that failed, and would read as one about this dialog.
	m.result, m.resultKind = "", resultInfo
	m.recountForward()
	m.layout()
	return m, nil
}

// noRelayText returns the footer text of f when no [[relay]] table is
// configured. It names configPath, the config file loaded, or, when none
// was found, the searched files in the order config.Load tries them.
func noRelayText(l *l10n.Localizer, configPath string, searched []string) string {
	if configPath != "" {
		return l.T("forward.noRelay", map[string]any{"Path": Sanitize(configPath)})
	}
	paths := ""
	for i, path := range searched {
		if i == 0 {
			paths = Sanitize(path)
			continue
		}
		paths = l.T("forward.pathOr", map[string]any{"First": paths, "Second": Sanitize(path)})
	}
	return l.T("forward.noConfig", map[string]any{"Paths": paths})
}

// recountForward marks the targets missing from the current queue
// snapshot as left the queue and sets the dialog's counts from the marks,
// as recountQueueConfirm does for a queue prompt. A target missing from
// one scan may be back in the next, as when it moves between queues, so
// its mark follows each scan until its forward starts. After that the
// mark stays, because a forward that deletes its original takes it out
// of the queue itself. An open prompt goes back to the fields when every
// target left, or when a target back in the queue fails forwardProblem.
func (m *Model) recountForward() {
	d := m.forward
	if d == nil || d.stage == forwardDone {
		return
	}
	isTarget := make(map[tagKey]bool, len(d.targets))
	for _, target := range d.targets {
		isTarget[keyOf(target)] = true
	}
	inQueue := make(map[tagKey]bool, len(d.targets))
	for _, msg := range m.queue.queuedWithKeys(isTarget) {
		inQueue[keyOf(msg)] = true
	}
	for i := d.started; i < len(d.targets); i++ {
		d.left[i] = !inQueue[keyOf(d.targets[i])]
	}

	// countHidden counts a message missing from the snapshot as hidden,
	// so it gets only the targets the snapshot has: a target already sent
	// and deleted is not hidden by the filter.
	var listable []sources.QueuedMessage
	d.queued, d.gone = 0, 0
	for i, target := range d.targets {
		if d.left[i] {
			d.gone++
			continue
		}
		d.queued++
		if inQueue[keyOf(target)] {
			listable = append(listable, target)
		}
	}
	d.hidden = 0
	if d.tagged {
		d.hidden = m.queue.countHidden(listable)
	}

	switch d.stage {
	case forwardConfirming:
		if d.queued == 0 {
			d.stage = forwardEditing
		} else if problem := m.forwardProblem(d); problem != "" {
			d.problem = problem
			d.stage = forwardEditing
		}
	case forwardRunning:
		m.setResult(resultInfo, m.forwardRunningText())
	}
}

// forwardRunningText returns the progress of a running forward, such as
// "Sending 3 of 12…". The first number counts the targets started, the
// one being sent included, without those skipped because they left the
// queue. The second is the count of the title: the targets not marked as
// left, so it drops when a target leaves before its turn.
func (m Model) forwardRunningText() string {
	d := m.forward
	current := 0
	for i := range d.started {
		if !d.left[i] {
			current++
		}
	}
	return m.c.l.T("forward.running", map[string]any{"Current": current, "Total": d.queued})
}

// queuedTargets returns the targets not marked as left the queue.
func (d *forwardDialog) queuedTargets() []sources.QueuedMessage {
	var queued []sources.QueuedMessage
	for i, target := range d.targets {
		if !d.left[i] {
			queued = append(queued, target)
		}
	}
	return queued
}

// handleForwardKey handles every key while the forward dialog is open.
// ctrl+c still quits.
func (m Model) handleForwardKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Interrupt) {
		return m, tea.Quit
	}
	d := m.forward
	switch d.stage {
	case forwardRunning:
		return m, nil
	case forwardDone:
		if key.Matches(msg, m.keys.Back, m.keys.Open) {
			m.closeForward()
			return m, nil
		}
		return m.scrollForwardResults(msg), nil
	case forwardConfirming:
		if key.Matches(msg, m.keys.Yes) && d.queued > 0 {
			d.stage = forwardRunning
			d.rescue = m.newRescue(d)
			cmd := m.forwardNextCmd()
			if d.stage == forwardRunning {
				m.setResult(resultInfo, m.forwardRunningText())
			}
			return m, cmd
		}
		d.stage = forwardEditing
		return m, nil
	}
	return m.handleForwardEditKey(msg)
}

// handleForwardEditKey moves between the fields, edits the recipients,
// changes a choice, and on Enter checks the fields and opens the prompt.
func (m Model) handleForwardEditKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	d := m.forward
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.closeForward()
		m.setResult(resultInfo, m.c.l.T("forward.cancelled"))
	case msg.Code == tea.KeyEnter && d.queued == 0:
		// forwardView shows why nothing can be sent.
	case msg.Code == tea.KeyEnter:
		d.problem = m.forwardProblem(d)
		if d.problem == "" {
			d.stage = forwardConfirming
		}
	case msg.String() == "tab" || msg.Code == tea.KeyDown:
		d.field = (d.field + 1) % numForwardFields
	case msg.String() == "shift+tab" || msg.Code == tea.KeyUp:
		d.field = (d.field + numForwardFields - 1) % numForwardFields
	case d.field == forwardFieldRecipients:
		d.editText(&d.recipients, msg)
	case d.field == forwardFieldSender:
		d.editText(&d.sender, msg)
	case msg.Code == tea.KeyLeft:
		d.step(m.opts.Relays, -1)
	case msg.Code == tea.KeyRight || msg.Code == tea.KeySpace:
		d.step(m.opts.Relays, 1)
	}
	return m, nil
}

// editText applies a key to a text field: backspace deletes a character,
// ctrl+u clears the field and printable text is added.
func (d *forwardDialog) editText(field *string, msg tea.KeyPressMsg) {
	switch {
	case msg.Code == tea.KeyBackspace:
		if *field != "" {
			_, size := utf8.DecodeLastRuneInString(*field)
			*field = (*field)[:len(*field)-size]
		}
	case msg.String() == "ctrl+u":
		*field = ""
	case msg.Text != "":
		*field += Sanitize(msg.Text)
	}
	d.problem = ""
}

// defaultSender returns the envelope sender that forwarding targets
// through relay uses when the dialog sets none, as mailtop forward does
// without --from: the one forward.Job.EnvelopeSender picks, when it is the
// same for every target. It returns "" when the targets' senders differ or
// one of them has none, such as a message with the null sender.
func defaultSender(targets []sources.QueuedMessage, relay config.Relay) string {
	rule := forward.Relay{EnvelopeSender: relay.EnvelopeSender}
	chosen := ""
	for i, target := range targets {
		sender, err := forward.Job{Sender: target.Sender}.EnvelopeSender(rule)
		if err != nil || (i > 0 && sender != chosen) {
			return ""
		}
		chosen = sender
	}
	return chosen
}

// senderOverride returns the envelope sender typed in the dialog, which
// replaces the relay's envelope_sender as --from does. It returns "" when
// the field is empty or still shows defaultSender's choice, so that an
// untouched dialog forwards as mailtop forward does without --from.
func (d *forwardDialog) senderOverride(relays []config.Relay) string {
	sender := strings.TrimSpace(d.sender)
	if sender == defaultSender(d.targets, relays[d.relay]) {
		return ""
	}
	return sender
}

// chosenRelay returns the chosen [[relay]] table with the envelope sender
// typed in the dialog, if any, in place of its envelope_sender.
func (d *forwardDialog) chosenRelay(relays []config.Relay) config.Relay {
	relay := relays[d.relay]
	if sender := d.senderOverride(relays); sender != "" {
		relay.EnvelopeSender = sender
	}
	return relay
}

// step moves the choice of the focused field by delta, wrapping around.
// relays are the relays to choose from. A new relay refills the envelope
// sender field unless the operator changed it.
func (d *forwardDialog) step(relays []config.Relay, delta int) {
	wrap := func(i, n int) int { return ((i+delta)%n + n) % n }
	switch d.field {
	case forwardFieldRelay:
		before := defaultSender(d.targets, relays[d.relay])
		d.relay = wrap(d.relay, len(relays))
		if strings.TrimSpace(d.sender) == before {
			d.sender = defaultSender(d.targets, relays[d.relay])
		}
	case forwardFieldMode:
		d.mode = wrap(d.mode, len(forwardModes))
	case forwardFieldThen:
		d.then = wrap(d.then, len(forwardThens))
	}
	d.problem = ""
}

// forwardProblem returns why the dialog cannot be sent as filled in, in
// the operator's language, or "" when it can. It checks only the targets
// still queued, because those that left are not sent. The same checks run
// again on the queue file just before sending.
func (m Model) forwardProblem(d *forwardDialog) string {
	l := m.c.l
	addresses := d.addresses()
	if problem := d.badAddressProblem(l); problem != "" {
		return problem
	}
	if sender := d.senderOverride(m.opts.Relays); sender != "" && !forward.IsPlainAddress(sender) {
		return l.T("forward.badSender", map[string]any{"Address": Sanitize(sender)})
	}
	relay := forward.Relay{EnvelopeSender: d.chosenRelay(m.opts.Relays).EnvelopeSender}
	for _, target := range d.queuedTargets() {
		job := forward.Job{QueueID: target.QueueID, Sender: target.Sender, Pending: pendingAddresses(target), To: addresses}
		if len(job.Recipients()) == 0 {
			return l.T("forward.noRecipient", map[string]any{"QueueID": Sanitize(target.QueueID)})
		}
		if _, err := job.EnvelopeSender(relay); err != nil {
			return l.T("forward.noSender", map[string]any{"QueueID": Sanitize(target.QueueID)})
		}
		if missing := job.NotForwarded(); d.thenValue() == forward.ThenDelete && len(missing) > 0 {
			return l.T("forward.deleteRefused", map[string]any{
				"QueueID": Sanitize(target.QueueID), "Recipients": Sanitize(l.JoinList(missing)),
			})
		}
	}
	if d.thenValue() != forward.ThenKeep && m.opts.QueueActor == nil {
		return l.T("result.noActor")
	}
	return ""
}

// badAddressProblem returns why the recipients field is rejected, or ""
// when each address passes the check of mailtop forward --to. A value
// without any "@", such as "not an address", is named whole, as mailtop
// forward --to names it. Otherwise the rejected address of a longer value
// is named with how the field is split, because "user @example.jp" splits
// into two.
func (d *forwardDialog) badAddressProblem(l *l10n.Localizer) string {
	addresses := d.addresses()
	value := strings.TrimSpace(d.recipients)
	for _, addr := range addresses {
		if forward.IsPlainAddress(addr) {
			continue
		}
		switch {
		case len(addresses) == 1:
			return l.T("forward.badAddress", map[string]any{"Address": Sanitize(addr)})
		case !strings.Contains(value, "@"):
			return l.T("forward.badAddress", map[string]any{"Address": Sanitize(value)})
		}
		return l.T("forward.badAddressInList", map[string]any{"Address": Sanitize(addr)})
	}
	return ""
}

// closeForward closes the dialog.
func (m *Model) closeForward() {
	m.forward = nil
	m.layout()
}

// handleForwardPaste adds pasted text to the recipients field, or to the
// envelope sender field without the white space around it.
func (m Model) handleForwardPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	d := m.forward
	if d.stage != forwardEditing {
		return m, nil
	}
	switch d.field {
	case forwardFieldRecipients:
		d.recipients += Sanitize(strings.ReplaceAll(msg.Content, "\n", " "))
		d.problem = ""
	case forwardFieldSender:
		d.sender += Sanitize(strings.TrimSpace(msg.Content))
		d.problem = ""
	}
	return m, nil
}
