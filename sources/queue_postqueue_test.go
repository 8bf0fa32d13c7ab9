package sources

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestConfigDirRejection(t *testing.T) {
	const dir = "/etc/postfix-out"
	cases := []struct {
		name      string
		configDir string
		stderr    string
		// mainCF is the wanted MainCF, "" when no rejection is wanted.
		mainCF string
	}{
		// Postfix 3.7.11 as user nobody, without /etc/postfix/main.cf.
		{"default main.cf missing", dir, "postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory\n", "/etc/postfix/main.cf"},
		{"directory not listed", dir, "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n" +
			"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /etc/postfix/main.cf\n", DefaultMainCF},
		{"directory not listed, other main.cf", dir, "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n" +
			"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /usr/local/etc/postfix/main.cf\n", "/usr/local/etc/postfix/main.cf"},
		{"directory not listed, error line only", dir, "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n", DefaultMainCF},
		{"main.cf of DIR missing", dir, "postqueue: fatal: open file /etc/postfix-out/main.cf: No such file or directory\n", ""},
		{"mail system down", dir, "postqueue: fatal: Queue report unavailable - mail system is down\n", ""},
		{"default instance", "", "postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ConfigDirRejection([]byte(c.stderr), c.configDir)
			if c.mainCF == "" {
				if got != nil {
					t.Errorf("rejection = %+v, want none", got)
				}
				return
			}
			if got == nil {
				t.Fatal("rejection = nil")
			}
			if got.ConfigDir != c.configDir {
				t.Errorf("ConfigDir = %q, want %q", got.ConfigDir, c.configDir)
			}
			if got.MainCF != c.mainCF {
				t.Errorf("MainCF = %q, want %q", got.MainCF, c.mainCF)
			}
		})
	}
}

func TestScanPostqueueConfigDirRejected(t *testing.T) {
	runner := &fakeQueueRunner{stderr: "postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory\n", err: errors.New("exit status 69")}
	_, err := scanPostqueue(context.Background(), runner, "/etc/postfix-out", "/var/spool/postfix-out", MessageQueues)
	var rejected *ConfigDirRejectedError
	if !errors.As(err, &rejected) {
		t.Fatalf("err = %v, want a *ConfigDirRejectedError", err)
	}
	text := err.Error()
	if !strings.Contains(text, "open file /etc/postfix/main.cf") {
		t.Errorf("err = %q, want postqueue's own line", text)
	}
	if !strings.Contains(text, "run mailtop as root") {
		t.Errorf("err = %q, want the advice to run as root", text)
	}
	if !strings.Contains(text, "add /etc/postfix-out to alternate_config_directories in /etc/postfix/main.cf") {
		t.Errorf("err = %q, want the alternate_config_directories fix", text)
	}
}
