package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/mailtop/mailtop/l10n"
)

// KeyMap is every key of the screen with its help text. Keys are matched
// with key.Matches; the footer and the help overlay are built from the same
// bindings, so they cannot drift apart.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding

	Open        key.Binding // enter: a domain's messages, or a message's life
	Back        key.Binding // esc: the previous view, or clear the filter
	Filter      key.Binding
	ApplyFilter key.Binding // enter while typing a filter
	ClearFilter key.Binding // esc while typing a filter
	Focus       key.Binding // tab: domain table or failure feed
	FocusBack   key.Binding // shift+tab, listed in the help overlay only: Focus matches it
	Sort        key.Binding
	Reverse     key.Binding
	Window      key.Binding // cycles 5m, 1h, 24h, all
	PickWindow  key.Binding // 1-4 pick a window directly
	Pause       key.Binding
	Help        key.Binding
	Quit        key.Binding
	Interrupt   key.Binding // ctrl+c quits even while typing

	Deliver key.Binding
	Requeue key.Binding
	Yes     key.Binding
	No      key.Binding

	// The queue screen.
	Queue       key.Binding // Q: the queue screen, and back
	View        key.Binding // v: list, then the shape of deferred, active and hold
	Tag         key.Binding // space
	TagAll      key.Binding // T: tag every message the filter shows
	Untag       key.Binding // U: clear every tag
	Left        key.Binding // the shape's columns
	Right       key.Binding
	Hold        key.Binding
	Release     key.Binding
	Expire      key.Binding
	Delete      key.Binding
	FlushDomain key.Binding
	FlushAll    key.Binding
	TypedCount  key.Binding // the count and enter, for a large delete; shown in the footer only

	Why key.Binding // x: why a domain or a message fails

	ExportUnknown key.Binding // E: write the unknown recipients to a CSV file

	// The forward dialog.
	Forward       key.Binding // f: open the dialog
	ForwardNext   key.Binding // tab: the next field
	ForwardChange key.Binding // ←/→: the next choice of the field
	ForwardSend   key.Binding // enter: check the fields and ask to send
}

// pickWindowKeys are the keys of PickWindow, in the order of screenWindows.
var pickWindowKeys = []string{"1", "2", "3", "4"}

// NewKeyMap returns the key map with help text in the localizer's language.
func NewKeyMap(l *l10n.Localizer) KeyMap {
	bind := func(help, id string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(id)))
	}
	return KeyMap{
		Up:       bind("↑/k", "key.up", "up", "k"),
		Down:     bind("↓/j", "key.down", "down", "j"),
		PageUp:   bind("pgup", "key.pageUp", "pgup"),
		PageDown: bind("pgdn", "key.pageDown", "pgdown"),
		Home:     bind("home/g", "key.home", "home", "g"),
		End:      bind("end/G", "key.end", "end", "G"),

		Open:        bind("enter", "key.open", "enter"),
		Back:        bind("esc", "key.back", "esc"),
		Filter:      bind("/", "key.filter", "/"),
		ApplyFilter: bind("enter", "key.applyFilter", "enter"),
		ClearFilter: bind("esc", "key.clearFilter", "esc"),
		Focus:       bind("tab", "key.focus", "tab", "shift+tab"),
		FocusBack:   bind("shift+tab", "key.focusBack", "shift+tab"),
		Sort:        bind("s", "key.sort", "s"),
		Reverse:     bind("S", "key.reverse", "S"),
		Window:      bind("w", "key.window", "w"),
		PickWindow:  bind("1-4", "key.pickWindow", pickWindowKeys...),
		Pause:       bind("p", "key.pause", "p"),
		Help:        bind("?", "key.help", "?"),
		Quit:        bind("q", "key.quit", "q"),
		Interrupt:   bind("ctrl+c", "key.quit", "ctrl+c"),

		Deliver: bind("i", "key.deliver", "i"),
		Requeue: bind("r", "key.requeue", "r"),
		Yes:     bind("y", "key.yes", "y", "Y"),
		No:      bind("n/esc", "key.no", "n", "N", "esc"),

		Queue:       bind("Q", "key.queue", "Q"),
		View:        bind("v", "key.queueView", "v"),
		Tag:         bind("space", "key.tag", "space"),
		TagAll:      bind("T", "key.tagAll", "T"),
		Untag:       bind("U", "key.untag", "U"),
		Left:        bind("←/→", "key.shapeColumn", "left"),
		Right:       bind("→", "key.shapeColumn", "right"),
		Hold:        bind("h", "key.hold", "h"),
		Release:     bind("H", "key.release", "H"),
		Expire:      bind("e", "key.expire", "e"),
		Delete:      bind("d", "key.delete", "d"),
		FlushDomain: bind("F", "key.flushDomain", "F"),
		FlushAll:    bind("A", "key.flushAll", "A"),
		TypedCount:  bind("0-9 enter", "key.yes", "enter"),

		Why: bind("x", "key.why", "x"),

		ExportUnknown: bind("E", "key.exportUnknown", "E"),

		Forward:       bind("f", "key.forward", "f"),
		ForwardNext:   bind("tab/↑/↓", "key.forwardNext", "tab", "shift+tab", "up", "down"),
		ForwardChange: bind("←/→", "key.forwardChange", "left", "right"),
		ForwardSend:   bind("enter", "key.forwardSend", "enter"),
	}
}

// fullHelp returns the help overlay's groups: moving, viewing, actions.
// k.Left, with the help key ←/→, lists both keys that move along the
// columns of the queue shape.
func (k KeyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Focus, k.FocusBack, k.Open, k.Back, k.Queue, k.View, k.Left},
		{k.Filter, k.Sort, k.Reverse, k.Window, k.PickWindow, k.Why, k.Pause, k.Help, k.Quit, k.Tag, k.TagAll, k.Untag},
		{k.Deliver, k.Requeue, k.Hold, k.Release, k.Expire, k.Delete, k.FlushDomain, k.FlushAll, k.Forward, k.ExportUnknown, k.Yes, k.No},
	}
}
