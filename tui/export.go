package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// exportResultMsg reports how an export of the unknown recipients ended.
type exportResultMsg struct {
	path string
	rows int
	err  error
}

// exportUnknownCmd runs export and returns its outcome as an
// exportResultMsg. Reading the whole log again can take seconds, which is
// why it never runs inside Update.
func exportUnknownCmd(ctx context.Context, export func(context.Context) (string, int, error)) tea.Cmd {
	return func() tea.Msg {
		path, rows, err := export(ctx)
		return exportResultMsg{path: path, rows: rows, err: err}
	}
}

// startExport starts Options.ExportUnknown and shows in the footer that it
// runs. A second press while an export runs shows a notice and starts
// nothing, because each export reads the whole log again.
func (m Model) startExport() (tea.Model, tea.Cmd) {
	l := m.c.l
	if m.opts.ExportUnknown == nil {
		m.setResult(resultError, l.T("export.unavailable"))
		return m, nil
	}
	if m.exporting {
		m.setResult(resultInfo, l.T("export.busy"))
		return m, nil
	}
	m.exporting = true
	m.setResult(resultInfo, l.T("export.running"))
	return m, exportUnknownCmd(m.ctx, m.opts.ExportUnknown)
}

// handleExportResult shows in the footer where the export was written and
// how many addresses it holds, or why it failed.
func (m Model) handleExportResult(msg exportResultMsg) (tea.Model, tea.Cmd) {
	m.exporting = false
	l := m.c.l
	if msg.err != nil {
		m.setResult(resultError, l.T("export.failed", map[string]any{"Error": footerLine(msg.err.Error())}))
		return m, nil
	}
	data := map[string]any{"Count": msg.rows, "Path": Sanitize(msg.path)}
	switch msg.rows {
	case 0:
		m.setResult(resultOK, l.T("export.doneNone", data))
	case 1:
		m.setResult(resultOK, l.T("export.doneOne", data))
	default:
		m.setResult(resultOK, l.T("export.done", data))
	}
	return m, nil
}
