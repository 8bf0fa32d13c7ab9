package forward

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/internal/smtptest"
	"github.com/mailtop/mailtop/l10n"
)

// TestSendReplyEnhancedCode checks that a refusal shows the relay's reply
// as the relay sent it: the code, the enhanced status code when there is
// one, and the text.
func TestSendReplyEnhancedCode(t *testing.T) {
	tests := []struct {
		name  string
		relay *smtptest.Relay
		to    string
		want  string
	}{
		{
			name:  "rcpt with enhanced code",
			relay: &smtptest.Relay{RejectRecipient: "gone@docomo.ne.jp"},
			to:    "gone@docomo.ne.jp",
			want:  "gone@docomo.ne.jp: 550 5.1.1 <gone@docomo.ne.jp>: Recipient address rejected: User unknown",
		},
		{
			name:  "data with enhanced code",
			relay: &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}},
			to:    "user@docomo.ne.jp",
			want:  ": 550 5.1.1 User unknown",
		},
		{
			name:  "data without enhanced code",
			relay: &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.NoEnhancedCode, Message: "Unknown user"}},
			to:    "user@docomo.ne.jp",
			want:  ": 550 Unknown user",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := smtptest.StartRelay(t, tt.relay)
			_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{tt.to}, []byte(plainMessage))
			if err == nil {
				t.Fatal("Send succeeded, want a refusal")
			}
			if got := err.Error(); !strings.HasSuffix(got, tt.want) {
				t.Errorf("error = %q, want it to end with %q", got, tt.want)
			}
			if got := l10n.New(l10n.Japanese).ErrorText(err); !strings.HasSuffix(got, tt.want) {
				t.Errorf("Japanese text = %q, want it to end with %q", got, tt.want)
			}
			var smtpErr *smtp.SMTPError
			if !errors.As(err, &smtpErr) {
				t.Errorf("error = %v, want it to wrap the *smtp.SMTPError", err)
			}
		})
	}
}

// TestSendRefusalNamesRelay checks that a refusal of a recipient and a
// refusal at DATA both name the relay by its configured name and its
// address, in English and in Japanese.
func TestSendRefusalNamesRelay(t *testing.T) {
	tests := []struct {
		name   string
		relay  *smtptest.Relay
		to     string
		wantEn string
		wantJa string
	}{
		{
			name:   "rcpt",
			relay:  &smtptest.Relay{RejectRecipient: "gone@docomo.ne.jp"},
			to:     "gone@docomo.ne.jp",
			wantEn: "relay provider (ADDRESS) rejected recipients, so nothing was sent: ",
			wantJa: "リレー provider（ADDRESS）が宛先を拒否したため、何も送っていません: ",
		},
		{
			name:   "end of data",
			relay:  &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "refused by policy"}},
			to:     "user@docomo.ne.jp",
			wantEn: "relay provider (ADDRESS) did not accept the message: ",
			wantJa: "リレー provider（ADDRESS）はメッセージを受け付けませんでした: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := smtptest.StartRelay(t, tt.relay)
			relay := loopbackRelay(server.Port)
			relay.Name = "provider"
			address := "127.0.0.1:" + strconv.Itoa(server.Port)

			_, err := Send(context.Background(), relay, "shop@example.jp", []string{tt.to}, []byte(plainMessage))
			if err == nil {
				t.Fatal("Send succeeded, want a refusal")
			}
			if want := strings.ReplaceAll(tt.wantEn, "ADDRESS", address); !strings.Contains(err.Error(), want) {
				t.Errorf("English error = %q, want it to contain %q", err.Error(), want)
			}
			got := l10n.New(l10n.Japanese).ErrorText(err)
			if want := strings.ReplaceAll(tt.wantJa, "ADDRESS", address); !strings.Contains(got, want) {
				t.Errorf("Japanese text = %q, want it to contain %q", got, want)
			}
		})
	}
}

// TestRelayLabelURL checks that a relay given as a --via URL is named by
// the URL alone, which already contains its host and port.
func TestRelayLabelURL(t *testing.T) {
	relay, err := ParseRelayURL("smtp://127.0.0.1:2525")
	if err != nil {
		t.Fatal(err)
	}
	if got := relay.label(); got != "smtp://127.0.0.1:2525" {
		t.Errorf("label = %v, want the URL alone", got)
	}
}
