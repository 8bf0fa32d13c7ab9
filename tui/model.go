package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/stats"
)

// screen is the view drawn in the body of the screen.
type screen uint8

const (
	screenMain         screen = iota // domain table and failure feed
	screenDomain                     // one domain's messages
	screenMessage                    // one message's life
	screenQueue                      // the queued messages, or the queue shape
	screenQueueMessage               // one queued message
	screenWhy                        // why a domain or a message fails
)

// pane is the part of the main screen that has the keys.
type pane uint8

const (
	paneDomains pane = iota
	paneFeed
)

// screenWindows are the windows w cycles through and 1-4 pick.
var screenWindows = []stats.Window{stats.Window5m, stats.Window1h, stats.Window24h, stats.WindowAll}

// resultKind is the style class of the footer's result line.
type resultKind uint8

const (
	resultInfo resultKind = iota
	resultOK
	resultError
)

// confirmation is an action waiting for y or n.
type confirmation struct {
	action  actionKind
	message stats.Message // sanitized
}

// Model is the dashboard: the only tea.Model of mailtop. Panels are plain
// structs that it sizes and draws.
type Model struct {
	opts     Options
	ctx      context.Context // bounds actions; Run sets it
	c        *common
	keys     KeyMap
	help     help.Model
	watch    []string // lowercase, pinned in this order
	darkBG   bool
	noColour bool

	width, height int

	snapshot *stats.Snapshot   // on screen
	page     *stats.DomainPage // the domain table's rows on screen when Options.Views is set
	trace    *frameTracer      // nil unless Options.OnFrame is set
	alerts   []alerts.Alert    // firing at the snapshot on screen
	rate     float64           // lines per second on screen
	history  History           // how far the log's history has been read
	held     *SnapshotMsg      // the newest snapshot while paused
	paused   bool
	// freeze is the request for the frozen page while paused with
	// Options.Views: a larger page that the paused domain table scrolls
	// in. frozen reports whether page is the response to it.
	freeze *stats.DomainView
	frozen bool

	window       stats.Window
	sortBy       sortColumn
	sortReversed bool
	// domainOnly is the --domain restriction, in lower case. Esc does not
	// clear it, and filter, typed on top, narrows it further.
	domainOnly string
	filter     string
	filtering  bool // the operator is typing the filter
	focus      pane

	screen      screen
	messageFrom screen // the screen Esc returns to from the message view
	helpOpen    bool
	helpOffset  int // index of the first scrolling line of the help overlay on screen
	confirm     *confirmation

	result      string // the footer's result line
	resultKind  resultKind
	resultLines int // the lines result may take; 0 for maxResultLines
	// resultHint is set when result is a hint about a key that did
	// nothing, which the next key press clears.
	resultHint bool

	domains domainTable
	feed    failureFeed
	list    messageList
	detail  messageView

	queue        queueScreen
	queueDetail  queueDetail
	queueConfirm *queueConfirm
	heldQueue    *QueueSnapshotMsg // the newest queue scan while paused
	// requeue is the latest requeue whose new queue IDs are looked up in
	// the log on each snapshot, or nil.
	requeue *requeueLinks
	// confirmOpen is whether Options.ConfirmOpen was last called with true.
	confirmOpen bool
	// postfix is the instance's status at the latest queue scan, paused
	// or not, because a stopped Postfix matters more than the counts.
	postfix postfixStatus

	why     whyPanel
	whyFrom screen // the screen Esc returns to from the why panel
	// queueFrom is the screen Esc, and Q, return to from the queue screen.
	queueFrom screen

	exporting bool // an export of the unknown recipients is running

	forward *forwardDialog // the open forward dialog, or nil
}

// New returns the dashboard for opts. It draws nothing until the first
// tea.WindowSizeMsg and shows the watch list with zero counts until the
// first SnapshotMsg.
func New(opts Options) Model {
	watch := make([]string, 0, len(opts.Watch))
	for _, domain := range opts.Watch {
		if domain = strings.ToLower(strings.TrimSpace(domain)); domain != "" {
			watch = append(watch, domain)
		}
	}
	if len(watch) == 0 {
		watch = append(watch, config.DefaultWatch...)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}

	localizer := l10n.New(opts.Lang)
	c := &common{l: localizer, styles: NewStyles(true, opts.NoColor), overrides: opts.Overrides, instance: opts.Instance, location: opts.Location}
	domainOnly := strings.ToLower(Sanitize(strings.TrimSpace(opts.Filter)))
	m := Model{
		opts:       opts,
		ctx:        context.Background(),
		c:          c,
		keys:       NewKeyMap(localizer),
		help:       help.New(),
		watch:      watch,
		darkBG:     true,
		noColour:   opts.NoColor,
		window:     stats.Window1h,
		domainOnly: domainOnly,
		domains:    domainTable{c: c, focused: true},
		feed:       failureFeed{c: c},
		list:       messageList{c: c, focused: true},
		detail:     messageView{c: c},
		queue: queueScreen{c: c, watched: opts.QueueUpdates != nil, noInstance: opts.QueueNoInstance, demo: opts.Demo,
			readOnly: opts.ReadOnly, classes: newReasonClasses(opts.Overrides), domainOnly: domainOnly},
		queueDetail: queueDetail{c: c, life: messageView{c: c}, demo: opts.Demo},
		why:         whyPanel{c: c, demo: opts.Demo},
	}
	m.help.Styles = c.styles.Help
	if opts.OnFrame != nil {
		m.trace = &frameTracer{onFrame: opts.OnFrame}
	}
	m.refreshMain()
	return m
}

// Init requests the terminal's background colour, from which the styles are picked.
func (m Model) Init() tea.Cmd {
	return tea.RequestBackgroundColor
}

// Update routes each message to its handler, clears a result line that a
// key left behind, then publishes the rows the domain table needs when
// Options.Views is set.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	key, isKey := msg.(tea.KeyPressMsg)
	if isKey && m.trace != nil {
		m.trace.keyPressed(key.String(), time.Now())
	}
	before := m
	if isKey {
		m.clearHint()
		m.stopRequeueFollow(key)
	}
	next, cmd := m.route(msg)
	model, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	if isKey {
		model.clearLeftResult(&before)
	}
	if open := model.confirm != nil || model.queueConfirm != nil; open != model.confirmOpen {
		model.confirmOpen = open
		if model.opts.ConfirmOpen != nil {
			model.opts.ConfirmOpen(open)
		}
	}
	if model.headerLineCount() != m.headerLineCount() {
		// The warning that Postfix is stopped comes and goes with the
		// screen, and the body gets the lines it leaves.
		model.layout()
	}
	if model.opts.Views != nil {
		model.opts.Views.publish(model.requestedView())
	}
	return model, cmd
}

// route calls the handler of msg.
func (m Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case tea.BackgroundColorMsg:
		return m.handleBackground(msg)
	case SnapshotMsg:
		return m.handleSnapshot(msg)
	case domainMessagesMsg:
		return m.handleDomainMessages(msg)
	case messageMsg:
		return m.handleMessage(msg)
	case confirmReadyMsg:
		return m.handleConfirmReady(msg)
	case actionResultMsg:
		return m.handleActionResult(msg)
	case QueueSnapshotMsg:
		return m.handleQueueSnapshot(msg)
	case queueLifeMsg:
		return m.handleQueueLife(msg)
	case queueContentMsg:
		return m.handleQueueContent(msg)
	case queueActionResultMsg:
		return m.handleQueueActionResult(msg)
	case requeueLinksMsg:
		return m.handleRequeueLinks(msg)
	case queueClockMsg:
		if !m.paused {
			m.tickQueueClock()
		}
		return m, nil
	case flushCheckMsg:
		return m.handleFlushCheck(msg)
	case pathsMsg:
		return m.handlePaths(msg)
	case recipeMsg:
		m.why.SetRecipe(msg.domain, msg.lines, msg.err)
		return m, nil
	case exportResultMsg:
		return m.handleExportResult(msg)
	case forwardOutcomeMsg:
		return m.handleForwardOutcome(msg)
	case tea.PasteMsg:
		if m.forward != nil {
			return m.handleForwardPaste(msg)
		}
		return m.handlePaste(msg)
	case tea.KeyPressMsg:
		if m.forward != nil {
			return m.handleForwardKey(msg)
		}
		return m.handleKey(msg)
	}
	return m, nil
}

// handleResize lays the panels out for the new terminal size.
func (m Model) handleResize(msg tea.WindowSizeMsg) (tea.Model, tea.Cmd) {
	m.width, m.height = msg.Width, msg.Height
	m.layout()
	return m, nil
}

// handleBackground picks styles for a light or dark terminal.
func (m Model) handleBackground(msg tea.BackgroundColorMsg) (tea.Model, tea.Cmd) {
	m.darkBG = msg.IsDark()
	m.c.styles = NewStyles(m.darkBG, m.noColour)
	m.help.Styles = m.c.styles.Help
	return m, nil
}

// handleSnapshot shows a new snapshot, or holds it while paused. The open
// drill-down view is reloaded so it follows the log too. While paused, the
// snapshot with the frozen page is shown once, and the drill-down view
// stays as it is.
func (m Model) handleSnapshot(msg SnapshotMsg) (tea.Model, tea.Cmd) {
	var bell tea.Cmd
	if msg.Bell {
		// The bell rings even while paused: an alert is news to act on.
		bell = tea.Raw("\a")
		msg.Bell = false
	}
	// Reading goes on while paused, and the header says how far.
	m.history = msg.History
	if m.paused {
		if !m.isFrozenPage(msg.Page) {
			m.held = &msg
			return m, bell
		}
		// A snapshot held before is older than this one.
		m.frozen = true
		m.held = nil
	}
	m.snapshot = msg.Snapshot
	m.page = msg.Page
	m.rate = msg.LinesPerSecond
	m.alerts = msg.Alerts
	m.refreshMain()
	if m.paused {
		return m, bell
	}
	m.tickQueueClock()
	return m, tea.Batch(bell, m.reloadCmd(), m.requeueLinksCmd())
}

// reloadCmd reloads the open drill-down view, or returns nil.
func (m Model) reloadCmd() tea.Cmd {
	if m.opts.Source == nil {
		return nil
	}
	switch m.screen {
	case screenDomain:
		return loadDomainMessagesCmd(m.opts.Source, m.list.domain)
	case screenMessage:
		return loadMessageCmd(m.opts.Source, m.detail.queueID)
	case screenWhy:
		return m.whyPathsCmd()
	}
	return nil
}

// handleDomainMessages fills the message list, unless the operator has
// since left it or opened another domain. While paused only the first load
// of a list is shown.
func (m Model) handleDomainMessages(msg domainMessagesMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenDomain || m.list.domain != msg.domain || (m.paused && m.list.loaded) {
		return m, nil
	}
	m.list.SetRows(msg.rows, m.now())
	return m, nil
}

// handleMessage fills the message view, unless it shows another queue ID.
func (m Model) handleMessage(msg messageMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenMessage || m.detail.queueID != msg.queueID || (m.paused && m.detail.loaded) {
		return m, nil
	}
	m.detail.SetMessage(msg.message, msg.found, m.now())
	return m, nil
}

// handleConfirmReady opens the confirmation of an action once the message
// is found, or reports in the footer that it is not.
func (m Model) handleConfirmReady(msg confirmReadyMsg) (tea.Model, tea.Cmd) {
	if !msg.found {
		m.setResult(resultError, m.c.l.T("result.unknownMessage", map[string]any{"QueueID": Sanitize(msg.queueID)}))
		return m, nil
	}
	if msg.message.QueueID == "" {
		msg.message.QueueID = msg.queueID
	}
	if state := msg.message.QueueState(); !state.InQueue() {
		m.setResult(resultError, m.notQueuedText(msg.action.labelID(), msg.message.QueueID, state))
		return m, nil
	}
	m.confirm = &confirmation{action: msg.action, message: sanitizeMessage(msg.message)}
	m.layout()
	return m, nil
}

// handlePaste adds pasted text to the filter while it is being typed.
func (m Model) handlePaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	if m.queue.filtering && m.screen == screenQueue {
		m.queue.SetFilter(m.queue.filterText + Sanitize(msg.Content))
		return m, nil
	}
	if !m.filtering {
		return m, nil
	}
	m.filter += Sanitize(msg.Content)
	m.refreshMain()
	return m, nil
}

// now returns the time ages are measured from: the snapshot's Now, so a
// replayed day reads as it did, else the clock.
func (m Model) now() time.Time {
	if m.snapshot != nil && !m.snapshot.Now.IsZero() {
		return m.snapshot.Now
	}
	return m.opts.Now()
}

// noDomain is a domain filter that no domain contains, because domains
// come from log lines, which never contain a line break.
const noDomain = "\n"

// shownFilter returns the domain filter of the main screen's rows: the
// typed filter, narrowed to the --domain restriction. A typed filter that
// the restricted domain does not contain leaves no row.
func (m *Model) shownFilter() string {
	switch {
	case m.domainOnly == "":
		return m.filter
	case strings.Contains(m.domainOnly, strings.ToLower(m.filter)):
		return m.domainOnly
	}
	return noDomain
}

// refreshMain rebuilds the rows and titles of the main screen's panes.
func (m *Model) refreshMain() {
	l := m.c.l
	m.syncFreeze()
	m.domains.frozenNote = ""
	if m.page != nil {
		rows, pinned := buildPageRows(m.page, m.window)
		m.domains.SetPage(rows, pinned, pinned+m.page.Offset, pinned+m.page.Matched, m.now())
		// The trends are of the page's window until the next page arrives.
		m.domains.trendStep = m.page.View.Window.TrendStep()
		if m.frozen {
			m.domains.frozenNote = l.T("domains.frozenEnd", map[string]any{
				"First": formatGrouped(m.page.Offset + 1),
				"Last":  formatGrouped(m.page.Offset + len(m.page.Rows)),
				"Total": formatGrouped(m.page.Matched),
				"Key":   m.keys.Pause.Help().Key,
			})
		}
	} else {
		rows := buildDomainRows(m.snapshot, domainQuery{
			Window:   m.window,
			Watch:    m.watch,
			Filter:   m.shownFilter(),
			Sort:     m.sortBy,
			Reversed: m.sortReversed,
		})
		m.domains.SetRows(rows, m.now())
		m.domains.trendStep = m.window.TrendStep()
	}

	sortID := "domains.sort"
	if m.sortReversed {
		sortID = "domains.sortReversed"
	}
	parts := []string{
		l.T("domains.title"),
		l.T(sortID, map[string]any{"Column": l.T(sortLabelIDs[m.sortBy])}),
	}
	if m.frozen {
		parts = append(parts, l.T("domains.frozenAt", map[string]any{"Time": m.inClockZone(m.now()).Format("15:04:05")}))
	}
	if m.domainOnly != "" {
		parts = append(parts, l.T("domains.only", map[string]any{"Domain": m.domainOnly}))
	}
	if m.filter != "" || m.filtering {
		text := Sanitize(m.filter)
		if m.filtering {
			text += "_"
		}
		parts = append(parts, l.T("domains.filter", map[string]any{"Text": text}))
	}
	if count, since := m.queue.maildropWaiting(m.queueNow()); count > 0 {
		// The queued column counts their recipients when the queue file
		// names them; this names the messages, and how long they wait.
		parts = append(parts, l.T("domains.maildrop", map[string]any{"Count": count, "Age": formatAge(m.queueNow(), since)}))
	}
	m.domains.title = strings.Join(parts, " · ")
	unmatched := m.filter
	if unmatched == "" {
		unmatched = m.domainOnly
	}
	m.domains.empty = l.T("domains.noMatch", map[string]any{"Text": Sanitize(unmatched)})

	var failures []stats.Failure
	if m.snapshot != nil {
		failures = m.snapshot.Failures
	}
	m.feed.SetRows(buildFeedRows(failures, m.watch, m.shownFilter()), m.now())
	m.feed.title = l.T("feed.title")
	m.feed.empty = l.T("feed.empty")
	if len(failures) > 0 && m.shownFilter() != "" {
		// Failures exist, but the filter leaves out every one of them.
		m.feed.empty = l.T("feed.noMatch", map[string]any{"Text": Sanitize(unmatched)})
	}
	if m.snapshot == nil {
		m.feed.empty = l.T("feed.waiting")
	}
	if hint, _ := m.logHint(); hint != "" {
		m.feed.empty = hint
	}
	m.layout()
}

// layout sizes every panel for the terminal size: a two-line header, a
// footer of the result line (or the confirmation) and the key help, and
// the body between them. On the main screen the domain table gets up to a
// bit more than half the body, more when the feed is short, and the feed
// the rest.
func (m *Model) layout() {
	body := m.bodyHeight()
	tableWant := max(m.domains.total, 1) + 2
	feedWant := max(len(m.feed.rows), 1) + 1
	tableHeight := max(min(tableWant, body*55/100), min(body, 5))
	if spare := body - tableHeight - feedWant; spare > 0 {
		// The feed is short: give the table the room it can use.
		tableHeight = max(tableHeight, min(tableWant, body-feedWant))
	}
	m.domains.SetSize(m.width, tableHeight)
	m.feed.SetSize(m.width, body-tableHeight)
	m.list.SetSize(m.width, body)
	m.detail.SetSize(m.width, body)
	m.queue.SetSize(m.width, body)
	m.queueDetail.SetSize(m.width, body)
	m.why.SetSize(m.width, body)
	m.help.SetWidth(m.width)
}

// headerHeight is the number of header lines while Postfix is not known
// to be stopped.
const headerHeight = 2

// headerLineCount returns the number of header lines: headerHeight, and
// the warning that Postfix is stopped.
func (m *Model) headerLineCount() int {
	return headerHeight + len(m.postfixLines())
}

// bodyHeight returns the lines between the header and the footer.
func (m *Model) bodyHeight() int {
	return max(m.height-m.headerLineCount()-len(m.footerTopLines())-1, 0)
}
