package postfixtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Require skips the test unless it runs as root on a machine with Postfix
// installed, because a private Postfix instance needs both. Under CI
// (the environment variable CI is "true") the same conditions fail the test
// instead, so a CI job cannot pass by skipping the end-to-end suite.
func Require(t testing.TB) {
	t.Helper()
	reason := UnmetRequirement()
	if reason == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true, so the end-to-end tests must run: install postfix and run as root", reason)
	}
	t.Skipf("skipping the Postfix end-to-end test: %s", reason)
}

// UnmetRequirement returns why the end-to-end tests cannot run here (not
// root, or no Postfix), or "" when they can.
func UnmetRequirement() string {
	if os.Geteuid() != 0 {
		return fmt.Sprintf("it must run as root to start a private Postfix instance (euid is %d)", os.Geteuid())
	}
	if _, err := postfixCommand("postfix"); err != nil {
		return err.Error()
	}
	return ""
}

// postfixCommand returns the path of a Postfix command. It looks in PATH
// first and then in /usr/sbin, because sudo and cron often leave /usr/sbin
// out of PATH.
func postfixCommand(name string) (string, error) {
	if path, err := exec.LookPath(name); err == nil {
		return path, nil
	}
	path := filepath.Join("/usr/sbin", name)
	if info, err := os.Stat(path); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
		return path, nil
	}
	return "", fmt.Errorf("Postfix command %q not found in PATH or /usr/sbin: install Postfix (Debian: apt-get install postfix)", name)
}
