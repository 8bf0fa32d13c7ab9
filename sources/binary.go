package sources

import (
	"errors"
	"fmt"
	"io"
)

// ErrBinaryLog means the start of a log read once looks like a program, an
// archive, a database or another binary file rather than a text mail log.
// Reading it anyway would count any strings in it that look like log lines.
var ErrBinaryLog = errors.New("binary file, not a text mail log")

// binaryProbeBytes is how much of the start of a log is checked by
// textProbe.
const binaryProbeBytes = 64 << 10

// maxPaddingRuns is the largest number of separate runs of NUL bytes that
// the start of a text log may contain. An unclean shutdown typically
// leaves one run, where the data written last never reached the disk.
// Programs and compressed data have hundreds in 64 KiB, and UTF-16 text
// has one every other byte.
const maxPaddingRuns = 16

// textProbe distinguishes a text log that contains crash padding from a
// binary file by the first binaryProbeBytes of the log, which it may be
// given in parts.
//
// A log passes as soon as it has started as a log. That is the case when a
// complete line that starts with a log timestamp (see stampReader) comes
// before the first NUL byte after any leading run of NUL bytes. No control
// byte other than tab, LF, VT, FF, CR, SO, SI and ESC may come before that
// NUL byte. The probe then stops, so padding that a crash leaves later in
// the log cannot reject the whole log, nor can the bytes written after it.
// The readers end lines at the padding (see padding.go), and the parser
// counts the lines it does not recognize. Any complete line may be the
// timestamped one, so a log that starts in the middle of a line after a
// rotation, or with journalctl's "-- Logs begin at" line, passes too. A
// complete line of plain text is not enough: an ar archive such as a .deb
// package starts with "!<arch>" and member headers of text, and its first
// NUL byte can come before any control byte.
//
// Otherwise a start without NUL bytes passes, whatever else it contains.
// A start with NUL bytes passes when they form at most maxPaddingRuns runs
// and no other byte is a control byte besides those listed above. ESC, SO
// and SI occur in ISO-2022-JP and ISO-2022-KR header text that
// header_checks logs. Bytes from 0x80 up are allowed, so UTF-8, Shift_JIS,
// EUC-JP and Latin-1 text passes. Programs, compressed data, databases and
// random bytes contain both NULs and other control bytes, and their first
// NUL byte comes before a line break or after a control byte.
type textProbe struct {
	// name is the log's path, or "standard input", for the error.
	name string
	// checked counts the bytes examined so far.
	checked int64
	// runs counts the runs of NUL bytes seen, and inRun is set when the
	// last byte examined was a NUL.
	runs  int
	inRun bool
	// firstNUL and firstControl are the offsets of the first NUL byte and
	// of the first other control byte, or -1 before one is seen, and
	// control is the value of that control byte.
	firstNUL     int64
	firstControl int64
	control      byte
	// inLeadingRun is set until the first byte that is not NUL.
	inLeadingRun bool
	// lineHead holds the first bytes of the current line, enough for the
	// longest timestamp that stampReader reads, and stampedLine is set at
	// the end of the first complete line that starts with one.
	lineHead    []byte
	stampedLine bool
	// startJudged is set at the first NUL byte after the leading run.
	// startedAsText is set there too when the log has started as a log, and
	// ends the probe.
	startJudged   bool
	startedAsText bool
	// finished is set once end has given its verdict.
	finished bool
}

// stampHeadBytes is how much of the start of a line textProbe keeps to look
// for a timestamp. The longest form, an RFC 5424 header with a
// nanosecond RFC 3339 stamp such as "<191>1
// 2026-12-04T10:00:00.123456789+09:00", is 42 bytes.
const stampHeadBytes = 64

func newTextProbe(name string) *textProbe {
	return &textProbe{name: name, firstNUL: -1, firstControl: -1, inLeadingRun: true, lineHead: make([]byte, 0, stampHeadBytes)}
}

// binaryControl marks the control bytes that text in a log does not
// contain: every byte below 0x20 but NUL, tab, LF, VT, FF, CR, SO, SI and
// ESC, and DEL. NUL is counted separately.
var binaryControl = func() (table [256]bool) {
	for c := 1; c < 0x20; c++ {
		switch c {
		case '\t', '\n', '\v', '\f', '\r', 0x0e, 0x0f, 0x1b:
		default:
			table[c] = true
		}
	}
	table[0x7f] = true
	return table
}()

// add examines the next part of the log's start and returns an error
// wrapping ErrBinaryLog as soon as the bytes examined so far mark the log as
// binary. Bytes past the first binaryProbeBytes of the log are ignored. A
// caller that reaches the end of the log before binaryProbeBytes calls end
// for the verdict on the whole log.
func (p *textProbe) add(data []byte) error {
	if p.startedAsText || p.finished {
		return nil
	}
	data = data[:min(int64(len(data)), max(binaryProbeBytes-p.checked, 0))]
	for i, c := range data {
		offset := p.checked + int64(i)
		switch {
		case c == 0:
			if !p.inLeadingRun {
				// The readers end a line at padding, so the text before
				// it is a line of its own.
				p.endLine()
			}
			if !p.inLeadingRun && !p.startJudged {
				p.startJudged = true
				if p.stampedLine && p.firstControl < 0 {
					p.startedAsText = true
					p.checked += int64(i + 1)
					return nil
				}
			}
			if p.inRun {
				continue
			}
			p.inRun = true
			p.runs++
			if p.firstNUL < 0 {
				p.firstNUL = offset
			}
			if p.runs > maxPaddingRuns {
				p.checked += int64(i + 1)
				return p.binaryError(fmt.Sprintf("more than %d runs of NUL bytes, run %d at offset %d", maxPaddingRuns, p.runs, offset))
			}
		case binaryControl[c]:
			p.inRun = false
			p.addToLineHead(c)
			if p.firstControl < 0 {
				p.firstControl, p.control = offset, c
			}
		case c == '\n':
			p.inRun = false
			p.endLine()
		default:
			p.inRun = false
			p.addToLineHead(c)
		}
		if c != 0 {
			p.inLeadingRun = false
		}
		if p.firstNUL >= 0 && p.firstControl >= 0 {
			p.checked += int64(i + 1)
			return p.binaryError(p.firstBytesDetail())
		}
	}
	p.checked += int64(len(data))
	if p.checked >= binaryProbeBytes {
		return p.end()
	}
	return nil
}

// end returns the verdict on the bytes examined when no more come, at the
// end of the log or of the probe. A log with a NUL byte after its leading
// run of NUL bytes is binary when no line in the probe starts with a
// timestamp: a log cut by a crash in its first line still has lines after
// the padding. Text in an archive, such as a tar archive in an ar archive,
// has NUL bytes but no control byte, and only this check rejects it.
func (p *textProbe) end() error {
	if p.startedAsText || p.finished {
		return nil
	}
	p.finished = true
	p.endLine()
	if p.startJudged && !p.stampedLine {
		return p.binaryError(fmt.Sprintf("NUL byte at offset %d, and no line starts with a log timestamp", p.firstNUL))
	}
	return nil
}

// addToLineHead keeps c when the current line has fewer than
// stampHeadBytes bytes so far.
func (p *textProbe) addToLineHead(c byte) {
	if len(p.lineHead) < stampHeadBytes {
		p.lineHead = append(p.lineHead, c)
	}
}

// endLine notes whether the line that has just ended, at a newline, at
// padding or at the end of the probe, starts with a timestamp.
func (p *textProbe) endLine() {
	if !p.stampedLine && len(p.lineHead) > 0 {
		_, p.stampedLine = stampReader{}.read(p.lineHead)
	}
	p.lineHead = p.lineHead[:0]
}

// firstBytesDetail names the first NUL byte and the first other control
// byte, the one at the lower offset first.
func (p *textProbe) firstBytesDetail() string {
	nul := fmt.Sprintf("NUL byte at offset %d", p.firstNUL)
	control := fmt.Sprintf("control byte 0x%02x at offset %d", p.control, p.firstControl)
	if p.firstControl < p.firstNUL {
		return control + " and " + nul
	}
	return nul + " and " + control
}

// done reports whether the probe has examined all the bytes it checks.
func (p *textProbe) done() bool {
	return p.startedAsText || p.checked >= binaryProbeBytes
}

func (p *textProbe) binaryError(detail string) error {
	return &BinaryLogError{Name: p.name, Detail: detail}
}

// StandardInputName is the name that errors give standard input read as
// a log.
const StandardInputName = "standard input"

// BinaryLogError reports a log that looks binary. It wraps ErrBinaryLog.
type BinaryLogError struct {
	// Name is the log's path, or StandardInputName.
	Name string
	// Detail names the bytes that mark the log as binary, such as "NUL
	// byte at offset 7 and control byte 0x10 at offset 8".
	Detail string
}

// Error names the log and the bytes that mark it as binary, and gives
// --log with the mail log as the fix. A command that takes the log otherwise builds
// its own message from Name and Detail.
func (e *BinaryLogError) Error() string {
	return fmt.Sprintf("cannot read log %s: %v (%s): pass --log the file that Postfix or syslog writes, such as /var/log/mail.log", e.Name, ErrBinaryLog, e.Detail)
}

// Unwrap returns ErrBinaryLog.
func (e *BinaryLogError) Unwrap() error { return ErrBinaryLog }

// checkText returns an error wrapping ErrBinaryLog when head, the start of
// the log file at path, looks binary to a textProbe. A followed file is
// checked too: a program or a database named by mistake would otherwise
// give an empty dashboard, since --since finds no timestamp in it.
// Standard input that is followed is not checked (see OpenLogs).
func checkText(path string, head []byte) error {
	probe := newTextProbe(path)
	if err := probe.add(head); err != nil {
		return err
	}
	// head is the whole log when it is shorter than the probe.
	return probe.end()
}

// readHead returns up to binaryProbeBytes from the start of r.
func readHead(r io.ReaderAt) ([]byte, error) {
	buf := make([]byte, binaryProbeBytes)
	n, err := r.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}
