package forward

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

func TestJobRecipientsDefaultToPending(t *testing.T) {
	job := Job{Pending: []string{"a@docomo.ne.jp", "b@docomo.ne.jp"}}
	if got := job.Recipients(); !slices.Equal(got, job.Pending) {
		t.Errorf("Recipients() = %v, want the pending recipients", got)
	}
	job.To = []string{"c@example.jp"}
	if got := job.Recipients(); !slices.Equal(got, job.To) {
		t.Errorf("Recipients() with To = %v, want %v", got, job.To)
	}
}

func TestIsPlainAddress(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"shop@example.jp", true},
		{"bounce+tag@example.jp", true},
		{"nobody", false},
		{"", false},
		{"<shop@example.jp>", false},
		{"shop@example.jp>", false},
		{"shop @example.jp", false},
		{"shop@example.jp\r\nRCPT TO:<x@example.jp>", false},
		{"shop@example.jp\t", false},
		{`"john.doe"@example.jp`, true},
		{`"john doe"@example.jp`, false},
		{"@example.jp", false},
		{"shop@", false},
		{"shop@.example.jp", false},
		{"shop@example.jp.", false},
		{"shop@example..jp", false},
		{"shop@localhost", true},
		{`"a@b"@example.jp`, true},
	}
	for _, tt := range tests {
		if got := IsPlainAddress(tt.addr); got != tt.want {
			t.Errorf("IsPlainAddress(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestSplitAddresses(t *testing.T) {
	tests := []struct {
		list string
		want []string
	}{
		{"", nil},
		{" , ;", nil},
		{"a@example.jp", []string{"a@example.jp"}},
		{"a@example.jp,b@example.jp", []string{"a@example.jp", "b@example.jp"}},
		{"a@example.jp, b@example.jp;c@example.jp\td@example.jp", []string{"a@example.jp", "b@example.jp", "c@example.jp", "d@example.jp"}},
		{`"john.doe"@example.jp`, []string{`"john.doe"@example.jp`}},
		{`"john doe"@example.jp, a@example.jp`, []string{`"john doe"@example.jp`, "a@example.jp"}},
		{`"a,b"@example.jp`, []string{`"a,b"@example.jp`}},
		{`"a\" b"@example.jp c@example.jp`, []string{`"a\" b"@example.jp`, "c@example.jp"}},
		{`"open@example.jp, b@example.jp`, []string{`"open@example.jp, b@example.jp`}},
	}
	for _, tt := range tests {
		if got := SplitAddresses(tt.list); !slices.Equal(got, tt.want) {
			t.Errorf("SplitAddresses(%q) = %q, want %q", tt.list, got, tt.want)
		}
	}
}

func TestJobEnvelopeAddsCopyOnce(t *testing.T) {
	job := Job{To: []string{"user@docomo.ne.jp"}}
	tests := []struct {
		name   string
		copyTo string
		want   []string
	}{
		{"no copy", "", []string{"user@docomo.ne.jp"}},
		{"copy", "owner@example.jp", []string{"user@docomo.ne.jp", "owner@example.jp"}},
		{"copy already a recipient", "USER@docomo.ne.jp", []string{"user@docomo.ne.jp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := job.Envelope(Relay{CopyTo: tt.copyTo})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Envelope() = %v, want %v", got, tt.want)
			}
		})
	}
	if !slices.Equal(job.To, []string{"user@docomo.ne.jp"}) {
		t.Errorf("Envelope changed the job's To: %v", job.To)
	}
}

func TestJobEnvelopeSender(t *testing.T) {
	tests := []struct {
		name     string
		relay    string
		original string
		want     string
		wantErr  error
	}{
		{"relay sender wins", "shop@example.jp", "orders@shop.example", "shop@example.jp", nil},
		{"original sender", "", "orders@shop.example", "orders@shop.example", nil},
		{"null sender", "", "", "", ErrNoSender},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Job{Sender: tt.original}.EnvelopeSender(Relay{EnvelopeSender: tt.relay})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("EnvelopeSender() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJobCheckThen(t *testing.T) {
	pending := []string{"a@docomo.ne.jp", "b@docomo.ne.jp"}
	tests := []struct {
		name    string
		to      []string
		then    Then
		wantErr bool
	}{
		{"keep with other recipients", []string{"x@example.jp"}, ThenKeep, false},
		{"hold with other recipients", []string{"x@example.jp"}, ThenHold, false},
		{"delete with every pending recipient", nil, ThenDelete, false},
		{"delete with pending in other case", []string{"A@DOCOMO.NE.JP", "b@docomo.ne.jp", "x@example.jp"}, ThenDelete, false},
		{"delete with one pending missing", []string{"a@docomo.ne.jp"}, ThenDelete, true},
		{"delete with other recipients", []string{"x@example.jp"}, ThenDelete, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Job{Pending: pending, To: tt.to}.CheckThen(tt.then)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckThen(%s) = %v, want error %v", tt.then, err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrNotForwarded) {
				t.Errorf("error %v does not wrap ErrNotForwarded", err)
			}
			if tt.wantErr && !strings.Contains(err.Error(), "b@docomo.ne.jp") {
				t.Errorf("error %q does not name the missing recipient", err)
			}
		})
	}
}

func TestJobCheckThenListsRecipientsByLanguage(t *testing.T) {
	err := Job{Pending: []string{"a@docomo.ne.jp", "b@docomo.ne.jp"}, To: []string{"x@example.jp"}}.CheckThen(ThenDelete)
	if want := "a@docomo.ne.jp, b@docomo.ne.jp"; !strings.Contains(err.Error(), want) {
		t.Errorf("English error %q lacks %q", err, want)
	}
	japanese := l10n.New(l10n.Japanese).ErrorText(err)
	if want := "a@docomo.ne.jp、b@docomo.ne.jp"; !strings.Contains(japanese, want) {
		t.Errorf("Japanese error %q lacks %q", japanese, want)
	}
}

func TestJobCheckContentLongLine(t *testing.T) {
	long := []byte("Subject: x\n\n" + strings.Repeat("a", MaxLineLength+1) + "\n")
	if err := (Job{Content: long, Mode: ModeResend}).CheckContent(); !errors.Is(err, ErrLongLine) {
		t.Errorf("resend of a long line: error = %v, want ErrLongLine", err)
	}
	if err := (Job{Content: long, Mode: ModeAttach}).CheckContent(); err != nil {
		t.Errorf("attach of a long line: error = %v, want none", err)
	}
	short := []byte("Subject: x\n\n" + strings.Repeat("a", MaxLineLength) + "\n")
	if err := (Job{Content: short, Mode: ModeResend}).CheckContent(); err != nil {
		t.Errorf("resend of a 998-byte line: error = %v, want none", err)
	}
}

func TestJobBuildAttachNeverLongLine(t *testing.T) {
	original := []byte("Subject: x\n\n" + strings.Repeat("あ", 2000) + "\n")
	job := Job{Content: original, Mode: ModeAttach, To: []string{"user@docomo.ne.jp"}, Lang: "ja", Now: forwardDate}
	for _, eightBit := range []bool{false, true} {
		msg := job.Build(Relay{Host: "smtp.example.jp"}, "shop@example.jp", eightBit)
		if content := Inspect(msg); content.LongLines > 0 {
			t.Errorf("eightBit=%v: built message has %d lines over %d bytes", eightBit, content.LongLines, MaxLineLength)
		}
		if !bytes.Contains(msg, []byte("Content-Transfer-Encoding: base64")) {
			t.Errorf("eightBit=%v: the long-lined original is not base64-encoded", eightBit)
		}
	}
}

func TestJobBuildAttachNoteFrom(t *testing.T) {
	original := []byte("Return-Path: <bounces+123@mailer.example.jp>\nFrom: Shop <info@shop.example.jp>\nSubject: x\n\nbody\n")
	tests := []struct {
		name    string
		content []byte
		relay   Relay
		want    string
	}{
		{"original's From, not its Return-Path", original, Relay{}, "From: info@shop.example.jp\n"},
		{"relay's envelope sender first", original, Relay{EnvelopeSender: "ops@example.jp"}, "From: ops@example.jp\n"},
		{"envelope sender without From", []byte("Subject: x\n\nbody\n"), Relay{}, "From: bounces+123@mailer.example.jp\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := Job{Content: tt.content, Mode: ModeAttach, To: []string{"user@docomo.ne.jp"}, Lang: "en", Now: forwardDate}
			sender, err := job.EnvelopeSender(tt.relay)
			if err != nil {
				sender = "bounces+123@mailer.example.jp"
			}
			msg := job.Build(tt.relay, sender, false)
			if !bytes.HasPrefix(msg, []byte(tt.want)) {
				t.Errorf("note header starts %q, want %q", msg[:min(len(msg), 60)], tt.want)
			}
		})
	}
}

func TestParseThen(t *testing.T) {
	for _, s := range []string{"keep", "hold", "delete"} {
		if then, err := ParseThen(s); err != nil || string(then) != s {
			t.Errorf("ParseThen(%q) = %q, %v", s, then, err)
		}
	}
	for _, s := range []string{"", "Delete", "drop"} {
		if _, err := ParseThen(s); err == nil {
			t.Errorf("ParseThen(%q) succeeded", s)
		}
	}
}
