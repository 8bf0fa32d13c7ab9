package tui

import (
	"strings"
	"testing"
)

// The Japanese screens call deferred mail 遅延 and held mail 保留, so a
// flush prompt that said 保留中 would promise to retry the held messages,
// which postqueue -s and -f leave alone.
func TestQueueFlushPromptsJapanese(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want string
	}{
		{"domain", []string{"down", "F"}, "docomo.ne.jp をフラッシュ: postqueue -s docomo.ne.jp で遅延したメールを今すぐ再送しますか? [y/N]"},
		{"all", []string{"A"}, "全体のフラッシュ: postqueue -f で遅延したメールをすべて今すぐ再送しますか? [y/N]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := queueScreenModel(t, "ja", &fakeBatch{}, 132, 40)
			m = send(t, m, keys(tc.keys...)...)
			text := screenText(m)
			if !strings.Contains(text, tc.want) {
				t.Errorf("prompt lacks %q:\n%s", tc.want, text)
			}
			if strings.Contains(text, "保留中のメール") {
				t.Errorf("prompt calls deferred mail held (保留中):\n%s", text)
			}
		})
	}
}
