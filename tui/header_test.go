package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestShortenPathLeft(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		width int
		want  string
	}{
		{"fits", "/etc/mailtop/config.toml", 24, "/etc/mailtop/config.toml"},
		{"one directory left out", "/etc/mailtop/config.toml", 23, "…/mailtop/config.toml"},
		{"cut before a slash", "/etc/mailtop/config.toml", 20, "…/config.toml"},
		{"file name kept whole", "/etc/mailtop/config.toml", 8, "…/config.toml"},
		{"file name only", "config.toml", 5, "config.toml"},
		{"file in the root", "/config.toml", 5, "/config.toml"},
		{"Japanese directory", "/srv/ショップ/本店/config.toml", 22, "…/本店/config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shortenPathLeft(tt.path, tt.width); got != tt.want {
				t.Errorf("shortenPathLeft(%q, %d) = %q, want %q", tt.path, tt.width, got, tt.want)
			}
		})
	}
}

// A config file path too long for the header loses directories from its
// left, so the header still shows the instance, the log and the file name.
func TestHeaderLongConfigPath(t *testing.T) {
	const path = "/srv/mailtop/shops/example-shop-tokyo-honten/production/config.toml"
	for _, tc := range []struct {
		lang  string
		width int
		want  string
	}{
		{"ja", 80, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 …/config.toml"},
		{"ja", 100, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 …/production/config.toml"},
		{"en", 80, "instance /etc/postfix · log /var/log/mail.log · config …/production/config.toml"},
		{"ja", 132, "インスタンス /etc/postfix · ログ /var/log/mail.log · 設定 " + path},
	} {
		t.Run(tc.lang+"-"+itoa(tc.width), func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.ConfigPath = path
			m := newScreen(t, opts, tc.width, 24)
			lines := strings.Split(screenText(m), "\n")
			if got := strings.TrimRight(lines[1], " "); got != tc.want {
				t.Errorf("header line 2 = %q, want %q", got, tc.want)
			}
			if w := ansi.StringWidth(lines[1]); w != tc.width {
				t.Errorf("header line 2 is %d cells wide, want %d", w, tc.width)
			}
		})
	}
}
