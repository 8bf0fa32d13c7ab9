package config

import (
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
		})
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	_, err := Load("/nonexistent/mailtop.toml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/mailtop.toml") {
		t.Errorf("error = %v, want one naming the path", err)
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
