package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"syscall"
	"time"
)

// maxHookOutput bounds the stdout and stderr of a hook kept for the log,
// each. The rest is dropped, and the hook is not stopped for writing more.
const maxHookOutput = 8 << 10

// hookWaitDelay bounds how long RunHook waits for the hook's output pipes
// to close after the hook exited or was killed, in case a child process it
// started keeps them open.
const hookWaitDelay = 2 * time.Second

// RunHook runs ev.Hook, with the event as one JSON object on standard input,
// and logs the outcome with its output to logger. The argv runs as it is,
// never through a shell. The hook runs in a process group of its own, and
// the whole group is killed when ev.HookTimeout passes or ctx ends.
//
// An event with no Hook does nothing and returns nil. The error reports a
// hook that could not start, exited with a non-zero status or timed out.
// It is logged too, so a caller that only needs the log may ignore it.
func RunHook(ctx context.Context, logger *slog.Logger, ev Event) error {
	if len(ev.Hook) == 0 {
		return nil
	}
	timeout := ev.HookTimeout
	if timeout <= 0 {
		timeout = DefaultHookTimeout
	}
	input, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode alert for hook %s: %w", ev.Hook[0], err)
	}

	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, ev.Hook[0], ev.Hook[1:]...)
	cmd.Stdin = bytes.NewReader(append(input, '\n'))
	stdout := &cappedBuffer{limit: maxHookOutput}
	stderr := &cappedBuffer{limit: maxHookOutput}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// A negative pid signals the process group: the hook and whatever
		// it started, such as a curl that hangs.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = hookWaitDelay

	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if errors.Is(runCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		err = fmt.Errorf("hook %s timed out after %s and was killed; raise hook_timeout or make the hook return sooner: %w",
			ev.Hook[0], timeout, context.DeadlineExceeded)
	} else if err != nil {
		err = fmt.Errorf("hook %s failed: %w", ev.Hook[0], err)
	}

	attrs := []any{
		"hook", ev.Hook, "state", ev.State, "rule", ev.Rule, "domain", ev.Domain,
		"elapsed", elapsed.Round(time.Millisecond), "stdout", stdout.String(), "stderr", stderr.String(),
	}
	if err != nil {
		logger.Error("alert hook failed", append(attrs, "err", err)...)
		return err
	}
	logger.Info("alert hook ran", attrs...)
	return nil
}

// cappedBuffer keeps the first limit bytes written to it. It never returns
// a write error, so a chatty hook is not killed by SIGPIPE.
type cappedBuffer struct {
	buf     bytes.Buffer
	limit   int
	dropped int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	room := max(b.limit-b.buf.Len(), 0)
	if n > room {
		b.dropped += n - room
		p = p[:room]
	}
	b.buf.Write(p)
	return n, nil
}

func (b *cappedBuffer) String() string {
	if b.dropped > 0 {
		return fmt.Sprintf("%s… (%d more bytes dropped)", b.buf.String(), b.dropped)
	}
	return b.buf.String()
}
