package forward

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/config"
)

// testCA returns a certificate authority made for this test and a server
// certificate it issued for 127.0.0.1 and localhost.
func testCA(t *testing.T) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtop test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}

	serverKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serverTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{serverDER, caDER}, PrivateKey: serverKey}
}

// startTLSAuthRelay starts a relay that requires STARTTLS and AUTH PLAIN
// before MAIL, and returns it with a Relay that trusts its CA.
func startTLSAuthRelay(t *testing.T) (*testBackend, Relay) {
	t.Helper()
	pool, cert := testCA(t)
	backend := &testBackend{username: "shop", password: "pass-7Hq2", requireTLS: true}
	port := startServer(t, backend, &tls.Config{Certificates: []tls.Certificate{cert}})
	relay := loopbackRelay(port)
	relay.TLS = config.RelayTLSStartTLS
	relay.RootCAs = pool
	relay.Auth, relay.Username, relay.Password = "plain", "shop", "pass-7Hq2"
	return backend, relay
}

func TestForwardThroughTLSAuthRelay(t *testing.T) {
	for _, serverName := range []string{"", "localhost"} {
		t.Run("server name "+serverName, func(t *testing.T) {
			backend, relay := startTLSAuthRelay(t)
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

			got := backend.received()
			if len(got) != 1 {
				t.Fatalf("relay received %d messages, want 1", len(got))
			}
			if got[0].auth != "shop" {
				t.Errorf("message authenticated as %q, want shop", got[0].auth)
			}
			data := got[0].data
			wantBody := bytes.ReplaceAll(original, []byte("\n"), []byte("\r\n"))
			if !bytes.HasSuffix(data, wantBody) {
				t.Fatalf("relay did not receive the original byte for byte:\n%q", data)
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

func TestForwardTLSAuthRelayWrongPassword(t *testing.T) {
	backend, relay := startTLSAuthRelay(t)
	relay.Password = "wrong-secret-81"

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("error = %v, want the 535 reply", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-81") {
		t.Errorf("error %q contains the password", err)
	}
	if n := len(backend.received()); n != 0 {
		t.Errorf("relay received %d messages, want 0", n)
	}
}

func TestForwardTLSRelayWrongServerName(t *testing.T) {
	backend, relay := startTLSAuthRelay(t)
	relay.ServerName = "smtp.example.jp"

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("error = %v, want a certificate error", err)
	}
	if n := len(backend.received()); n != 0 {
		t.Errorf("relay received %d messages, want 0", n)
	}
}

func TestForwardPlainTextToTLSRelayRejected(t *testing.T) {
	backend, relay := startTLSAuthRelay(t)
	relay.TLS = config.RelayTLSNone
	relay.Auth = ""

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "530") {
		t.Fatalf("error = %v, want the 530 reply of a relay that requires STARTTLS", err)
	}
	if n := len(backend.received()); n != 0 {
		t.Errorf("relay received %d messages, want 0", n)
	}
}

func TestDialTimeoutWithoutGreeting(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	go func() {
		// Accept and say nothing, as a blocked or overloaded relay does.
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	for _, mode := range []string{config.RelayTLSStartTLS, config.RelayTLSNone} {
		relay := loopbackRelay(listener.Addr().(*net.TCPAddr).Port)
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
	pool, cert := testCA(t)
	listener, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	backend := &testBackend{username: "shop", password: "pass-7Hq2", requireTLS: true}
	server := smtp.NewServer(backend)
	server.Domain = "relay.test"
	server.ReadTimeout = 10 * time.Second
	server.WriteTimeout = 10 * time.Second
	go server.Serve(listener)
	t.Cleanup(func() { server.Close() })

	relay := loopbackRelay(listener.Addr().(*net.TCPAddr).Port)
	relay.TLS = config.RelayTLSImplicit
	relay.RootCAs = pool
	relay.Auth, relay.Username, relay.Password = "login", "shop", "pass-7Hq2"
	backend.loginAuth = true

	reply, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err != nil {
		t.Fatal(err)
	}
	if !reply.TLS {
		t.Error("Reply.TLS = false over implicit TLS")
	}
	if got := backend.received(); len(got) != 1 || got[0].auth != "shop" {
		t.Errorf("relay received %+v, want one message authenticated as shop", got)
	}
}

func TestSendUTF8AddressWithSMTPUTF8(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backend := &testBackend{}
	server := smtp.NewServer(backend)
	server.Domain = "relay.test"
	server.EnableSMTPUTF8 = true
	server.ReadTimeout = 10 * time.Second
	server.WriteTimeout = 10 * time.Second
	go server.Serve(listener)
	t.Cleanup(func() { server.Close() })

	relay := loopbackRelay(listener.Addr().(*net.TCPAddr).Port)
	if _, err := Send(context.Background(), relay, "shop@example.jp", []string{"ユーザー@example.jp"}, []byte(plainMessage)); err != nil {
		t.Fatal(err)
	}
	got := backend.received()
	if len(got) != 1 || got[0].to[0] != "ユーザー@example.jp" {
		t.Fatalf("relay received %+v, want one message to ユーザー@example.jp", got)
	}
	if !got[0].utf8 {
		t.Error("MAIL FROM lacked SMTPUTF8 for a non-ASCII recipient")
	}
}
