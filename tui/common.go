package tui

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// common is the state every panel shares: the language and the styles.
// The model owns it, and panels keep a pointer so a background change
// restyles all of them.
type common struct {
	l      *l10n.Localizer
	styles Styles
	// overrides are Options.Overrides, for classifying queued reasons.
	overrides *diagnose.Overrides
	// instance is Options.Instance, the -c DIR that commands shown to the
	// operator must carry.
	instance string
	// location is Options.Location, the zone every panel shows times in.
	// Nil shows each time in its own zone.
	location *time.Location
}

// inZone returns t in the zone the panels show times in.
func (c *common) inZone(t time.Time) time.Time {
	if c.location == nil || t.IsZero() {
		return t
	}
	return t.In(c.location)
}

// clock returns t as formatClock shows it, with t and now in the zone the
// panels show times in.
func (c *common) clock(now, t time.Time) string {
	return formatClock(c.inZone(now), c.inZone(t))
}

// timestamp returns t as formatTimestamp shows it, in the zone the panels
// show times in.
func (c *common) timestamp(t time.Time) string {
	return formatTimestamp(c.inZone(t))
}

// classLabel returns the localized name of a reason class, or "-" for none.
func (c *common) classLabel(class diagnose.Class) string {
	if class == diagnose.ClassNone {
		return "-"
	}
	return c.l.T("class." + class.String())
}

// classColumnLabel returns the short form of classLabel that fits the
// 12-cell class columns: the domain table's top reason, the failure feed,
// the message list and the queue list. The why panel and the message
// views show the full label, and the queue filter takes both.
func (c *common) classColumnLabel(class diagnose.Class) string {
	if class == diagnose.ClassNone {
		return "-"
	}
	return c.l.T("class.short." + class.String())
}

// domainLabel returns how a domain is shown: its sanitized name, or a
// localized label for the collector's bucket of domains past its limit.
func (c *common) domainLabel(domain string) string {
	if domain == stats.OverflowDomain {
		return c.l.T("domains.overflow")
	}
	return Sanitize(domain)
}

// statusLabel returns the localized word for a delivery status.
func (c *common) statusLabel(status parsers.Status) string {
	switch status {
	case parsers.StatusSent:
		return c.l.T("status.sent")
	case parsers.StatusDeferred, parsers.StatusSoftBounce:
		return c.l.T("status.deferred")
	case parsers.StatusBounced:
		return c.l.T("status.bounced")
	case parsers.StatusExpired, parsers.StatusForceExpired:
		return c.l.T("status.expired")
	}
	return c.l.T("status.other")
}

// statusText returns the localized status word in its style.
func (c *common) statusText(status parsers.Status, width int) string {
	text := fit(c.statusLabel(status), width)
	switch status {
	case parsers.StatusSent:
		return c.styles.OK.Render(text)
	case parsers.StatusDeferred, parsers.StatusSoftBounce:
		return c.styles.Deferred.Render(text)
	case parsers.StatusBounced:
		return c.styles.Bounced.Render(text)
	case parsers.StatusExpired, parsers.StatusForceExpired:
		return c.styles.Expired.Render(text)
	}
	return text
}

// rowPrefix returns the two cells before a row: ">" on the cursor row of the
// focused pane, then "*" for a watch-list row. The marks keep the cursor
// and the watch list visible without colour.
func rowPrefix(cursor, watched bool) string {
	prefix := []byte("  ")
	if cursor {
		prefix[0] = '>'
	}
	if watched {
		prefix[1] = '*'
	}
	return string(prefix)
}
