package forward

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// startTLSAuthRelay starts a relay that requires STARTTLS and AUTH PLAIN
// before MAIL, and returns it with a Relay that trusts its CA.
func startTLSAuthRelay(t *testing.T) (*smtptest.Relay, Relay) {
	t.Helper()
	ca := smtptest.NewCA(t)
	server := smtptest.StartRelay(t, &smtptest.Relay{Username: "shop", Password: "pass-7Hq2", RequireTLS: true, Certificate: &ca.Server})
	relay := loopbackRelay(server.Port)
	relay.TLS = config.RelayTLSStartTLS
	relay.RootCAs = ca.Pool
	relay.Auth, relay.Username, relay.Password = "plain", "shop", "pass-7Hq2"
	return server, relay
}

func TestForwardThroughTLSAuthRelay(t *testing.T) {
	for _, serverName := range []string{"", "localhost"} {
		t.Run("server name "+serverName, func(t *testing.T) {
			server, relay := startTLSAuthRelay(t)
			relay.ServerName = serverName
			original := readFixture(t, "iso2022jp.eml")
			job := Job{Content: original, Sender: "shop@example.jp", Pending: []string{"user@docomo.ne.jp"}, Mode: ModeResend, Now: forwardDate}

			session, err := Dial(context.Background(), relay)
			if err != nil {
				t.Fatal(err)
			}
			reply, err := session.Forward(job)
			session.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !reply.TLS {
				t.Error("Reply.TLS = false, want an encrypted session")
			}

			got := server.Received()
			if len(got) != 1 {
				t.Fatalf("relay received %d messages, want 1", len(got))
			}
			if got[0].Auth != "shop" {
				t.Errorf("message authenticated as %q, want shop", got[0].Auth)
			}
			data := got[0].Data
			// Byte for byte apart from the Resent fields and the
			// removed Return-Path.
			wantBody := bytes.ReplaceAll(withoutReturnPath(t, original), []byte("\n"), []byte("\r\n"))
			if !bytes.HasSuffix(data, wantBody) {
				t.Fatalf("relay did not receive the original byte for byte:\n%q", data)
			}
			if bytes.Contains(data, []byte("Return-Path:")) {
				t.Errorf("relay received a Return-Path field:\n%q", data)
			}
			head := string(data[:len(data)-len(wantBody)])
			for _, field := range []string{"Resent-From: shop@example.jp\r\n", "Resent-To: user@docomo.ne.jp\r\n", "Resent-Date: Fri, 04 Dec 2026 14:30:00 +0900\r\n", "Resent-Message-ID: <"} {
				if !strings.Contains(head, field) {
					t.Errorf("prepended fields lack %q:\n%s", field, head)
				}
			}
			if !bytes.Contains(data, []byte("\x1b$B")) || !bytes.Contains(data, []byte("\x1b(B")) {
				t.Error("the ISO-2022-JP escape sequences did not arrive")
			}
		})
	}
}

func TestForwardTLSAuthRelayFailures(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Relay)
		want   string // in the error
	}{
		{"wrong password", func(r *Relay) { r.Password = "wrong-secret-81" }, "535"},
		{"wrong server name", func(r *Relay) { r.ServerName = "smtp.example.jp" }, "certificate"},
		{"plain text to a relay that requires STARTTLS", func(r *Relay) {
			r.TLS = config.RelayTLSNone
			r.Auth = ""
		}, "530"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, relay := startTLSAuthRelay(t)
			tt.change(&relay)

			_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q in it", err, tt.want)
			}
			if relay.Password != "" && strings.Contains(err.Error(), relay.Password) {
				t.Errorf("error %q contains the password", err)
			}
			if n := len(server.Received()); n != 0 {
				t.Errorf("relay received %d messages, want 0", n)
			}
		})
	}
}

func TestDialTimeoutWithoutGreeting(t *testing.T) {
	// The server accepts the connection and sends no greeting, as a
	// blocked or overloaded relay does.
	server := smtptest.StartScriptedRelay(t, &smtptest.ScriptedRelay{Silent: true})
	for _, mode := range []string{config.RelayTLSStartTLS, config.RelayTLSNone} {
		relay := loopbackRelay(server.Port)
		relay.TLS = mode
		relay.CommandTimeout = 300 * time.Millisecond
		start := time.Now()
		_, err := Dial(context.Background(), relay)
		if err == nil {
			t.Fatalf("tls %s: Dial succeeded without a greeting", mode)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("tls %s: Dial gave up after %v, want about the 300ms command timeout", mode, elapsed)
		}
	}
}

func TestForwardImplicitTLS(t *testing.T) {
	ca := smtptest.NewCA(t)
	server := smtptest.StartRelay(t, &smtptest.Relay{Username: "shop", Password: "pass-7Hq2", LoginAuth: true, RequireTLS: true,
		Certificate: &ca.Server, ImplicitTLS: true})

	relay := loopbackRelay(server.Port)
	relay.TLS = config.RelayTLSImplicit
	relay.RootCAs = ca.Pool
	relay.Auth, relay.Username, relay.Password = "login", "shop", "pass-7Hq2"

	reply, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err != nil {
		t.Fatal(err)
	}
	if !reply.TLS {
		t.Error("Reply.TLS = false over implicit TLS")
	}
	if got := server.Received(); len(got) != 1 || got[0].Auth != "shop" {
		t.Errorf("relay received %+v, want one message authenticated as shop", got)
	}
}

func TestSendUTF8AddressWithSMTPUTF8(t *testing.T) {
	server := smtptest.StartRelay(t, &smtptest.Relay{SMTPUTF8: true})

	relay := loopbackRelay(server.Port)
	if _, err := Send(context.Background(), relay, "shop@example.jp", []string{"ユーザー@example.jp"}, []byte(plainMessage)); err != nil {
		t.Fatal(err)
	}
	got := server.Received()
	if len(got) != 1 || got[0].To[0] != "ユーザー@example.jp" {
		t.Fatalf("relay received %+v, want one message to ユーザー@example.jp", got)
	}
	if !got[0].UTF8 {
		t.Error("MAIL FROM lacked SMTPUTF8 for a non-ASCII recipient")
	}
}
