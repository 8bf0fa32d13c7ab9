package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// The why panel's transport lines come from mailtop check on the
// dashboard's instance: its own transport file, the next hop its table
// gives the domain, and -c DIR in the commands.
func TestCheckTransportAdviceFitsInstance(t *testing.T) {
	dir := checkInstanceDir(t)
	table := "docomo.ne.jp docomo:\nezweb.ne.jp smtp:[127.0.0.1]:25528\n"
	if err := os.WriteFile(filepath.Join(dir, "transport"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	advise := checkTransportAdvice(dir, l10n.New(l10n.English))

	lines, err := advise(context.Background(), "ezweb.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		filepath.Join(dir, "transport") + ":",
		"ezweb.ne.jp smtp:[127.0.0.1]:25528",
		"au:[127.0.0.1]:25528",
		"postfix -c " + dir + " reload",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lines for ezweb.ne.jp lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "/etc/postfix/transport") {
		t.Errorf("lines for ezweb.ne.jp name the default instance's map:\n%s", text)
	}
	if strings.HasPrefix(lines[0], " ") {
		t.Errorf("first line %q keeps check's indent, which the panel adds itself", lines[0])
	}

	lines, err = advise(context.Background(), "docomo.ne.jp")
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(lines, " "); !strings.Contains(text, "docomo_destination_concurrency_limit") {
		t.Errorf("lines for the paced docomo.ne.jp = %q, want the settings that pace it", lines)
	}

	lines, err = advise(context.Background(), "example.com")
	if err != nil || lines != nil {
		t.Errorf("lines for example.com = %q, %v; want none, since check suggests nothing", lines, err)
	}
}
