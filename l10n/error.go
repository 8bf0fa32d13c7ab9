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
	// The errors and sentences in Data are written out in a copy, so that
	// e keeps them for the other language. T joins the lists.
	data := e.Data
	copied := false
	for key, value := range e.Data {
		var text string
		switch value := value.(type) {
		case error:
			text = l.ErrorText(value)
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

// List is a list of values in the template data of a message or of an
// Error, such as the names that a config key accepts or the queue IDs an
// action could not check. T and ErrorText join it as the language writes
// a list: with ", " in English and with 、 in Japanese.
type List []string

// JoinList returns items joined as l's language writes a list, for text
// that is not filled into a catalog message, or that a caller must find
// again in one.
func (l *Localizer) JoinList(items []string) string {
	separator := ", "
	if l.lang == Japanese {
		separator = "、"
	}
	return strings.Join(items, separator)
}

// joinLists returns data with each List in it joined by JoinList. It
// copies data only when data has a List, so that the caller's map keeps
// the List for the other language.
func (l *Localizer) joinLists(data map[string]any) map[string]any {
	joined := data
	copied := false
	for key, value := range data {
		list, ok := value.(List)
		if !ok {
			continue
		}
		if !copied {
			joined, copied = maps.Clone(data), true
		}
		joined[key] = l.JoinList(list)
	}
	return joined
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
