package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
)

// Milter protocol commands and replies that this milter handles, as Postfix
// sends and accepts them.
const (
	milterOptNeg   = 'O'
	milterMacro    = 'D'
	milterEOB      = 'E'
	milterAbort    = 'A'
	milterQuit     = 'Q'
	milterQuitNC   = 'K'
	milterContinue = 'c'
	milterAccept   = 'a'
	milterAddHdr   = 'h'
	milterAddRcpt  = '+'

	// milterActions requests the right to add headers and recipients.
	milterActions = 0x01 | 0x04
)

// milter is a milter on 127.0.0.1 that adds one header and one recipient
// to every message at the end of DATA. cleanup appends what a milter adds
// at the end of the queue file and links it in with p records, which is
// how the capture gets a file with non-zero pointers.
type milter struct {
	ln        net.Listener
	header    [2]string
	recipient string
}

// startMilter listens on a free 127.0.0.1 port and serves connections until
// the listener is closed.
func startMilter(headerName, headerValue, recipient string) (*milter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the milter on 127.0.0.1: %w", err)
	}
	m := &milter{ln: ln, header: [2]string{headerName, headerValue}, recipient: recipient}
	go m.serve()
	return m, nil
}

func (m *milter) port() int { return m.ln.Addr().(*net.TCPAddr).Port }

func (m *milter) close() error { return m.ln.Close() }

func (m *milter) serve() {
	for {
		conn, err := m.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			if err := m.session(conn); err != nil && !errors.Is(err, io.EOF) {
				log.Printf("milter: %v", err)
			}
		}()
	}
}

// session serves one Postfix connection. It replies continue at every
// stage that expects a reply, and sends the two additions at the end of the body.
func (m *milter) session(conn net.Conn) error {
	r := bufio.NewReader(conn)
	for {
		cmd, data, err := readPacket(r)
		if err != nil {
			return err
		}
		switch cmd {
		case milterOptNeg:
			if len(data) < 12 {
				return fmt.Errorf("invalid option negotiation of %d bytes, expected 12", len(data))
			}
			version := binary.BigEndian.Uint32(data)
			if version > 6 {
				version = 6
			}
			reply := make([]byte, 12)
			binary.BigEndian.PutUint32(reply, version)
			binary.BigEndian.PutUint32(reply[4:], milterActions)
			// Protocol 0: every stage is sent and every reply expected.
			if err := writePacket(conn, milterOptNeg, reply); err != nil {
				return err
			}
		case milterMacro, milterAbort:
			// No reply is expected.
		case milterQuit, milterQuitNC:
			return nil
		case milterEOB:
			hdr := m.header[0] + "\x00" + m.header[1] + "\x00"
			if err := writePacket(conn, milterAddHdr, []byte(hdr)); err != nil {
				return err
			}
			if err := writePacket(conn, milterAddRcpt, []byte("<"+m.recipient+">\x00")); err != nil {
				return err
			}
			if err := writePacket(conn, milterAccept, nil); err != nil {
				return err
			}
		default:
			if err := writePacket(conn, milterContinue, nil); err != nil {
				return err
			}
		}
	}
}

func readPacket(r *bufio.Reader) (byte, []byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n == 0 || n > 1<<20 {
		return 0, nil, fmt.Errorf("invalid milter packet length %d", n)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return 0, nil, err
	}
	return buf[0], buf[1:], nil
}

func writePacket(w io.Writer, cmd byte, data []byte) error {
	buf := make([]byte, 5+len(data))
	binary.BigEndian.PutUint32(buf, uint32(1+len(data)))
	buf[4] = cmd
	copy(buf[5:], data)
	_, err := w.Write(buf)
	return err
}
