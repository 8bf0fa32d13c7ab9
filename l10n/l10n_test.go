package l10n

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"nothing set", "", nil, English},
		{"flag ja", "ja", map[string]string{"LANG": "C"}, Japanese},
		{"flag en beats ja locale", "en", map[string]string{"LANG": "ja_JP.UTF-8"}, English},
		{"flag unknown language", "fr", nil, English},
		{"LANG ja UTF-8", "", map[string]string{"LANG": "ja_JP.UTF-8"}, Japanese},
		{"LANG ja eucJP", "", map[string]string{"LANG": "ja_JP.eucJP"}, Japanese},
		{"LANG ja SJIS", "", map[string]string{"LANG": "ja_JP.SJIS"}, Japanese},
		{"LANG C.UTF-8", "", map[string]string{"LANG": "C.UTF-8"}, English},
		{"LANG en_US", "", map[string]string{"LANG": "en_US.UTF-8"}, English},
		{"LC_ALL beats LANG", "", map[string]string{"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, English},
		{"LC_MESSAGES beats LANG", "", map[string]string{"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, Japanese},
		{"LC_ALL beats LC_MESSAGES", "", map[string]string{"LC_ALL": "ja_JP.UTF-8", "LC_MESSAGES": "C"}, Japanese},
		{"empty LC_ALL is skipped", "", map[string]string{"LC_ALL": " ", "LANG": "ja_JP.UTF-8"}, Japanese},
		{"upper case JA", "", map[string]string{"LANG": "JA_JP"}, Japanese},
		{"POSIX", "", map[string]string{"LANG": "POSIX"}, English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(name string) string { return tt.env[name] }
			if got := DetectLanguage(tt.flag, getenv); got != tt.want {
				t.Errorf("DetectLanguage(%q, %v) = %q, want %q", tt.flag, tt.env, got, tt.want)
			}
		})
	}
}

func TestJapaneseCatalogComplete(t *testing.T) {
	var japanese map[string]string
	if _, err := toml.DecodeFS(catalogFS, japaneseFile, &japanese); err != nil {
		t.Fatalf("decode %s: %v", japaneseFile, err)
	}
	english := make(map[string]bool)
	for _, id := range IDs() {
		if english[id] {
			t.Errorf("id %q is defined twice in the English catalog", id)
		}
		english[id] = true
		if strings.TrimSpace(japanese[id]) == "" {
			t.Errorf("id %q has no Japanese text in %s", id, japaneseFile)
		}
	}
	for id := range japanese {
		if !english[id] {
			t.Errorf("%s has id %q that the English catalog lacks", japaneseFile, id)
		}
	}
}

func TestPlaceholdersMatch(t *testing.T) {
	var japanese map[string]string
	if _, err := toml.DecodeFS(catalogFS, japaneseFile, &japanese); err != nil {
		t.Fatalf("decode %s: %v", japaneseFile, err)
	}
	for _, entry := range englishText {
		id, text := entry[0], entry[1]
		for _, field := range placeholders(text) {
			if !slices.Contains(placeholders(japanese[id]), field) {
				t.Errorf("id %q: Japanese text lacks placeholder %s", id, field)
			}
		}
		for _, field := range placeholders(japanese[id]) {
			if !slices.Contains(placeholders(text), field) {
				t.Errorf("id %q: Japanese text has placeholder %s that English lacks", id, field)
			}
		}
	}
}

// placeholders returns the {{.Name}} fields of a message text. A field
// passed to a function, as in {{beforeParticle .Relay}}, counts as
// {{.Relay}}.
func placeholders(text string) []string {
	var fields []string
	for {
		start := strings.Index(text, "{{")
		if start < 0 {
			return fields
		}
		end := strings.Index(text[start:], "}}")
		if end < 0 {
			return fields
		}
		action := strings.Fields(text[start+2 : start+end])
		fields = append(fields, "{{"+action[len(action)-1]+"}}")
		text = text[start+end+2:]
	}
}

func TestLocalizerT(t *testing.T) {
	en := New(English)
	ja := New(Japanese)
	tests := []struct {
		name string
		l    *Localizer
		id   string
		data map[string]any
		want string
	}{
		{"English with data", en, "header.window", map[string]any{"Window": "1h"}, "window 1h"},
		{"Japanese with data", ja, "header.window", map[string]any{"Window": "1h"}, "集計 1h"},
		{"English plain", en, "header.paused", nil, "PAUSED"},
		{"Japanese plain", ja, "header.paused", nil, "一時停止中"},
		{"Japanese class other", ja, "class.other", nil, "その他"},
		{"English list", en, "header.log", map[string]any{"Sources": List{"/var/log/mail.log.1", "/var/log/mail.log"}}, "log /var/log/mail.log.1, /var/log/mail.log"},
		{"Japanese list", ja, "header.log", map[string]any{"Sources": List{"/var/log/mail.log.1", "/var/log/mail.log"}}, "ログ /var/log/mail.log.1、/var/log/mail.log"},
		{"unknown id shows the id", en, "no.such.id", nil, "no.such.id"},
		{"unknown id in Japanese shows the id", ja, "no.such.id", nil, "no.such.id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if tt.data == nil {
				got = tt.l.T(tt.id)
			} else {
				got = tt.l.T(tt.id, tt.data)
			}
			if got != tt.want {
				t.Errorf("T(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

func TestLocalizerTKeepsListForOtherLanguage(t *testing.T) {
	data := map[string]any{"Sources": List{"a.log", "b.log"}}
	New(Japanese).T("header.log", data)
	if got := New(English).T("header.log", data); got != "log a.log, b.log" {
		t.Errorf("English after Japanese = %q, want the list joined with commas", got)
	}
}

func TestNewUnknownLanguageIsEnglish(t *testing.T) {
	l := New("de")
	if l.Lang() != English {
		t.Errorf("New(\"de\").Lang() = %q, want %q", l.Lang(), English)
	}
	if got := l.T("key.quit"); got != "quit" {
		t.Errorf("T(key.quit) = %q, want quit", got)
	}
}

func TestEveryIDLocalizes(t *testing.T) {
	for _, lang := range []string{English, Japanese} {
		l := New(lang)
		for _, entry := range englishText {
			id := entry[0]
			data := map[string]any{}
			for _, field := range placeholders(entry[1]) {
				data[strings.Trim(field, "{}.")] = "x"
			}
			got := l.T(id, data)
			if got == id || got == "" {
				t.Errorf("%s: T(%q) = %q, want catalog text", lang, id, got)
			}
			if strings.Contains(got, "<no value>") {
				t.Errorf("%s: T(%q) = %q, has a template field with no value", lang, id, got)
			}
		}
	}
}

func TestNonUTF8Locale(t *testing.T) {
	cases := []struct {
		env     map[string]string
		value   string
		nonUTF8 bool
	}{
		{map[string]string{"LANG": "ja_JP.UTF-8"}, "ja_JP.UTF-8", false},
		{map[string]string{"LANG": "ja_JP.utf8"}, "ja_JP.utf8", false},
		{map[string]string{"LANG": "ja_JP.eucJP"}, "ja_JP.eucJP", true},
		{map[string]string{"LANG": "ja_JP.SJIS"}, "ja_JP.SJIS", true},
		{map[string]string{"LANG": "ja_JP.eucJP", "LC_ALL": "C.UTF-8"}, "C.UTF-8", false},
		{map[string]string{"LANG": "ja_JP"}, "ja_JP", false},
		{map[string]string{"LANG": "ja_JP.EUC-JP@euro"}, "ja_JP.EUC-JP@euro", true},
		{map[string]string{}, "", false},
	}
	for _, tc := range cases {
		value, nonUTF8 := NonUTF8Locale(func(name string) string { return tc.env[name] })
		if value != tc.value || nonUTF8 != tc.nonUTF8 {
			t.Errorf("NonUTF8Locale(%v) = %q, %v; want %q, %v", tc.env, value, nonUTF8, tc.value, tc.nonUTF8)
		}
	}
}

func TestTextLanguage(t *testing.T) {
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", map[string]string{"LANG": "ja_JP.UTF-8"}, Japanese},
		{"", map[string]string{"LANG": "ja_JP.eucJP"}, English},
		{"", map[string]string{"LANG": "ja_JP.SJIS"}, English},
		{"", map[string]string{"LC_ALL": "ja_JP.eucJP", "LANG": "ja_JP.UTF-8"}, English},
		{"ja", map[string]string{"LANG": "ja_JP.eucJP"}, Japanese},
		{"en", map[string]string{"LANG": "ja_JP.UTF-8"}, English},
		{"", map[string]string{"LANG": "ja_JP"}, Japanese},
		{"", map[string]string{"LANG": "en_US.ISO-8859-1"}, English},
	}
	for _, tc := range cases {
		got := TextLanguage(tc.flag, func(name string) string { return tc.env[name] })
		if got != tc.want {
			t.Errorf("TextLanguage(%q, %v) = %q, want %q", tc.flag, tc.env, got, tc.want)
		}
	}
}

func TestBeforeParticle(t *testing.T) {
	japanese, english := New(Japanese), New(English)
	cases := []struct {
		tr    *Localizer
		label string
		want  string
	}{
		{japanese, "標準入力", "標準入力"},
		{japanese, "/var/log/mail.log", "/var/log/mail.log "},
		{japanese, "/var/log/mail.log、標準入力", "/var/log/mail.log、標準入力"},
		{japanese, "", ""},
		{japanese, "backup（127.0.0.1:25253）", "backup（127.0.0.1:25253）"},
		{japanese, "smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525 "},
		{english, "standard input", "standard input"},
		{english, "/var/log/mail.log", "/var/log/mail.log"},
	}
	for _, tc := range cases {
		if got := tc.tr.BeforeParticle(tc.label); got != tc.want {
			t.Errorf("%s: BeforeParticle(%q) = %q, want %q", tc.tr.Lang(), tc.label, got, tc.want)
		}
	}
}
