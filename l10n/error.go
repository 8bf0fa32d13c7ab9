package l10n

import (
	"maps"
	"strings"
	"sync"
)

// Error is an error whose message is a catalog entry, so that output in
// Japanese can show it in Japanese. Error returns the English text, which
// logs, the audit log and the English error lines keep. ErrorText returns
// the text in a Localizer's language.
type Error struct {
	// ID is the catalog id, and Data fills its placeholders. A Data value
	// that is an error fills its placeholder with its own text in the
	// same language.
	ID   string
	Data map[string]any
	// Wrapped are the errors that errors.Is and errors.As find through
	// this one, such as the sentinel errors that its text states.
	Wrapped []error
}

// NewError returns an *Error with the catalog text id filled with data,
// wrapping the errors in wrapped.
func NewError(id string, data map[string]any, wrapped ...error) *Error {
	return &Error{ID: id, Data: data, Wrapped: wrapped}
}

// Error returns the English text of the error.
func (e *Error) Error() string {
	return englishLocalizer().ErrorText(e)
}

// Unwrap returns the wrapped errors.
func (e *Error) Unwrap() []error {
	return e.Wrapped
}

// Localized is an error whose text is a catalog entry but that cannot be
// an *Error itself, because callers match its own type with errors.As.
// ErrorText words it through LocalizedError.
type Localized interface {
	error
	LocalizedError() *Error
}

// englishLocalizer is built once, because building one parses the
// Japanese catalog.
var englishLocalizer = sync.OnceValue(func() *Localizer { return New(English) })

// ErrorText returns the message of err in l's language: the catalog text
// when err is an *Error or a Localized error, else err.Error(). An *Error
// wrapped inside another error gives the English text, because the words
// that the outer error adds have no translation.
func (l *Localizer) ErrorText(err error) string {
	if localized, ok := err.(Localized); ok {
		err = localized.LocalizedError()
	}
	e, ok := err.(*Error)
	if !ok {
		return err.Error()
	}
	// The errors and lists in Data are written out in a copy, so that e
	// keeps them for the other language.
	data := e.Data
	copied := false
	for key, value := range e.Data {
		var text string
		switch value := value.(type) {
		case error:
			text = l.ErrorText(value)
		case List:
			text = l.joinList(value)
		case Sentences:
			text = l.joinSentenceErrors(value)
		default:
			continue
		}
		if !copied {
			data, copied = maps.Clone(e.Data), true
		}
		data[key] = text
	}
	return l.T(e.ID, data)
}

// List is a list of values in the Data of an Error, such as the names
// that a config key accepts. ErrorText joins it as the language writes a
// list: with ", " in English and with 、 in Japanese.
type List []string

// joinList returns the items of list joined as l's language writes a list.
func (l *Localizer) joinList(list List) string {
	separator := ", "
	if l.lang == Japanese {
		separator = "、"
	}
	return strings.Join(list, separator)
}

// Sentences is a list of errors in the Data of an Error, each of which is
// a sentence of its own, such as the unknown keys of each table of a
// config file. ErrorText words each one in its language and joins them as
// JoinSentences does.
type Sentences []error

// joinSentenceErrors returns the errors of list in l's language, joined as
// JoinSentences joins texts.
func (l *Localizer) joinSentenceErrors(list Sentences) string {
	texts := make([]string, len(list))
	for i, err := range list {
		texts[i] = l.ErrorText(err)
	}
	return l.JoinSentences(texts)
}
