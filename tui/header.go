package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
)

// headerView returns the two header lines: the host, rate, window, the
// modes the screen is in and the time of the counts, then where the data
// comes from.
func (m Model) headerView() string {
	s := m.c.styles
	l := m.c.l
	sep := s.Muted.Render(" · ")

	first := []string{s.App.Render("mailtop")}
	if m.opts.Host != "" {
		first = append(first, s.Header.Render(Sanitize(m.opts.Host)))
	}
	switch {
	case m.history.Reading && m.history.Percent < 0:
		first = append(first, s.Badge.Render(l.T("header.readingHistoryUnsized")))
	case m.history.Reading:
		first = append(first, s.Badge.Render(l.T("header.readingHistory", map[string]any{"Percent": m.history.Percent})))
	}
	switch {
	case m.paused:
		// The rate of the snapshot on screen would be stale.
		first = append(first, s.Badge.Render(l.T("header.paused")))
	case !m.history.Reading:
		// Only lines read after the history count, so there is no rate
		// to show before.
		first = append(first, l.T("header.rate", map[string]any{"Rate": formatRate(m.rate)}))
	}
	first = append(first, l.T("header.window", map[string]any{"Window": windowLabel(m.c, m.window)}))
	for _, badge := range m.badges() {
		first = append(first, s.Badge.Render(badge))
	}
	line := strings.Join(first, sep)
	if clock := m.headerClock(m.width - ansi.StringWidth(line) - 2); clock != "" {
		line = pad(line, m.width-ansi.StringWidth(clock)) + clock
	}

	second, _ := m.headerSources()
	lines := append([]string{fitLine(line, m.width), s.Muted.Render(second)}, m.postfixLines()...)
	return strings.Join(lines, "\n")
}

// headerSources returns the header's second line, where the data comes
// from: the Postfix instance, the logs and the config file, cut to the
// screen's width. configWhole reports whether the line shows the config
// file's whole path, or "none", uncut.
func (m Model) headerSources() (line string, configWhole bool) {
	l := m.c.l
	sep := m.c.styles.Muted.Render(" · ")

	// The demo reads no Postfix instance, so naming one would mislead.
	var second []string
	switch {
	case m.opts.Demo:
	case m.opts.QueueNoInstance && m.opts.Instance == "":
		// postconf found none: naming the default one would mislead.
		second = append(second, l.T("header.instanceNone"))
	case m.opts.Instance == "":
		second = append(second, l.T("header.instanceDefault"))
	default:
		second = append(second, l.T("header.instance", map[string]any{"Dir": Sanitize(m.opts.Instance)}))
	}
	switch {
	case m.opts.Demo:
		second = append(second, l.T("header.log", map[string]any{"Sources": l.T("header.demoSource")}))
	case len(m.opts.Sources) == 0:
		second = append(second, l.T("header.logNone"))
	default:
		sources := make([]string, len(m.opts.Sources))
		for i, source := range m.opts.Sources {
			sources[i] = Sanitize(source)
		}
		second = append(second, l.T("header.log", map[string]any{"Sources": l10n.List(sources)}))
	}
	config := l.T("header.configNone")
	configWhole = true
	if m.opts.ConfigPath != "" {
		whole := l.T("header.config", map[string]any{"Path": Sanitize(m.opts.ConfigPath)})
		config = m.headerConfig(strings.Join(second, sep) + sep)
		configWhole = config == whole
	}
	second = append(second, config)
	joined := strings.Join(second, sep)
	configWhole = configWhole && ansi.StringWidth(joined) <= m.width
	return fitLine(joined, m.width), configWhole
}

// headerClock returns the time of the snapshot on screen in the zone of
// Options.Location, with the zone's abbreviation when it fits in room
// cells. It returns "" before the first snapshot and when even the time
// does not fit.
func (m Model) headerClock(room int) string {
	if m.snapshot == nil || m.snapshot.Now.IsZero() {
		return ""
	}
	at := m.inClockZone(m.snapshot.Now)
	for _, layout := range []string{"15:04:05 MST", "15:04:05"} {
		if text := at.Format(layout); ansi.StringWidth(text) <= room {
			return text
		}
	}
	return ""
}

// inClockZone returns t in the zone of the header's clock: Options.Location,
// or t's own zone when it is nil.
func (m Model) inClockZone(t time.Time) time.Time {
	if m.opts.Location != nil {
		return t.In(m.opts.Location)
	}
	return t
}

// headerConfig returns the header's config file item, which follows
// before on the second line.
func (m Model) headerConfig(before string) string {
	return m.configPathText("header.config", m.width-ansi.StringWidth(before))
}

// configPathText returns the catalog text id with the config file's path
// in it. A path too long for width cells loses directories from its left
// (see shortenPathLeft), so that the file name stays in view. When even
// the file name does not fit, the whole path is kept, for the caller to
// cut at the right edge of the screen.
func (m Model) configPathText(id string, width int) string {
	l := m.c.l
	path := Sanitize(m.opts.ConfigPath)
	text := l.T(id, map[string]any{"Path": path})
	over := ansi.StringWidth(text) - width
	if over <= 0 {
		return text
	}
	shortened := l.T(id, map[string]any{"Path": shortenPathLeft(path, ansi.StringWidth(path)-over)})
	if ansi.StringWidth(shortened) > width {
		return text
	}
	return shortened
}

// badges returns the modes shown after the window in the header:
// read-only, demo and the firing alerts. Paused shows in place of the rate.
func (m Model) badges() []string {
	var badges []string
	if m.opts.ReadOnly {
		badges = append(badges, m.c.l.T("header.readOnly"))
	}
	if m.opts.Demo {
		badges = append(badges, m.c.l.T("header.demo"))
	}
	if len(m.alerts) > 0 {
		badges = append(badges, m.c.l.T("alert.count", map[string]any{"Count": len(m.alerts)}))
	}
	return badges
}

// formatRate shows lines per second with one decimal below 100.
func formatRate(rate float64) string {
	if rate < 100 {
		return fmt.Sprintf("%.1f", rate)
	}
	return fmt.Sprintf("%.0f", rate)
}
