package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/internal/smtptest"
)

// unwritableAuditPath returns an audit log path whose directory cannot be
// created, even by root, because its parent is a regular file.
func unwritableAuditPath(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(file, "mailtop", "audit.log")
}

func TestLiveFeedReadOnlyNeedsNoAuditLog(t *testing.T) {
	opts := capturedLogOptions()
	opts.since = "all"
	opts.readOnly = true
	opts.auditFile = unwritableAuditPath(t)
	in, err := openLiveFeed(context.Background(), opts)
	if err != nil {
		t.Fatalf("read-only dashboard with an unwritable audit log: %v", err)
	}
	defer in.close()
	if in.controller != nil {
		t.Errorf("read-only feed has the controller %T, want none, so that no action can run", in.controller)
	}
}

func TestLiveFeedAuditLogError(t *testing.T) {
	opts := capturedLogOptions()
	opts.since = "all"
	opts.auditFile = unwritableAuditPath(t)
	_, err := openLiveFeed(context.Background(), opts)
	if err == nil {
		t.Fatal("dashboard with an unwritable audit log started")
	}
	for _, want := range []string{opts.auditFile, "--audit-log FILE", "--read-only"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if id, _ := errorHint(err, 1); id != "cli.error.auditLogReadOnly" {
		t.Errorf("Japanese hint %q, want cli.error.auditLogReadOnly", id)
	}
}

func TestOpenAuditLogErrorNamesFlags(t *testing.T) {
	path := unwritableAuditPath(t)
	_, err := openAuditLog(path, false)
	if err == nil {
		t.Fatal("opened an audit log under a regular file")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--audit-log FILE") {
		t.Errorf("error %q lacks the path or --audit-log FILE", err)
	}
	if strings.Contains(err.Error(), "--read-only") {
		t.Errorf("error %q offers --read-only, which only the dashboard takes", err)
	}
	if id, _ := errorHint(err, 1); id != "cli.error.auditLog" {
		t.Errorf("Japanese hint %q, want cli.error.auditLog", id)
	}
}

func TestForwardAuditLogError(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	setup.opts.auditFile = unwritableAuditPath(t)

	_, err := setup.run(t, forwardFlags{via: via}, "7E996BE094")
	if err == nil {
		t.Fatal("forward with an unwritable audit log succeeded")
	}
	var coded forwardExitError
	if !errors.As(err, &coded) || coded.ExitStatus() != forwardExitNone {
		t.Errorf("error %v, want exit status %d", err, forwardExitNone)
	}
	if !strings.Contains(err.Error(), "--audit-log FILE") || strings.Contains(err.Error(), "--read-only") {
		t.Errorf("error %q, want --audit-log FILE and no --read-only", err)
	}
	if id, _ := errorHint(err, 3); id != "cli.error.auditLog" {
		t.Errorf("Japanese hint %q, want cli.error.auditLog", id)
	}
	if n := len(sink.Received()); n != 0 {
		t.Errorf("sink received %d messages, want none before the audit log opens", n)
	}
}
