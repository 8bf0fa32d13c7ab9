package tui

// logHint returns the notice about the log that the screen shows in
// place of an empty feed and above the key help, or "", and the number of
// footer lines it may take. The warning about the log's zone comes first,
// because a log read in the wrong zone can also look older than --since.
// The other two notices never apply at once: one needs no line read, the
// other a line read.
func (m Model) logHint() (string, int) {
	if hint := m.logZoneHint(); hint != "" {
		return hint, maxLogZoneLines
	}
	if hint := m.staleLogHint(); hint != "" {
		return hint, maxLogHintLines
	}
	return m.noPostfixHint(), maxLogHintLines
}

// noPostfixHint returns the notice that the lines read so far contain no
// Postfix line, which names the log and the --log flag to fix it. The
// file is then most likely not a mail log. It returns "" before the first
// line and once a Postfix line has been read.
//
// NOTE: --since skips a text file with no timestamped line (a config
// file) whole, so no line is read and this notice stays hidden. A binary
// file is rejected when it is opened.
func (m Model) noPostfixHint() string {
	if m.snapshot == nil {
		return ""
	}
	lines := m.snapshot.Lines
	if lines.Read == 0 || lines.Postfix > 0 {
		return ""
	}
	l := m.c.l
	names := make([]string, len(m.opts.Sources))
	for i, source := range m.opts.Sources {
		names[i] = Sanitize(source)
		if source == "-" {
			names[i] = l.T("log.stdin")
		}
	}
	id := "log.noPostfixHint"
	if lines.Read == 1 {
		id = "log.noPostfixHintOne"
	}
	return l.T(id, map[string]any{"Lines": lines.Read, "Source": l.BeforeParticle(l.JoinList(names))})
}

// staleLogHint returns the notice that --since skipped every line of the
// log, with the flag that shows them. It returns "" once a line has been
// read.
func (m Model) staleLogHint() string {
	stale := m.opts.StaleLog
	if stale == nil || (m.snapshot != nil && m.snapshot.Lines.Read > 0) {
		return ""
	}
	return m.c.l.T("log.sinceSkipped", map[string]any{
		"Since": Sanitize(stale.Since),
		"End":   m.inClockZone(stale.End).Format("2006-01-02 15:04 MST"),
	})
}
