package sources

import (
	"context"
	"errors"
	"fmt"
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

// Without root, a queue that cannot be read and a -c DIR that postqueue
// rejects give one short error with the fix, which still matches both.
func TestFallbackErrorConfigDirRejected(t *testing.T) {
	readErr := fmt.Errorf("%w: /var/spool/postfix-out/defer: run mailtop as root or the postfix user", ErrQueuePermission)
	runner := &fakeQueueRunner{
		stderr: "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n" +
			"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /etc/postfix/main.cf\n",
		err: errors.New("exit status 69"),
	}
	_, postqueueErr := scanPostqueue(context.Background(), runner, "/etc/postfix-out", "/var/spool/postfix-out", MessageQueues)
	err := fallbackError("/var/spool/postfix-out", readErr, postqueueErr)

	want := "permission denied reading the Postfix queue in /var/spool/postfix-out, and postqueue rejects -c /etc/postfix-out"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
	for _, unwanted := range []string{"or the postfix user", "multi_instance_directories"} {
		if strings.Contains(err.Error(), unwanted) {
			t.Errorf("error = %q contains %q", err, unwanted)
		}
	}
	if !errors.Is(err, ErrQueuePermission) {
		t.Error("error does not match ErrQueuePermission")
	}
	var rejected *ConfigDirRejectedError
	if !errors.As(err, &rejected) {
		t.Error("error does not match *ConfigDirRejectedError")
	}

	// Another failure keeps both texts.
	other := fallbackError("/var/spool/postfix", readErr, errors.New("postqueue -j failed: exit status 1"))
	if !strings.Contains(other.Error(), "or the postfix user, and the fallback failed: postqueue -j failed") {
		t.Errorf("error = %q, want both texts", other)
	}
}
