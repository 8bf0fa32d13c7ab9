package tui

import (
	"regexp"
	"strings"
	"testing"
)

// The message list, the message view and the queue screen word their
// confirmations in one form: the verb, the queue ID, its notes in
// brackets, sender and recipients, and one question mark before [y/N].
func TestConfirmPromptsOneForm(t *testing.T) {
	english := regexp.MustCompile(`^(Deliver|Requeue|Hold|Release|Expire|Delete) [0-9A-Za-z]+ (\([^)]*\) )?from \S+ to .*?( now)?\?( Postfix [^?]*)? \[y/N\]$`)
	japanese := regexp.MustCompile(`^[0-9A-Za-z]+（[^）]*差出人 [^）]*、宛先 [^）]*）(を|の)[^：:]*しますか？ \[y/N\]$`)
	type scene struct {
		name string
		keys []string
	}
	scenes := []scene{
		{"list deliver", []string{"enter", "i"}},
		{"list requeue", []string{"enter", "r"}},
		{"view requeue", []string{"enter", "enter", "r"}},
		{"queue deliver", []string{"Q", "i"}},
		{"queue requeue", []string{"Q", "r"}},
		{"queue hold", []string{"Q", "h"}},
		{"queue release", []string{"Q", "down", "H"}},
		{"queue expire", []string{"Q", "e"}},
		{"queue delete", []string{"Q", "d"}},
	}
	for _, lang := range []string{"en", "ja"} {
		for _, sc := range scenes {
			t.Run(lang+" "+sc.name, func(t *testing.T) {
				opts := testOptions(lang, &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				m := newScreen(t, opts, 200, 40)
				m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
				m = send(t, m, keys(sc.keys...)...)
				var prompt string
				for _, line := range strings.Split(screenText(m), "\n") {
					if strings.Contains(line, "[y/N]") {
						prompt = strings.TrimSpace(line)
					}
				}
				if prompt == "" {
					t.Fatalf("%v opened no confirmation:\n%s", sc.keys, screenText(m))
				}
				want := map[string]*regexp.Regexp{"en": english, "ja": japanese}[lang]
				if !want.MatchString(prompt) {
					t.Errorf("prompt %q does not match %s", prompt, want)
				}
				if n := strings.Count(prompt, "?") + strings.Count(prompt, "？"); n != 1 {
					t.Errorf("prompt %q has %d question marks, want 1", prompt, n)
				}
			})
		}
	}
}
