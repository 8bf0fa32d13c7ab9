package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/sources"
)

// forwardField is the field of the forward dialog that has the keys.
type forwardField uint8

const (
	forwardFieldRecipients forwardField = iota
	forwardFieldRelay
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
	targets []sources.QueuedMessage
	// recipients is the text of the recipients field: addresses separated
	// by commas or spaces. Empty forwards each message to its own pending
	// recipients.
	recipients string
	relay      int // index in Options.Relays
	mode       int // index in forwardModes
	then       int // index in forwardThens
	field      forwardField
	stage      forwardStage
	// problem is the reason Enter did not open the prompt, "" when there
	// is none.
	problem string
	results []forwardOutcome
}

// modeValue returns the chosen mode.
func (d *forwardDialog) modeValue() forward.Mode { return forwardModes[d.mode] }

// thenValue returns the chosen step for the original.
func (d *forwardDialog) thenValue() forward.Then { return forwardThens[d.then] }

// addresses returns the addresses in the recipients field.
func (d *forwardDialog) addresses() []string {
	return strings.FieldsFunc(d.recipients, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t'
	})
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
		m.setResult(resultError, l.T("forward.noRelay"))
		return m, nil
	case m.queue.snapshot == nil || m.queue.fromPostqueue():
		// The content is read from the queue file, which only root can read.
		m.setResult(resultError, l.T("forward.needsRoot"))
		return m, nil
	}
	targets, _, ok := m.actionMessages()
	if !ok {
		if text := m.detailGoneText("action.forward"); text != "" {
			m.setResult(resultError, text)
			return m, nil
		}
		m.setResult(resultInfo, l.T("result.pickMessage"))
		return m, nil
	}
	dialog := &forwardDialog{targets: targets}
	if len(targets) == 1 {
		dialog.recipients = strings.Join(pendingAddresses(targets[0]), ", ")
	}
	m.forward = dialog
	m.layout()
	return m, nil
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
		}
		return m, nil
	case forwardConfirming:
		if key.Matches(msg, m.keys.Yes) {
			d.stage = forwardRunning
			m.setResult(resultInfo, m.c.l.T("forward.running", map[string]any{"Count": len(d.targets)}))
			return m, m.runForwardCmd(d)
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
		d.editRecipients(msg)
	case msg.Code == tea.KeyLeft:
		d.step(len(m.opts.Relays), -1)
	case msg.Code == tea.KeyRight || msg.Code == tea.KeySpace:
		d.step(len(m.opts.Relays), 1)
	}
	return m, nil
}

// editRecipients applies a key to the recipients field: backspace deletes
// a character, ctrl+u clears the field and printable text is added.
func (d *forwardDialog) editRecipients(msg tea.KeyPressMsg) {
	switch {
	case msg.Code == tea.KeyBackspace:
		if d.recipients != "" {
			_, size := utf8.DecodeLastRuneInString(d.recipients)
			d.recipients = d.recipients[:len(d.recipients)-size]
		}
	case msg.String() == "ctrl+u":
		d.recipients = ""
	case msg.Text != "":
		d.recipients += Sanitize(msg.Text)
	}
	d.problem = ""
}

// step moves the choice of the focused field by delta, wrapping around.
// relays is the number of relays to choose from.
func (d *forwardDialog) step(relays, delta int) {
	wrap := func(i, n int) int { return ((i+delta)%n + n) % n }
	switch d.field {
	case forwardFieldRelay:
		d.relay = wrap(d.relay, relays)
	case forwardFieldMode:
		d.mode = wrap(d.mode, len(forwardModes))
	case forwardFieldThen:
		d.then = wrap(d.then, len(forwardThens))
	}
	d.problem = ""
}

// forwardProblem returns why the dialog cannot be sent as filled in, in
// the operator's language, or "" when it can. The same checks run again
// on the queue file just before sending.
func (m Model) forwardProblem(d *forwardDialog) string {
	l := m.c.l
	addresses := d.addresses()
	for _, addr := range addresses {
		if !strings.Contains(addr, "@") || strings.ContainsAny(addr, "<>\"") {
			return l.T("forward.badAddress", map[string]any{"Address": Sanitize(addr)})
		}
	}
	for _, target := range d.targets {
		job := forward.Job{QueueID: target.QueueID, Pending: pendingAddresses(target), To: addresses}
		if len(job.Recipients()) == 0 {
			return l.T("forward.noRecipient", map[string]any{"QueueID": Sanitize(target.QueueID)})
		}
		if missing := job.NotForwarded(); d.thenValue() == forward.ThenDelete && len(missing) > 0 {
			return l.T("forward.deleteRefused", map[string]any{
				"QueueID": Sanitize(target.QueueID), "Recipients": Sanitize(strings.Join(missing, ", ")),
			})
		}
	}
	if d.thenValue() != forward.ThenKeep && m.opts.QueueActor == nil {
		return l.T("result.noActor")
	}
	return ""
}

// closeForward closes the dialog.
func (m *Model) closeForward() {
	m.forward = nil
	m.layout()
}

// handleForwardPaste adds pasted text to the recipients field.
func (m Model) handleForwardPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	d := m.forward
	if d.stage == forwardEditing && d.field == forwardFieldRecipients {
		d.recipients += Sanitize(strings.ReplaceAll(msg.Content, "\n", " "))
		d.problem = ""
	}
	return m, nil
}
