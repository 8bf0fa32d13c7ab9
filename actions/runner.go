package actions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Runner runs one command given as argv, never through a shell. stdin may be
// nil. A command that ran but failed returns its stdout and stderr together
// with an error that carries the exit status.
type Runner interface {
	Run(ctx context.Context, argv []string, stdin []byte) (stdout, stderr []byte, err error)
}

// Defaults for ExecRunner.
const (
	// DefaultTimeout bounds one Postfix command. It is a generous guess:
	// postsuper on one ID and postqueue -j on a small queue take well under
	// a second.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxOutput bounds stdout and stderr each. postqueue -j writes
	// 250 to 400 bytes for a message with one recipient (Postfix 3.7), so
	// this covers a queue of roughly 200,000 such messages.
	DefaultMaxOutput = 64 << 20
)

// ErrOutputTooLarge reports a command whose output passed the runner's limit.
var ErrOutputTooLarge = errors.New("command output too large")

// commandDirs are searched after PATH. Postfix installs its commands in
// command_directory, /usr/sbin on Debian, Red Hat and the upstream default,
// which is often missing from the PATH of non-root users.
var commandDirs = []string{"/usr/sbin", "/usr/local/sbin"}

// ExecRunner runs commands with os/exec. The zero value is ready to use.
type ExecRunner struct {
	// Timeout bounds each command. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxOutput bounds stdout and stderr each, in bytes. The command keeps
	// running when it writes more, the excess is dropped and Run returns
	// ErrOutputTooLarge. Zero means DefaultMaxOutput.
	MaxOutput int
}

// Run runs argv[0] with the arguments argv[1:], found in PATH or in
// /usr/sbin or /usr/local/sbin, and writes stdin to its standard input.
func (r ExecRunner) Run(ctx context.Context, argv []string, stdin []byte) (stdout, stderr []byte, err error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, nil, errors.New("run: empty command")
	}
	path, err := findCommand(argv[0])
	if err != nil {
		return nil, nil, err
	}

	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limit := r.MaxOutput
	if limit <= 0 {
		limit = DefaultMaxOutput
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cmd := exec.CommandContext(runCtx, path, argv[1:]...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out := &limitedBuffer{limit: limit}
	errOut := &limitedBuffer{limit: limit}
	cmd.Stdout = out
	cmd.Stderr = errOut
	// A child that inherits the pipes and outlives the command must not keep
	// Run waiting after the kill.
	cmd.WaitDelay = 2 * time.Second

	runErr := cmd.Run()
	stdout, stderr = out.buf.Bytes(), errOut.buf.Bytes()
	switch {
	case ctx.Err() != nil:
		return stdout, stderr, fmt.Errorf("run %s: %w", argv[0], ctx.Err())
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		return stdout, stderr, fmt.Errorf("run %s: timed out after %s: %w", argv[0], timeout, context.DeadlineExceeded)
	case runErr != nil:
		return stdout, stderr, fmt.Errorf("run %s: %w", argv[0], runErr)
	case out.dropped || errOut.dropped:
		return stdout, stderr, fmt.Errorf("run %s: output exceeded %d bytes, raise ExecRunner.MaxOutput: %w", argv[0], limit, ErrOutputTooLarge)
	}
	return stdout, stderr, nil
}

// findCommand resolves name through PATH, then through commandDirs.
func findCommand(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err == nil || strings.ContainsRune(name, filepath.Separator) {
		return path, err
	}
	for _, dir := range commandDirs {
		candidate := filepath.Join(dir, name)
		if p, dirErr := exec.LookPath(candidate); dirErr == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("command %s not found in PATH or in %s; is Postfix installed?: %w",
		name, strings.Join(commandDirs, ", "), exec.ErrNotFound)
}

// limitedBuffer keeps the first limit bytes written to it and drops the
// rest. It never returns a write error, so the command is not killed by
// SIGPIPE halfway through a queue change.
type limitedBuffer struct {
	buf     bytes.Buffer
	limit   int
	dropped bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	room := b.limit - b.buf.Len()
	if len(p) > room {
		b.dropped = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	b.buf.Write(p)
	return len(p), nil
}

// CommandError reports a Postfix command that failed, with Postfix's own
// diagnostics.
type CommandError struct {
	// Argv is the command as it ran.
	Argv []string
	// Stderr is the command's standard error, trimmed. Postfix writes its
	// reason there, as in "postsuper: fatal: use of this command is
	// reserved for the superuser".
	Stderr string
	// Err is the runner's error: an exit status, a timeout or a missing
	// command.
	Err error
}

// Error returns the command, Postfix's diagnostic lines and the cause.
func (e *CommandError) Error() string {
	var b strings.Builder
	b.WriteString(FormatArgv(e.Argv))
	b.WriteString(" failed")
	if reason := diagnosticLines(e.Stderr); reason != "" {
		b.WriteString(": ")
		b.WriteString(reason)
	}
	if e.Err != nil {
		b.WriteString(" (")
		b.WriteString(e.Err.Error())
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the runner's error.
func (e *CommandError) Unwrap() error { return e.Err }

// diagnosticLines picks the fatal, panic and error lines out of a Postfix
// command's stderr, which may also carry a summary such as "Requeued: 0
// messages" printed before the fatal error. Without such lines it returns
// all of stderr on one line.
func diagnosticLines(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var picked []string
	for _, line := range lines {
		if strings.Contains(line, "fatal: ") || strings.Contains(line, "panic: ") || strings.Contains(line, "error: ") {
			picked = append(picked, strings.TrimSpace(line))
		}
	}
	if len(picked) == 0 {
		for _, line := range lines {
			if line = strings.TrimSpace(line); line != "" {
				picked = append(picked, line)
			}
		}
	}
	return strings.Join(picked, "; ")
}

// FormatArgv returns argv as one line for messages and the audit log,
// quoting the arguments that a shell would split or expand. The result is
// for people to read; commands always run from the argv itself.
func FormatArgv(argv []string) string {
	parts := make([]string, len(argv))
	for i, arg := range argv {
		if arg == "" || strings.ContainsAny(arg, " \t\n\"'\\$`;&|<>*?()[]{}#~") {
			parts[i] = strconv.Quote(arg)
		} else {
			parts[i] = arg
		}
	}
	return strings.Join(parts, " ")
}
