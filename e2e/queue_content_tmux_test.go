package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/text/encoding/japanese"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// jisNoticeSubject is the Subject the test sends ISO-2022-JP encoded.
const jisNoticeSubject = "【発送のお知らせ】ご注文ありがとうございます"

// TestQueueMessageContentOnRealPostfix submits a docomo message whose
// Subject and body are ISO-2022-JP, as Japanese mailers send them, lets
// the docomo sink defer it, opens it on the queue screen of a Japanese
// dashboard and checks that the decoded Subject, sender name and body are
// shown.
func TestQueueMessageContentOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)

	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})

	recipient := "tempfail01@docomo.ne.jp"
	queueID := submitRawSMTP(t, in.SMTPPort(), "shop@shop.example", recipient, jisNotice(t, "shop@shop.example", recipient))

	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	err = in.WaitLog(ctx, func(lines []string) bool {
		return findLine(lines, queueID+": to=<"+recipient+">", "status=deferred") != ""
	})
	if err != nil {
		t.Fatalf("%s was not deferred: %v", queueID, err)
	}

	// LC_ALL would override LANG, so the pane's own is removed.
	argv := []string{"env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=ja_JP.UTF-8",
		binary, "-c", in.ConfigDir(), "--since", "all"}
	p := startTmuxPane(t, 132, 40, argv, "TZ=UTC")
	p.waitText(screenTimeout, "mailtop")

	p.keys("Q")
	p.waitText(screenTimeout, queueID)
	selectRow(p, queueID)
	p.keys("Enter")
	// Wait for the last lines of the view too: a capture taken while the
	// terminal is still drawing the view can end halfway through it.
	screen := p.waitText(screenTimeout, "メッセージの内容", "Subject: "+jisNoticeSubject,
		"文字コード iso-2022-jp", "ご注文の商品を本日発送しました。")
	for _, want := range []string{
		"キュー内のメッセージ " + queueID,
		"From: 通販ショップ <shop@shop.example>",
		"文字コード iso-2022-jp",
		"ご注文の商品を本日発送しました。",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("message view lacks %q; the screen was:\n%s", want, screen)
		}
	}

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// jisNotice returns a shipping notice as a Japanese mailer writes it:
// ISO-2022-JP encoded-words in Subject and From, an ISO-2022-JP 7bit body
// and CRLF line ends.
func jisNotice(t *testing.T, from, to string) []byte {
	t.Helper()
	jis := func(text string) []byte {
		out, err := japanese.ISO2022JP.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatalf("encode %q as ISO-2022-JP: %v", text, err)
		}
		return out
	}
	word := func(text string) string {
		return "=?ISO-2022-JP?B?" + base64.StdEncoding.EncodeToString(jis(text)) + "?="
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s <%s>\r\n", word("通販ショップ"), from)
	fmt.Fprintf(&b, "To: %s\r\n", to)
	fmt.Fprintf(&b, "Subject: %s\r\n %s\r\n", word("【発送のお知らせ】"), word("ご注文ありがとうございます"))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%d.notice@shop.example>\r\n", time.Now().UnixNano())
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=ISO-2022-JP\r\n")
	b.WriteString("Content-Transfer-Encoding: 7bit\r\n\r\n")
	body := jis("ご注文ありがとうございます。\nご注文の商品を本日発送しました。\n")
	b.Write(bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n")))
	return b.Bytes()
}

// submitRawSMTP sends content as it is to the smtpd on 127.0.0.1:port and
// returns the queue ID of the "queued as" reply.
func submitRawSMTP(t *testing.T, port int, from, to string, content []byte) string {
	t.Helper()
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("connect to smtpd on 127.0.0.1:%d: %v", port, err)
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		t.Fatalf("EHLO: %v", err)
	}
	if err := c.Mail(from, nil); err != nil {
		t.Fatalf("MAIL FROM:<%s>: %v", from, err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		t.Fatalf("RCPT TO:<%s>: %v", to, err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatalf("DATA: %v", err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatalf("write message: %v", err)
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		t.Fatalf("end of DATA: %v", err)
	}
	match := regexp.MustCompile(`queued as ([0-9A-Za-z]+)`).FindStringSubmatch(resp.StatusText)
	if match == nil {
		t.Fatalf("end of DATA reply %q has no queue ID", resp.StatusText)
	}
	_ = c.Quit()
	return match[1]
}
