package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// pollInterval is how often a tmux pane is captured while a test waits for
// the screen to change.
const pollInterval = 100 * time.Millisecond

// tmuxConfig is the configuration of every test tmux server. A pane stays
// after its program exits, so the test can read the last screen. Without
// a status line the pane gets the full window size. The 256-colour terminal
// type lets the dashboard draw its colours as indexed colours, so a basic
// colour such as ESC [31m in a capture can only come from text drawn raw.
const tmuxConfig = `set -g remain-on-exit on
set -g status off
set -g default-terminal tmux-256color
set -g history-limit 2000
`

// requireTmux skips the test when tmux is not installed, or fails it under
// CI (CI=true), where the dashboard tests must run.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("tmux is not installed (%v); install it, for example apt-get install tmux", err)
		}
		t.Skipf("tmux is not installed (%v); the dashboard tests need it", err)
	}
}

// builtBinary is the mailtop binary that buildDashboardBinary built for
// this test run, or the error of that build. dir is the run's own temporary
// directory, so two checkouts testing at once never run or overwrite each
// other's binary.
var builtBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// TestMain runs the tests, then removes the binary that buildDashboardBinary
// built. A run killed by a signal or by the -timeout panic leaves a
// mailtop-e2e-* directory in the temporary directory.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBinary.dir != "" {
		if err := os.RemoveAll(builtBinary.dir); err != nil {
			fmt.Fprintf(os.Stderr, "remove the test binary's directory: %v\n", err)
		}
	}
	os.Exit(code)
}

// buildDashboardBinary returns the path of a mailtop binary: the one that
// MAILTOP_BINARY names, or one built once per test run from this module into
// a new temporary directory, which TestMain removes when the run ends.
func buildDashboardBinary(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("MAILTOP_BINARY"); path != "" {
		return path
	}
	builtBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "mailtop-e2e-")
		if err != nil {
			builtBinary.err = fmt.Errorf("create a directory for the test binary: %w", err)
			return
		}
		builtBinary.dir = dir
		builtBinary.path = filepath.Join(dir, "mailtop")
		cmd := exec.Command("go", "build", "-o", builtBinary.path, "github.com/mailtop/mailtop")
		if out, err := cmd.CombinedOutput(); err != nil {
			builtBinary.err = fmt.Errorf("go build github.com/mailtop/mailtop failed: %w\n%s", err, out)
		}
	})
	if builtBinary.err != nil {
		t.Fatal(builtBinary.err)
	}
	return builtBinary.path
}

// tmuxPane is one program running in a pane of a private tmux server.
// Every tmux command gets -L with the server's own socket name, so no other
// tmux server is touched, and the server is killed when the test ends.
type tmuxPane struct {
	t          *testing.T
	socket     string
	target     string
	statusFile string // where the pane's shell writes the program's exit status
}

// startTmuxPane starts argv in a new tmux server, in a window of width x
// height cells, with the UTF-8 locale (the machine may have no other) and
// the extra environment variables in env ("NAME=value").
func startTmuxPane(t *testing.T, width, height int, argv []string, env ...string) *tmuxPane {
	t.Helper()
	return startTmuxPaneConfig(t, "", width, height, argv, env...)
}

// startTmuxPaneConfig is startTmuxPane with more tmux configuration lines
// after tmuxConfig.
func startTmuxPaneConfig(t *testing.T, extraConfig string, width, height int, argv []string, env ...string) *tmuxPane {
	t.Helper()
	requireTmux(t)

	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		t.Fatal(err)
	}
	p := &tmuxPane{
		t:      t,
		socket: "mailtop-e2e-" + hex.EncodeToString(suffix),
		target: "dashboard",
	}
	dir := t.TempDir()
	p.statusFile = filepath.Join(dir, "status")
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte(tmuxConfig+extraConfig), 0o600); err != nil {
		t.Fatal(err)
	}

	args := []string{"-u", "-L", p.socket, "-f", conf,
		"new-session", "-d", "-s", p.target,
		"-x", strconv.Itoa(width), "-y", strconv.Itoa(height)}
	for _, variable := range env {
		args = append(args, "-e", variable)
	}
	// A shell waits for the program and writes its exit status to a file.
	// tmux 3.3a sometimes leaves the exited program a zombie for many
	// seconds, with #{pane_dead} set and #{pane_dead_status} empty, so tmux
	// alone cannot tell the status in time.
	args = append(args, "--", "sh", "-c", `status="$1"; shift; "$@"; echo $? >"$status.tmp" && mv "$status.tmp" "$status"`, "sh", p.statusFile)
	args = append(args, argv...)
	cmd := exec.Command("tmux", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session for %q failed: %v\n%s", argv, err, out)
	}
	socketPath, err := p.tmux("display-message", "-p", "#{socket_path}")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Kill only this test's server, by its socket name. tmux 3.3a
		// leaves the socket file behind.
		_ = exec.Command("tmux", "-L", p.socket, "kill-server").Run()
		_ = os.Remove(strings.TrimSpace(socketPath))
	})
	return p
}

// tmux runs a tmux command against this pane's server and returns its
// standard output.
func (p *tmuxPane) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", p.socket}, args...)...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("tmux %s failed: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// keys sends tmux key names, such as "Enter", "Escape", "Down" or "q".
func (p *tmuxPane) keys(names ...string) {
	p.t.Helper()
	if _, err := p.tmux(append([]string{"send-keys", "-t", p.target}, names...)...); err != nil {
		p.t.Fatal(err)
	}
}

// typeText sends text as typed characters, with no key names looked up.
func (p *tmuxPane) typeText(text string) {
	p.t.Helper()
	if _, err := p.tmux("send-keys", "-t", p.target, "-l", text); err != nil {
		p.t.Fatal(err)
	}
}

// screen returns the visible text of the pane, one line per row, without
// colours or other attributes.
func (p *tmuxPane) screen() string {
	p.t.Helper()
	out, err := p.tmux("capture-pane", "-p", "-t", p.target)
	if err != nil {
		p.t.Fatal(err)
	}
	return out
}

// screenWithAttributes returns the visible pane with the escape sequences
// that tmux generates for each cell's colours and attributes (capture-pane -e).
func (p *tmuxPane) screenWithAttributes() string {
	p.t.Helper()
	out, err := p.tmux("capture-pane", "-p", "-e", "-t", p.target)
	if err != nil {
		p.t.Fatal(err)
	}
	return out
}

// format returns a tmux format such as #{pane_title} for the pane.
func (p *tmuxPane) format(format string) string {
	p.t.Helper()
	out, err := p.tmux("display-message", "-p", "-t", p.target, format)
	if err != nil {
		p.t.Fatal(err)
	}
	return strings.TrimRight(out, "\n")
}

// settleInterval is how long waitScreen waits before it captures the pane
// again once the awaited state shows.
const settleInterval = 50 * time.Millisecond

// waitScreen captures the pane until done returns true for its text, and
// returns that text. When timeout passes first, the test fails with the
// description of the awaited state and the last screen.
func (p *tmuxPane) waitScreen(timeout time.Duration, description string, done func(screen string) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := p.screen()
		if done(screen) {
			// tmux may capture the pane while mailtop is still drawing a
			// frame, so a capture with the awaited text can end halfway.
			// A capture a moment later has the whole frame, unless the
			// state was brief and has passed.
			time.Sleep(settleInterval)
			if settled := p.screen(); done(settled) {
				return settled
			}
			return screen
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out after %v waiting for %s; the screen was:\n%s", timeout, description, screen)
		}
		time.Sleep(pollInterval)
	}
}

// waitText waits until the screen contains every one of texts.
func (p *tmuxPane) waitText(timeout time.Duration, texts ...string) string {
	p.t.Helper()
	return p.waitScreen(timeout, fmt.Sprintf("%q on the screen", texts), func(screen string) bool {
		for _, text := range texts {
			if !strings.Contains(screen, text) {
				return false
			}
		}
		return true
	})
}

// waitExit waits until the program in the pane has exited and returns its
// exit status and its last screen, scrollback included.
func (p *tmuxPane) waitExit(timeout time.Duration) (int, string) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		data, err := os.ReadFile(p.statusFile)
		if err == nil {
			status, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil {
				p.t.Fatalf("read the exit status %q of the program: %v", data, err)
			}
			out, err := p.tmux("capture-pane", "-p", "-S", "-", "-t", p.target)
			if err != nil {
				p.t.Fatal(err)
			}
			return status, out
		}
		if !os.IsNotExist(err) {
			p.t.Fatal(err)
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out after %v waiting for the program to exit; the screen was:\n%s", timeout, p.screen())
		}
		time.Sleep(pollInterval)
	}
}

// footer returns the last lines of a screen, where the dashboard draws its
// result line, confirmations and key help.
func footer(screen string, lines int) string {
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return strings.Join(rows[max(len(rows)-lines, 0):], "\n")
}
