package sources

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe given as a log is rejected before it is opened: opening it
// would wait for a writer that may never come. The error points to
// --log -, which reads a pipe from standard input.
func TestOpenLogsRejectsNamedPipe(t *testing.T) {
	for _, name := range []string{"mail.log", "mail.log.2.gz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip("cannot make a named pipe here:", err)
			}
			done := make(chan error, 1)
			go func() {
				src, err := OpenLogs([]string{path}, Options{Location: time.UTC, Year: 2026})
				if err == nil {
					src.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil {
					t.Fatal("OpenLogs accepted a named pipe")
				}
				for _, want := range []string{"named pipe", "--log -"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not contain %q", err, want)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("OpenLogs waited on the named pipe instead of rejecting it")
			}
		})
	}
}
