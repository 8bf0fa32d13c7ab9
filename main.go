// Command mailtop is top for a Postfix mail server: live per-domain delivery
// rates, the reason for each failure, and keys to rescue stuck mail.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

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
