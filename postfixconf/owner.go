package postfixconf

import (
	"context"
	"fmt"
	"strings"
)

// MailOwner returns the instance's mail_owner: the user that owns the
// queue files and that Postfix's daemons run as.
func (in *Inspector) MailOwner(ctx context.Context) (string, error) {
	values, err := in.parameters(ctx, "mail_owner")
	if err != nil {
		return "", err
	}
	owner := values["mail_owner"]
	if owner == "" {
		return "", fmt.Errorf("%w: %s printed no mail_owner", ErrPostconf, strings.Join(in.command("postconf", "-x", "mail_owner"), " "))
	}
	return owner, nil
}
