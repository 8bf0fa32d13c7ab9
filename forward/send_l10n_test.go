package forward

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/internal/smtptest"
	"github.com/mailtop/mailtop/l10n"
)

// TestSendErrorsJapanese checks that the reasons Send gives are worded in
// Japanese by a Japanese Localizer, with the relay's reply kept as the
// relay sent it, and that their English text is unchanged.
func TestSendErrorsJapanese(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	tests := []struct {
		name        string
		relay       func() Relay
		to          []string
		wantEnglish string
		wantJa      string
		keep        string // the relay's or the system's words, in both languages
	}{
		{
			name: "rejected recipient",
			relay: func() Relay {
				return loopbackRelay(smtptest.StartRelay(t, &smtptest.Relay{RejectRecipient: "gone@docomo.ne.jp"}).Port)
			},
			to:          []string{"gone@docomo.ne.jp"},
			wantEnglish: " rejected recipients, so nothing was sent: gone@docomo.ne.jp: ",
			wantJa:      "）が宛先を拒否したため、何も送っていません: gone@docomo.ne.jp: ",
			keep:        "550",
		},
		{
			name: "refused at end of data",
			relay: func() Relay {
				reply := &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "refused by policy"}
				return loopbackRelay(smtptest.StartRelay(t, &smtptest.Relay{DataReply: reply}).Port)
			},
			to:          []string{"user@docomo.ne.jp"},
			wantEnglish: " did not accept the message: ",
			wantJa:      "）はメッセージを受け付けませんでした: ",
			keep:        "554 5.7.1 refused by policy",
		},
		{
			name: "no STARTTLS",
			relay: func() Relay {
				relay := loopbackRelay(smtptest.StartRelay(t, &smtptest.Relay{}).Port)
				relay.TLS = config.RelayTLSStartTLS
				return relay
			},
			to:          []string{"user@docomo.ne.jp"},
			wantEnglish: "the relay does not offer STARTTLS; nothing was sent in plain text",
			wantJa:      "は STARTTLS に対応していません",
		},
		{
			name:        "connection refused",
			relay:       func() Relay { return loopbackRelay(closedPort) },
			to:          []string{"user@docomo.ne.jp"},
			wantEnglish: "connect to relay test (127.0.0.1:",
			wantJa:      "に接続できませんでした: ",
			keep:        "connection refused",
		},
	}
	ja := l10n.New(l10n.Japanese)
	en := l10n.New(l10n.English)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Send(context.Background(), tt.relay(), "shop@example.jp", tt.to, []byte(plainMessage))
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if got := err.Error(); !strings.Contains(got, tt.wantEnglish) {
				t.Errorf("English error = %q, want it to contain %q", got, tt.wantEnglish)
			}
			if got := en.ErrorText(err); got != err.Error() {
				t.Errorf("English ErrorText = %q, want the error's own text %q", got, err.Error())
			}
			got := ja.ErrorText(err)
			if !strings.Contains(got, tt.wantJa) {
				t.Errorf("Japanese text = %q, want it to contain %q", got, tt.wantJa)
			}
			for _, english := range []string{"relay", "nothing was sent", "did not accept", "connect to"} {
				if strings.Contains(got, english) {
					t.Errorf("Japanese text = %q, contains the English words %q", got, english)
				}
			}
			if !strings.Contains(got, tt.keep) {
				t.Errorf("Japanese text = %q, want the relay's words %q unchanged", got, tt.keep)
			}
		})
	}
}
