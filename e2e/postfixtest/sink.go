package postfixtest

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Phase is the SMTP stage a Record belongs to.
type Phase string

// The phases a Sink records.
const (
	// PhaseConnect is an accepted TCP connection, recorded before the greeting.
	PhaseConnect Phase = "connect"
	// PhaseRcpt is the reply to one RCPT TO command.
	PhaseRcpt Phase = "rcpt"
	// PhaseData is the reply at the end of DATA, recorded once for every
	// recipient the transaction had accepted, because SMTP gives one reply
	// for all of them.
	PhaseData Phase = "data"
)

// Record is one reply a Sink sent, or one connection it accepted.
type Record struct {
	Time     time.Time
	Listener string // the name given to ListenSMTP or ListenNoGreeting
	Conn     int    // connection number, unique within the Sink, from 1
	Phase    Phase
	From     string // envelope sender; "" for the null sender and for PhaseConnect
	To       string // recipient; "" for PhaseConnect
	// MessageID is the Message-ID header without angle brackets, for PhaseData.
	MessageID string
	// Code is the reply code. For PhaseConnect it is 421 when a busy
	// listener turned the connection away, and 0 otherwise.
	Code int
	// Reply is the reply as sent, without CRLF, e.g. "550 Unknown user a@docomo.ne.jp".
	Reply string
}

// Sink is a set of SMTP servers on 127.0.0.1 that reply by the recipient's
// local part, the way docomo.ne.jp and other receivers reply, and record every
// reply. All listeners of one Sink share the records and the greylist.
//
// Replies by the local part's prefix (case-insensitive):
//
//	ok*, anything else         250 at RCPT and at end of DATA
//	tempfail*                  450 4.2.0 at RCPT, every time
//	greylist*                  450 4.7.1 at RCPT the first time the address is seen, 250 later
//	shutdown*                  421 4.7.0 at RCPT and the connection is closed, every time
//	burst*                     like shutdown the first time the address is seen, 250 later
//	reject*, unknown*          550 Unknown user ADDR at RCPT (docomo's text, no enhanced code)
//	datafail*, filtered*       250 at RCPT, 550 Unknown user ADDR at end of DATA
//	full*                      250 at RCPT, 552 Too much mail data ADDR at end of DATA
//	toolong*                   250 at RCPT, 500 Line Too Long at end of DATA
//
// The end-of-DATA reply applies to every recipient of the transaction, as it
// does at docomo: one filtered recipient makes the others bounce too, and the
// reply names the address that refused. When a transaction has several
// refusing recipients, datafail wins over full, and full over toolong.
type Sink struct {
	mu        sync.Mutex
	records   []Record
	seen      map[string]bool // addresses greylist* and burst* have already deferred
	conns     int
	closers   []io.Closer
	listeners map[string]int
	busyUntil map[string]time.Time
	closed    bool
}

// NewSink returns an empty Sink with no listeners.
func NewSink() *Sink {
	return &Sink{seen: map[string]bool{}, listeners: map[string]int{}, busyUntil: map[string]time.Time{}}
}

// StartSink returns a new Sink that is closed when the test ends.
func StartSink(t testing.TB) *Sink {
	t.Helper()
	s := NewSink()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close sink: %v", err)
		}
	})
	return s
}

// ListenSMTP starts an SMTP server on a free 127.0.0.1 port and returns the
// port. The name appears in the records and in the greeting.
func (s *Sink) ListenSMTP(name string) (int, error) {
	l, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("listen for sink %q: %w", name, err)
	}
	server := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		number := 0
		if nc, ok := c.Conn().(*numberedConn); ok {
			number = nc.number
		}
		return &session{sink: s, listener: name, conn: c, number: number}, nil
	}))
	server.Domain = name + ".sink.test"
	server.ReadTimeout = time.Minute
	server.WriteTimeout = time.Minute
	server.ErrorLog = log.New(io.Discard, "", 0)
	if err := s.track(name, l, server); err != nil {
		return 0, err
	}
	go server.Serve(&busyListener{Listener: l, sink: s, name: name, domain: server.Domain})
	return portOf(l), nil
}

// SetBusyUntil makes the SMTP listener name answer every new connection with
// "421 4.7.0 ... Service not available" as its greeting and close it, until
// the given time. Postfix counts that as a failed session, and after a few
// in a row it treats the destination as dead: for minimal_backoff_time it
// logs "delivery temporarily suspended" for the destination's mail
// instead of connecting. A 421 to RCPT (shutdown*) does not have that effect
// in Postfix 3.7.
func (s *Sink) SetBusyUntil(name string, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.listeners[name]; !ok {
		return fmt.Errorf("set listener %q busy: no listener of that name", name)
	}
	s.busyUntil[name] = until
	return nil
}

func (s *Sink) isBusy(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Before(s.busyUntil[name])
}

// busyListener numbers and records each accepted connection, and turns
// connections away with 421 while its listener is busy.
type busyListener struct {
	net.Listener
	sink   *Sink
	name   string
	domain string
}

func (l *busyListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if !l.sink.isBusy(l.name) {
			return &numberedConn{Conn: c, number: l.sink.countConn(l.name, 0, "")}, nil
		}
		reply := formatReply(421, smtp.EnhancedCode{4, 7, 0}, l.domain+" Service not available, closing transmission channel")
		l.sink.countConn(l.name, 421, reply)
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, reply+"\r\n")
		c.Close()
	}
}

// numberedConn carries the connection number from Accept to the session.
type numberedConn struct {
	net.Conn
	number int
}

// ListenNoGreeting starts a listener on a free 127.0.0.1 port that accepts
// connections and never sends a greeting, so the client times out
// (smtp_helo_timeout in Postfix). Each connection is recorded as PhaseConnect.
func (s *Sink) ListenNoGreeting(name string) (int, error) {
	l, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("listen for silent listener %q: %w", name, err)
	}
	if err := s.track(name, l, nil); err != nil {
		return 0, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.countConn(name, 0, "")
			s.trackConn(c)
			go func() {
				// Read until the client gives up; write nothing.
				io.Copy(io.Discard, c)
				c.Close()
			}()
		}
	}()
	return portOf(l), nil
}

// RefusedPort returns a 127.0.0.1 port on which nothing listens, so a
// connection is refused. The port was free a moment ago and is not held, so
// another process could bind it later; on a test machine that is unlikely.
func RefusedPort() (int, error) {
	l, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("reserve a port to refuse connections on: %w", err)
	}
	port := portOf(l)
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("close reserved port %d: %w", port, err)
	}
	return port, nil
}

// Records returns a copy of every record so far, in the order they happened.
func (s *Sink) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.records...)
}

// Close stops every listener and closes open connections.
func (s *Sink) Close() error {
	s.mu.Lock()
	closers := s.closers
	s.closers = nil
	s.closed = true
	s.mu.Unlock()

	var errs []error
	for _, c := range closers {
		if err := c.Close(); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, smtp.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Sink) track(name string, l net.Listener, server *smtp.Server) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		l.Close()
		return fmt.Errorf("listen for %q: sink is closed", name)
	}
	if _, dup := s.listeners[name]; dup {
		l.Close()
		return fmt.Errorf("listen for %q: a listener of that name exists; use another name", name)
	}
	s.listeners[name] = portOf(l)
	if server != nil {
		// Server.Close closes its listeners and connections.
		s.closers = append(s.closers, server)
	} else {
		s.closers = append(s.closers, l)
	}
	return nil
}

func (s *Sink) trackConn(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		c.Close()
		return
	}
	s.closers = append(s.closers, c)
}

// countConn numbers a new connection and records it with the greeting's
// code, 0 when the greeting is the normal 220 or none is sent.
func (s *Sink) countConn(listener string, code int, reply string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns++
	s.records = append(s.records, Record{Time: time.Now(), Listener: listener, Conn: s.conns, Phase: PhaseConnect, Code: code, Reply: reply})
	return s.conns
}

func (s *Sink) add(r Record) {
	r.Time = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
}

// firstTime reports whether addr was not seen before under key, and marks it.
func (s *Sink) firstTime(key, addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := key + "\x00" + strings.ToLower(addr)
	if s.seen[k] {
		return false
	}
	s.seen[k] = true
	return true
}

// listenLoopback listens on a TCP address whose host must be a loopback IP.
func listenLoopback(address string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("invalid listen address %q: %w", address, err)
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("refusing to listen on %q: only loopback IP addresses such as 127.0.0.1 are allowed", address)
	}
	return net.Listen("tcp", address)
}

func portOf(l net.Listener) int {
	return l.Addr().(*net.TCPAddr).Port
}

// session is one SMTP connection to a sink listener.
type session struct {
	sink     *Sink
	listener string
	conn     *smtp.Conn
	number   int

	from       string
	recipients []string
}

func (ss *session) record(phase Phase, to string, code int, reply string) {
	ss.sink.add(Record{Listener: ss.listener, Conn: ss.number, Phase: phase, From: ss.from, To: to, Code: code, Reply: reply})
}

func (ss *session) Reset() {
	ss.from = ""
	ss.recipients = nil
}

func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	ss.recipients = nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	local := strings.ToLower(to)
	if at := strings.LastIndexByte(local, '@'); at >= 0 {
		local = local[:at]
	}

	switch {
	case strings.HasPrefix(local, "tempfail"):
		return ss.fail(to, 450, smtp.EnhancedCode{4, 2, 0}, fmt.Sprintf("<%s>: Recipient address rejected: Mailbox temporarily unavailable, try again later", to))
	case strings.HasPrefix(local, "greylist") && ss.sink.firstTime("greylist", to):
		return ss.fail(to, 450, smtp.EnhancedCode{4, 7, 1}, fmt.Sprintf("<%s>: Recipient address rejected: Greylisted, try again later", to))
	case strings.HasPrefix(local, "shutdown"),
		strings.HasPrefix(local, "burst") && ss.sink.firstTime("burst", to):
		return ss.shutdown(to)
	case strings.HasPrefix(local, "reject"), strings.HasPrefix(local, "unknown"):
		return ss.fail(to, 550, smtp.NoEnhancedCode, "Unknown user "+to)
	}

	ss.recipients = append(ss.recipients, to)
	ss.record(PhaseRcpt, to, 250, fmt.Sprintf("250 2.0.0 I'll make sure <%s> gets this", to))
	return nil
}

func (ss *session) fail(to string, code int, enhanced smtp.EnhancedCode, text string) error {
	ss.record(PhaseRcpt, to, code, formatReply(code, enhanced, text))
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// shutdown sends 421 and closes the connection without waiting for QUIT, as
// a receiver does that sheds load. go-smtp writes a command's reply only
// after the handler returns and cannot close the connection afterwards, so
// the reply is written to the socket here.
func (ss *session) shutdown(to string) error {
	reply := formatReply(421, smtp.EnhancedCode{4, 7, 0}, ss.listener+".sink.test Service not available, closing transmission channel")
	ss.record(PhaseRcpt, to, 421, reply)
	raw := ss.conn.Conn()
	raw.SetWriteDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(raw, reply+"\r\n")
	raw.Close()
	return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "closing transmission channel"}
}

func (ss *session) Data(r io.Reader) error {
	messageID := ""
	if msg, err := mail.ReadMessage(r); err == nil {
		messageID = strings.Trim(msg.Header.Get("Message-Id"), "<> ")
		io.Copy(io.Discard, msg.Body)
	}
	io.Copy(io.Discard, r)

	code, enhanced, text := ss.dataReply()
	reply := formatReply(code, enhanced, text)
	for _, to := range ss.recipients {
		ss.sink.add(Record{Listener: ss.listener, Conn: ss.number, Phase: PhaseData, From: ss.from, To: to, MessageID: messageID, Code: code, Reply: reply})
	}
	if code == 250 {
		return nil
	}
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// dataReply picks the end-of-DATA reply for the accepted recipients.
func (ss *session) dataReply() (int, smtp.EnhancedCode, string) {
	var full, toolong string
	for _, to := range ss.recipients {
		local := strings.ToLower(to)
		switch {
		case strings.HasPrefix(local, "datafail"), strings.HasPrefix(local, "filtered"):
			return 550, smtp.NoEnhancedCode, "Unknown user " + to
		case strings.HasPrefix(local, "full") && full == "":
			full = to
		case strings.HasPrefix(local, "toolong") && toolong == "":
			toolong = to
		}
	}
	switch {
	case full != "":
		return 552, smtp.NoEnhancedCode, "Too much mail data " + full
	case toolong != "":
		return 500, smtp.NoEnhancedCode, "Line Too Long"
	}
	return 250, smtp.EnhancedCode{2, 0, 0}, fmt.Sprintf("Ok: queued as SINK%06d", ss.number)
}

// formatReply renders a reply line the way go-smtp writes it.
func formatReply(code int, enhanced smtp.EnhancedCode, text string) string {
	if enhanced == smtp.NoEnhancedCode {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("%d %d.%d.%d %s", code, enhanced[0], enhanced[1], enhanced[2], text)
}
