package postfixconf

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestMailOwnerFromPostconf(t *testing.T) {
	fake := newFakePostfix(t, "/etc/postfix-out")
	fake.params["mail_owner"] = "postfix-out"
	in := &Inspector{Runner: fake, ConfigDir: "/etc/postfix-out"}
	owner, err := in.MailOwner(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if owner != "postfix-out" {
		t.Errorf("mail_owner = %q, want postfix-out", owner)
	}
	want := []string{"postconf", "-c", "/etc/postfix-out", "-x", "mail_owner"}
	if len(fake.calls) != 1 || !slices.Equal(fake.calls[0], want) {
		t.Errorf("calls = %q, want one %q", fake.calls, want)
	}
}

func TestMailOwnerMissing(t *testing.T) {
	fake := newFakePostfix(t, "")
	in := &Inspector{Runner: fake}
	if _, err := in.MailOwner(context.Background()); !errors.Is(err, ErrPostconf) {
		t.Errorf("without mail_owner: err = %v, want ErrPostconf", err)
	}
	fake.broken = true
	if _, err := in.MailOwner(context.Background()); !errors.Is(err, ErrPostconf) {
		t.Errorf("with postconf failing: err = %v, want ErrPostconf", err)
	}
}
