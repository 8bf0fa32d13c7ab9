package tui

import (
	"fmt"
	"strings"
	"testing"
)

func TestActionKeysNameWhereTheyWork(t *testing.T) {
	const (
		onMessages = " works only in a domain's message list, a message view and the queue screen (Q)"
		onQueue    = " works only on the queue screen (Q) and in a message opened there"
	)
	cases := []struct {
		name   string
		open   []string // the keys that open the screen
		screen screen
		key    string
		want   string
	}{
		{"main f", nil, screenMain, "f", "f (forward)" + onQueue},
		{"main i", nil, screenMain, "i", "i (deliver now)" + onMessages},
		{"main r", nil, screenMain, "r", "r (requeue)" + onMessages},
		{"main h", nil, screenMain, "h", "h (hold)" + onQueue},
		{"main H", nil, screenMain, "H", "H (release)" + onQueue},
		{"main e", nil, screenMain, "e", "e (return to sender)" + onQueue},
		{"main d", nil, screenMain, "d", "d (delete)" + onQueue},
		{"main F", nil, screenMain, "F", "F (flush domain)" + onQueue},
		{"main A", nil, screenMain, "A", "A (flush all) works only on the queue screen (Q)"},
		{"feed f", []string{"tab"}, screenMain, "f", "f (forward)" + onQueue},
		{"message list f", []string{"enter"}, screenDomain, "f", "f (forward)" + onQueue},
		{"message list d", []string{"enter"}, screenDomain, "d", "d (delete)" + onQueue},
		{"message view h", []string{"enter", "enter"}, screenMessage, "h", "h (hold)" + onQueue},
		{"why panel i", []string{"x"}, screenWhy, "i", "i (deliver now)" + onMessages},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("en", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := send(t, newScreen(t, opts, 132, 40), keys(tc.open...)...)
			m = send(t, m, keyPress(tc.key))
			if m.screen != tc.screen {
				t.Errorf("screen after %s = %v, want %v", tc.key, m.screen, tc.screen)
			}
			if m.result != tc.want {
				t.Errorf("result = %q, want %q", m.result, tc.want)
			}
			if m.confirm != nil || m.queueConfirm != nil || m.forward != nil {
				t.Errorf("%s opened a confirmation or a dialog", tc.key)
			}
		})
	}
}

func TestActionKeyRefusalByMode(t *testing.T) {
	cases := []struct {
		name   string
		lang   string
		modify func(*Options)
		key    string
		want   string
	}{
		{"read-only", "en", func(o *Options) { o.ReadOnly = true }, "f", "read-only mode is on: forward is disabled"},
		{"demo forward", "en", func(o *Options) { o.Demo = true }, "f", "the demo sends no mail, so forward is not available"},
		{"demo hold", "en", func(o *Options) { o.Demo = true }, "h", "h (hold) works only on the queue screen (Q) and in a message opened there"},
		{"no queue actor", "en", func(o *Options) { o.QueueActor = nil }, "h", "actions are not available in this mode"},
		{"no queue actor deliver", "en", func(o *Options) { o.QueueActor = nil }, "i",
			"i (deliver now) works only in a domain's message list, a message view and the queue screen (Q)"},
		{"no actor", "en", func(o *Options) { o.QueueActor, o.Actor = nil, nil }, "i", "actions are not available in this mode"},
		{"japanese", "ja", func(*Options) {}, "f", "f（転送）が使えるのは、キュー画面（Q）と、そこで開いたメッセージだけです。"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			tc.modify(&opts)
			m := send(t, newScreen(t, opts, 132, 40), keyPress(tc.key))
			if m.result != tc.want {
				t.Errorf("result = %q, want %q", m.result, tc.want)
			}
		})
	}
}

func TestActionKeysStillWorkOnQueue(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keyPress("h"))
	if m.queueConfirm == nil {
		t.Fatalf("h on the queue screen opened no confirmation; result %q", m.result)
	}
	m = send(t, m, keyPress("y"))
	if len(batch.calls) != 1 || batch.calls[0].action != "hold" {
		t.Errorf("calls after h, y = %+v, want one hold", batch.calls)
	}
}

func TestFlushAllInQueuedMessageNamesQueueScreen(t *testing.T) {
	batch := &fakeBatch{}
	m := send(t, queueScreenModel(t, "en", batch, 132, 40), keys("enter", "A")...)
	if m.screen != screenQueueMessage {
		t.Fatalf("screen after enter, A = %v, want the queued message", m.screen)
	}
	if want := "A (flush all) works only on the queue screen (Q)"; m.result != want {
		t.Errorf("result = %q, want %q", m.result, want)
	}
	if m.queueConfirm != nil || len(batch.calls) != 0 {
		t.Errorf("A in a queued message started an action: %+v", batch.calls)
	}
}

func TestQueueKeyFromDrillDownAndBack(t *testing.T) {
	cases := []struct {
		name   string
		open   []string // the keys that open the screen
		screen screen
	}{
		{"message list", []string{"enter"}, screenDomain},
		{"message view", []string{"enter", "enter"}, screenMessage},
	}
	for _, tc := range cases {
		for _, back := range []string{"esc", "Q"} {
			t.Run(tc.name+" "+back, func(t *testing.T) {
				opts := testOptions("en", &fakeSource{}, &fakeActor{})
				opts.QueueActor = &fakeBatch{}
				m := send(t, newScreen(t, opts, 132, 40), keys(tc.open...)...)
				if m.screen != tc.screen {
					t.Fatalf("screen after %v = %v, want %v", tc.open, m.screen, tc.screen)
				}
				m = send(t, m, keyPress("Q"))
				if m.screen != screenQueue {
					t.Fatalf("screen after Q = %v, want the queue screen", m.screen)
				}
				m = send(t, m, keyPress(back))
				if m.screen != tc.screen {
					t.Errorf("screen after %s = %v, want %v", back, m.screen, tc.screen)
				}
			})
		}
	}
}

func TestQueueKeyFromMainReturnsToMain(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	m := send(t, newScreen(t, opts, 132, 40), keys("Q", "Q")...)
	if m.screen != screenMain {
		t.Errorf("screen after Q, Q = %v, want the main screen", m.screen)
	}
	m = send(t, m, keys("Q", "esc")...)
	if m.screen != screenMain {
		t.Errorf("screen after Q, esc = %v, want the main screen", m.screen)
	}
}

// In the why panel opened from the queue screen or a queued message, the
// rejection of an action key that works there asks the operator to go back
// with esc. It does not name the screen they came from as the place where
// the key works.
func TestActionKeysInWhyFromQueue(t *testing.T) {
	const back = " does not work in the why panel: press esc to go back to the screen you opened it from, then "
	cases := []struct {
		name string
		lang string
		open []string
		key  string
		want string
	}{
		{"queue d", "en", []string{"x"}, "d", "d (delete)" + back + "d"},
		{"queue i", "en", []string{"x"}, "i", "i (deliver now)" + back + "i"},
		{"queue A", "en", []string{"x"}, "A", "A (flush all)" + back + "A"},
		{"queued message h", "en", []string{"enter", "x"}, "h", "h (hold)" + back + "h"},
		{"queued message A", "en", []string{"enter", "x"}, "A", "A (flush all) works only on the queue screen (Q)"},
		{"queue d ja", "ja", []string{"x"}, "d", "d（削除）は原因の画面では使えません。esc で開く前の画面に戻ってから d を押してください。"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys(tc.open...)...)
			if m.screen != screenWhy {
				t.Fatalf("screen after %v = %v, want the why panel", tc.open, m.screen)
			}
			m = send(t, m, keyPress(tc.key))
			if m.result != tc.want {
				t.Errorf("result = %q, want %q", m.result, tc.want)
			}
			if m.screen != screenWhy || m.queueConfirm != nil || m.forward != nil {
				t.Errorf("%s left the why panel or opened a confirmation", tc.key)
			}
		})
	}
}

// The queue screen's view and tag keys, pressed on the main screen, name
// the screen where they work, and a key that does nothing anywhere points
// to ? for the keys. Read-only mode does not change this, because these keys act on
// nothing.
func TestMainScreenNamesOtherKeys(t *testing.T) {
	const onQueueScreen = " works only on the queue screen (Q)"
	cases := []struct {
		lang, key, want string
		readOnly        bool
	}{
		{"en", "v", "v (list/shape)" + onQueueScreen, false},
		{"en", "T", "T (tag shown)" + onQueueScreen, false},
		{"en", "U", "U (clear tags)" + onQueueScreen, false},
		{"en", "space", "space (tag)" + onQueueScreen, false},
		{"en", "space", "space (tag)" + onQueueScreen, true},
		{"en", "z", "z does nothing on this screen; press ? for the keys", false},
		{"ja", "v", "v（表示切替）が使えるのは、キュー画面（Q）だけです。", false},
		{"ja", "space", "space（印）が使えるのは、キュー画面（Q）だけです。", false},
		{"ja", "z", "z はこの画面では使えません。? でキーの一覧を表示します。", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %s read-only=%v", tc.lang, tc.key, tc.readOnly), func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.ReadOnly = tc.readOnly
			m := send(t, newScreen(t, opts, 80, 24), keyPress(tc.key))
			if m.screen != screenMain {
				t.Errorf("screen after %s = %v, want the main screen", tc.key, m.screen)
			}
			if got := footerResult(m); got != tc.want {
				t.Errorf("footer = %q, want %q", got, tc.want)
			}
		})
	}
}

// A hint about a key that did nothing is gone after the next key press,
// so that it is not read as a reply to that key, and esc dismisses it.
func TestMainScreenHintClearsOnNextKey(t *testing.T) {
	const flushHint = "F (flush domain) works only on the queue screen (Q) and in a message opened there"
	cases := []struct {
		name string
		next []string
		want string
	}{
		{"down", []string{"down"}, ""},
		{"esc", []string{"esc"}, ""},
		{"sort", []string{"s"}, ""},
		{"v", []string{"v"}, "v (list/shape) works only on the queue screen (Q)"},
		{"v then down", []string{"v", "down"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("en", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := send(t, newScreen(t, opts, 80, 24), keyPress("F"))
			if got := footerResult(m); got != flushHint {
				t.Fatalf("footer after F = %q, want %q", got, flushHint)
			}
			m = send(t, m, keys(tc.next...)...)
			if got := footerResult(m); got != tc.want {
				t.Errorf("footer after F %v = %q, want %q", tc.next, got, tc.want)
			}
		})
	}
}

// esc on the main screen with no filter dismisses a result that is not a
// hint, such as where an export was written.
func TestMainScreenEscDismissesResult(t *testing.T) {
	export := &fakeExport{path: "/tmp/out.csv", rows: 2}
	m := exportScreen(t, "en", export.export)
	m = send(t, m, keys("E")...)
	if got := footerResult(m); got != "exported 2 unknown recipients to /tmp/out.csv" {
		t.Fatalf("footer after E = %q", got)
	}
	m = send(t, m, keyPress("down"))
	if got := footerResult(m); got == "" {
		t.Errorf("a move cleared the export's result, which is not a hint")
	}
	m = send(t, m, keyPress("esc"))
	if got := footerResult(m); got != "" {
		t.Errorf("footer after esc = %q, want none", got)
	}
}

// An unbound key on any screen that handles keys points to ? for the keys,
// in the footer, and the next key clears the hint. Text inputs still take
// the same key as text.
func TestUnknownKeyHintOnEveryScreen(t *testing.T) {
	const hint = "z does nothing on this screen; press ? for the keys"
	cases := []struct {
		name   string
		open   []string // the keys that open the screen, from the queue screen
		screen screen
	}{
		{"queue list", nil, screenQueue},
		{"queue shape", []string{"v"}, screenQueue},
		{"queued message", []string{"enter"}, screenQueueMessage},
		{"why panel", []string{"x"}, screenWhy},
		{"message list", []string{"esc", "enter"}, screenDomain},
		{"message view", []string{"esc", "enter", "enter"}, screenMessage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := send(t, queueScreenModel(t, "en", &fakeBatch{}, 80, 24), keys(tc.open...)...)
			if m.screen != tc.screen {
				t.Fatalf("screen after %v = %v, want %v", tc.open, m.screen, tc.screen)
			}
			m = send(t, m, keyPress("z"))
			if m.screen != tc.screen {
				t.Errorf("screen after z = %v, want %v", m.screen, tc.screen)
			}
			if got := footerResult(m); got != hint {
				t.Errorf("footer after z = %q, want %q", got, hint)
			}
			m = send(t, m, keyPress("down"))
			if got := footerResult(m); got != "" {
				t.Errorf("footer after z, down = %q, want none", got)
			}
		})
	}

	t.Run("japanese queue list", func(t *testing.T) {
		m := send(t, queueScreenModel(t, "ja", &fakeBatch{}, 80, 24), keyPress("z"))
		if want := "z はこの画面では使えません。? でキーの一覧を表示します。"; footerResult(m) != want {
			t.Errorf("footer after z = %q, want %q", footerResult(m), want)
		}
	})
	t.Run("esc clears", func(t *testing.T) {
		m := send(t, queueScreenModel(t, "en", &fakeBatch{}, 80, 24), keys("enter", "z", "esc")...)
		if got := footerResult(m); got != "" {
			t.Errorf("footer after z, esc = %q, want none", got)
		}
	})
	t.Run("queue filter takes z", func(t *testing.T) {
		m := send(t, queueScreenModel(t, "en", &fakeBatch{}, 80, 24), keys("/", "z")...)
		if m.queue.filterText != "z" {
			t.Errorf("filter after /, z = %q, want %q", m.queue.filterText, "z")
		}
		if strings.Contains(footerResult(m), "does nothing") {
			t.Errorf("footer while typing a filter = %q, want no hint", footerResult(m))
		}
	})
	t.Run("domain filter takes z", func(t *testing.T) {
		opts := testOptions("en", &fakeSource{}, &fakeActor{})
		m := send(t, newScreen(t, opts, 80, 24), keys("/", "z")...)
		if m.filter != "z" {
			t.Errorf("filter after /, z = %q, want %q", m.filter, "z")
		}
		if strings.Contains(footerResult(m), "does nothing") {
			t.Errorf("footer while typing a filter = %q, want no hint", footerResult(m))
		}
	})
}

// An unbound key leaves the outcome of an action on screen, because the
// outcome is what the operator still has to read.
func TestUnknownKeyKeepsActionResult(t *testing.T) {
	m := send(t, queueScreenModel(t, "en", &fakeBatch{}, 80, 24), keys("h", "n")...)
	const cancelled = "cancelled: hold"
	if got := footerResult(m); got != cancelled {
		t.Fatalf("footer after h, n = %q, want %q", got, cancelled)
	}
	m = send(t, m, keyPress("z"))
	if got := footerResult(m); got != cancelled {
		t.Errorf("footer after h, n, z = %q, want %q", got, cancelled)
	}
}
