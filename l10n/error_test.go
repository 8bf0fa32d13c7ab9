package l10n

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorTextLanguages(t *testing.T) {
	sentinel := errors.New("action does not apply to this queue")
	err := NewError("reason.action.alreadyHeld", map[string]any{"QueueID": "75D57BE091"}, sentinel)

	if want := "queue ID 75D57BE091 is already on hold"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if got := New(English).ErrorText(err); got != err.Error() {
		t.Errorf("English ErrorText = %q, want the Error() text %q", got, err.Error())
	}
	if got, want := New(Japanese).ErrorText(err), "queue ID 75D57BE091 はすでに保留中です。"; got != want {
		t.Errorf("Japanese ErrorText = %q, want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(%v, sentinel) = false, want true", err)
	}
}

// An *Error inside another error keeps the outer error's English words,
// which have no translation.
func TestErrorTextWrappedIsEnglish(t *testing.T) {
	inner := NewError("reason.action.alreadyHeld", map[string]any{"QueueID": "75D57BE091"})
	outer := fmt.Errorf("hold failed: %w", inner)

	if got, want := New(Japanese).ErrorText(outer), outer.Error(); got != want {
		t.Errorf("ErrorText of a wrapped *Error = %q, want the English %q", got, want)
	}
	var found *Error
	if !errors.As(outer, &found) || found != inner {
		t.Errorf("errors.As does not find the *Error inside %v", outer)
	}
}

func TestErrorTextPlainError(t *testing.T) {
	err := errors.New("postsuper: fatal: not running")
	if got := New(Japanese).ErrorText(err); got != err.Error() {
		t.Errorf("ErrorText of a plain error = %q, want %q", got, err.Error())
	}
}

// An error in Data is written in the language of the text around it, and
// the *Error keeps it for the other language.
func TestErrorTextDataError(t *testing.T) {
	first := NewError("reason.action.alreadyHeld", map[string]any{"QueueID": "75D57BE091"})
	err := NewError("reason.action.noneLeft", map[string]any{"Action": "hold", "Count": 1, "Reason": first}, first)

	japanese := New(Japanese).ErrorText(err)
	if want := "hold: 選んだ 1 件はどれも変更できないため、何も実行していません。最初の理由: queue ID 75D57BE091 はすでに保留中です。"; japanese != want {
		t.Errorf("Japanese ErrorText = %q, want %q", japanese, want)
	}
	if want := "hold: none of the 1 selected messages can be changed, so nothing ran; first reason: queue ID 75D57BE091 is already on hold"; err.Error() != want {
		t.Errorf("Error() after the Japanese text = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, first) {
		t.Errorf("errors.Is(%v, first) = false, want true", err)
	}
}

// heldError is an error type of its own whose text is a catalog entry.
type heldError struct{ queueID string }

func (e heldError) Error() string { return e.LocalizedError().Error() }

func (e heldError) LocalizedError() *Error {
	return NewError("reason.action.alreadyHeld", map[string]any{"QueueID": e.queueID})
}

// A Localized error is worded in the Localizer's language, as an *Error is.
func TestErrorTextLocalized(t *testing.T) {
	err := heldError{queueID: "75D57BE091"}
	if got, want := New(Japanese).ErrorText(err), "queue ID 75D57BE091 はすでに保留中です。"; got != want {
		t.Errorf("Japanese ErrorText = %q, want %q", got, want)
	}
	if got, want := New(English).ErrorText(err), "queue ID 75D57BE091 is already on hold"; got != want {
		t.Errorf("English ErrorText = %q, want %q", got, want)
	}
}

// A List in Data is joined as the language of the text writes a list,
// and the *Error keeps it for the other language.
func TestErrorTextDataList(t *testing.T) {
	err := NewError("config.alert.carrier", map[string]any{"Value": `"willcom"`, "Carriers": List{"docomo", "au", "softbank"}})

	if got, want := New(Japanese).ErrorText(err), `carrier "willcom" は使えません。docomo、au、softbank のどれかを指定してください。`; got != want {
		t.Errorf("Japanese ErrorText = %q, want %q", got, want)
	}
	if got, want := err.Error(), `unknown carrier "willcom": use one of docomo, au, softbank`; got != want {
		t.Errorf("Error() after the Japanese text = %q, want %q", got, want)
	}
}

// Sentences in Data are joined with "; " in English, and one after the
// other in Japanese, where each ends in 「。」.
func TestErrorTextDataSentences(t *testing.T) {
	first := NewError("config.unknownKeyListOne", map[string]any{"Keys": List{"wach"}})
	second := NewError("config.override.rule", map[string]any{"Index": 2,
		"Error": NewError("config.unknownKeyList", map[string]any{"Keys": List{"clas", "extra"}})})
	err := NewError("config.unknownKeys", map[string]any{"Errors": Sentences{first, second}})

	if got, want := err.Error(), "unknown key wach; override rule 2: unknown keys clas, extra: check the spelling against README.md, Configuration"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	want := "wach は mailtop の知らないキーです。2 番目の [[override]]: clas、extra は mailtop の知らないキーです。つづりを README.ja.md の「設定ファイル」で確認してください。"
	if got := New(Japanese).ErrorText(err); got != want {
		t.Errorf("Japanese ErrorText = %q, want %q", got, want)
	}
}

func TestJoinSentences(t *testing.T) {
	cases := []struct {
		lang  string
		texts []string
		want  string
	}{
		{English, []string{"hold: 2 of 2 done", "1 skipped"}, "hold: 2 of 2 done; 1 skipped"},
		{Japanese, []string{"2 件を処理しました。", "1 件は対象外です。"}, "2 件を処理しました。1 件は対象外です。"},
		{Japanese, []string{"保留: 完了", "1 件は対象外です。"}, "保留: 完了。1 件は対象外です。"},
		{Japanese, []string{"続けますか？", "exit status 1"}, "続けますか？exit status 1"},
		{Japanese, []string{"一つだけです。"}, "一つだけです。"},
		{Japanese, nil, ""},
	}
	for _, tc := range cases {
		if got := New(tc.lang).JoinSentences(tc.texts); got != tc.want {
			t.Errorf("%s: JoinSentences(%q) = %q, want %q", tc.lang, tc.texts, got, tc.want)
		}
	}
}
