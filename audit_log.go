package main

import (
	"fmt"

	"github.com/mailtop/mailtop/actions"
)

// openAuditLog opens the audit log at path for a command that acts on the
// queue. Its error names --audit-log FILE as the fix, and with
// offerReadOnly (the dashboard) also --read-only, in the English line and
// in the Japanese hint.
func openAuditLog(path string, offerReadOnly bool) (*actions.Audit, error) {
	audit, err := actions.OpenAudit(path)
	if err == nil {
		return audit, nil
	}
	fix := "pass --audit-log FILE with a file this user may write"
	hint := "cli.error.auditLog"
	if offerReadOnly {
		fix += ", or --read-only to watch without acting on the queue"
		hint = "cli.error.auditLogReadOnly"
	}
	return nil, hintedError{err: fmt.Errorf("open the audit log of actions: %w; %s", err, fix), hint: hint}
}
