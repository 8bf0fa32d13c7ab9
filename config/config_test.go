package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

func TestLoadWatchList(t *testing.T) {
	path := writeFile(t, `watch = ["DoCoMo.ne.jp", " gmail.com "]`)
	f, err := Load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != path {
		t.Errorf("Path = %q, want %q", f.Path, path)
	}
	if !slices.Equal(f.Watch, []string{"docomo.ne.jp", "gmail.com"}) {
		t.Errorf("Watch = %q", f.Watch)
	}
}

func TestLoadEmptyFileKeepsDefaults(t *testing.T) {
	f, err := Load(writeFile(t, "# nothing set\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Watch, DefaultWatch) {
		t.Errorf("Watch = %q, want the default carriers", f.Watch)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, text, message string
	}{
		{"unknown key", "wach = [\"a.jp\"]\n", "unknown keys wach"},
		{"address not domain", "watch = [\"user@docomo.ne.jp\"]\n", `watch entry "user@docomo.ne.jp" is not a domain name`},
		{"empty entry", "watch = [\"\"]\n", `watch entry ""`},
		{"bad syntax", "watch = [\n", "parse config file"},
		{"wrong type", "watch = \"docomo.ne.jp\"\n", "parse config file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			_, err := Load(path, noEnv)
			if err == nil {
				t.Fatal("Load accepted a bad file")
			}
			if !strings.Contains(err.Error(), tc.message) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q lacks %q or the path", err, tc.message)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not match ErrInvalid", err)
			}
		})
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	_, err := Load("/nonexistent/mailtop.toml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/mailtop.toml") {
		t.Errorf("error = %v, want one naming the path", err)
	}
	if errors.Is(err, ErrInvalid) {
		t.Errorf("error %q for a missing file matches ErrInvalid", err)
	}
}

func TestLoadSearchesXDGConfigHome(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "mailtop"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "mailtop", "config.toml")
	if err := os.WriteFile(path, []byte(`watch = ["example.jp"]`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(name string) string {
		if name == "XDG_CONFIG_HOME" {
			return dir
		}
		return ""
	}
	if _, err := os.Stat("/etc/mailtop/config.toml"); err == nil {
		t.Skip("/etc/mailtop/config.toml exists on this machine and is searched first")
	}
	f, err := Load("", env)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != path || !slices.Equal(f.Watch, []string{"example.jp"}) {
		t.Errorf("got %q from %q", f.Watch, f.Path)
	}
}

func TestLoadAlerts(t *testing.T) {
	path := writeFile(t, `
[[alert]]
carrier = "docomo"
window = "15m"
rate = 20

[[alert]]
domain = "Example.com"
class = "user_unknown"
window = "1h"
rate = 2.5
min_attempts = 50
hook = ["/usr/local/bin/notify", "--channel", "#mail"]
hook_timeout = "30s"
bell = false
`)
	f, err := Load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Alerts) != 2 {
		t.Fatalf("%d alert rules, want 2", len(f.Alerts))
	}
	if len(f.Thresholds) != 2 {
		t.Fatalf("%d thresholds, want 2", len(f.Thresholds))
	}
	docomo, example := f.Thresholds[0], f.Thresholds[1]
	if docomo.Carrier != "docomo" || docomo.Rate != 20 || !docomo.Bell || docomo.Index != 1 {
		t.Errorf("first threshold = %+v", docomo)
	}
	if example.Domain != "example.com" || example.Rate != 2.5 || example.MinAttempts != 50 || example.Bell {
		t.Errorf("second threshold = %+v", example)
	}
	if !slices.Equal(example.Hook, []string{"/usr/local/bin/notify", "--channel", "#mail"}) {
		t.Errorf("Hook = %q", example.Hook)
	}
	if example.HookTimeout.String() != "30s" {
		t.Errorf("HookTimeout = %v, want 30s", example.HookTimeout)
	}
}

func TestLoadAlertErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"bad window", "[[alert]]\ncarrier = \"au\"\nwindow = \"2h\"\nrate = 5\n", `alert rule 1: window "2h" is invalid`},
		{"second rule", "[[alert]]\ncarrier = \"au\"\nwindow = \"1h\"\nrate = 5\n[[alert]]\ndomain = \"x.jp\"\nwindow = \"1h\"\nrate = 500\n", "alert rule 2: rate 500 is invalid"},
		{"unknown key", "[[alert]]\ncarrier = \"au\"\nwindow = \"1h\"\nrate = 5\nthreshold = 5\n", "unknown keys alert.threshold"},
		{"hook not an array", "[[alert]]\ncarrier = \"au\"\nwindow = \"1h\"\nrate = 5\nhook = \"/bin/notify --x\"\n", "hook"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(writeFile(t, tc.text), noEnv)
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}
