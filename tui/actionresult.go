package tui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// handleActionResult shows how an action ended in the footer; the log
// lines it causes reach the feed with the next snapshots.
func (m Model) handleActionResult(msg actionResultMsg) (tea.Model, tea.Cmd) {
	l := m.c.l
	data := map[string]any{
		"Action":  l.T(msg.action.labelID()),
		"QueueID": Sanitize(msg.queueID),
	}
	output := footerLine(msg.result.Output)
	var notRunning *actions.NotRunningError
	var logFile *actions.LogFileError
	var rejected *sources.ConfigDirRejectedError
	switch {
	case errors.As(msg.err, &logFile) || errors.As(msg.result.Warning, &logFile):
		// As many lines as a queue action's result gets, so that the
		// cause and the start command stay on screen.
		action := data["Action"].(string) + " " + data["QueueID"].(string)
		m.setLongResult(resultError, m.c.logFileResultText(action, logFile), maxQueueResultLines)
		return m, nil
	case errors.As(msg.err, &notRunning):
		m.setResult(resultError, notRunningResult(l, data["Action"].(string), Sanitize(notRunning.StartCommand())))
	case errors.As(msg.err, &rejected):
		// Postfix's own lines would push the fix off the screen.
		data["Error"] = footerLine(l.ErrorText(rejected))
		m.setLongResult(resultError, l.T("result.failed", data), maxQueueResultLines)
	case msg.err != nil:
		data["Error"] = footerLine(l.ErrorText(msg.err))
		m.setResult(resultError, l.T("result.failed", data))
	case msg.result.Simulated:
		data["Command"] = Sanitize(actions.FormatArgv(msg.result.Argv))
		m.setResult(resultOK, l.T("result.simulated", data))
	case output == "":
		m.setResult(resultOK, l.T("result.doneEmpty", data))
	default:
		data["Output"] = output
		m.setResult(resultOK, l.T("result.done", data))
	}
	if msg.err == nil && msg.result.Warning != nil {
		// The action is done, but the operator has something to fix.
		m.setResult(resultError, l.JoinSentences([]string{m.result, footerLine(l.ErrorText(msg.result.Warning))}))
	}
	if msg.action == actionRequeue && msg.err == nil && !msg.result.Simulated {
		// The message list and view act on the message under the cursor.
		m.startRequeueLinks([]string{msg.queueID}, msg.queueID)
	}
	return m, nil
}

// footerLine turns a command's output, which may span several lines
// (postsuper prints one per queue ID and a summary), into one sanitized
// footer line with the lines separated by "; ".
func footerLine(output string) string {
	var parts []string
	for _, line := range strings.Split(output, "\n") {
		if line = strings.TrimSpace(Sanitize(line)); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, "; ")
}
