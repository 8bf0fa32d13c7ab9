// Package l10n translates the text of the screen, its help and its
// confirmations. English is defined in Go next to the message ids; Japanese
// comes from the embedded ja.toml.
package l10n

import (
	"embed"
	"fmt"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// The supported language codes, as DetectLanguage returns them.
const (
	English  = "en"
	Japanese = "ja"
)

// japaneseFile is the catalog path inside catalogFS. go-i18n takes the
// language tag from the file name.
const japaneseFile = "ja.toml"

//go:embed ja.toml
var catalogFS embed.FS

// DetectLanguage returns "ja" or "en": the --lang flag value when it is set,
// else the first of LC_ALL, LC_MESSAGES and LANG that is set, as POSIX orders
// them. A value starting with "ja" (ja, ja_JP.UTF-8, ja_JP.eucJP) gives "ja";
// anything else, including C and POSIX, gives "en".
//
// The screen is always drawn in UTF-8. For a Japanese locale with another
// encoding (ja_JP.eucJP, ja_JP.SJIS; see NonUTF8Locale) the dashboard
// refuses to start and says what to set, unless --lang is given.
func DetectLanguage(flag string, getenv func(string) string) string {
	value := strings.TrimSpace(flag)
	if value == "" {
		for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if v := strings.TrimSpace(getenv(name)); v != "" {
				value = v
				break
			}
		}
	}
	if strings.HasPrefix(strings.ToLower(value), "ja") {
		return Japanese
	}
	return English
}

// NonUTF8Locale returns the locale value that DetectLanguage reads (the
// first of LC_ALL, LC_MESSAGES and LANG that is set) and whether it names a
// character set other than UTF-8, such as ja_JP.eucJP or ja_JP.SJIS. A
// value without a character set is not reported, because most systems
// that set one mean UTF-8.
func NonUTF8Locale(getenv func(string) string) (string, bool) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		value := strings.TrimSpace(getenv(name))
		if value == "" {
			continue
		}
		charset := value
		if i := strings.IndexByte(charset, '.'); i >= 0 {
			charset = charset[i+1:]
		} else {
			return value, false
		}
		if i := strings.IndexByte(charset, '@'); i >= 0 {
			charset = charset[:i]
		}
		charset = strings.ReplaceAll(strings.ToLower(charset), "-", "")
		return value, charset != "utf8"
	}
	return "", false
}

// TextLanguage returns the language for text printed to the terminal by
// the subcommands, their help and their errors. That is DetectLanguage's
// choice, except that a Japanese locale with another character set than
// UTF-8 (see NonUTF8Locale) gives English, because the catalog is UTF-8
// and would come out garbled there. An explicit --lang flag always wins.
func TextLanguage(flag string, getenv func(string) string) string {
	lang := DetectLanguage(flag, getenv)
	if strings.TrimSpace(flag) != "" {
		return lang
	}
	if _, nonUTF8 := NonUTF8Locale(getenv); nonUTF8 {
		return English
	}
	return lang
}

// Localizer looks up message ids in one language, falling back to English.
// It is safe for concurrent use once built.
type Localizer struct {
	lang      string
	localizer *i18n.Localizer
}

// New returns a Localizer for lang ("en" or "ja"); any other value gives
// English. It panics only when the embedded catalog is malformed, which the
// package tests rule out.
func New(lang string) *Localizer {
	bundle := newBundle()
	if lang != Japanese {
		lang = English
	}
	return &Localizer{lang: lang, localizer: i18n.NewLocalizer(bundle, lang)}
}

// newBundle builds a bundle with the English messages and the embedded
// Japanese catalog.
func newBundle() *i18n.Bundle {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	bundle.MustAddMessages(language.English, englishMessages()...)
	if _, err := bundle.LoadMessageFileFS(catalogFS, japaneseFile); err != nil {
		panic("l10n: embedded " + japaneseFile + " is invalid: " + err.Error())
	}
	return bundle
}

// Lang returns the language code the Localizer was built for: "en" or "ja".
func (l *Localizer) Lang() string {
	return l.lang
}

// BeforeParticle returns label as it goes in front of a Japanese particle
// such as から, where the catalog templates put no space. A label that ends
// in an ASCII character, such as a path, gets a space after it, and one
// that ends in Japanese, such as 標準入力, none. English templates keep
// their own spaces, so label comes back unchanged.
func (l *Localizer) BeforeParticle(label string) string {
	if l.lang != Japanese {
		return label
	}
	return beforeParticle(label)
}

// JoinSentences returns texts as one line of sentences in l's language.
// English joins them with "; ", as the parts of an error or a status line.
// Japanese writes them one after the other, each ended as EndSentence
// ends it.
func (l *Localizer) JoinSentences(texts []string) string {
	if l.lang != Japanese {
		return strings.Join(texts, "; ")
	}
	var b strings.Builder
	for i, text := range texts {
		if i < len(texts)-1 {
			text = l.EndSentence(text)
		}
		b.WriteString(text)
	}
	return b.String()
}

// EndSentence returns text as it goes before another sentence. In
// Japanese a full sentence already ends in 「。」, and a text that does not
// end in 「。」, 「？」 or 「！」, such as a label or an English error, gets
// a 「。」 after it. English text comes back unchanged, because English
// templates put their own punctuation between sentences.
func (l *Localizer) EndSentence(text string) string {
	if l.lang != Japanese || text == "" {
		return text
	}
	for _, end := range []string{"。", "？", "！"} {
		if strings.HasSuffix(text, end) {
			return text
		}
	}
	return text + "。"
}

// beforeParticle returns label with a space after it when it ends in an
// ASCII character, as BeforeParticle does for Japanese. The Japanese
// catalog calls it as {{beforeParticle .Relay}}から, so that a label
// ending in 「）」 or in Japanese takes the particle without a space.
func beforeParticle(label any) string {
	text := fmt.Sprint(label)
	last, _ := utf8.DecodeLastRuneInString(text)
	if text == "" || last >= utf8.RuneSelf {
		return text
	}
	return text + " "
}

// catalogParser parses the catalog's templates with the functions they
// may call. go-i18n caches the templates of a parser without functions,
// or of one whose Cacheable returns true. These functions never change, so
// the templates are cached here too.
type catalogParser struct {
	template.TextParser
}

func (*catalogParser) Cacheable() bool { return true }

// templateParser is the parser of every lookup. A template is parsed once
// and cached, so its first parse must already see the functions.
var templateParser = &catalogParser{template.TextParser{
	Funcs: texttemplate.FuncMap{"beforeParticle": beforeParticle},
}}

// T returns the text of message id with data filled into its template
// ({{.Name}} placeholders), each List joined as the language writes a
// list. An id missing from the catalog returns the id itself, so the gap
// shows on screen instead of an empty cell.
func (l *Localizer) T(id string, data ...map[string]any) string {
	config := &i18n.LocalizeConfig{MessageID: id, TemplateParser: templateParser}
	if len(data) > 0 {
		config.TemplateData = l.joinLists(data[0])
	}
	text, err := l.localizer.Localize(config)
	if err != nil && text == "" {
		return id
	}
	return text
}
