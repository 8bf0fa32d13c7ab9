package tui

import (
	"errors"
	"strings"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
)

// classNames returns the reason classes by the names the screen shows for
// them in its language, in lower case: the full label and the class
// column's short one, so that c: takes what the class column shows.
// English full labels are the class ids.
func (c *common) classNames() map[string]diagnose.Class {
	names := make(map[string]diagnose.Class, 2*diagnose.NumClasses)
	for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
		names[strings.ToLower(c.classLabel(class))] = class
		names[strings.ToLower(c.classColumnLabel(class))] = class
	}
	return names
}

// queueFilterErrorText returns the status text for the typed filter text
// that err rejected: what is wrong in the screen's language, with the
// names that are valid, and how to get out of it.
func (c *common) queueFilterErrorText(text string, err error) string {
	l := c.l
	problem := Sanitize(err.Error())
	var filterErr *QueueFilterError
	if errors.As(err, &filterErr) {
		data := map[string]any{"Value": Sanitize(filterErr.Value), "Prefix": filterErr.Prefix}
		separator := l.T("queue.filterNameSeparator")
		switch filterErr.Problem {
		case FilterUnknownClass:
			var names []string
			for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
				names = append(names, c.classLabel(class))
			}
			data["Names"] = strings.Join(names, separator)
			problem = l.T("queue.filterUnknownClass", data)
		case FilterUnknownQueue:
			data["Names"] = strings.Join(sources.MessageQueues, separator)
			problem = l.T("queue.filterUnknownQueue", data)
		case FilterRepeatedPrefix:
			problem = l.T("queue.filterRepeatedPrefix", data)
		}
	}
	// The Japanese text goes on after the problem with a sentence of its
	// own, so an English problem gets a 「。」 too.
	return l.T("queue.filterRejected", map[string]any{"Text": Sanitize(text), "Problem": l.EndSentence(problem)})
}
