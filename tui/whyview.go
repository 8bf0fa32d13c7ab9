package tui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// pathsState is how far the why panel's sending paths have loaded.
type pathsState uint8

const (
	pathsLoading pathsState = iota
	pathsLoaded
	pathsUnavailable // the Source does not implement PathSource
)

// recipeState is how far the why panel's transport lines for this
// instance have loaded.
type recipeState uint8

const (
	recipeNone    recipeState = iota // not requested: the default lines are shown
	recipeLoading                    // mailtop check's lines are being read
	recipeLoaded                     // recipe holds them, or none when check has nothing to suggest
	recipeFailed                     // reading them failed with recipeErr
)

// recipeMark stands for the instance's transport lines in the rendered
// advice, which are drawn as they are instead of wrapped as prose.
const recipeMark = "\x00recipe"

// whyPanel explains a domain's or a message's failures: the cause in plain
// words, how sure mailtop is, the evidence, the advice, and the failures by
// class and by sending path.
type whyPanel struct {
	c          *common
	demo       bool // the queue is the demo's, rebuilt from its recording
	subject    whySubject
	paths      []stats.PathStats // sanitized
	pathsState pathsState
	offset     int // first line shown
	// recipe are the lines mailtop check gives for the subject's domain on
	// this instance, in place of the advice's lines for a default one.
	recipe      []string
	recipeState recipeState
	recipeErr   error
	// wantsRecipe is set when the advice shown has transport lines.
	wantsRecipe bool
	width       int
	height      int
	lines       []string // rendered for width, rebuilt by SetSize, Open and SetPaths
}

// SetSize sets the panel's size; the first line is the title.
func (v *whyPanel) SetSize(width, height int) {
	v.width, v.height = width, height
	v.render()
}

// Open shows subject with its sending paths loading.
func (v *whyPanel) Open(subject whySubject) {
	v.subject = subject
	v.paths = nil
	v.pathsState = pathsLoading
	v.recipe, v.recipeState, v.recipeErr = nil, recipeNone, nil
	v.offset = 0
	v.render()
}

// WantsRecipe reports whether the advice shown has transport lines that
// the instance's own could replace.
func (v *whyPanel) WantsRecipe() bool {
	return v.wantsRecipe
}

// LoadRecipe marks the instance's transport lines as being read.
func (v *whyPanel) LoadRecipe() {
	v.recipeState = recipeLoading
	v.render()
}

// SetRecipe shows the instance's transport lines for domain, or the
// default ones with err, unless the panel has moved to another domain.
func (v *whyPanel) SetRecipe(domain string, lines []string, err error) {
	if v.recipeState != recipeLoading || v.subject.Domain != domain {
		return
	}
	v.recipe, v.recipeErr = nil, err
	for _, line := range lines {
		v.recipe = append(v.recipe, Sanitize(line))
	}
	v.recipeState = recipeLoaded
	if err != nil {
		v.recipeState = recipeFailed
	}
	v.render()
}

// SetSubject replaces the subject, keeping the paths and the scroll position.
func (v *whyPanel) SetSubject(subject whySubject) {
	v.subject = subject
	v.render()
}

// SetPaths shows the sending paths; available is false when the source
// keeps none.
func (v *whyPanel) SetPaths(paths []stats.PathStats, available bool) {
	v.paths = make([]stats.PathStats, len(paths))
	for i, p := range paths {
		p.SenderDomain = Sanitize(p.SenderDomain)
		p.Client = Sanitize(p.Client)
		p.SASLUsername = Sanitize(p.SASLUsername)
		p.Relay = Sanitize(p.Relay)
		v.paths[i] = p
	}
	v.pathsState = pathsLoaded
	if !available {
		v.pathsState = pathsUnavailable
	}
	v.render()
}

// Scroll moves the panel by delta lines, stopping at either end.
func (v *whyPanel) Scroll(delta int) {
	v.offset += delta
	v.clampOffset()
}

// ScrollTo moves to the first line (top) or the last screen (bottom).
func (v *whyPanel) ScrollTo(top bool) {
	if top {
		v.offset = 0
	} else {
		v.offset = len(v.lines)
	}
	v.clampOffset()
}

// pageSize returns the number of body lines on screen.
func (v *whyPanel) pageSize() int {
	return max(v.height-1, 1)
}

func (v *whyPanel) clampOffset() {
	v.offset = min(v.offset, max(len(v.lines)-v.pageSize(), 0))
	v.offset = max(v.offset, 0)
}

// View draws the panel in exactly height lines of width cells.
func (v *whyPanel) View() string {
	lines := []string{v.c.styles.TitleFocused.Render(fit(v.title(), v.width))}
	end := min(v.offset+v.pageSize(), len(v.lines))
	lines = append(lines, v.lines[v.offset:end]...)
	return joinLines(lines, v.width, v.height)
}

func (v *whyPanel) title() string {
	l := v.c.l
	if v.subject.QueueID != "" {
		data := map[string]any{"QueueID": v.subject.QueueID, "Recipient": v.subject.Recipient}
		if v.subject.Evidence == nil {
			return l.T("why.titleMessageClean", data)
		}
		return l.T("why.titleMessage", data)
	}
	return l.T("why.title", map[string]any{"Domain": v.c.domainLabel(v.subject.Domain), "Window": windowLabel(v.c, v.subject.Window)})
}

func (v *whyPanel) render() {
	v.lines = v.buildLines()
	v.clampOffset()
}

// buildLines returns the body lines, each at most width cells.
func (v *whyPanel) buildLines() []string {
	if v.width <= 0 {
		return nil
	}
	s := v.c.styles
	l := v.c.l
	subject := v.subject

	var lines []string
	section := func(id string) {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, s.Title.Render(fit(l.T(id), v.width)))
	}
	paragraph := func(text string, style func(...string) string) {
		for _, part := range wrapText(text, v.width-2) {
			lines = append(lines, fitLine(style("  "+part), v.width))
		}
	}
	plain := func(strs ...string) string { return strings.Join(strs, " ") }

	var diag diagnosis
	class := topClass(subject.Counts)
	if subject.Evidence != nil {
		diag = diagnoseEvidence(subject.Evidence, subject.Domain)
		if subject.QueueID != "" || class == diagnose.ClassNone {
			class = diag.Class
		}
	}

	// A message with no failed attempt is not explained by its domain's
	// failures, which the sections below still count.
	messageClean := subject.QueueID != "" && subject.Evidence == nil
	// A domain's last failure can be older than the window, whose counts
	// then show none. The cause shown is then that failure's, labelled so.
	olderFailure := subject.QueueID == "" && subject.Evidence != nil && topClass(subject.Counts) == diagnose.ClassNone
	section("why.cause")
	if subject.InHoldQueue {
		paragraph(l.T("why.held"), s.Warning.Render)
	}
	switch {
	case messageClean:
		paragraph(l.T("why.noMessageFailures"), plain)
	case class == diagnose.ClassNone:
		paragraph(l.T("why.noFailures"), plain)
	default:
		if olderFailure {
			paragraph(l.T("why.noFailuresSince", map[string]any{
				"Window": windowLabel(v.c, subject.Window),
				"Time":   v.c.timestamp(subject.Evidence.Time),
			}), plain)
		}
		paragraph(v.c.classLabel(class)+": "+l.T(causeID(class, diag)), s.Warning.Render)
		if note := v.suspensionNote(class, diag); note != "" {
			paragraph(note, plain)
		}
	}

	if subject.Evidence != nil && diag.Class == class {
		section("why.howSure")
		paragraph(l.T("why.sureness", map[string]any{
			"Level": l.T("why.level." + confidenceName(diag.Result.Confidence)),
			"Basis": l.T(groundsID(diag.Result)),
		}), plain)
		if diag.Result.Collateral {
			paragraph(l.T("why.collateral"), plain)
		}
	}

	section("why.evidence")
	lines = append(lines, v.evidenceLines()...)

	v.wantsRecipe = false
	if subject.Evidence != nil && diag.Class == class {
		section("why.advice")
		if len(diag.Advice.Steps) == 0 {
			paragraph(l.T("why.noAdvice"), plain)
		}
		for i, step := range diag.Advice.Steps {
			if i > 0 {
				lines = append(lines, "")
			}
			data := sanitizeAdviceData(step.Data)
			if check, ok := data["Check"].(string); ok && v.c.instance != "" {
				// The command must read this instance, not the default one.
				data["Check"] = strings.Replace(check, "mailtop check", "mailtop check -c "+Sanitize(v.c.instance), 1)
			}
			if _, ok := data["MapFile"]; ok {
				v.wantsRecipe = true
				data["Recipe"] = v.recipeText()
			}
			for j, text := range strings.Split(l.T(step.ID, data), "\n") {
				if i == hedgedStep(diag.Advice.Steps) && j == 0 {
					text = adviceHedge(l, diag.Result.Confidence, step.ID) + text
				}
				switch {
				case text == "":
					lines = append(lines, "")
				case text == recipeMark:
					// Configuration lines stay whole, so that they can
					// be copied, and keep mailtop check's indents.
					for _, line := range v.recipe {
						lines = append(lines, fitLine("  "+line, v.width))
					}
				default:
					paragraph(text, plain)
				}
			}
			if _, ok := data["MapFile"]; ok && v.recipeState == recipeFailed {
				lines = append(lines, "")
				paragraph(l.T("why.recipeFailed", map[string]any{"Error": Sanitize(v.recipeErr.Error())}), s.Warning.Render)
			}
		}
	}

	// The counts and paths below are the domain's in the window, also
	// under one message, so the panel of a message names the domain.
	classesID, pathsID := "why.classes", "why.paths"
	if subject.QueueID != "" {
		classesID, pathsID = "why.classesOfDomain", "why.pathsOfDomain"
	}
	domainData := map[string]any{"Domain": v.c.domainLabel(subject.Domain), "Window": windowLabel(v.c, subject.Window)}
	lines = append(lines, "", s.Title.Render(fit(l.T(classesID, domainData), v.width)))
	lines = append(lines, v.classLines()...)

	lines = append(lines, "", s.Title.Render(fit(l.T(pathsID, domainData), v.width)))
	lines = append(lines, v.pathLines()...)
	return lines
}

// suspensionNote returns the note that Postfix suspended the destination.
// A domain's note counts its suspended attempts in the window, and a
// message's note, or a domain's without such attempts in the window,
// covers the evidence alone. It returns "" when nothing was suspended, and
// for the class Suspended, whose cause already states it.
func (v *whyPanel) suspensionNote(class diagnose.Class, diag diagnosis) string {
	if class == diagnose.Suspended {
		return ""
	}
	data := map[string]any{"Domain": v.c.domainLabel(v.subject.Domain)}
	if n := v.subject.Counts.Suspended; n > 0 && v.subject.QueueID == "" {
		data["Count"] = formatCount(n)
		return v.c.l.T("why.suspendedCount", data)
	}
	if v.subject.Evidence != nil && diag.Class == class && diag.Result.Suspended {
		return v.c.l.T("why.suspended", data)
	}
	return ""
}

// recipeText returns what the advice shows in place of its transport lines
// for a default instance: a note while this instance's are read, the mark
// of the lines read, or "" to keep the default lines.
func (v *whyPanel) recipeText() string {
	switch {
	case v.recipeState == recipeLoading:
		return v.c.l.T("why.recipeLoading")
	case v.recipeState == recipeLoaded && len(v.recipe) > 0:
		return recipeMark
	}
	return ""
}

// evidenceLines draws the last reply: when and in which SMTP phase, the
// relay, and the reply text wrapped.
func (v *whyPanel) evidenceLines() []string {
	s := v.c.styles
	l := v.c.l
	e := v.subject.Evidence
	if e == nil && v.subject.QueueID != "" {
		return []string{fitLine("  "+l.T("why.noMessageEvidence"), v.width)}
	}
	if e == nil {
		if v.subject.LastReply == "" {
			return []string{fitLine("  "+l.T("why.noEvidence"), v.width)}
		}
		var lines []string
		for _, part := range wrapText(v.subject.LastReply, v.width-4) {
			lines = append(lines, s.Muted.Render(fit("    "+part, v.width)))
		}
		return lines
	}

	data := map[string]any{"Time": v.c.timestamp(e.Time)}
	id, phaseID := "why.lastReplyNoPhase", "why.lastReply"
	if e.Time.IsZero() {
		// A reason from a queue file, which keeps no time. The demo's
		// queue is rebuilt from its recording and has no files.
		id, phaseID = "why.queueReplyNoPhase", "why.queueReply"
		if v.demo {
			id, phaseID = "why.demoQueueReplyNoPhase", "why.demoQueueReply"
		}
	}
	if name := diagnose.PhaseName(e.Phase); name != "" {
		id = phaseID
		data["Phase"] = l.T("why.phase." + name)
	}
	head := []string{l.T(id, data)}
	if e.DSN != "" {
		head = append(head, e.DSN)
	}
	if e.Recipient != "" {
		head = append(head, e.Recipient)
	}
	// The head wraps, because its end names the DSN and the recipient. The
	// short DSN comes first, so that a wrap moves the address to a line
	// of its own rather than leave the DSN alone.
	var lines []string
	for _, part := range wrapText(strings.Join(head, "  "), v.width-2) {
		lines = append(lines, fitLine("  "+part, v.width))
	}
	if e.Relay != "" {
		lines = append(lines, fitLine("  "+l.T("msg.relay", map[string]any{"Relay": e.Relay}), v.width))
	}
	for _, part := range wrapText(e.Reason, v.width-4) {
		lines = append(lines, s.Muted.Render(fit("    "+part, v.width)))
	}
	return lines
}

// classLines lists the failures of the window by class, most first, each
// with its count and share of the failed attempts.
func (v *whyPanel) classLines() []string {
	counts := v.subject.Counts
	var failed int64
	type classCount struct {
		class diagnose.Class
		n     int64
	}
	var rows []classCount
	for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
		if n := counts.Classes[class]; n > 0 {
			rows = append(rows, classCount{class, n})
			failed += n
		}
	}
	if len(rows) == 0 {
		return v.noClassLines()
	}
	slices.SortStableFunc(rows, func(a, b classCount) int { return cmp.Compare(b.n, a.n) })

	labelWidth := 0
	for _, r := range rows {
		labelWidth = max(labelWidth, ansi.StringWidth(v.c.classLabel(r.class)))
	}
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		text := "  " + pad(v.c.classLabel(r.class), labelWidth) + "  " +
			fitRight(formatCount(r.n), 6) + "  " + fitRight(formatPercent(r.n, failed), 5)
		lines = append(lines, fitLine(text, v.width))
	}
	return lines
}

// noClassLines returns the lines for a window without failures. A message
// with a last reply may still be deferred, with its next retry after the
// window's end. For it the lines state that the cause above comes from
// that reply, so that the panel does not read as if nothing had failed.
func (v *whyPanel) noClassLines() []string {
	l := v.c.l
	e := v.subject.Evidence
	var text string
	switch {
	case v.subject.QueueID == "" || e == nil:
		text = l.T("why.noFailures")
	case e.Time.IsZero():
		// A reason from the queue file or the demo's queue.
		text = l.T("why.noFailuresQueuedReply")
	default:
		text = l.T("why.noFailuresLastReply", map[string]any{"Time": v.c.timestamp(e.Time)})
	}
	var lines []string
	for _, part := range wrapText(text, v.width-2) {
		lines = append(lines, fitLine("  "+part, v.width))
	}
	return lines
}

// pathWideWidth is the width from which each sending path takes one line;
// below it the relay and the counts go on a second line.
const pathWideWidth = 120

// pathLines draws the sending paths as a table: sender domain, client,
// relay, then sent, deferred and bounced counts.
func (v *whyPanel) pathLines() []string {
	l := v.c.l
	s := v.c.styles
	switch {
	case v.pathsState == pathsLoading:
		return []string{s.Muted.Render(fit("  "+l.T("why.pathsLoading"), v.width))}
	case v.pathsState == pathsUnavailable:
		return []string{fitLine("  "+l.T("why.pathsUnavailable"), v.width)}
	case len(v.paths) == 0:
		return []string{fitLine("  "+l.T("why.pathsNone"), v.width)}
	}

	const countWidth = 8
	counts := func(n1, n2, n3 string) string {
		return fitRight(n1, countWidth) + " " + fitRight(n2, countWidth) + " " + fitRight(n3, countWidth)
	}
	countsWidth := 3*countWidth + 2

	// Wide: "  sender client relay counts" on one line. Narrow: "  sender
	// client" and then "    relay counts".
	var row func(sender, client, relay, counts string) []string
	if v.width >= pathWideWidth {
		text := v.width - 2 - countsWidth - 4
		senderWidth := text * 25 / 100
		relayWidth := text * 36 / 100
		clientWidth := text - senderWidth - relayWidth
		row = func(sender, client, relay, counts string) []string {
			return []string{"  " + fit(sender, senderWidth) + " " + fit(client, clientWidth) + " " + fit(relay, relayWidth) + " " + counts}
		}
	} else {
		senderWidth := max((v.width-2)*35/100, 1)
		row = func(sender, client, relay, counts string) []string {
			first := "  " + fit(sender, senderWidth) + " " + client
			second := "    " + fit(relay, max(v.width-4-countsWidth-1, 1)) + " " + counts
			return []string{first, second}
		}
	}

	var lines []string
	for _, text := range row(l.T("why.pathSender"), l.T("why.pathClient"), l.T("why.pathRelay"),
		counts(l.T("status.sent"), l.T("status.deferred"), l.T("status.bounced"))) {
		lines = append(lines, s.ColumnHeader.Render(fitLine(text, v.width)))
	}
	for _, p := range v.paths {
		n := counts(formatCount(p.Counts.Sent), formatCount(p.Counts.Deferred), formatCount(p.Counts.Bounced))
		var texts []string
		if p.Other {
			texts = row(l.T("why.pathOther"), "", "", n)
		} else {
			client := orDash(p.Client)
			if p.SASLUsername != "" {
				client += " sasl=" + p.SASLUsername
			}
			texts = row(orDash(p.SenderDomain), client, orDash(p.Relay), n)
		}
		for _, text := range texts {
			lines = append(lines, fitLine(text, v.width))
		}
	}
	return lines
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
