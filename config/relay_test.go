package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// loadRelayConfig writes text to a config file in a temporary directory,
// with password.txt beside it at mode passwordMode, and loads it.
func loadRelayConfig(t *testing.T, text string, passwordMode os.FileMode) (File, error) {
	t.Helper()
	dir := t.TempDir()
	password := filepath.Join(dir, "password.txt")
	if err := os.WriteFile(password, []byte("secret\n"), passwordMode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(password, passwordMode); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.toml")
	text = strings.ReplaceAll(text, "PASSWORD", password)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(path, func(string) string { return "" })
}

func TestRelayDefaults(t *testing.T) {
	f, err := loadRelayConfig(t, `
[[relay]]
name = "provider"
host = "smtp.example.net"
auth = "plain"
username = "shop"
password_file = "PASSWORD"
envelope_sender = "shop@example.jp"
`, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	relay, ok := f.FindRelay("provider")
	if !ok {
		t.Fatalf("relay provider not found in %+v", f.Relays)
	}
	if relay.TLS != RelayTLSStartTLS {
		t.Errorf("TLS = %q, want starttls", relay.TLS)
	}
	if relay.Port != 587 {
		t.Errorf("Port = %d, want 587", relay.Port)
	}
	if relay.Verify != RelayVerifySystem {
		t.Errorf("Verify = %q, want system", relay.Verify)
	}
}

func TestRelayImplicitPort(t *testing.T) {
	f, err := loadRelayConfig(t, "[[relay]]\nname = \"p\"\nhost = \"smtp.example.net\"\ntls = \"implicit\"\n", 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if f.Relays[0].Port != 465 {
		t.Errorf("Port = %d, want 465", f.Relays[0].Port)
	}
}

func TestRelayInvalid(t *testing.T) {
	tests := []struct {
		name string
		text string
		mode os.FileMode
		want []string
	}{
		{"password file readable by others", `[[relay]]
name = "provider"
host = "smtp.example.net"
auth = "plain"
username = "shop"
password_file = "PASSWORD"`, 0o644, []string{`relay "provider"`, "password.txt", "0644", "chmod 600"}},
		{"password file readable by group", `[[relay]]
name = "provider"
host = "smtp.example.net"
auth = "login"
username = "shop"
password_file = "PASSWORD"`, 0o640, []string{"chmod 600"}},
		{"tls none on a remote host", `[[relay]]
name = "provider"
host = "smtp.example.net"
tls = "none"`, 0o600, []string{`relay "provider"`, `"smtp.example.net"`, "loopback"}},
		{"unknown tls", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\ntls = \"ssl\"\n", 0o600, []string{`relay "p"`, `"ssl"`}},
		{"unknown auth", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nauth = \"cram-md5\"\nusername = \"u\"\npassword_env = \"X\"\n", 0o600, []string{`"cram-md5"`}},
		{"auth without password", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nauth = \"plain\"\nusername = \"u\"\n", 0o600, []string{"password_file or password_env"}},
		{"missing password file", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nauth = \"plain\"\nusername = \"u\"\npassword_file = \"/nonexistent/pw\"\n", 0o600, []string{"/nonexistent/pw", "file does not exist", "chmod 600 /nonexistent/pw", "password_env"}},
		{"missing name", "[[relay]]\nhost = \"h.example\"\n", 0o600, []string{"relay 1 has no name"}},
		{"duplicate name", "[[relay]]\nname = \"p\"\nhost = \"a.example\"\n[[relay]]\nname = \"p\"\nhost = \"b.example\"\n", 0o600, []string{"defined twice"}},
		{"missing host", "[[relay]]\nname = \"p\"\n", 0o600, []string{`relay "p"`, "host"}},
		{"port out of range", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nport = 70000\n", 0o600, []string{"70000"}},
		{"ca_file verify without file", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nverify = \"ca_file\"\n", 0o600, []string{"needs ca_file"}},
		{"unknown key", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\npassword = \"x\"\n", 0o600, []string{`relay "p": unknown key password`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadRelayConfig(t, tt.text, tt.mode)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if tt.name == "unknown key" {
				return
			}
			if !errors.Is(err, ErrRelay) {
				t.Errorf("error %q does not match ErrRelay", err)
			}
			var catalog *l10n.Error
			if !errors.As(err, &catalog) {
				t.Fatalf("error %q has no catalog text", err)
			}
			ja := l10n.New(l10n.Japanese).ErrorText(catalog)
			if !strings.Contains(ja, "設定ファイル") || strings.Contains(ja, "config file") {
				t.Errorf("Japanese text = %q, want it in Japanese", ja)
			}
		})
	}
}

func TestRelayNoneOnLoopback(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "localhost", "::1", "127.0.0.53"} {
		text := "[[relay]]\nname = \"local\"\nhost = \"" + host + "\"\ntls = \"none\"\nport = 2525\n"
		if _, err := loadRelayConfig(t, text, 0o600); err != nil {
			t.Errorf("host %s: %v", host, err)
		}
	}
}
