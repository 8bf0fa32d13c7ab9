package actions

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// These tests run real processes from coreutils.

func requireCommand(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

func TestExecRunnerPassesStdin(t *testing.T) {
	requireCommand(t, "cat")
	stdout, stderr, err := ExecRunner{}.Run(context.Background(), []string{"cat"}, []byte("7E996BE094\n"))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if string(stdout) != "7E996BE094\n" || len(stderr) != 0 {
		t.Errorf("stdout = %q, stderr = %q", stdout, stderr)
	}
}

func TestExecRunnerNoShell(t *testing.T) {
	requireCommand(t, "echo")
	// A shell would expand the variable and run the second command.
	stdout, _, err := ExecRunner{}.Run(context.Background(), []string{"echo", "$HOME; false"}, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if string(stdout) != "$HOME; false\n" {
		t.Errorf("stdout = %q, want the argument unchanged", stdout)
	}
}

func TestExecRunnerExitStatus(t *testing.T) {
	requireCommand(t, "ls")
	_, stderr, err := ExecRunner{}.Run(context.Background(), []string{"ls", "/nonexistent-mailtop-test"}, nil)
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() == 0 {
		t.Fatalf("error = %v, want an exit status", err)
	}
	if !strings.Contains(err.Error(), "exit status") {
		t.Errorf("error %q does not name the exit status", err)
	}
	if !strings.Contains(string(stderr), "nonexistent-mailtop-test") {
		t.Errorf("stderr = %q, want ls's message", stderr)
	}
}

func TestExecRunnerTimeout(t *testing.T) {
	requireCommand(t, "sleep")
	start := time.Now()
	_, _, err := ExecRunner{Timeout: 100 * time.Millisecond}.Run(context.Background(), []string{"sleep", "30"}, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 100ms") {
		t.Errorf("error = %v, want a timeout", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Run returned after %s, long after the timeout", elapsed)
	}
}

func TestExecRunnerCanceled(t *testing.T) {
	requireCommand(t, "sleep")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, _, err := ExecRunner{}.Run(ctx, []string{"sleep", "30"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestExecRunnerOutputLimit(t *testing.T) {
	requireCommand(t, "head")
	stdout, _, err := ExecRunner{MaxOutput: 1000}.Run(context.Background(), []string{"head", "-c", "5000", "/dev/zero"}, nil)
	if !errors.Is(err, ErrOutputTooLarge) {
		t.Errorf("error = %v, want ErrOutputTooLarge", err)
	}
	if len(stdout) != 1000 {
		t.Errorf("kept %d bytes, want the first 1000", len(stdout))
	}
}

func TestExecRunnerMissingCommand(t *testing.T) {
	_, _, err := ExecRunner{}.Run(context.Background(), []string{"mailtop-no-such-command"}, nil)
	if !errors.Is(err, exec.ErrNotFound) || !strings.Contains(err.Error(), "mailtop-no-such-command") {
		t.Errorf("error = %v, want a not-found error naming the command", err)
	}
	_, _, err = ExecRunner{}.Run(context.Background(), nil, nil)
	if err == nil {
		t.Error("empty argv ran")
	}
}

func TestFormatArgv(t *testing.T) {
	cases := []struct {
		argv []string
		want string
	}{
		{[]string{"postsuper", "-h", "-"}, "postsuper -h -"},
		{[]string{"postqueue", "-c", "/etc/postfix out", "-i", "7E996BE094"}, `postqueue -c "/etc/postfix out" -i 7E996BE094`},
		{[]string{"echo", ""}, `echo ""`},
		{[]string{"echo", "a;b"}, `echo "a;b"`},
	}
	for _, tc := range cases {
		if got := FormatArgv(tc.argv); got != tc.want {
			t.Errorf("FormatArgv(%q) = %s, want %s", tc.argv, got, tc.want)
		}
	}
}

func TestFakeRunnerUnexpectedCommand(t *testing.T) {
	runner := NewFakeRunner()
	_, _, err := runner.Run(context.Background(), []string{"postsuper", "-d", "-"}, []byte("7E996BE094\n"))
	if err == nil || !strings.Contains(err.Error(), "unexpected command postsuper -d -") {
		t.Errorf("error = %v, want the unexpected command named", err)
	}
	calls := runner.Calls()
	if len(calls) != 1 || calls[0].Stdin != "7E996BE094\n" {
		t.Errorf("calls = %+v, want the call recorded", calls)
	}
}
