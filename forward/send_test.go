package forward

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/internal/smtptest"
)

func loopbackRelay(port int) Relay {
	return Relay{Name: "test", Host: "127.0.0.1", Port: port, TLS: config.RelayTLSNone,
		HeloName: "shop.test", DialTimeout: 5 * time.Second, CommandTimeout: 10 * time.Second}
}

const plainMessage = "From: shop@example.jp\r\nTo: user@docomo.ne.jp\r\nSubject: shipped\r\n\r\nYour order has shipped.\r\n"

func TestSendStartTLS(t *testing.T) {
	ca := smtptest.NewCA(t)
	server := smtptest.StartRelay(t, &smtptest.Relay{Certificate: &ca.Server})
	relay := loopbackRelay(server.Port)
	relay.TLS = config.RelayTLSStartTLS
	relay.RootCAs = ca.Pool

	reply, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err != nil {
		t.Fatal(err)
	}
	if !reply.TLS {
		t.Error("Reply.TLS = false after STARTTLS")
	}
	got := server.Received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	if string(got[0].Data) != plainMessage {
		t.Errorf("server received %q, want %q", got[0].Data, plainMessage)
	}
}

func TestSendStartTLSUntrustedCert(t *testing.T) {
	ca := smtptest.NewCA(t)
	server := smtptest.StartRelay(t, &smtptest.Relay{Certificate: &ca.Server})
	relay := loopbackRelay(server.Port)
	relay.TLS = config.RelayTLSStartTLS // system roots do not trust the test CA

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil {
		t.Fatal("Send succeeded with an untrusted certificate")
	}
	if n := len(server.Received()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSendStartTLSRequired(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	relay := loopbackRelay(server.Port)
	relay.TLS = config.RelayTLSStartTLS

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if !errors.Is(err, ErrNoSTARTTLS) {
		t.Fatalf("error = %v, want ErrNoSTARTTLS", err)
	}
	if n := len(server.Received()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSendAuthPlain(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{Username: "shop", Password: "s3cret"})
	relay := loopbackRelay(server.Port)
	relay.Auth, relay.Username, relay.Password = "plain", "shop", "s3cret"

	if _, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage)); err != nil {
		t.Fatal(err)
	}
	got := server.Received()
	if len(got) != 1 || got[0].Auth != "shop" {
		t.Fatalf("received = %+v, want one message authenticated as shop", got)
	}

	relay.Password = "wrong"
	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("error with a wrong password = %v, want the 535 reply", err)
	}
}

func TestSendRejectedRecipient(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{RejectRecipient: "gone@docomo.ne.jp"})
	to := []string{"user@docomo.ne.jp", "gone@docomo.ne.jp"}

	_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", to, []byte(plainMessage))
	var rcptErr *RecipientsError
	if !errors.As(err, &rcptErr) {
		t.Fatalf("error = %v, want *RecipientsError", err)
	}
	if len(rcptErr.Rejections) != 1 || rcptErr.Rejections[0].Recipient != "gone@docomo.ne.jp" {
		t.Errorf("rejections = %+v, want gone@docomo.ne.jp only", rcptErr.Rejections)
	}
	if !strings.Contains(err.Error(), "550") {
		t.Errorf("error %q does not quote the 550 reply", err)
	}
	if n := len(server.Received()); n != 0 {
		t.Errorf("server received %d messages after a rejected recipient, want 0", n)
	}
}

func TestSendTemporaryFailureAtData(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}})

	_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil {
		t.Fatal("Send succeeded after 451 at DATA")
	}
	if !strings.Contains(err.Error(), "451") {
		t.Errorf("error %q does not quote the 451 reply", err)
	}
}

func TestSendLongLineRefused(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	msg := "Subject: x\r\n\r\n" + strings.Repeat("a", 999) + "\r\n"

	_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg))
	if !errors.Is(err, ErrLongLine) {
		t.Fatalf("error = %v, want ErrLongLine", err)
	}
	if n := server.RecipientCommands(); n != 0 {
		t.Errorf("server saw %d RCPT commands, want 0", n)
	}
}

func TestSendEightBitWithEightBitMIME(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	msg := "Subject: x\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n発送しました\r\n"

	if _, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := server.Received()
	if len(got) != 1 || got[0].Body != smtp.Body8BitMIME {
		t.Fatalf("received = %+v, want one message with BODY=8BITMIME", got)
	}
	if string(got[0].Data) != msg {
		t.Errorf("server received %q, want %q", got[0].Data, msg)
	}
}

func TestSendEightBitWithoutEightBitMIME(t *testing.T) {
	server := smtptest.StartScriptedRelay(t, &smtptest.ScriptedRelay{})
	msg := "Subject: x\r\n\r\n発送しました\r\n"

	_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg))
	if !errors.Is(err, ErrEightBit) {
		t.Fatalf("error = %v, want ErrEightBit", err)
	}
	if server.Saw("MAIL") {
		t.Error("server saw MAIL FROM, want the refusal before it")
	}

	if _, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage)); err != nil {
		t.Errorf("7-bit message through a 7-bit relay: %v", err)
	}
}

func TestSendUTF8AddressWithoutSMTPUTF8(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{})

	_, err := Send(context.Background(), loopbackRelay(server.Port), "shop@example.jp", []string{"ユーザー@example.jp"}, []byte(plainMessage))
	if !errors.Is(err, ErrSMTPUTF8) {
		t.Fatalf("error = %v, want ErrSMTPUTF8", err)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close()

	_, err = Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
		t.Errorf("error = %v, want a connect error naming the address", err)
	}
}

func TestParseRelayURL(t *testing.T) {
	tests := []struct {
		url     string
		wantTLS string
		wantErr bool
	}{
		{"smtp://127.0.0.1:2525", config.RelayTLSNone, false},
		{"smtp://localhost:25", config.RelayTLSNone, false},
		{"smtp://smtp.example.net:587", config.RelayTLSStartTLS, false},
		{"smtps://smtp.example.net:465", config.RelayTLSImplicit, false},
		{"smtp://smtp.example.net", "", true},
		{"http://smtp.example.net:80", "", true},
		{"smtp://user:pw@smtp.example.net:587", "", true},
		{"smtp://smtp.example.net:99999", "", true},
	}
	for _, tt := range tests {
		relay, err := ParseRelayURL(tt.url)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseRelayURL(%q) error = %v, want error %v", tt.url, err, tt.wantErr)
			continue
		}
		if err == nil && relay.TLS != tt.wantTLS {
			t.Errorf("ParseRelayURL(%q).TLS = %q, want %q", tt.url, relay.TLS, tt.wantTLS)
		}
	}
}
