package forward

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/l10n"
)

// Relay is an SMTP server to send through, resolved from a [[relay]] table
// or a --via URL.
type Relay struct {
	Name string
	Host string
	Port int
	// TLS is config.RelayTLSStartTLS, config.RelayTLSImplicit or
	// config.RelayTLSNone.
	TLS string
	// RootCAs are the certificates to trust; nil means the system's.
	RootCAs *x509.CertPool
	// ServerName is the name the certificate must carry; empty means Host.
	ServerName string
	// Auth is "", "plain" or "login".
	Auth     string
	Username string
	Password string
	// EnvelopeSender is the MAIL FROM address to use, when set.
	EnvelopeSender string
	// CopyTo is an extra recipient of every forwarded message, when set.
	CopyTo string
	// HeloName is the name sent with EHLO after STARTTLS, or from the start
	// without it; empty means the host name. Before STARTTLS, go-smtp
	// always sends EHLO localhost.
	HeloName string
	// DialTimeout bounds the TCP connect and TLS handshake; zero means 30s.
	DialTimeout time.Duration
	// CommandTimeout bounds each SMTP reply, the final reply to DATA
	// included; zero means 5 minutes (RFC 5321 section 4.5.3.2).
	CommandTimeout time.Duration
}

// Address returns host:port.
func (r Relay) Address() string {
	return net.JoinHostPort(r.Host, strconv.Itoa(r.Port))
}

// label returns how the reasons of Send name the relay: its name and its
// host:port, such as "provider (smtp.example.jp:587)".
func (r Relay) label() any {
	return r.labelFor(r.Address())
}

// labelFor returns label for the relay at address: an *l10n.Error, which
// a Localizer words in its language, or a string. A relay given as a --via
// URL is named by the URL alone, which contains the host and port, and a
// relay without a name by its address.
func (r Relay) labelFor(address string) any {
	switch {
	case r.Name == "":
		return address
	case strings.Contains(r.Name, "://") || r.Name == address:
		return r.Name
	}
	return l10n.NewError("reason.forward.relayNamed", map[string]any{"Name": r.Name, "Address": address})
}

// RelayFromConfig resolves a checked [[relay]] table: it reads the CA file
// and the password from password_file (again checking its mode) or from
// the environment variable password_env, through getenv.
func RelayFromConfig(c config.Relay, getenv func(string) string) (Relay, error) {
	relay := Relay{
		Name: c.Name, Host: c.Host, Port: c.Port, TLS: c.TLS, ServerName: c.ServerName,
		Auth: c.Auth, Username: c.Username, EnvelopeSender: c.EnvelopeSender, CopyTo: c.CopyTo,
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			data := map[string]any{"Path": c.CAFile, "Error": err}
			return Relay{}, config.NamedRelayError(c.Name, config.NewRelayError("config.relay.caFileUnreadable", data, err))
		}
		relay.RootCAs = x509.NewCertPool()
		if !relay.RootCAs.AppendCertsFromPEM(pem) {
			data := map[string]any{"Path": c.CAFile}
			return Relay{}, config.NamedRelayError(c.Name, config.NewRelayError("config.relay.caFileNoPEM", data))
		}
	}
	switch {
	case c.PasswordFile != "":
		if err := config.CheckPasswordFile(c.PasswordFile); err != nil {
			return Relay{}, config.NamedRelayError(c.Name, err)
		}
		data, err := os.ReadFile(c.PasswordFile)
		if err != nil {
			errData := map[string]any{"Path": c.PasswordFile, "Error": err}
			return Relay{}, config.NamedRelayError(c.Name, config.NewRelayError("config.relay.passwordFileUnreadable", errData, err))
		}
		relay.Password, _, _ = strings.Cut(string(data), "\n")
		relay.Password = strings.TrimSuffix(relay.Password, "\r")
	case c.PasswordEnv != "":
		relay.Password = getenv(c.PasswordEnv)
		if relay.Password == "" {
			data := map[string]any{"Variable": c.PasswordEnv}
			return Relay{}, config.NamedRelayError(c.Name, config.NewRelayError("config.relay.passwordEnvEmpty", data))
		}
	}
	return relay, nil
}

// ParseRelayURL resolves a --via value of the form smtp://HOST:PORT or
// smtps://HOST:PORT. smtps uses implicit TLS. smtp requires STARTTLS,
// except to a loopback host, where it sends in plain text: a loopback
// relay is a server on this machine.
func ParseRelayURL(s string) (Relay, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Port() == "" || (u.Path != "" && u.Path != "/") || u.User != nil {
		return Relay{}, fmt.Errorf("invalid relay URL %q: use smtp://HOST:PORT or smtps://HOST:PORT, or the name of a [[relay]] in the config file", s)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil || port < 1 || port > 65535 {
		return Relay{}, fmt.Errorf("invalid port in relay URL %q: use a TCP port from 1 to 65535", s)
	}
	relay := Relay{Name: s, Host: u.Hostname(), Port: port}
	switch u.Scheme {
	case "smtps":
		relay.TLS = config.RelayTLSImplicit
	case "smtp":
		relay.TLS = config.RelayTLSStartTLS
		if config.IsLoopbackHost(relay.Host) {
			relay.TLS = config.RelayTLSNone
		}
	default:
		return Relay{}, fmt.Errorf("invalid relay URL %q: the scheme must be smtp or smtps", s)
	}
	return relay, nil
}

// Reply is the outcome of a Send that the relay accepted.
type Reply struct {
	// Text is the relay's reply to the end of DATA, such as "2.0.0 Ok:
	// queued as 4XyZ"; the code is always 250.
	Text string
	// TLS is set when the session was encrypted.
	TLS bool
}

// Rejection is a recipient the relay did not accept.
type Rejection struct {
	Recipient string
	// Reply is the relay's reply to RCPT TO, as ReplyError words it.
	Reply string
	// Err is the error of RCPT TO: a *ReplyError when the relay replied.
	Err error
}

// RecipientsError is returned when the relay rejected one or more
// recipients. Send then sends no DATA, so the relay delivers the message to
// no recipient.
type RecipientsError struct {
	// RelayName and RelayAddress name the relay that rejected them: the
	// name of its [[relay]] table or its --via URL, and its host:port.
	RelayName    string
	RelayAddress string
	Rejections   []Rejection
}

func (e *RecipientsError) Error() string {
	return e.LocalizedError().Error()
}

// Unwrap returns the error of each rejected recipient.
func (e *RecipientsError) Unwrap() []error {
	var errs []error
	for _, r := range e.Rejections {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return errs
}

// LocalizedError returns the error as catalog text, with the relay, and
// each rejected recipient and the relay's reply to it as the relay sent it.
func (e *RecipientsError) LocalizedError() *l10n.Error {
	parts := make([]string, len(e.Rejections))
	for i, r := range e.Rejections {
		parts[i] = r.Recipient + ": " + r.Reply
	}
	relay := Relay{Name: e.RelayName}
	data := map[string]any{"Relay": relay.labelFor(e.RelayAddress), "Rejections": strings.Join(parts, "; ")}
	return l10n.NewError("reason.forward.recipientsRejected", data)
}

// ReplyError is a reply of the relay that refused a command. Its text is
// the reply as the relay sent it: the code, the enhanced status code (RFC
// 3463) when the relay sent one, and the relay's text, such as "550 5.1.1
// User unknown". go-smtp's own text, "SMTP error 550: User unknown", drops
// the enhanced status code.
type ReplyError struct {
	Reply *smtp.SMTPError
}

func (e *ReplyError) Error() string {
	text := strconv.Itoa(e.Reply.Code)
	if code := e.Reply.EnhancedCode; code != smtp.EnhancedCodeNotSet && code != smtp.NoEnhancedCode {
		text += fmt.Sprintf(" %d.%d.%d", code[0], code[1], code[2])
	}
	if e.Reply.Message != "" {
		text += " " + e.Reply.Message
	}
	return text
}

// Unwrap returns the go-smtp error.
func (e *ReplyError) Unwrap() error {
	return e.Reply
}

// replyError returns err as a *ReplyError when it is a reply of the relay,
// and err unchanged otherwise.
func replyError(err error) error {
	if reply, ok := err.(*smtp.SMTPError); ok {
		return &ReplyError{Reply: reply}
	}
	return err
}

// Sentinel errors of Send, for the content a relay cannot carry.
var (
	ErrLongLine   = errors.New("the message has a line longer than 998 bytes")
	ErrEightBit   = errors.New("the message has 8-bit content and the relay does not offer 8BITMIME")
	ErrSMTPUTF8   = errors.New("an address is not ASCII and the relay does not offer SMTPUTF8")
	ErrNoSTARTTLS = errors.New("the relay does not offer STARTTLS")
)

// Session is an open, greeted, encrypted and authenticated connection to
// a relay.
type Session struct {
	relay  Relay
	client *smtp.Client
	conn   net.Conn
	tls    bool
	stop   func() bool
}

// Send delivers msg to the relay for the recipients to, from the envelope
// sender from: Dial, then Session.Send.
func Send(ctx context.Context, relay Relay, from string, to []string, msg []byte) (Reply, error) {
	session, err := Dial(ctx, relay)
	if err != nil {
		return Reply{}, err
	}
	defer session.Close()
	return session.Send(from, to, msg)
}

// Dial connects to the relay, reads its greeting, sends EHLO, starts TLS
// as relay.TLS says, verifying the certificate, and authenticates when
// relay.Auth is set. Cancelling ctx closes the connection.
func Dial(ctx context.Context, relay Relay) (*Session, error) {
	dialTimeout := relay.DialTimeout
	if dialTimeout == 0 {
		dialTimeout = 30 * time.Second
	}
	tlsConfig := &tls.Config{RootCAs: relay.RootCAs, ServerName: relay.ServerName, MinVersion: tls.VersionTLS12}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = relay.Host
	}

	dialer := net.Dialer{Timeout: dialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", relay.Address())
	if err != nil {
		return nil, relayError("reason.forward.connect", relay, err)
	}
	// go-smtp reads the greeting and sends EHLO and STARTTLS with its own
	// 5-minute deadline before the Session can set CommandTimeout, so the
	// connection caps every deadline instead.
	conn = cappedConn{Conn: conn, limit: relay.commandTimeout()}
	s := &Session{relay: relay, conn: conn}
	s.stop = context.AfterFunc(ctx, func() { conn.Close() })

	if err := s.open(ctx, tlsConfig, dialTimeout); err != nil {
		s.stop()
		conn.Close()
		return nil, err
	}
	return s, nil
}

func (s *Session) open(ctx context.Context, tlsConfig *tls.Config, dialTimeout time.Duration) error {
	relay := s.relay
	helo := relay.HeloName
	if helo == "" {
		helo, _ = os.Hostname()
		if helo == "" {
			helo = "localhost"
		}
	}

	var err error
	switch relay.TLS {
	case config.RelayTLSImplicit:
		tlsConn := tls.Client(s.conn, tlsConfig)
		handshakeCtx, cancel := context.WithTimeout(ctx, dialTimeout)
		err = tlsConn.HandshakeContext(handshakeCtx)
		cancel()
		if err != nil {
			return relayError("reason.forward.tlsHandshake", relay, err)
		}
		s.conn, s.tls = tlsConn, true
		s.client = smtp.NewClient(tlsConn)
	case config.RelayTLSNone:
		s.client = smtp.NewClient(s.conn)
	default:
		s.client, err = smtp.NewClientStartTLS(s.conn, tlsConfig)
		if err != nil {
			if strings.Contains(err.Error(), "doesn't support STARTTLS") {
				return l10n.NewError("reason.forward.noStartTLS", map[string]any{"Relay": relay.label()}, ErrNoSTARTTLS)
			}
			return relayError("reason.forward.startTLS", relay, err)
		}
		s.tls = true
	}
	s.setTimeouts()
	if err := s.client.Hello(helo); err != nil {
		return relayError("reason.forward.ehlo", relay, err)
	}
	if relay.TLS == config.RelayTLSStartTLS {
		if _, ok := s.client.TLSConnectionState(); !ok {
			return l10n.NewError("reason.forward.notEncrypted", map[string]any{"Relay": relay.label()})
		}
	}
	return s.auth()
}

func (s *Session) setTimeouts() {
	timeout := s.relay.commandTimeout()
	s.client.CommandTimeout = timeout
	s.client.SubmissionTimeout = timeout
}

// commandTimeout returns CommandTimeout, or its default of 5 minutes.
func (r Relay) commandTimeout() time.Duration {
	if r.CommandTimeout == 0 {
		return 5 * time.Minute
	}
	return r.CommandTimeout
}

// cappedConn is a connection whose deadlines are at most limit from the
// time they are set. A zero deadline, which go-smtp sets after each
// reply, stays zero.
type cappedConn struct {
	net.Conn
	limit time.Duration
}

func (c cappedConn) SetDeadline(t time.Time) error {
	return c.Conn.SetDeadline(c.cap(t))
}

func (c cappedConn) SetReadDeadline(t time.Time) error {
	return c.Conn.SetReadDeadline(c.cap(t))
}

func (c cappedConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.cap(t))
}

func (c cappedConn) cap(t time.Time) time.Time {
	if latest := time.Now().Add(c.limit); !t.IsZero() && t.After(latest) {
		return latest
	}
	return t
}

func (s *Session) auth() error {
	relay := s.relay
	var client sasl.Client
	switch relay.Auth {
	case "":
		return nil
	case "plain":
		client = sasl.NewPlainClient("", relay.Username, relay.Password)
	case "login":
		client = sasl.NewLoginClient(relay.Username, relay.Password)
	default:
		return l10n.NewError("reason.forward.authInvalid", map[string]any{"Name": strconv.Quote(relay.Name), "Auth": strconv.Quote(relay.Auth)})
	}
	mechanism := strings.ToUpper(relay.Auth)
	if !s.client.SupportsAuth(mechanism) {
		return l10n.NewError("reason.forward.authNotOffered", map[string]any{"Relay": relay.label(), "Mechanism": mechanism})
	}
	if err := s.client.Auth(client); err != nil {
		err = replyError(err)
		data := map[string]any{"Relay": relay.label(), "Mechanism": mechanism, "Username": relay.Username, "Error": err}
		return l10n.NewError("reason.forward.authFailed", data, err)
	}
	return nil
}

// Supports8BitMIME reports whether the relay offers 8BITMIME.
func (s *Session) Supports8BitMIME() bool {
	ok, _ := s.client.Extension("8BITMIME")
	return ok
}

// Close sends QUIT and closes the connection.
func (s *Session) Close() error {
	s.stop()
	err := s.client.Quit()
	s.conn.Close()
	return err
}

// Send checks that the relay can carry msg and sends it: MAIL FROM, one
// RCPT TO for each recipient, and DATA only when every recipient was
// accepted. Success means every recipient was accepted and DATA got 250.
//
// It returns an error wrapping ErrLongLine, ErrEightBit or ErrSMTPUTF8
// before MAIL when the message or the addresses need what the relay does
// not offer, and a *RecipientsError when a recipient was rejected.
func (s *Session) Send(from string, to []string, msg []byte) (Reply, error) {
	relay := s.relay.label()
	if len(to) == 0 {
		return Reply{}, l10n.NewError("reason.forward.noRecipientRelay", map[string]any{"Relay": relay})
	}
	content := Inspect(msg)
	if content.LongLines > 0 {
		data := map[string]any{"Lines": content.LongLines, "Longest": content.MaxLine}
		return Reply{}, l10n.NewError("reason.forward.longLineUnsent", data, ErrLongLine)
	}
	if content.EightBit && !s.Supports8BitMIME() {
		return Reply{}, l10n.NewError("reason.forward.eightBit", map[string]any{"Relay": relay}, ErrEightBit)
	}
	utf8Needed := !isASCII(from)
	for _, rcpt := range to {
		utf8Needed = utf8Needed || !isASCII(rcpt)
	}
	if ok, _ := s.client.Extension("SMTPUTF8"); utf8Needed && !ok {
		return Reply{}, l10n.NewError("reason.forward.smtpUTF8", map[string]any{"Relay": relay}, ErrSMTPUTF8)
	}

	// go-smtp adds BODY=8BITMIME whenever the relay offers it.
	if err := s.client.Mail(from, &smtp.MailOptions{UTF8: utf8Needed, Size: int64(len(msg))}); err != nil {
		err = replyError(err)
		data := map[string]any{"Relay": relay, "From": from, "Error": err}
		return Reply{}, l10n.NewError("reason.forward.mailRejected", data, err)
	}
	var rejected []Rejection
	for _, rcpt := range to {
		if err := s.client.Rcpt(rcpt, nil); err != nil {
			err = replyError(err)
			rejected = append(rejected, Rejection{Recipient: rcpt, Reply: err.Error(), Err: err})
		}
	}
	if len(rejected) > 0 {
		_ = s.client.Reset()
		return Reply{}, &RecipientsError{RelayName: s.relay.Name, RelayAddress: s.relay.Address(), Rejections: rejected}
	}

	data, err := s.client.Data()
	if err != nil {
		return Reply{}, relayError("reason.forward.dataRejected", s.relay, err)
	}
	if _, err := data.Write(msg); err != nil {
		return Reply{}, relayError("reason.forward.dataFailed", s.relay, err)
	}
	response, err := data.CloseWithResponse()
	if err != nil {
		return Reply{}, relayError("reason.forward.notAccepted", s.relay, err)
	}
	return Reply{Text: response.StatusText, TLS: s.tls}, nil
}

// relayError returns the catalog error id for relay. Its Error
// placeholder is cause, the relay's reply or the system's error, which
// keeps the words the relay or the system used.
func relayError(id string, relay Relay, cause error) error {
	cause = replyError(cause)
	return l10n.NewError(id, map[string]any{"Relay": relay.label(), "Error": cause}, cause)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
