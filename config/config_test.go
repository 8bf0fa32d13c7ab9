package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
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
		name, text string
		english    []string
		japanese   []string
	}{
		{"unknown key", "wach = [\"a.jp\"]\n",
			[]string{"unknown key wach", "check the spelling against README.md, Configuration"},
			[]string{"wach は mailtop の知らないキーです。", "つづりを README.ja.md の「設定ファイル」で確認してください。"}},
		{"unknown keys", "wach = [\"a.jp\"]\n[[override]]\npatern = 'x'\nclass = 'other'\n",
			[]string{"unknown key wach; override rule 1: unknown key patern"},
			[]string{"wach は mailtop の知らないキーです。1 番目の [[override]]: patern は mailtop の知らないキーです。"}},
		{"address not domain", "watch = [\"user@docomo.ne.jp\"]\n",
			[]string{`watch entry "user@docomo.ne.jp" is not a domain name`, "such as docomo.ne.jp"},
			[]string{`watch の "user@docomo.ne.jp" はドメイン名ではありません。使えない文字 '@' が含まれています。`, "docomo.ne.jp のように、ASCII の英数字、ハイフン、ドットでドメイン名を指定してください。"}},
		{"double dot", "watch = [\"docomo.ne.jp\", \"a..jp\"]\n",
			[]string{`watch entry "a..jp" is not a domain name, because it has two dots in a row`, "give one such as docomo.ne.jp"},
			[]string{`watch の "a..jp" はドメイン名ではありません。ドットが 2 つ続いています。`, "docomo.ne.jp のように"}},
		{"hyphen at label start", "watch = [\"-shop.example.jp\"]\n",
			[]string{`watch entry "-shop.example.jp" is not a domain name, because label "-shop" starts or ends with a hyphen`},
			[]string{`ドットで区切られた部分 "-shop" がハイフンで始まるか`}},
		{"empty entry", "watch = [\"\"]\n",
			[]string{`watch entry ""`},
			[]string{`watch の "" はドメイン名ではありません`}},
		{"bad syntax", "watch = [\n",
			[]string{"parse config file", "line 1", "fix the TOML at that line"},
			[]string{"を TOML として読めません", "line 1", "エラーが示す行の TOML を直してください。", `watch = ["docomo.ne.jp"] のように [ ] で囲み`}},
		{"wrong type", "watch = \"docomo.ne.jp\"\n",
			[]string{"parse config file", "line 1", "lists are in brackets"},
			[]string{"を TOML として読めません", "line 1", "リストは"}},
		{"bad override", "[[override]]\npattern = 'x'\nclass = 'spam'\n",
			[]string{`override rule 1: invalid class "spam"`, "spam_content"},
			[]string{`1 番目の [[override]]: class "spam" は使えません`, "spam_content、"}},
		{"bad alert", "[[alert]]\ncarrier = \"au\"\nwindow = \"2h\"\nrate = 5\n",
			[]string{`alert rule 1: window "2h" is invalid`, "use 5m, 15m, 1h or 24h"},
			[]string{`1 番目の [[alert]]: window "2h" は使えません`, "5m、15m、1h、24h のどれかを指定してください。"}},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			_, err := Load(path, noEnv)
			if err == nil {
				t.Fatal("Load accepted a bad file")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q lacks the path", err)
			}
			for _, want := range tc.english {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not match ErrInvalid", err)
			}
			if errors.Is(err, ErrRead) {
				t.Errorf("error %q about the content matches ErrRead", err)
			}
			var catalog *l10n.Error
			if !errors.As(err, &catalog) {
				t.Fatalf("error %q has no catalog text", err)
			}
			text := japanese.ErrorText(catalog)
			if !strings.HasPrefix(text, "設定ファイル "+path) {
				t.Errorf("Japanese text %q does not start with the path", text)
			}
			for _, want := range tc.japanese {
				if !strings.Contains(text, want) {
					t.Errorf("Japanese text %q lacks %q", text, want)
				}
			}
		})
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mailtop.toml")
	_, err := Load(path, noEnv)
	if err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
	if want := "read config file " + path + ": file does not exist (check the path"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	if errors.Is(err, ErrInvalid) {
		t.Errorf("error %q for a missing file matches ErrInvalid", err)
	}
	if !errors.Is(err, ErrRead) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %q does not match ErrRead and fs.ErrNotExist", err)
	}
	text := l10n.New(l10n.Japanese).ErrorText(err)
	if want := "設定ファイル " + path + " がありません。パスを確認してください。"; !strings.Contains(text, want) {
		t.Errorf("Japanese text %q lacks %q", text, want)
	}
}

// The file system's error stays in the text of a read error that has no
// wording of its own, such as a directory in place of the file.
func TestLoadUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir, noEnv)
	if err == nil {
		t.Fatal("Load of a directory succeeded")
	}
	if want := "read config file " + dir + ": read " + dir + ": is a directory (check the path"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	if !errors.Is(err, ErrRead) || errors.Is(err, ErrInvalid) {
		t.Errorf("error %q matches ErrInvalid or does not match ErrRead", err)
	}
	text := l10n.New(l10n.Japanese).ErrorText(err)
	if want := "設定ファイル " + dir + " を読めません: read " + dir + ": is a directory。パスを確認してください。"; !strings.Contains(text, want) {
		t.Errorf("Japanese text %q lacks %q", text, want)
	}
}

// Root reads any file, so the error of a file that this user may not read
// is built from the error os.ReadFile returns.
func TestReadErrorPermission(t *testing.T) {
	const path = "/etc/mailtop/config.toml"
	err := readError(path, &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission})
	if want := "read config file " + path + ": permission denied: run mailtop as root (sudo), or let this user read the file"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if !errors.Is(err, ErrRead) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %q does not match ErrRead and fs.ErrPermission", err)
	}
	text := l10n.New(l10n.Japanese).ErrorText(err)
	if want := "設定ファイル " + path + " を読む権限がありません。root（sudo）で実行するか、このユーザーがファイルを読めるようにしてください。"; text != want {
		t.Errorf("Japanese text = %q, want %q", text, want)
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
		{"unknown key", "[[alert]]\ncarrier = \"au\"\nwindow = \"1h\"\nrate = 5\nthreshold = 5\n", "alert rule 1: unknown key threshold"},
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
