package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// LogZone describes a log whose timestamps without a UTC offset seem to
// be in another zone than the one mailtop reads them in. The stamp of its
// last line differs from the file's modification time by a whole number of
// half hours.
type LogZone struct {
	// Zone is the --tz value the stamps were read in, or "" for the
	// local zone.
	Zone string
	// Last is the stamp of the log's last line and Modified the file's
	// modification time, both in the zone the stamps were read in.
	Last, Modified time.Time
	// Difference is Modified minus Last, rounded to half an hour.
	Difference time.Duration
	// LogOffset is the UTC offset, in seconds, that the log's stamps seem
	// to be written in.
	LogOffset int
	// LocalMatches is true when the local zone has LogOffset at Modified,
	// so that leaving out --tz reads the stamps right.
	LocalMatches bool
}

// LogZoneText returns the warning about z in the language of l: the zone
// used, the offset the log seems to be in, the two times compared, and
// what to pass instead.
func LogZoneText(l *l10n.Localizer, z LogZone) string {
	return logZoneText(l, z, " ")
}

// logZoneText returns LogZoneText with space between the parts of each
// time and between --tz and its value. The screen passes noBreakSpace, so
// that wrapText keeps each of them on one line.
func logZoneText(l *l10n.Localizer, z LogZone, space string) string {
	layout := "2006-01-02" + space + "15:04" + space + "MST"
	zone := z.Zone
	if zone == "" {
		zone = l.T("log.localZone", map[string]any{"Name": z.Modified.Format("MST")})
	}

	gap := z.Difference
	id := "log.zoneMismatchBehind"
	if gap < 0 {
		gap, id = -gap, "log.zoneMismatchAhead"
	}

	logOffset := formatUTCOffset(z.LogOffset)
	var fix string
	switch {
	case z.Zone != "" && z.LocalMatches && z.LogOffset == 0:
		fix = l.T("log.zoneFixLeaveOutOrUTC")
	case z.Zone != "" && z.LocalMatches:
		fix = l.T("log.zoneFixLeaveOut")
	case z.LogOffset == 0:
		fix = l.T("log.zoneFixUTC")
	default:
		fix = l.T("log.zoneFixOffset", map[string]any{"Offset": logOffset})
	}

	text := l.T(id, map[string]any{
		"Zone":      l.BeforeParticle(Sanitize(zone)),
		"LogOffset": logOffset,
		"Last":      z.Last.Format(layout),
		"Modified":  z.Modified.Format(layout),
		"Gap":       formatZoneGap(l, gap),
		"Fix":       fix,
	})
	return strings.ReplaceAll(text, "--tz UTC", "--tz"+space+"UTC")
}

// formatUTCOffset returns an offset in seconds east of UTC as UTC+09:00,
// UTC-03:30, or UTC for zero.
func formatUTCOffset(seconds int) string {
	if seconds == 0 {
		return "UTC"
	}
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, seconds/3600, seconds%3600/60)
}

// formatZoneGap returns a positive whole number of half hours as 9h or
// 5h30m, in the words of l.
func formatZoneGap(l *l10n.Localizer, gap time.Duration) string {
	hours := int(gap / time.Hour)
	minutes := int(gap % time.Hour / time.Minute)
	if minutes == 0 {
		return l.T("log.zoneGapHours", map[string]any{"Hours": hours})
	}
	return l.T("log.zoneGapHoursMinutes", map[string]any{"Hours": hours, "Minutes": minutes})
}

// logZoneHint returns the warning about the log's zone that the screen
// shows with the other notices about the log, or "".
func (m Model) logZoneHint() string {
	if m.opts.LogZone == nil {
		return ""
	}
	return logZoneText(m.c.l, *m.opts.LogZone, noBreakSpace)
}
