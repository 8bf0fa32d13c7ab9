package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// longSenderSnapshot is stoppedSnapshot with a sender too long for the
// line of a terminal of 80 columns.
func longSenderSnapshot() sources.QueueSnapshot {
	snap := stoppedSnapshot()
	snap.Messages[1].Sender = "info@my-long-online-shop-name.example.co.jp"
	return snap
}

func TestQueueTextWidthNotTerminal(t *testing.T) {
	reader, writer, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	defer writer.Close()
	getenv := func(name string) string {
		if name == "COLUMNS" {
			return "200"
		}
		return ""
	}
	if width := queueTextWidth(writer, getenv); width != 0 {
		t.Errorf("width for a pipe = %d, want 0 (no cut)", width)
	}
	if width := queueTextWidth(&bytes.Buffer{}, getenv); width != 0 {
		t.Errorf("width for a buffer = %d, want 0 (no cut)", width)
	}
}

func TestQueueTextWholeSendersUncut(t *testing.T) {
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		var out bytes.Buffer
		err := writeFilteredQueueText(&out, longSenderSnapshot(), queueListed{total: 2}, 0, queueTestNow, time.UTC, l10n.New(lang), nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := "info@my-long-online-shop-name.example.co.jp\n"; !strings.Contains(out.String(), want) {
			t.Errorf("%s: listing lacks the whole sender %q:\n%s", lang, want, out.String())
		}
		if strings.Contains(out.String(), "…") {
			t.Errorf("%s: listing cuts a value:\n%s", lang, out.String())
		}
	}
}

func TestQueueTextFitsWideTerminal(t *testing.T) {
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		var out bytes.Buffer
		err := writeFilteredQueueText(&out, longSenderSnapshot(), queueListed{total: 2}, 132, queueTestNow, time.UTC, l10n.New(lang), nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := "info@my-long-online-shop-name.example.co.jp\n"; !strings.Contains(out.String(), want) {
			t.Errorf("%s: a 132-column listing lacks the whole sender %q:\n%s", lang, want, out.String())
		}
		table, _, _ := strings.Cut(out.String(), "\n\n")
		for _, line := range strings.Split(table, "\n") {
			if width := ansi.StringWidth(line); !strings.HasPrefix(line, "    ") && width > 132 {
				t.Errorf("%s: line is %d cells wide, want at most 132: %q", lang, width, line)
			}
		}

		out.Reset()
		if err := writeQueueText(&out, longSenderSnapshot(), queueTestNow, time.UTC, l10n.New(lang), nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "…") {
			t.Errorf("%s: an 80-column listing keeps a sender longer than the line:\n%s", lang, out.String())
		}
	}
}
