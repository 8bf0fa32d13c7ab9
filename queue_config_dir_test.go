package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/sources"
)

// A user other than root whose -c DIR postqueue rejects gets the fix in
// the error line, and in Japanese in the hint line too.
func TestConfigDirRejectedHint(t *testing.T) {
	rejected := &sources.ConfigDirRejectedError{ConfigDir: "/etc/postfix-out", MainCF: "/etc/postfix/main.cf"}
	err := fmt.Errorf("list the queue of /etc/postfix-out: postqueue -c /etc/postfix-out -j failed: exit status 69: postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory: %w", rejected)
	for _, c := range []struct {
		lang string
		want string
	}{
		{"en", "run mailtop as root, or add /etc/postfix-out to alternate_config_directories in /etc/postfix/main.cf"},
		{"ja", "mailtop を root で実行するか、/etc/postfix/main.cf の alternate_config_directories に /etc/postfix-out を追加してください。"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			cmd := newRootCommand()
			if err := cmd.ParseFlags([]string{"--lang", c.lang}); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			if status := printError(&stderr, cmd, err); status != 1 {
				t.Errorf("exit status = %d, want 1", status)
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("printed:\n%s\nwant it to contain %q", stderr.String(), c.want)
			}
			if strings.Contains(stderr.String(), "原因は上の行のとおりです") {
				t.Errorf("printed the generic hint:\n%s", stderr.String())
			}
		})
	}
}
