package sources

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// syslogLine is one Postfix line in traditional syslog form.
const syslogLine = "Dec  4 10:00:00 mx postfix/qmgr[9]: 4F2A: removed\n"

// arMember returns one member of an ar archive: the 60-byte header that
// ar(5) describes, of text only, then data, padded to an even length.
func arMember(name string, data []byte) []byte {
	header := fmt.Sprintf("%-16s%-12d%-6d%-6d%-8s%-10d`\n", name+"/", 1796509905, 0, 0, "100644", len(data))
	member := append([]byte(header), data...)
	if len(data)%2 == 1 {
		member = append(member, '\n')
	}
	return member
}

// debPackage returns the bytes of a Debian package as dpkg-deb builds it:
// an ar archive whose first line is "!<arch>", then the text member
// debian-binary, then xz-compressed tar members. Its first NUL byte, in
// the xz header, comes before any control byte.
func debPackage() []byte {
	xzData := slices.Concat([]byte("\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4\x46"), randomBytes(3000))
	return slices.Concat([]byte("!<arch>\n"),
		arMember("debian-binary", []byte("2.0\n")),
		arMember("control.tar.xz", xzData),
		arMember("data.tar.xz", xzData))
}

// tarOf returns a tar archive of one text file, whose header has the
// file's name followed by NUL bytes.
func tarOf(t *testing.T, name, text string) []byte {
	t.Helper()
	var archive bytes.Buffer
	tw := tar.NewWriter(&archive)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(text))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return archive.Bytes()
}

// builtArArchive returns an ar archive that ar(1) builds of a text file and
// a tar archive, or skips the test when ar is not installed.
func builtArArchive(t *testing.T) []byte {
	t.Helper()
	arPath, err := exec.LookPath("ar")
	if err != nil {
		t.Skip("ar is not installed:", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("release notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data.tar"), tarOf(t, "etc/mail/aliases", "postmaster: root\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(arPath, "rc", "archive.a", "notes.txt", "data.tar")
	cmd.Dir = dir
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ar rc: %v\n%s", err, output)
	}
	archive, err := os.ReadFile(filepath.Join(dir, "archive.a"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(archive, []byte("!<arch>\n")) {
		t.Fatalf("ar built no ar archive: %q", archive[:min(len(archive), 16)])
	}
	return archive
}

// Binary files whose first line is plain text are rejected, as other binary
// files are, instead of being read as a log whose lines are unrecognized.
func TestTextProbeRejectsArchives(t *testing.T) {
	heads := map[string][]byte{
		"Debian package": debPackage(),
		"ar archive of a text file and a tar archive": slices.Concat([]byte("!<arch>\n"),
			arMember("notes.txt", []byte("release notes\n")),
			arMember("data.tar", tarOf(t, "etc/mail/aliases", "postmaster: root\n"))),
	}
	t.Run("built by ar", func(t *testing.T) {
		checkRejected(t, builtArArchive(t))
	})
	for name, head := range heads {
		t.Run(name, func(t *testing.T) {
			checkRejected(t, head)
		})
	}
}

func checkRejected(t *testing.T, head []byte) {
	t.Helper()
	err := checkText("/tmp/x.deb", head[:min(len(head), binaryProbeBytes)])
	if !errors.Is(err, ErrBinaryLog) {
		t.Fatalf("checkText: %v, want ErrBinaryLog", err)
	}
	if !strings.HasPrefix(err.Error(), "cannot read log /tmp/x.deb: binary file, not a text mail log (") {
		t.Errorf("error %q does not start by naming the log", err)
	}
	if !strings.HasSuffix(err.Error(), "): pass --log the file that Postfix or syslog writes, such as /var/log/mail.log") {
		t.Errorf("error %q does not end with the fix", err)
	}
}

// Each form of log that mailtop reads passes the probe when its first NUL
// byte is crash padding followed by a line of control bytes, as long as a
// complete timestamped line comes before the padding.
func TestTextProbeAcceptsLogForms(t *testing.T) {
	starts := map[string]string{
		"syslog, space-padded day": "Dec  4 10:00:00 mx postfix/smtp[1]: 4F2A: to=<a@docomo.ne.jp>, status=sent (250 ok)\n",
		"syslog, two-digit day":    "Dec 14 10:00:00 mx postfix/smtp[1]: 4F2A: to=<a@docomo.ne.jp>, status=sent (250 ok)\n",
		"RFC 3339 with fraction":   "2026-12-04T10:00:00.123456+09:00 mx postfix/smtp[1]: 4F2A: removed\n",
		"RFC 3339 in UTC":          "2026-12-04T01:00:00Z mx postfix/qmgr[2]: 4F2A: removed\n",
		"RFC 5424":                 "<22>1 2026-12-04T10:00:00.123+09:00 mx postfix/qmgr 2 - - 4F2A: removed\n",
		"Postfix maillog_file":     "Dec 04 10:00:00 mx postfix/smtp[1]: 4F2A: removed\n",
		"RFC 3339, qmgr line":      "2026-12-04T10:00:00.123456+09:00 mx postfix/qmgr[2]: 4F2A: removed\n",
		"journalctl short":         "Dec 04 10:00:00 mx postfix/qmgr[2]: 4F2A: removed\n",
		"journalctl short-iso":     "2026-12-04T10:00:00+0900 mx postfix/qmgr[2]: 4F2A: removed\n",
		"journalctl with its header": "-- Logs begin at Thu 2026-12-03 09:00:00 JST, end at Fri 2026-12-04 10:00:00 JST. --\n" +
			"Dec 04 10:00:00 mx postfix/qmgr[2]: 4F2A: removed\n",
		"start in the middle of a line": "ne.jp, relay=mx.docomo.ne.jp[192.0.2.1]:25, status=sent (250 ok)\n" + syslogLine,
		"byte order mark":               "\ufeff" + syslogLine,
		"leading padding":               "\x00\x00\x00" + syslogLine,
	}
	for name, start := range starts {
		t.Run(name, func(t *testing.T) {
			head := []byte(start + strings.Repeat("\x00", 300) + "\x01binary\x02\n" + syslogLine)
			if err := checkText("mail.log", head); err != nil {
				t.Errorf("checkText: %v, want the log accepted", err)
			}
			for _, size := range []int{1, 5} {
				probe := newTextProbe("mail.log")
				var err error
				for at := 0; at < len(head) && err == nil; at += size {
					err = probe.add(head[at:min(at+size, len(head))])
				}
				if err == nil {
					err = probe.end()
				}
				if err != nil {
					t.Errorf("add in parts of %d bytes: %v, want the log accepted", size, err)
				}
			}
		})
	}
}
