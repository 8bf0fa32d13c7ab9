package forward

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/config"
)

// received is one message a test server accepted.
type received struct {
	from string
	to   []string
	data []byte
	auth string
	body smtp.BodyType
	utf8 bool
}

// testBackend is a go-smtp backend that records what it accepts and
// rejects as the test sets.
type testBackend struct {
	mu       sync.Mutex
	messages []received
	// rejectRcpt is a recipient answered with 550.
	rejectRcpt string
	// dataReply, when set, answers the end of DATA instead of 250.
	dataReply *smtp.SMTPError
	// username and password enable AUTH PLAIN.
	username, password string
	rcptCount          int
	// requireTLS rejects AUTH and MAIL before STARTTLS.
	requireTLS bool
	// loginAuth offers AUTH LOGIN instead of PLAIN.
	loginAuth bool
}

func (b *testBackend) NewSession(conn *smtp.Conn) (smtp.Session, error) {
	return &testSession{backend: b, conn: conn}, nil
}

func (b *testBackend) received() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.messages...)
}

type testSession struct {
	backend *testBackend
	conn    *smtp.Conn
	current received
}

// needTLS returns the 530 reply when the backend requires TLS and the
// session has not started it.
func (s *testSession) needTLS() error {
	if _, ok := s.conn.TLSConnectionState(); s.backend.requireTLS && !ok {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Must issue a STARTTLS command first"}
	}
	return nil
}

func (s *testSession) AuthMechanisms() []string {
	if s.backend.username == "" {
		return nil
	}
	if s.backend.loginAuth {
		return []string{sasl.Login}
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	if err := s.needTLS(); err != nil {
		return nil, err
	}
	if s.backend.loginAuth {
		return &loginServer{session: s}, nil
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.backend.username || password != s.backend.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
		}
		s.current.auth = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, opts *smtp.MailOptions) error {
	if err := s.needTLS(); err != nil {
		return err
	}
	if s.backend.username != "" && s.current.auth == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	s.current.from = from
	if opts != nil {
		s.current.body = opts.Body
		s.current.utf8 = opts.UTF8
	}
	return nil
}

func (s *testSession) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.backend.mu.Lock()
	s.backend.rcptCount++
	s.backend.mu.Unlock()
	if to == s.backend.rejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "user unknown"}
	}
	s.current.to = append(s.current.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.backend.dataReply != nil {
		return s.backend.dataReply
	}
	s.current.data = data
	s.backend.mu.Lock()
	s.backend.messages = append(s.backend.messages, s.current)
	s.backend.mu.Unlock()
	return nil
}

func (s *testSession) Reset() {
	auth := s.current.auth
	s.current = received{auth: auth}
}

func (s *testSession) Logout() error { return nil }

// startServer starts a go-smtp server for backend on 127.0.0.1 and returns
// its port. tlsConfig, when set, enables STARTTLS.
func startServer(t *testing.T, backend *testBackend, tlsConfig *tls.Config) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := smtp.NewServer(backend)
	server.Domain = "relay.test"
	server.TLSConfig = tlsConfig
	server.AllowInsecureAuth = true
	server.ReadTimeout = 10 * time.Second
	server.WriteTimeout = 10 * time.Second
	go server.Serve(listener)
	t.Cleanup(func() { server.Close() })
	return listener.Addr().(*net.TCPAddr).Port
}

// throwawayCert returns a self-signed certificate for 127.0.0.1 and a pool
// that trusts it.
func throwawayCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "relay.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"relay.test"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func loopbackRelay(port int) Relay {
	return Relay{Name: "test", Host: "127.0.0.1", Port: port, TLS: config.RelayTLSNone,
		HeloName: "shop.test", DialTimeout: 5 * time.Second, CommandTimeout: 10 * time.Second}
}

const plainMessage = "From: shop@example.jp\r\nTo: user@docomo.ne.jp\r\nSubject: shipped\r\n\r\nYour order has shipped.\r\n"

func TestSendStartTLS(t *testing.T) {
	cert, pool := throwawayCert(t)
	backend := &testBackend{}
	port := startServer(t, backend, &tls.Config{Certificates: []tls.Certificate{cert}})
	relay := loopbackRelay(port)
	relay.TLS = config.RelayTLSStartTLS
	relay.RootCAs = pool

	reply, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err != nil {
		t.Fatal(err)
	}
	if !reply.TLS {
		t.Error("Reply.TLS = false after STARTTLS")
	}
	got := backend.received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	if string(got[0].data) != plainMessage {
		t.Errorf("server received %q, want %q", got[0].data, plainMessage)
	}
}

func TestSendStartTLSUntrustedCert(t *testing.T) {
	cert, _ := throwawayCert(t)
	backend := &testBackend{}
	port := startServer(t, backend, &tls.Config{Certificates: []tls.Certificate{cert}})
	relay := loopbackRelay(port)
	relay.TLS = config.RelayTLSStartTLS // system roots do not trust the throwaway cert

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil {
		t.Fatal("Send succeeded with an untrusted certificate")
	}
	if n := len(backend.received()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSendStartTLSRequired(t *testing.T) {
	backend := &testBackend{}
	port := startServer(t, backend, nil)
	relay := loopbackRelay(port)
	relay.TLS = config.RelayTLSStartTLS

	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if !errors.Is(err, ErrNoSTARTTLS) {
		t.Fatalf("error = %v, want ErrNoSTARTTLS", err)
	}
	if n := len(backend.received()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSendAuthPlain(t *testing.T) {
	backend := &testBackend{username: "shop", password: "s3cret"}
	port := startServer(t, backend, nil)
	relay := loopbackRelay(port)
	relay.Auth, relay.Username, relay.Password = "plain", "shop", "s3cret"

	if _, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage)); err != nil {
		t.Fatal(err)
	}
	got := backend.received()
	if len(got) != 1 || got[0].auth != "shop" {
		t.Fatalf("received = %+v, want one message authenticated as shop", got)
	}

	relay.Password = "wrong"
	_, err := Send(context.Background(), relay, "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("error with a wrong password = %v, want the 535 reply", err)
	}
}

func TestSendRejectedRecipient(t *testing.T) {
	backend := &testBackend{rejectRcpt: "gone@docomo.ne.jp"}
	port := startServer(t, backend, nil)
	to := []string{"user@docomo.ne.jp", "gone@docomo.ne.jp"}

	_, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", to, []byte(plainMessage))
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
	if n := len(backend.received()); n != 0 {
		t.Errorf("server received %d messages after a rejected recipient, want 0", n)
	}
}

func TestSendTemporaryFailureAtData(t *testing.T) {
	backend := &testBackend{dataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}}
	port := startServer(t, backend, nil)

	_, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage))
	if err == nil {
		t.Fatal("Send succeeded after 451 at DATA")
	}
	if !strings.Contains(err.Error(), "451") {
		t.Errorf("error %q does not quote the 451 reply", err)
	}
}

func TestSendLongLineRefused(t *testing.T) {
	backend := &testBackend{}
	port := startServer(t, backend, nil)
	msg := "Subject: x\r\n\r\n" + strings.Repeat("a", 999) + "\r\n"

	_, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg))
	if !errors.Is(err, ErrLongLine) {
		t.Fatalf("error = %v, want ErrLongLine", err)
	}
	if backend.rcptCount != 0 {
		t.Errorf("server saw %d RCPT commands, want 0", backend.rcptCount)
	}
}

func TestSendEightBitWithEightBitMIME(t *testing.T) {
	backend := &testBackend{}
	port := startServer(t, backend, nil)
	msg := "Subject: x\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n発送しました\r\n"

	if _, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := backend.received()
	if len(got) != 1 || got[0].body != smtp.Body8BitMIME {
		t.Fatalf("received = %+v, want one message with BODY=8BITMIME", got)
	}
	if string(got[0].data) != msg {
		t.Errorf("server received %q, want %q", got[0].data, msg)
	}
}

// sevenBitServer is a scripted SMTP server that offers no extension, not
// even 8BITMIME, which a go-smtp server always offers. It records the
// command verbs it receives.
type sevenBitServer struct {
	mu       sync.Mutex
	commands []string
}

func (s *sevenBitServer) start(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return listener.Addr().(*net.TCPAddr).Port
}

func (s *sevenBitServer) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	io.WriteString(conn, "220 seven.test ESMTP\r\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		s.mu.Lock()
		s.commands = append(s.commands, verb)
		s.mu.Unlock()
		switch verb {
		case "EHLO":
			io.WriteString(conn, "250-seven.test\r\n250 PIPELINING\r\n")
		case "DATA":
			io.WriteString(conn, "354 go ahead\r\n")
			for {
				data, err := r.ReadString('\n')
				if err != nil || data == ".\r\n" {
					break
				}
			}
			io.WriteString(conn, "250 2.0.0 queued\r\n")
		case "QUIT":
			io.WriteString(conn, "221 bye\r\n")
			return
		default:
			io.WriteString(conn, "250 ok\r\n")
		}
	}
}

func (s *sevenBitServer) sawCommand(verb string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.commands {
		if c == verb {
			return true
		}
	}
	return false
}

func TestSendEightBitWithoutEightBitMIME(t *testing.T) {
	server := &sevenBitServer{}
	port := server.start(t)
	msg := "Subject: x\r\n\r\n発送しました\r\n"

	_, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(msg))
	if !errors.Is(err, ErrEightBit) {
		t.Fatalf("error = %v, want ErrEightBit", err)
	}
	if server.sawCommand("MAIL") {
		t.Error("server saw MAIL FROM, want the refusal before it")
	}

	if _, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"user@docomo.ne.jp"}, []byte(plainMessage)); err != nil {
		t.Errorf("7-bit message through a 7-bit relay: %v", err)
	}
}

func TestSendUTF8AddressWithoutSMTPUTF8(t *testing.T) {
	backend := &testBackend{}
	port := startServer(t, backend, nil)

	_, err := Send(context.Background(), loopbackRelay(port), "shop@example.jp", []string{"ユーザー@example.jp"}, []byte(plainMessage))
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

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks: the
// client sends the username as the initial response, then the password
// after the "Password:" challenge.
type loginServer struct {
	session  *testSession
	username string
	asked    bool
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	if !l.asked {
		l.username, l.asked = string(response), true
		return []byte("Password:"), false, nil
	}
	backend := l.session.backend
	if l.username != backend.username || string(response) != backend.password {
		return nil, false, &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
	}
	l.session.current.auth = l.username
	return nil, true, nil
}
