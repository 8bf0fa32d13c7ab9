package smtptest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// ScriptedRelay is a hand-written SMTP server for what go-smtp's server
// cannot do: never greet, offer no extension but PIPELINING (go-smtp
// always offers 8BITMIME), or drop the connection in the middle of DATA.
// Without Silent or DropInData it accepts every message. Set the fields
// before StartScriptedRelay.
type ScriptedRelay struct {
	// Silent accepts connections and never greets.
	Silent bool
	// DropInData closes the connection after the first line of DATA.
	DropInData bool

	// Port is the 127.0.0.1 port StartScriptedRelay listens on.
	Port int

	mu       sync.Mutex
	commands []string
	messages [][]byte
}

// scriptedDeadline bounds one connection to a ScriptedRelay, a silent one
// included.
const scriptedDeadline = time.Minute

// StartScriptedRelay starts relay on a free port of 127.0.0.1 and returns
// it. The listener closes when the test ends.
func StartScriptedRelay(t testing.TB, relay *ScriptedRelay) *ScriptedRelay {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for the scripted relay: %v", err)
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
	relay.Port = listener.Addr().(*net.TCPAddr).Port
	return relay
}

// Received returns a copy of the messages accepted so far, in order, as
// they arrived after DATA with dot-stuffing undone.
func (s *ScriptedRelay) Received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.messages...)
}

// Saw reports whether a client sent the command verb, such as "MAIL".
func (s *ScriptedRelay) Saw(verb string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, command := range s.commands {
		if command == verb {
			return true
		}
	}
	return false
}

func (s *ScriptedRelay) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(scriptedDeadline))
	r := bufio.NewReader(conn)
	if s.Silent {
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
			if s.DropInData {
				r.ReadString('\n')
				return
			}
			data, ok := readData(r)
			if !ok {
				return
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

// readData reads the lines after DATA up to the lone dot and returns them
// with dot-stuffing undone; ok is false when the connection ended first.
func readData(r *bufio.Reader) (data []byte, ok bool) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, false
		}
		if line == ".\r\n" {
			return data, true
		}
		data = append(data, strings.TrimPrefix(line, ".")...)
	}
}
