package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/config"
)

// Without a config file, a relay name names the files mailtop looked for,
// and with one that has no [[relay]], that file.
func TestResolveRelayNamesConfigFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/nonexistent/xdg")
	_, err := resolveRelay(config.File{}, "provider")
	var hinted hintedError
	if !errors.As(err, &hinted) || hinted.hint != "cli.error.forwardRelayNoConfig" {
		t.Fatalf("error %v, want the hint for a missing config file", err)
	}
	for _, want := range []string{`relay "provider" not found: no config file was found`, "/etc/mailtop/config.toml", "/nonexistent/xdg/mailtop/config.toml"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}

	_, err = resolveRelay(config.File{Path: "/etc/mailtop/config.toml"}, "provider")
	if !errors.As(err, &hinted) || hinted.hint != "cli.error.forwardRelayNone" {
		t.Fatalf("error %v, want the hint for a config file without relays", err)
	}
	if want := "the config file /etc/mailtop/config.toml defines no [[relay]]"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
}
