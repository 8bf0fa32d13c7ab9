package e2e

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// relayMessage is one message a test relay accepted.
type relayMessage struct {
	from string
	to   []string
	body smtp.BodyType
	auth string
	tls  bool
	data []byte
}

// testRelay is a go-smtp server on 127.0.0.1 standing in for the mail
// provider's submission server. It records what it accepts and fails as
// the test sets.
type testRelay struct {
	port int

	mu       sync.Mutex
	messages []relayMessage

	// username and password enable AUTH PLAIN; with requireTLS, AUTH and
	// MAIL are rejected before STARTTLS.
	username, password string
	requireTLS         bool
	// rejectRcpt gets 550 at RCPT TO.
	rejectRcpt string
	// dataReply, when set, answers the end of DATA instead of 250.
	dataReply *smtp.SMTPError
}

// startTestRelay starts relay on a free 127.0.0.1 port, with STARTTLS
// when cert is not nil.
func startTestRelay(t *testing.T, relay *testRelay, cert *tls.Certificate) *testRelay {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := smtp.NewServer(relay)
	server.Domain = "relay.test"
	server.ReadTimeout = 30 * time.Second
	server.WriteTimeout = 30 * time.Second
	server.AllowInsecureAuth = !relay.requireTLS
	if cert != nil {
		server.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	go server.Serve(listener)
	t.Cleanup(func() { server.Close() })
	relay.port = listener.Addr().(*net.TCPAddr).Port
	return relay
}

func (r *testRelay) received() []relayMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]relayMessage(nil), r.messages...)
}

func (r *testRelay) NewSession(conn *smtp.Conn) (smtp.Session, error) {
	return &relaySession{relay: r, conn: conn}, nil
}

type relaySession struct {
	relay   *testRelay
	conn    *smtp.Conn
	current relayMessage
}

func (s *relaySession) encrypted() bool {
	_, ok := s.conn.TLSConnectionState()
	return ok
}

func (s *relaySession) AuthMechanisms() []string {
	if s.relay.username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *relaySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.relay.username || password != s.relay.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.current.auth = username
		return nil
	}), nil
}

func (s *relaySession) Mail(from string, opts *smtp.MailOptions) error {
	if s.relay.requireTLS && !s.encrypted() {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Must issue a STARTTLS command first"}
	}
	if s.relay.username != "" && s.current.auth == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.current.from = from
	if opts != nil {
		s.current.body = opts.Body
	}
	return nil
}

func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.EqualFold(to, s.relay.rejectRcpt) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	s.current.to = append(s.current.to, to)
	return nil
}

func (s *relaySession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.relay.dataReply != nil {
		return s.relay.dataReply
	}
	s.current.data = data
	s.current.tls = s.encrypted()
	s.relay.mu.Lock()
	s.relay.messages = append(s.relay.messages, s.current)
	s.relay.mu.Unlock()
	return nil
}

func (s *relaySession) Reset() {
	s.current = relayMessage{auth: s.current.auth}
}

func (s *relaySession) Logout() error { return nil }

// scriptedRelay is a hand-written SMTP server for what go-smtp's server
// cannot do: never greet, offer no extension at all (go-smtp always
// offers 8BITMIME), or drop the connection in the middle of DATA.
type scriptedRelay struct {
	port int
	// silent accepts connections and never greets.
	silent bool
	// dropInData closes the connection after the first line of DATA.
	dropInData bool

	mu       sync.Mutex
	commands []string
	messages [][]byte
}

func startScriptedRelay(t *testing.T, relay *scriptedRelay) *scriptedRelay {
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
			go relay.serve(conn)
		}
	}()
	relay.port = listener.Addr().(*net.TCPAddr).Port
	return relay
}

func (s *scriptedRelay) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(conn)
	if s.silent {
		io.Copy(io.Discard, r)
		return
	}
	io.WriteString(conn, "220 scripted.test ESMTP\r\n")
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
			io.WriteString(conn, "250-scripted.test\r\n250 PIPELINING\r\n")
		case "DATA":
			io.WriteString(conn, "354 End data with <CR><LF>.<CR><LF>\r\n")
			if s.dropInData {
				r.ReadString('\n')
				return
			}
			var data []byte
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if line == ".\r\n" {
					break
				}
				data = append(data, strings.TrimPrefix(line, ".")...)
			}
			s.mu.Lock()
			s.messages = append(s.messages, data)
			s.mu.Unlock()
			io.WriteString(conn, "250 2.0.0 Ok: queued as SCRIPTED1\r\n")
		case "QUIT":
			io.WriteString(conn, "221 2.0.0 Bye\r\n")
			return
		default:
			io.WriteString(conn, "250 2.0.0 Ok\r\n")
		}
	}
}

func (s *scriptedRelay) received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.messages...)
}

func (s *scriptedRelay) saw(verb string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, command := range s.commands {
		if command == verb {
			return true
		}
	}
	return false
}

// testCertificates makes a certificate authority for this test, writes it
// to a PEM file in dir for ca_file, and returns that path and a server
// certificate it issued for 127.0.0.1 and localhost.
func testCertificates(t *testing.T, dir string) (string, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtop e2e CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(2 * time.Hour),
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
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(2 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "relay-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
		t.Fatal(err)
	}
	return caFile, tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}
}
