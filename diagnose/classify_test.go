package diagnose

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

const (
	docomoRelay = "mfsmax.docomo.ne.jp[203.138.180.112]:25"
	auRelay     = "lsean.ezweb.ne.jp[27.85.176.228]:25"
	localRelay  = "127.0.0.1[127.0.0.1]:2525"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want Result
	}{
		{
			name: "sent is no class",
			in: Input{Status: parsers.StatusSent, DSN: "2.0.0", Relay: docomoRelay,
				Reason: "250 2.0.0 Ok: 320 bytes queued as SINK850812", Domain: "docomo.ne.jp"},
			want: Result{Carrier: CarrierDocomo},
		},
		{
			name: "docomo unknown user at RCPT",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user user@docomo.ne.jp (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "docomo unknown user at end of DATA",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user user@docomo.ne.jp (in reply to end of DATA command)"},
			want: Result{Class: Filtered, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "docomo collateral reject naming another address",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.181.240] said: 550 Unknown user other@docomo.ne.jp (in reply to end of DATA command)"},
			want: Result{Class: Filtered, Carrier: CarrierDocomo, Basis: BasisText, Collateral: true},
		},
		{
			name: "docomo by recipient domain on a test relay",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "DOCOMO.NE.JP", Recipient: "a@docomo.ne.jp",
				Reason: "host 127.0.0.1[127.0.0.1] said: 550 Unknown user a@docomo.ne.jp (in reply to end of DATA command)"},
			want: Result{Class: Filtered, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "docomo too much mail data",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 552, Phase: parsers.PhaseDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.240] said: 552 Too much mail data user@docomo.ne.jp (in reply to DATA command)"},
			want: Result{Class: MailboxFull, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "docomo too many recipients",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 552, Phase: parsers.PhaseRCPT,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.240] said: 552 Too many recipients (in reply to RCPT TO command)"},
			want: Result{Class: TooManyRecipients, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "docomo line too long",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 500, Phase: parsers.PhaseEndOfDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.240] said: 500 Line Too Long (in reply to end of DATA command)"},
			want: Result{Class: ContentFormat, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "au user unknown at RCPT",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: auRelay, Domain: "ezweb.ne.jp", Recipient: "user@ezweb.ne.jp",
				Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 <user@ezweb.ne.jp>: User unknown (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Carrier: CarrierAU, Basis: BasisText},
		},
		{
			name: "au empty address at end of DATA",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "msmx.au.com[27.85.176.228]:25", Domain: "au.com", Recipient: "user@au.com",
				Reason: "host msmx.au.com[27.85.176.228] said: 550 : User unknown (in reply to end of DATA command)"},
			want: Result{Class: Filtered, Carrier: CarrierAU, Basis: BasisText},
		},
		{
			name: "au relay access denied",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 554, Phase: parsers.PhaseRCPT,
				Relay: auRelay, Domain: "ezweb.ne.jp",
				Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 554 <a..b@ezweb.ne.jp>: Relay access denied (in reply to RCPT TO command)"},
			want: Result{Class: RelayDenied, Carrier: CarrierAU, Basis: BasisText},
		},
		{
			name: "softbank invalid recipient",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: "mx.i.softbank.jp[1.2.3.4]:25", Domain: "i.softbank.jp",
				Reason: "host mx.i.softbank.jp[1.2.3.4] said: 550 Invalid recipient: <user@i.softbank.jp> (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Carrier: CarrierSoftBank, Basis: BasisText},
		},
		{
			name: "softbank sender domain does not exist",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 553, Phase: parsers.PhaseMAIL,
				Relay: "mx.softbank.ne.jp[1.2.3.4]:25", Domain: "softbank.ne.jp",
				Reason: "host mx.softbank.ne.jp[1.2.3.4] said: 553 <shop.example> does not exist (in reply to MAIL FROM command)"},
			want: Result{Class: SenderRejected, Carrier: CarrierSoftBank, Basis: BasisText},
		},
		{
			name: "rakuten user not found",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: "mail-rakumail-jp.gslb.rmb-ss.jp[193.114.52.113]:25", Domain: "rakumail.jp",
				Reason: "host mail-rakumail-jp.gslb.rmb-ss.jp[193.114.52.113] said: 550 User not found (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Carrier: CarrierRakuten, Basis: BasisText},
		},
		{
			name: "yahoo japan unknown user at DATA",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 554, Phase: parsers.PhaseEndOfDATA,
				Relay: "mx1.mail.yahoo.co.jp[1.2.3.4]:25", Domain: "yahoo.co.jp", Recipient: "user@yahoo.co.jp",
				Reason: "host mx1.mail.yahoo.co.jp[1.2.3.4] said: 554 delivery error: dd This user doesn't have a yahoo.co.jp account (user@yahoo.co.jp) [-5] (in reply to end of DATA command)"},
			want: Result{Class: UserUnknown, Basis: BasisText},
		},
		{
			name: "local unknown user in virtual table",
			in: Input{Status: parsers.StatusBounced, DSN: "5.1.1", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.org", Recipient: "reject@example.org",
				Reason: "host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <reject@example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Basis: BasisText},
		},
		{
			name: "greylisting",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "docomo.ne.jp", Recipient: "tempfail2@docomo.ne.jp",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"},
			want: Result{Class: Greylisted, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "service not available by code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", ReplyCode: 421, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "softbank.ne.jp",
				Reason: "host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command)"},
			want: Result{Class: RateLimited, Carrier: CarrierSoftBank, Basis: BasisCode},
		},
		{
			name: "content rejected at end of DATA",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 554, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "docomo.ne.jp", Recipient: "datafail@docomo.ne.jp",
				Reason: "host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message content rejected (in reply to end of DATA command)"},
			want: Result{Class: SpamContent, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "suspended quoting a refused connection",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none", Daemon: "error", Phase: parsers.PhaseConnect, Domain: "docomo.ne.jp",
				Reason: "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2598: Connection refused"},
			want: Result{Class: Network, Carrier: CarrierDocomo, Basis: BasisText, Suspended: true},
		},
		{
			name: "suspended quoting a complaints greeting",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Relay: "none", Daemon: "error", Phase: parsers.PhaseGreeting, Domain: "docomo.ne.jp",
				Reason: "delivery temporarily suspended: host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: 421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01"},
			want: Result{Class: RateLimited, Carrier: CarrierDocomo, Basis: BasisText, Suspended: true},
		},
		{
			name: "suspended quoting a reply no rule matches",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.0.0", Relay: "none", Daemon: "error", Phase: parsers.PhaseMAIL, Domain: "example.net",
				Reason: "delivery temporarily suspended: host mx.example.net[192.0.2.50] said: 421 Come back tomorrow (in reply to MAIL FROM command)"},
			want: Result{Class: Suspended, Basis: BasisText, Suspended: true},
		},
		{
			name: "connection refused",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none", Phase: parsers.PhaseConnect, Domain: "refused.example.org",
				Reason: "connect to 127.0.0.1[127.0.0.1]:2598: Connection refused"},
			want: Result{Class: Network, Basis: BasisText},
		},
		{
			name: "connection timed out",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none", Phase: parsers.PhaseConnect, Domain: "gmail.cm",
				Reason: "connect to mx.gmail.cm[1.2.3.4]:25: Connection timed out"},
			want: Result{Class: Network, Basis: BasisText},
		},
		{
			name: "greeting timeout",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: localRelay, Phase: parsers.PhaseGreeting, Domain: "slow.example.org",
				Reason: "conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting"},
			want: Result{Class: Network, Basis: BasisText},
		},
		{
			name: "lost connection at greeting",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: localRelay, Phase: parsers.PhaseGreeting, Domain: "drop.example.org",
				Reason: "lost connection with 127.0.0.1[127.0.0.1] while receiving the initial server greeting"},
			want: Result{Class: ConnectionLost, Basis: BasisText},
		},
		{
			name: "timeout sending body",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: localRelay, Phase: parsers.PhaseBody, Domain: "slow.example.org",
				Reason: "conversation with 127.0.0.1[127.0.0.1] timed out while sending message body"},
			want: Result{Class: ConnectionLost, Basis: BasisText},
		},
		{
			name: "lost connection by code only",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: localRelay, Domain: "x.example.org",
				Reason: "unexpected peer behavior"},
			want: Result{Class: ConnectionLost, Basis: BasisCode},
		},
		{
			name: "host not found",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.3", Relay: "none", Domain: "docomo.ne.je",
				Reason: "Host or domain name not found. Name service error for name=docomo.ne.je type=MX: Host not found, try again"},
			want: Result{Class: DNS, Basis: BasisText},
		},
		{
			name: "domain does not exist at the error agent",
			in: Input{Status: parsers.StatusBounced, DSN: "5.1.2", Relay: "none", Daemon: "error", Domain: "error.example.org",
				Reason: "test domain does not exist"},
			want: Result{Class: DNS, Basis: BasisCode},
		},
		{
			name: "alias database unavailable",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.3.0", Relay: "local", Daemon: "local", Domain: "mx.example.com",
				Reason: "alias database unavailable"},
			want: Result{Class: LocalConfig, Basis: BasisText},
		},
		{
			name: "transport held by defer_transports",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.3.2", Relay: "none", Daemon: "smtp", Domain: "docomo.ne.jp",
				Reason: "deferred transport"},
			want: Result{Class: LocalConfig, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "mail loops back to myself",
			in: Input{Status: parsers.StatusBounced, DSN: "5.4.6", Relay: "none", Domain: "loop.example.org",
				Reason: "mail for loop.example.org loops back to myself"},
			want: Result{Class: LocalConfig, Basis: BasisText},
		},
		{
			name: "TLS required but not offered",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.4", Relay: localRelay, Phase: parsers.PhaseHELO, Domain: "tls.example.org",
				Reason: "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]"},
			want: Result{Class: TLS, Basis: BasisText},
		},
		{
			name: "handshake failure",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.5", Relay: localRelay, Domain: "tls.example.org",
				Reason: "Cannot start TLS: handshake failure"},
			want: Result{Class: TLS, Basis: BasisText},
		},
		{
			name: "STARTTLS phase without a TLS word",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: localRelay, Phase: parsers.PhaseSTARTTLS, Domain: "tls.example.org",
				Reason: "host 127.0.0.1[127.0.0.1] said: 454 4.3.0 Try later"},
			want: Result{Class: RateLimited, Basis: BasisText},
		},
		{
			name: "gmail rate limited",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.28", ReplyCode: 421, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. (in reply to end of DATA command)"},
			want: Result{Class: RateLimited, Basis: BasisToken},
		},
		{
			name: "gmail IP blocked",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.1 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked. (in reply to end of DATA command)"},
			want: Result{Class: Blocked, Basis: BasisText},
		},
		{
			name: "gmail likely unsolicited message",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.1 [192.0.2.1] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. (in reply to end of DATA command)"},
			want: Result{Class: SpamContent, Basis: BasisText},
		},
		{
			name: "gmail low reputation",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", ReplyCode: 421, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 421-4.7.0 This message is suspicious due to the very low reputation of the sending IP address. (in reply to end of DATA command)"},
			want: Result{Class: Blocked, Basis: BasisText},
		},
		{
			name: "gmail unauthenticated",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.26", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. (in reply to end of DATA command)"},
			want: Result{Class: AuthFailure, Basis: BasisToken},
		},
		{
			name: "gmail DMARC policy",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.26", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy. (in reply to end of DATA command)"},
			want: Result{Class: AuthFailure, Basis: BasisToken},
		},
		{
			name: "gmail IPv6 PTR",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[2a00:1450::1b]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[2a00:1450::1b] said: 550-5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication. (in reply to end of DATA command)"},
			want: Result{Class: RequirePTR, Basis: BasisText},
		},
		{
			name: "microsoft block list",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 550, Phase: parsers.PhaseMAIL,
				Relay: "outlook-com.olc.protection.outlook.com[52.101.1.1]:25", Domain: "outlook.com",
				Reason: "host outlook-com.olc.protection.outlook.com[52.101.1.1] said: 550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). (in reply to MAIL FROM command)"},
			want: Result{Class: Blocked, Basis: BasisToken},
		},
		{
			name: "microsoft rate limit",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.650", ReplyCode: 451, Phase: parsers.PhaseRCPT,
				Relay: "outlook-com.olc.protection.outlook.com[52.101.1.1]:25", Domain: "outlook.com",
				Reason: "host outlook-com.olc.protection.outlook.com[52.101.1.1] said: 451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775) (in reply to RCPT TO command)"},
			want: Result{Class: RateLimited, Basis: BasisToken},
		},
		{
			name: "yahoo temporarily deferred",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: "mta5.am0.yahoodns.net[67.195.1.1]:25", Domain: "yahoo.com",
				Reason: "host mta5.am0.yahoodns.net[67.195.1.1] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1 (in reply to MAIL FROM command)"},
			want: Result{Class: RateLimited, Basis: BasisToken},
		},
		{
			name: "yahoo permanently deferred",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.2", ReplyCode: 553, Phase: parsers.PhaseMAIL,
				Relay: "mta5.am0.yahoodns.net[67.195.1.1]:25", Domain: "yahoo.com",
				Reason: "host mta5.am0.yahoodns.net[67.195.1.1] said: 553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. (in reply to MAIL FROM command)"},
			want: Result{Class: Blocked, Basis: BasisToken},
		},
		{
			name: "postfix receiver without client hostname",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: "mx.example.org[192.0.2.10]:25", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.10] said: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1] (in reply to RCPT TO command)"},
			want: Result{Class: RequirePTR, Basis: BasisText},
		},
		{
			name: "free.fr reverse DNS at greeting",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.0.0", ReplyCode: 421, Phase: parsers.PhaseGreeting,
				Relay: "mx1.free.fr[212.27.48.6]:25", Domain: "free.fr",
				Reason: "host mx1.free.fr[212.27.48.6] refused to talk to me: 421 Refused. Your reverse DNS entry does not resolve to an IP."},
			want: Result{Class: RequirePTR, Basis: BasisText},
		},
		{
			name: "t-online refused to talk",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 554, Phase: parsers.PhaseGreeting,
				Relay: "mx00.t-online.de[194.25.134.8]:25", Domain: "t-online.de",
				Reason: "host mx00.t-online.de[194.25.134.8] refused to talk to me: 554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)"},
			want: Result{Class: Blocked, Basis: BasisText},
		},
		{
			name: "bluewin ratelimit with a 5xx code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.2.0", ReplyCode: 554, Phase: parsers.PhaseEndOfDATA,
				Relay: "mxbw.bluewin.ch[195.186.1.1]:25", Domain: "bluewin.ch",
				Reason: "host mxbw.bluewin.ch[195.186.1.1] said: 554 5.2.0 IP reputation ratelimit in effect (in reply to end of DATA command)"},
			want: Result{Class: RateLimited, Basis: BasisText},
		},
		{
			name: "typo domain relay access denied",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 454, Phase: parsers.PhaseRCPT,
				Relay: "mx.docomo.ne.je[192.0.2.7]:25", Domain: "docomo.ne.je",
				Reason: "host mx.docomo.ne.je[192.0.2.7] said: 454 4.7.1 <a@docomo.ne.je>: Relay access denied (in reply to RCPT TO command)"},
			want: Result{Class: RelayDenied, Basis: BasisText},
		},
		{
			name: "J:COM too many messages per session",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.0.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: "mx.jcom.home.ne.jp[1.2.3.4]:25", Domain: "jcom.home.ne.jp",
				Reason: "host mx.jcom.home.ne.jp[1.2.3.4] said: 421 #4.x.2 Too many messages for this session (in reply to MAIL FROM command)"},
			want: Result{Class: RateLimited, Basis: BasisText},
		},
		{
			name: "mailbox full by code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.2", ReplyCode: 452, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Requested action not taken (in reply to RCPT TO command)"},
			want: Result{Class: MailboxFull, Basis: BasisCode},
		},
		{
			name: "mailbox temporarily unavailable at docomo",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "docomo.ne.jp", Recipient: "tempfail1@docomo.ne.jp",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail1@docomo.ne.jp>: Recipient address rejected: Mailbox temporarily unavailable, try again later (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Carrier: CarrierDocomo, Basis: BasisCode},
		},
		{
			name: "mailbox status 4.2.0 with try again later alone",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Try again later (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Basis: BasisCode},
		},
		{
			name: "mailbox full code with try again later",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.2", ReplyCode: 452, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 452 4.2.2 <u@example.net>: Recipient address rejected: please try again later (in reply to RCPT TO command)"},
			want: Result{Class: MailboxFull, Basis: BasisCode},
		},
		{
			name: "mailbox disabled code with try later",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.1 <u@example.net>: Mailbox disabled, try later (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Basis: BasisCode},
		},
		{
			name: "mailbox message size code with server busy",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.3", ReplyCode: 452, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 452 4.2.3 Server busy (in reply to end of DATA command)"},
			want: Result{Class: MessageTooBig, Basis: BasisCode},
		},
		{
			name: "mailbox subject code without exact entry",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.4", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.4 List expansion failed, temporarily deferred (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Basis: BasisCode},
		},
		{
			name: "address status code with try again later",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.1.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.1.1 <u@example.net>: Recipient address rejected: try again later (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Basis: BasisCode},
		},
		{
			// Gmail's wording for a recipient who receives mail faster
			// than Gmail allows: the recipient's mailbox, not this sender.
			name: "gmail recipient receiving mail too fast",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 450-4.2.1 The user you are trying to contact is receiving mail at a rate that 450-4.2.1 prevents additional messages from being delivered. Please resend your 450-4.2.1 message at a later time. (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Basis: BasisCode},
		},
		{
			name: "gmail account disabled",
			in: Input{Status: parsers.StatusBounced, DSN: "5.2.1", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.2.1 The email account that you tried to reach is disabled. (in reply to RCPT TO command)"},
			want: Result{Class: MailboxUnavailable, Basis: BasisCode},
		},
		{
			name: "over quota text",
			in: Input{Status: parsers.StatusBounced, DSN: "5.2.2", ReplyCode: 552, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 552 5.2.2 <u@example.net>: user is over quota (in reply to RCPT TO command)"},
			want: Result{Class: MailboxFull, Basis: BasisText},
		},
		{
			name: "message too big by code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.3.4", ReplyCode: 552, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 552 5.3.4 Error: Requested action aborted (in reply to end of DATA command)"},
			want: Result{Class: MessageTooBig, Basis: BasisCode},
		},
		{
			name: "message size exceeds limit",
			in: Input{Status: parsers.StatusBounced, DSN: "5.3.4", ReplyCode: 552, Phase: parsers.PhaseMAIL,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 552 5.3.4 Error: message size exceeds fixed limit (in reply to MAIL FROM command)"},
			want: Result{Class: MessageTooBig, Basis: BasisText},
		},
		{
			name: "too many recipients by code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.5.3", ReplyCode: 452, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 452 4.5.3 Error: limit exceeded (in reply to RCPT TO command)"},
			want: Result{Class: TooManyRecipients, Basis: BasisCode},
		},
		{
			name: "sender rejected by code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.1.8", ReplyCode: 553, Phase: parsers.PhaseMAIL,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 553 5.1.8 <noreply@shop.invalid>: Domain not found (in reply to MAIL FROM command)"},
			want: Result{Class: SenderRejected, Basis: BasisText},
		},
		{
			name: "SPF validation failed by code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.23", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 550 5.7.23 Message rejected (in reply to end of DATA command)"},
			want: Result{Class: AuthFailure, Basis: BasisCode},
		},
		{
			name: "reverse DNS validation failed by code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.7.25", ReplyCode: 550, Phase: parsers.PhaseMAIL,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 550 5.7.25 Rejected (in reply to MAIL FROM command)"},
			want: Result{Class: RequirePTR, Basis: BasisCode},
		},
		{
			name: "malformed message by subject code",
			in: Input{Status: parsers.StatusBounced, DSN: "5.6.0", ReplyCode: 554, Phase: parsers.PhaseEndOfDATA,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 554 5.6.0 Rejected (in reply to end of DATA command)"},
			want: Result{Class: ContentFormat, Basis: BasisCode},
		},
		{
			name: "docomo transaction failed",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 554, Phase: parsers.PhaseDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 554 Transaction failed (in reply to DATA command)"},
			want: Result{Class: TooManyRecipients, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "unknown reply is other",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 554, Phase: parsers.PhaseDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 554 Something odd happened (in reply to DATA command)"},
			want: Result{Class: Other, Carrier: CarrierDocomo},
		},
		{
			name: "empty input is other",
			in:   Input{Status: parsers.StatusDeferred},
			want: Result{Class: Other},
		},
		{
			name: "probe failure is classified",
			in: Input{Status: parsers.StatusUndeliverable, DSN: "5.1.1", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: localRelay, Domain: "example.net",
				Reason: "host 127.0.0.1[127.0.0.1] said: 550 5.1.1 Rejected (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Basis: BasisCode},
		},
		{
			name: "probe success is no class",
			in:   Input{Status: parsers.StatusDeliverable, DSN: "2.1.5", Relay: localRelay, Domain: "example.net"},
			want: Result{},
		},
		{
			name: "RCPT reply naming another address is not collateral",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseRCPT,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user other@docomo.ne.jp (in reply to RCPT TO command)"},
			want: Result{Class: UserUnknown, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "recipient named in another case is not collateral",
			in: Input{Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "User.Name@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user user.name@docomo.ne.jp (in reply to end of DATA command)"},
			want: Result{Class: Filtered, Carrier: CarrierDocomo, Basis: BasisText},
		},
		{
			name: "garbage text",
			in: Input{Status: parsers.StatusDeferred, DSN: "x.y", Relay: "[[[", Domain: "@@@",
				Reason: "\x00\xff@@ <@> @"},
			want: Result{Class: Other},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Time = time.Date(2026, 12, 4, 19, 46, 53, 0, time.UTC)
			got := Classify(tt.in)
			got.Confidence, got.Grounds = "", "" // graded by TestClassifyConfidence
			if got != tt.want {
				t.Errorf("Classify() = %+v (class %q), want %+v (class %q)", got, got.Class, tt.want, tt.want.Class)
			}
		})
	}
}

func TestClassifyGreylisting(t *testing.T) {
	const gmailRelay = "gmail-smtp-in.l.google.com[142.250.1.26]:25"
	tests := []struct {
		name    string
		in      Input
		carrier string
	}{
		{
			name: "docomo relay recipient rejected",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "a@docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 450 4.7.1 <a@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"},
			carrier: CarrierDocomo,
		},
		{
			// Written in the layout of Gmail's multi-line replies, not captured from Gmail.
			name: "multi-line 4.2.0 greylisted",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: gmailRelay, Domain: "gmail.com", Recipient: "a@gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 450-4.2.0 <a@gmail.com>: Recipient address rejected: 450-4.2.0 Greylisted, please try again in 300 seconds. 450 4.2.0 - gsmtp (in reply to RCPT TO command)"},
		},
		{
			name: "postgrey default text",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: "mx.example.org[192.0.2.80]:25", Domain: "example.org", Recipient: "a@example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html (in reply to RCPT TO command)"},
		},
		{
			name: "sender address rejected prefix",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 450, Phase: parsers.PhaseMAIL,
				Relay: "mx.example.org[192.0.2.80]:25", Domain: "example.org", Recipient: "a@example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 450 4.7.1 <shop@shop.example>: Sender address rejected: Greylisted for 5 minutes (in reply to MAIL FROM command)"},
		},
		{
			name: "graylisted spelling",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 451 4.7.1 Graylisted, please retry (in reply to RCPT TO command)"},
		},
		{
			name: "grey-listed spelling",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 451 4.7.1 You have been grey-listed, come back later (in reply to RCPT TO command)"},
		},
		{
			name: "gray-listing spelling",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 451 4.7.1 Temporary gray-listing in effect (in reply to RCPT TO command)"},
		},
		{
			name: "softbounce of a greylisting reply",
			in: Input{Status: parsers.StatusSoftBounce, DSN: "4.7.1", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 450 4.7.1 GREYLISTED (in reply to RCPT TO command)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Class != Greylisted {
				t.Errorf("class = %q, want greylisted", got.Class)
			}
			if got.Carrier != tt.carrier {
				t.Errorf("carrier = %q, want %q", got.Carrier, tt.carrier)
			}
			if got.Basis != BasisText {
				t.Errorf("basis = %q, want %q", got.Basis, BasisText)
			}
			if got.Confidence != ConfidenceHigh {
				t.Errorf("confidence = %q, want high", got.Confidence)
			}
			if got.Grounds != GroundsTextNamed {
				t.Errorf("grounds = %q, want %q", got.Grounds, GroundsTextNamed)
			}
			if got.Collateral {
				t.Error("collateral is set for a greylisting reply")
			}
		})
	}
}

func TestClassifyRateLimitWithoutGreylisting(t *testing.T) {
	tests := []struct {
		name  string
		in    Input
		basis string
	}{
		{
			name: "docomo too many connections",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 421 4.7.0 Too many connections, try again later (in reply to MAIL FROM command)"},
			basis: BasisText,
		},
		{
			name: "try again later alone",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: "mx.example.org[192.0.2.80]:25", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 450 4.7.1 <a@example.org>: Client host rejected: Try again later (in reply to RCPT TO command)"},
			basis: BasisText,
		},
		{
			name: "try again later without an enhanced code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.0.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: docomoRelay, Domain: "docomo.ne.jp",
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 421 Try again later (in reply to MAIL FROM command)"},
			basis: BasisText,
		},
		{
			name: "too many connections with a mailbox code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: "mx.example.org[192.0.2.80]:25", Domain: "example.org",
				Reason: "host mx.example.org[192.0.2.80] said: 421 4.2.0 Too many connections from your IP, try again later (in reply to MAIL FROM command)"},
			basis: BasisText,
		},
		{
			name: "microsoft 4.7.650",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.650", ReplyCode: 451, Phase: parsers.PhaseRCPT,
				Relay: "outlook-com.olc.protection.outlook.com[52.101.1.1]:25", Domain: "outlook.com",
				Reason: "host outlook-com.olc.protection.outlook.com[52.101.1.1] said: 451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775) (in reply to RCPT TO command)"},
			basis: BasisToken,
		},
		{
			name: "yahoo TSS04 with a mailbox code",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 421, Phase: parsers.PhaseMAIL,
				Relay: "mta5.am0.yahoodns.net[67.195.1.1]:25", Domain: "yahoo.com",
				Reason: "host mta5.am0.yahoodns.net[67.195.1.1] said: 421 4.2.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command)"},
			basis: BasisToken,
		},
		{
			name: "gmail 4.7.28",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.28", ReplyCode: 421, Phase: parsers.PhaseEndOfDATA,
				Relay: "gmail-smtp-in.l.google.com[142.250.1.26]:25", Domain: "gmail.com",
				Reason: "host gmail-smtp-in.l.google.com[142.250.1.26] said: 421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. (in reply to end of DATA command)"},
			basis: BasisToken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Class != RateLimited {
				t.Errorf("class = %q, want rate_limited", got.Class)
			}
			if got.Basis != tt.basis {
				t.Errorf("basis = %q, want %q", got.Basis, tt.basis)
			}
		})
	}
}

func TestCarrierOf(t *testing.T) {
	tests := []struct {
		relay, domain, want string
	}{
		{"mfsmax.docomo.ne.jp[203.138.180.112]:25", "example.com", CarrierDocomo},
		{"lsean.ezweb.ne.jp[27.85.176.228]:25", "", CarrierAU},
		{"msmx.au.com[27.85.176.228]:25", "", CarrierAU},
		{"mx.softbank.ne.jp[1.2.3.4]:25", "", CarrierSoftBank},
		{"mail-rakumail-jp.gslb.rmb-ss.jp[193.114.52.113]:25", "", CarrierRakuten},
		{"127.0.0.1[127.0.0.1]:2525", "docomo.ne.jp", CarrierDocomo},
		{"none", "DoCoMo.Ne.Jp", CarrierDocomo},
		{"none", "docomo.ne.jp.", CarrierDocomo},
		{"none", "ezweb.ne.jp", CarrierAU},
		{"none", "biz.ezweb.ne.jp", CarrierAU},
		{"none", "au.com", CarrierAU},
		{"none", "softbank.ne.jp", CarrierSoftBank},
		{"none", "i.softbank.jp", CarrierSoftBank},
		{"none", "d.vodafone.ne.jp", CarrierSoftBank},
		{"none", "ymobile.ne.jp", CarrierSoftBank},
		{"none", "rakumail.jp", CarrierRakuten},
		{"none", "xdocomo.ne.jp", ""},
		{"none", "notau.com", ""},
		{"none", "softbank.jp", ""}, // only i.softbank.jp is a mail domain
		{"mx.example.com.au[1.2.3.4]:25", "example.com.au", ""},
		{"gmail-smtp-in.l.google.com[142.250.1.26]:25", "gmail.com", ""},
		{"", "", ""},
		{"[", "", ""},
	}
	for _, tt := range tests {
		if got := CarrierOf(tt.relay, tt.domain); got != tt.want {
			t.Errorf("CarrierOf(%q, %q) = %q, want %q", tt.relay, tt.domain, got, tt.want)
		}
	}
}

func TestClassNamesRoundTrip(t *testing.T) {
	for c := ClassNone + 1; c < NumClasses; c++ {
		got, ok := ParseClass(c.String())
		if !ok || got != c {
			t.Errorf("ParseClass(%q) = %v, %v; want %v, true", c.String(), got, ok, c)
		}
	}
}
