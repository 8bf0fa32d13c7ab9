package postfixtest

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sendOne runs one SMTP transaction against the sink and returns the error
// of the first command that failed.
func sendOne(t *testing.T, port int, from string, rcpts ...string) error {
	t.Helper()
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		return err
	}
	if err := c.Mail(from, nil); err != nil {
		return err
	}
	for _, rcpt := range rcpts {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Message-ID: <m1@example.org>\r\nSubject: test\r\n\r\nbody\r\n")
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func smtpCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

func TestSinkRepliesByLocalPart(t *testing.T) {
	tests := []struct {
		rcpt  string
		code  int
		phase Phase
		reply string
	}{
		{"ok1@docomo.ne.jp", 0, PhaseData, "250 2.0.0 Ok: queued as"},
		{"someone@docomo.ne.jp", 0, PhaseData, "250 2.0.0"},
		{"tempfail1@docomo.ne.jp", 450, PhaseRcpt, "450 4.2.0 <tempfail1@docomo.ne.jp>"},
		{"reject1@docomo.ne.jp", 550, PhaseRcpt, "550 Unknown user reject1@docomo.ne.jp"},
		{"Unknown2@docomo.ne.jp", 550, PhaseRcpt, "550 Unknown user Unknown2@docomo.ne.jp"},
		{"datafail1@docomo.ne.jp", 550, PhaseData, "550 Unknown user datafail1@docomo.ne.jp"},
		{"filtered1@docomo.ne.jp", 550, PhaseData, "550 Unknown user filtered1@docomo.ne.jp"},
		{"full1@docomo.ne.jp", 552, PhaseData, "552 Too much mail data full1@docomo.ne.jp"},
		{"toolong1@docomo.ne.jp", 500, PhaseData, "500 Line Too Long"},
	}
	for _, tt := range tests {
		t.Run(tt.rcpt, func(t *testing.T) {
			s := StartSink(t)
			port, err := s.ListenSMTP("docomo")
			if err != nil {
				t.Fatal(err)
			}
			err = sendOne(t, port, "shop@shop.example", tt.rcpt)
			if got := smtpCode(err); got != tt.code {
				t.Errorf("client error code = %d (%v), want %d", got, err, tt.code)
			}
			records := s.Records()
			last := records[len(records)-1]
			if last.Phase != tt.phase || last.To != tt.rcpt || last.From != "shop@shop.example" {
				t.Errorf("last record = %+v, want phase %s for %s from shop@shop.example", last, tt.phase, tt.rcpt)
			}
			if !strings.HasPrefix(last.Reply, tt.reply) {
				t.Errorf("reply = %q, want prefix %q", last.Reply, tt.reply)
			}
			if tt.phase == PhaseData && last.MessageID != "m1@example.org" {
				t.Errorf("message ID = %q, want m1@example.org", last.MessageID)
			}
		})
	}
}

func TestSinkGreylistDefersOnce(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenSMTP("ezweb")
	if err != nil {
		t.Fatal(err)
	}
	if err := sendOne(t, port, "a@shop.example", "greylist1@ezweb.ne.jp"); smtpCode(err) != 450 {
		t.Errorf("first attempt: got %v, want 450", err)
	}
	if err := sendOne(t, port, "a@shop.example", "greylist1@ezweb.ne.jp"); err != nil {
		t.Errorf("second attempt: got %v, want success", err)
	}
}

func TestSinkShutdownClosesConnection(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("a@shop.example", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("ok1@docomo.ne.jp", nil); err != nil {
		t.Fatal(err)
	}
	err = c.Rcpt("shutdown1@docomo.ne.jp", nil)
	if got := smtpCode(err); got != 421 {
		t.Fatalf("RCPT shutdown1: got %v, want 421", err)
	}
	if err := c.Rcpt("ok2@docomo.ne.jp", nil); err == nil {
		t.Errorf("RCPT after 421 succeeded, want a closed connection")
	}
	for _, r := range s.Records() {
		if r.To == "ok2@docomo.ne.jp" {
			t.Errorf("sink recorded %+v after it hung up", r)
		}
	}
}

func TestSinkBurstDefersOnce(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	if err := sendOne(t, port, "a@shop.example", "burst1@docomo.ne.jp"); smtpCode(err) != 421 {
		t.Errorf("first attempt: got %v, want 421", err)
	}
	if err := sendOne(t, port, "a@shop.example", "burst1@docomo.ne.jp"); err != nil {
		t.Errorf("second attempt: got %v, want success", err)
	}
}

func TestSinkDataFailureAppliesToWholeTransaction(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	err = sendOne(t, port, "a@shop.example", "ok1@docomo.ne.jp", "datafail1@docomo.ne.jp", "full1@docomo.ne.jp")
	if smtpCode(err) != 550 {
		t.Fatalf("got %v, want 550 at end of DATA", err)
	}
	var data []Record
	for _, r := range s.Records() {
		if r.Phase == PhaseData {
			data = append(data, r)
		}
	}
	if len(data) != 3 {
		t.Fatalf("got %d data records, want one per recipient (3): %+v", len(data), data)
	}
	for _, r := range data {
		if r.Code != 550 || r.Reply != "550 Unknown user datafail1@docomo.ne.jp" {
			t.Errorf("record for %s = %d %q, want the datafail1 reply", r.To, r.Code, r.Reply)
		}
	}
}

func TestSinkBusyListenerGreetsWith421(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBusyUntil("docomo", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 200)
	n, _ := c.Read(buf)
	if got := string(buf[:n]); !strings.HasPrefix(got, "421 4.7.0 ") {
		t.Errorf("greeting = %q, want 421 4.7.0", got)
	}
	if err := s.SetBusyUntil("nosuch", time.Now()); err == nil {
		t.Errorf("SetBusyUntil on an unknown listener succeeded, want an error")
	}
	records := s.Records()
	if len(records) != 1 || records[0].Phase != PhaseConnect || records[0].Code != 421 {
		t.Errorf("records = %+v, want one connect record with code 421", records)
	}
}

func TestSinkNoGreetingSendsNothing(t *testing.T) {
	s := StartSink(t)
	port, err := s.ListenNoGreeting("slow")
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, 10)
	if n, err := c.Read(buf); n != 0 || err == nil {
		t.Errorf("read %d bytes (%q), err %v; want a timeout with no bytes", n, buf[:n], err)
	}
}

func TestRefusedPortRefuses(t *testing.T) {
	port, err := RefusedPort()
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err == nil {
		c.Close()
		t.Errorf("connect to refused port %d succeeded", port)
	}
}

func TestListenLoopbackRejectsOtherAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "[::]:0", "example.com:25", "garbage"} {
		if l, err := listenLoopback(addr); err == nil {
			l.Close()
			t.Errorf("listenLoopback(%q) succeeded, want an error", addr)
		}
	}
	l, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		t.Fatalf("listenLoopback(127.0.0.1:0): %v", err)
	}
	l.Close()
}

func TestSinkDuplicateListenerName(t *testing.T) {
	s := StartSink(t)
	if _, err := s.ListenSMTP("docomo"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ListenNoGreeting("docomo"); err == nil {
		t.Errorf("second listener named docomo succeeded, want an error")
	}
}
