package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeScript writes an executable shell script to a temporary directory.
// The hook runs it as argv[0]: the kernel reads the #! line, not mailtop.
func writeScript(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hook.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func testEvent(hook ...string) Event {
	return Event{
		State: Fired,
		Time:  evalStart,
		Alert: Alert{
			Rule: 1, Domain: "docomo.ne.jp", Carrier: "docomo", Window: "15m",
			Threshold: 20, Rate: 45.5, Attempts: 44, Failures: 20, Since: evalStart,
		},
		Hook:        hook,
		HookTimeout: 5 * time.Second,
		Bell:        true,
	}
}

func bufferLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

func TestRunHookWritesEventToStdin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "stdin.json")
	script := writeScript(t, `cat > "$1"; echo "paged $2"`)
	logger, logs := bufferLogger()

	ev := testEvent(script, out, "on call; rm -rf /tmp/x")
	if err := RunHook(context.Background(), logger, ev); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the hook wrote no file: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("stdin is not one JSON object: %v\n%s", err, data)
	}
	want := map[string]any{
		"state": "firing", "rule": 1.0, "domain": "docomo.ne.jp", "carrier": "docomo",
		"class": "", "window": "15m", "threshold": 20.0, "rate": 45.5, "attempts": 44.0,
		"expired": 0.0, "failures": 20.0, "time": "2026-12-04T10:00:00Z", "since": "2026-12-04T10:00:00Z",
	}
	if len(got) != len(want) {
		t.Errorf("stdin has keys %v, want %d keys", got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("stdin %s = %v, want %v", k, got[k], v)
		}
	}

	// The argument with a semicolon reached the script as one word.
	if !strings.Contains(logs.String(), `paged on call; rm -rf /tmp/x`) {
		t.Errorf("the log lacks the hook's output:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "alert hook ran") {
		t.Errorf("the log lacks the success line:\n%s", logs)
	}
}

func TestRunHookNonZeroExit(t *testing.T) {
	script := writeScript(t, `echo "no route to pager" >&2; exit 3`)
	logger, logs := bufferLogger()
	err := RunHook(context.Background(), logger, testEvent(script))
	if err == nil {
		t.Fatal("RunHook returned nil for exit status 3")
	}
	if !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("error %q lacks the exit status", err)
	}
	if !strings.Contains(logs.String(), "no route to pager") {
		t.Errorf("the log lacks the hook's stderr:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("the failure was not logged as an error:\n%s", logs)
	}
}

func TestRunHookTimeoutKillsGroup(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "survived")
	// The child sleep outlives its shell unless the whole group is killed.
	script := writeScript(t, `(sleep 3; touch "$1") & sleep 30`)
	logger, logs := bufferLogger()
	ev := testEvent(script, marker)
	ev.HookTimeout = 200 * time.Millisecond

	start := time.Now()
	err := RunHook(context.Background(), logger, ev)
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want a timeout", err)
	}
	if !strings.Contains(err.Error(), "timed out after 200ms") {
		t.Errorf("error %q does not name the timeout", err)
	}
	if elapsed > hookWaitDelay+time.Second {
		t.Errorf("RunHook returned after %v, want soon after the 200ms timeout", elapsed)
	}
	if !strings.Contains(logs.String(), "timed out") {
		t.Errorf("the log lacks the timeout:\n%s", logs)
	}

	time.Sleep(3500 * time.Millisecond)
	if _, err := os.Stat(marker); err == nil {
		t.Error("the hook's child process survived the timeout")
	}
}

func TestRunHookMissingCommand(t *testing.T) {
	logger, logs := bufferLogger()
	err := RunHook(context.Background(), logger, testEvent("/nonexistent/notify"))
	if err == nil {
		t.Fatal("RunHook returned nil for a missing command")
	}
	if !strings.Contains(err.Error(), "/nonexistent/notify") {
		t.Errorf("error %q does not name the command", err)
	}
	if !strings.Contains(logs.String(), "alert hook failed") {
		t.Errorf("the failure was not logged:\n%s", logs)
	}
}

func TestRunHookNoHook(t *testing.T) {
	logger, logs := bufferLogger()
	if err := RunHook(context.Background(), logger, testEvent()); err != nil {
		t.Errorf("RunHook with no hook: %v", err)
	}
	if logs.Len() != 0 {
		t.Errorf("RunHook with no hook logged:\n%s", logs)
	}
}

func TestRunHookCapsOutput(t *testing.T) {
	script := writeScript(t, `head -c 100000 /dev/zero | tr '\0' x`)
	logger, logs := bufferLogger()
	if err := RunHook(context.Background(), logger, testEvent(script)); err != nil {
		t.Fatal(err)
	}
	if logs.Len() > 2*maxHookOutput {
		t.Errorf("the log line is %d bytes, want the output capped near %d", logs.Len(), maxHookOutput)
	}
	if !strings.Contains(logs.String(), "more bytes dropped") {
		t.Errorf("the log does not say output was dropped")
	}
}
