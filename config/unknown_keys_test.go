package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

// The error about unknown keys names each key in its place: the top level,
// or the [[override]], [[alert]] or [[relay]] table by its number, as the
// other errors about those tables do. One key is "key", several "keys".
func TestLoadUnknownKeysPlace(t *testing.T) {
	const override = "[[override]]\npattern = 'x'\nclass = 'other'\n"
	const alert = "[[alert]]\ncarrier = \"au\"\nwindow = \"1h\"\nrate = 5\n"
	cases := []struct {
		name, text        string
		english, japanese string
	}{
		{"one top-level key", "wach = [\"a.jp\"]\n",
			"unknown key wach: check the spelling",
			"wach は mailtop の知らないキーです。つづりを"},
		{"two top-level keys", "wach = [\"a.jp\"]\ncolour = 1\n",
			"unknown keys wach, colour: check the spelling",
			"wach、colour は mailtop の知らないキーです。つづりを"},
		{"second override", override + override + "clas = 'x'\n",
			"override rule 2: unknown key clas: check the spelling",
			"2 番目の [[override]]: clas は mailtop の知らないキーです。つづりを"},
		{"two keys in one override", override + "clas = 'x'\nextra = 1\n",
			"override rule 1: unknown keys clas, extra: check the spelling",
			"1 番目の [[override]]: clas、extra は mailtop の知らないキーです。つづりを"},
		{"inline override array", "override = [{pattern = 'x', class = 'other'}, {pattern = 'y', class = 'other', clas = 'z'}]\n",
			"override rule 2: unknown key clas: check the spelling",
			"2 番目の [[override]]: clas は mailtop の知らないキーです。つづりを"},
		{"third alert", alert + alert + alert + "threshold = 5\n",
			"alert rule 3: unknown key threshold: check the spelling",
			"3 番目の [[alert]]: threshold は mailtop の知らないキーです。つづりを"},
		{"named relay", "[[relay]]\nname = \"p\"\nhost = \"h.example\"\nhots = \"x\"\n",
			`relay "p": unknown key hots: check the spelling`,
			`[[relay]] "p": hots は mailtop の知らないキーです。つづりを`},
		{"relay without name", "[[relay]]\nhost = \"h.example\"\nhots = \"x\"\n",
			"relay 1: unknown key hots: check the spelling",
			"1 番目の [[relay]]: hots は mailtop の知らないキーです。つづりを"},
		{"several places", "wach = [\"a.jp\"]\n" + override + "clas = 'x'\n" + alert + "windw = \"5m\"\n",
			"unknown key wach; override rule 1: unknown key clas; alert rule 1: unknown key windw: check the spelling",
			"wach は mailtop の知らないキーです。1 番目の [[override]]: clas は mailtop の知らないキーです。1 番目の [[alert]]: windw は mailtop の知らないキーです。つづりを"},
		{"misspelt array table", "[[overide]]\npattern = 'x'\n[[overide]]\npattern = 'y'\n",
			"unknown key overide: check the spelling",
			"overide は mailtop の知らないキーです。つづりを"},
		{"unknown table in a rule", alert + "[alert.hook_env]\nA = \"1\"\n",
			"alert rule 1: unknown key hook_env: check the spelling",
			"1 番目の [[alert]]: hook_env は mailtop の知らないキーです。つづりを"},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			_, err := Load(path, noEnv)
			if err == nil {
				t.Fatal("Load accepted the unknown key")
			}
			if want := "config file " + path + ": " + tc.english; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q, want it to start with %q", err, want)
			}
			var catalog *l10n.Error
			if !errors.As(err, &catalog) {
				t.Fatalf("error %q has no catalog text", err)
			}
			if want := "設定ファイル " + path + ": " + tc.japanese; !strings.HasPrefix(japanese.ErrorText(catalog), want) {
				t.Errorf("Japanese text = %q, want it to start with %q", japanese.ErrorText(catalog), want)
			}
		})
	}
}
