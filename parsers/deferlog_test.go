package parsers

import (
	"os"
	"reflect"
	"testing"
)

func TestParseDeferLogCaptured(t *testing.T) {
	data, err := os.ReadFile(queueFixtureDir + "/defer-7E996BE094")
	if err != nil {
		t.Fatal(err)
	}
	entries := ParseDeferLog(data)
	const reason = "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"
	want := map[string]DeferEntry{
		"tempfail2@docomo.ne.jp": {
			Recipient:   "tempfail2@docomo.ne.jp",
			Offset:      353,
			DSNOrigRcpt: "rfc822;tempfail2@docomo.ne.jp",
			Status:      "4.2.0",
			Action:      "delayed",
			DiagType:    "smtp",
			DiagText:    "450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later",
			MTAType:     "dns",
			MTAName:     "127.0.0.1",
			Reason:      reason,
		},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("ParseDeferLog =\n%+v\nwant\n%+v", entries, want)
	}
}

func TestParseDeferLogCases(t *testing.T) {
	cases := []struct {
		name string
		text string
		want map[string]DeferEntry
	}{
		{
			name: "empty",
			text: "",
			want: map[string]DeferEntry{},
		},
		{
			name: "without legacy lines, two recipients",
			text: "\nrecipient=a@x.jp\noffset=10\nstatus=4.4.1\naction=delayed\nreason=connect to x.jp[192.0.2.1]:25: Connection refused\n\n" +
				"\nrecipient=b@x.jp\noriginal_recipient=alias@x.jp\noffset=30\nnotify_flags=3\nstatus=4.4.1\nreason=r2\n\n",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: 10, Status: "4.4.1", Action: "delayed", Reason: "connect to x.jp[192.0.2.1]:25: Connection refused"},
				"b@x.jp": {Recipient: "b@x.jp", OrigRecipient: "alias@x.jp", Offset: 30, NotifyFlags: 3, Status: "4.4.1", Reason: "r2"},
			},
		},
		{
			name: "later entry for the same recipient wins",
			text: "\nrecipient=a@x.jp\nstatus=4.2.0\nreason=first\n\n\nrecipient=a@x.jp\nstatus=4.7.0\nreason=second\n\n",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: -1, Status: "4.7.0", Reason: "second"},
			},
		},
		{
			name: "legacy line only",
			text: "\n<a@x.jp>: host x.jp said: 451 try later\n\n",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: -1, Reason: "host x.jp said: 451 try later"},
			},
		},
		{
			name: "unknown names and a line without =",
			text: "\nrecipient=a@x.jp\nfuture_name=1\njust text\noffset=abc\nreason=r\n\n",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: -1, Reason: "r", UnknownLines: 3},
			},
		},
		{
			name: "last entry without its closing empty line",
			text: "\nrecipient=a@x.jp\nstatus=4.2.0\nreason=half wr",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: -1, Status: "4.2.0", Reason: "half wr"},
			},
		},
		{
			name: "quoted address with an equals sign and >",
			text: "\n<\"a=b>\"@x.jp>: reason one\nrecipient=\"a=b>\"@x.jp\nreason=reason=two\n\n",
			want: map[string]DeferEntry{
				"\"a=b>\"@x.jp": {Recipient: "\"a=b>\"@x.jp", Offset: -1, Reason: "reason=two"},
			},
		},
		{
			name: "entry with no address is dropped",
			text: "\nstatus=4.2.0\nreason=r\n\n",
			want: map[string]DeferEntry{},
		},
		{
			name: "CRLF line ends",
			text: "\r\nrecipient=a@x.jp\r\nreason=r\r\n\r\n",
			want: map[string]DeferEntry{
				"a@x.jp": {Recipient: "a@x.jp", Offset: -1, Reason: "r"},
			},
		},
		{
			name: "binary garbage",
			text: "\x00\x01\xff=\x80\n\n",
			want: map[string]DeferEntry{},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ParseDeferLog([]byte(c.text))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseDeferLog =\n%+v\nwant\n%+v", got, c.want)
			}
		})
	}
}

func FuzzParseDeferLog(f *testing.F) {
	f.Add([]byte("\n<a@x.jp>: r\nrecipient=a@x.jp\noffset=1\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for address, entry := range ParseDeferLog(data) {
			if address == "" || address != entry.Recipient {
				t.Fatalf("entry %+v stored under %q", entry, address)
			}
		}
	})
}

func TestAppendDeferEntriesKeepsOrder(t *testing.T) {
	text := "\nrecipient=a@x.jp\nstatus=4.2.0\nreason=first\n\n" +
		"\nstatus=4.4.1\nreason=no address\n\n" +
		"\n<b@x.jp>: legacy only\n\n" +
		"\nrecipient=a@x.jp\nstatus=4.7.0\nreason=second\n\n"
	previous := []DeferEntry{{Recipient: "kept@x.jp", Offset: -1}}
	got := AppendDeferEntries(previous, []byte(text))
	want := []DeferEntry{
		{Recipient: "kept@x.jp", Offset: -1},
		{Recipient: "a@x.jp", Offset: -1, Status: "4.2.0", Reason: "first"},
		{Recipient: "b@x.jp", Offset: -1, Reason: "legacy only"},
		{Recipient: "a@x.jp", Offset: -1, Status: "4.7.0", Reason: "second"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AppendDeferEntries =\n%+v\nwant\n%+v", got, want)
	}
}
