package smtptest

import (
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const testMessage = "Subject: test\r\n\r\nbody\r\n"

func address(port int) string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

// sendPlain sends testMessage over an unencrypted session, which go-smtp's
// SendMail does not allow.
func sendPlain(t *testing.T, port int, to string) error {
	t.Helper()
	conn, err := net.DialTimeout("tcp", address(port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	client := smtp.NewClient(conn)
	defer client.Close()
	return client.SendMail("shop@example.jp", []string{to}, strings.NewReader(testMessage))
}

func TestRelayStartTLSAndAuth(t *testing.T) {
	ca := NewCA(t)
	relay := StartRelay(t, &Relay{Username: "shop", Password: "pw", RequireTLS: true, Certificate: &ca.Server})

	client, err := smtp.DialStartTLS(address(relay.Port), &tls.Config{RootCAs: ca.Pool, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := client.Auth(sasl.NewPlainClient("", "shop", "pw")); err != nil {
		t.Fatal(err)
	}
	if err := client.SendMail("shop@example.jp", []string{"user@docomo.ne.jp"}, strings.NewReader(testMessage)); err != nil {
		t.Fatal(err)
	}

	got := relay.Received()
	if len(got) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(got))
	}
	if !got[0].TLS || got[0].Auth != "shop" {
		t.Errorf("message TLS=%v Auth=%q, want TLS and shop", got[0].TLS, got[0].Auth)
	}
	if got[0].From != "shop@example.jp" || strings.Join(got[0].To, ",") != "user@docomo.ne.jp" {
		t.Errorf("envelope = %s -> %v", got[0].From, got[0].To)
	}
	if string(got[0].Data) != testMessage {
		t.Errorf("data = %q, want %q", got[0].Data, testMessage)
	}
}

func TestRelayRejections(t *testing.T) {
	ca := NewCA(t)
	tests := []struct {
		name  string
		relay *Relay
		to    string
		want  string
	}{
		{"plain text to a TLS relay", &Relay{RequireTLS: true, Certificate: &ca.Server}, "user@docomo.ne.jp", "530"},
		{"MAIL without AUTH", &Relay{Username: "shop", Password: "pw"}, "user@docomo.ne.jp", "530"},
		{"rejected recipient", &Relay{RejectRecipient: "Gone@docomo.ne.jp"}, "gone@docomo.ne.jp", "550"},
		{"451 at end of DATA", &Relay{DataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}}, "user@docomo.ne.jp", "451"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			relay := StartRelay(t, tt.relay)
			err := sendPlain(t, relay.Port, tt.to)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want the %s reply", err, tt.want)
			}
			if n := len(relay.Received()); n != 0 {
				t.Errorf("relay received %d messages, want 0", n)
			}
		})
	}
}

func TestRelayImplicitTLSLogin(t *testing.T) {
	ca := NewCA(t)
	relay := StartRelay(t, &Relay{Username: "shop", Password: "pw", LoginAuth: true, RequireTLS: true, Certificate: &ca.Server, ImplicitTLS: true})

	client, err := smtp.DialTLS(address(relay.Port), &tls.Config{RootCAs: ca.Pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := client.Auth(sasl.NewLoginClient("shop", "wrong")); err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("AUTH LOGIN with a wrong password = %v, want 535", err)
	}
	if err := client.Auth(sasl.NewLoginClient("shop", "pw")); err != nil {
		t.Fatal(err)
	}
	if err := client.SendMail("shop@example.jp", []string{"user@docomo.ne.jp"}, strings.NewReader(testMessage)); err != nil {
		t.Fatal(err)
	}
	if got := relay.Received(); len(got) != 1 || got[0].Auth != "shop" || !got[0].TLS {
		t.Errorf("relay received %+v, want one encrypted message authenticated as shop", got)
	}
	if n := relay.RecipientCommands(); n != 1 {
		t.Errorf("RecipientCommands = %d, want 1", n)
	}
}

func TestCAUntrustedBySystemRoots(t *testing.T) {
	ca := NewCA(t)
	relay := StartRelay(t, &Relay{Certificate: &ca.Server})
	client, err := smtp.DialStartTLS(address(relay.Port), &tls.Config{ServerName: "127.0.0.1"})
	if err == nil {
		// The handshake runs with the first command after STARTTLS.
		err = client.Hello("client.test")
		client.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("STARTTLS with the system roots: error = %v, want a certificate error", err)
	}
}

func TestCAWriteFile(t *testing.T) {
	ca := NewCA(t)
	path := ca.WriteFile(t, t.TempDir())
	if !strings.HasSuffix(path, "relay-ca.pem") {
		t.Errorf("path = %q, want a relay-ca.pem file", path)
	}
}

func TestScriptedRelay(t *testing.T) {
	relay := StartScriptedRelay(t, &ScriptedRelay{})
	conn, err := net.DialTimeout("tcp", address(relay.Port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := smtp.NewClient(conn)
	if ok, _ := client.Extension("8BITMIME"); ok {
		t.Error("scripted relay offers 8BITMIME, want no extension but PIPELINING")
	}
	if err := client.SendMail("shop@example.jp", []string{"user@docomo.ne.jp"}, strings.NewReader("Subject: x\r\n\r\n.dot\r\n")); err != nil {
		t.Fatal(err)
	}
	if got := relay.Received(); len(got) != 1 || string(got[0]) != "Subject: x\r\n\r\n.dot\r\n" {
		t.Errorf("received %q, want the message with its dot line unstuffed", got)
	}
	for _, verb := range []string{"EHLO", "MAIL", "RCPT", "DATA"} {
		if !relay.Saw(verb) {
			t.Errorf("Saw(%q) = false", verb)
		}
	}
}

func TestScriptedRelaySilentAndDropping(t *testing.T) {
	silent := StartScriptedRelay(t, &ScriptedRelay{Silent: true})
	conn, err := net.DialTimeout("tcp", address(silent.Port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := conn.Read(make([]byte, 64)); n != 0 || err == nil {
		t.Errorf("silent relay sent %d bytes, err %v, want a read timeout", n, err)
	}
	conn.Close()

	dropping := StartScriptedRelay(t, &ScriptedRelay{DropInData: true})
	err = sendPlain(t, dropping.Port, "user@docomo.ne.jp")
	if err == nil {
		t.Error("SendMail succeeded through a relay that drops the connection in DATA")
	}
	if n := len(dropping.Received()); n != 0 {
		t.Errorf("dropping relay received %d messages, want 0", n)
	}
	if !dropping.Saw("DATA") {
		t.Error("dropping relay did not see DATA")
	}
}
