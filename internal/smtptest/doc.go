// Package smtptest provides SMTP servers on 127.0.0.1 and a certificate
// authority for tests of mailtop's forward feature. It is imported only by
// _test.go files; nothing in the mailtop binary uses it.
//
// Relay is a go-smtp server that records each message it accepts and can
// require STARTTLS and AUTH, reject a recipient or fail the end of DATA.
// ScriptedRelay is a hand-written server for the failures go-smtp's server
// cannot produce. NewCA issues a server certificate for 127.0.0.1 and
// localhost that only the test trusts.
//
// The servers listen on free ports of 127.0.0.1 and stop when the test
// ends.
package smtptest
