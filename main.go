// Command mailtop is top for a Postfix mail server: live per-domain delivery
// rates, the reason for each failure, and keys to rescue stuck mail.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

// versionText returns what --version prints after "mailtop ": version when
// the build set it, else "dev" with the commit that Go recorded in the
// binary's build information, when it recorded one.
func versionText() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	return describeDevBuild(info.Settings)
}

// describeDevBuild formats a build without a set version from its build
// settings: "dev (commit 0123456789ab, modified, 2026-12-04T21:40:00Z)".
// The go command records vcs.revision, vcs.modified (uncommitted changes)
// and vcs.time (the commit's time) when go build or go install runs in a
// Git checkout with -buildvcs at its default, auto. go run and go test
// record them only with -buildvcs=true, and a copy without .git has none.
func describeDevBuild(settings []debug.BuildSetting) string {
	var revision, modified, commitTime string
	for _, setting := range settings {
		switch setting.Key {
		case "vcs.revision":
			revision = setting.Value
		case "vcs.modified":
			modified = setting.Value
		case "vcs.time":
			commitTime = setting.Value
		}
	}
	if revision == "" {
		return "dev"
	}

	// Twelve hexadecimal digits, as in Go's pseudo-versions.
	const shortRevision = 12
	if len(revision) > shortRevision {
		revision = revision[:shortRevision]
	}
	parts := []string{"commit " + revision}
	if modified == "true" {
		parts = append(parts, "modified")
	}
	if commitTime != "" {
		parts = append(parts, commitTime)
	}
	return "dev (" + strings.Join(parts, ", ") + ")"
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cmd, err := newRootCommand().ExecuteContextC(ctx)
	stop()
	if err != nil {
		os.Exit(printError(os.Stderr, cmd, err))
	}
}

// usageError marks an error in the command line itself, which exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }
