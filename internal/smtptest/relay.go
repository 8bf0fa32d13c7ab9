package smtptest

import (
	"crypto/tls"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// serverTimeout bounds each read and write of the test servers, so a
// client that hangs fails its test instead of blocking it.
const serverTimeout = 30 * time.Second

// Message is one message a Relay accepted.
type Message struct {
	// From is the MAIL FROM address and To the accepted RCPT TO addresses.
	From string
	To   []string
	// Body is the BODY= parameter of MAIL FROM, "" when the client sent
	// none.
	Body smtp.BodyType
	// UTF8 is set when MAIL FROM carried SMTPUTF8.
	UTF8 bool
	// Auth is the username the session authenticated as, "" without AUTH.
	Auth string
	// TLS is set when the session was encrypted when DATA ended.
	TLS bool
	// Data is the message as it arrived after DATA, lines ending in CRLF.
	Data []byte
}

// Relay is a go-smtp server standing in for a mail provider's submission
// server. It accepts every message unless a field below makes it fail,
// and records what it accepts. Set the fields before StartRelay.
type Relay struct {
	// Username and Password enable AUTH PLAIN, or AUTH LOGIN with
	// LoginAuth. MAIL is then rejected with 530 until the client
	// authenticates.
	Username, Password string
	LoginAuth          bool
	// RequireTLS rejects MAIL with 530 before STARTTLS, and hides AUTH
	// until then.
	RequireTLS bool
	// RejectRecipient is an address the relay rejects with 550 at RCPT TO,
	// compared without regard to case.
	RejectRecipient string
	// DataReply is the reply to the end of DATA in place of 250, when set.
	DataReply *smtp.SMTPError
	// SMTPUTF8 offers the SMTPUTF8 extension.
	SMTPUTF8 bool
	// Certificate enables STARTTLS, or TLS from the first byte when
	// ImplicitTLS is set.
	Certificate *tls.Certificate
	ImplicitTLS bool

	// Port is the 127.0.0.1 port StartRelay listens on.
	Port int

	mu         sync.Mutex
	messages   []Message
	recipients int
}

// StartRelay starts relay on a free port of 127.0.0.1 and returns it. The
// server stops when the test ends.
func StartRelay(t testing.TB, relay *Relay) *Relay {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for the test relay: %v", err)
	}
	server := smtp.NewServer(backend{relay})
	server.Domain = "relay.test"
	server.ReadTimeout = serverTimeout
	server.WriteTimeout = serverTimeout
	server.AllowInsecureAuth = !relay.RequireTLS
	server.EnableSMTPUTF8 = relay.SMTPUTF8
	if relay.Certificate != nil {
		server.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*relay.Certificate}}
		if relay.ImplicitTLS {
			listener = tls.NewListener(listener, server.TLSConfig)
		}
	}
	relay.Port = listener.Addr().(*net.TCPAddr).Port
	go server.Serve(listener)
	t.Cleanup(func() { server.Close() })
	return relay
}

// Received returns a copy of the messages accepted so far, in order.
func (r *Relay) Received() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.messages...)
}

// RecipientCommands returns the number of RCPT TO commands the relay has
// received, rejected ones included.
func (r *Relay) RecipientCommands() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.recipients
}

// backend keeps NewSession out of Relay's method set.
type backend struct{ relay *Relay }

func (b backend) NewSession(conn *smtp.Conn) (smtp.Session, error) {
	return &session{relay: b.relay, conn: conn}, nil
}

// session is one SMTP connection to a Relay. current is the message of
// the transaction under way.
type session struct {
	relay   *Relay
	conn    *smtp.Conn
	current Message
}

func (s *session) encrypted() bool {
	_, ok := s.conn.TLSConnectionState()
	return ok
}

func (s *session) AuthMechanisms() []string {
	switch {
	case s.relay.Username == "":
		return nil
	case s.relay.LoginAuth:
		return []string{sasl.Login}
	default:
		return []string{sasl.Plain}
	}
}

func (s *session) Auth(string) (sasl.Server, error) {
	if s.relay.LoginAuth {
		return &loginServer{session: s}, nil
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		return s.authenticate(username, password)
	}), nil
}

// authenticate checks a username and password and marks the session as
// authenticated when they match.
func (s *session) authenticate(username, password string) error {
	if username != s.relay.Username || password != s.relay.Password {
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
	}
	s.current.Auth = username
	return nil
}

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if s.relay.RequireTLS && !s.encrypted() {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Must issue a STARTTLS command first"}
	}
	if s.relay.Username != "" && s.current.Auth == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.current.From = from
	if opts != nil {
		s.current.Body = opts.Body
		s.current.UTF8 = opts.UTF8
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.relay.mu.Lock()
	s.relay.recipients++
	s.relay.mu.Unlock()
	if s.relay.RejectRecipient != "" && strings.EqualFold(to, s.relay.RejectRecipient) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	s.current.To = append(s.current.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.relay.DataReply != nil {
		return s.relay.DataReply
	}
	s.current.Data = data
	s.current.TLS = s.encrypted()
	s.relay.mu.Lock()
	s.relay.messages = append(s.relay.messages, s.current)
	s.relay.mu.Unlock()
	return nil
}

// Reset ends the transaction. The authentication lasts for the session.
func (s *session) Reset() {
	s.current = Message{Auth: s.current.Auth}
}

func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks: the
// client sends the username as the initial response, then the password
// after the "Password:" challenge.
type loginServer struct {
	session  *session
	username string
	asked    bool
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	if !l.asked {
		l.username, l.asked = string(response), true
		return []byte("Password:"), false, nil
	}
	if err := l.session.authenticate(l.username, string(response)); err != nil {
		return nil, false, err
	}
	return nil, true, nil
}
