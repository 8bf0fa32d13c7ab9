// Package postfixtest runs a real, private Postfix instance and loopback SMTP
// servers for mailtop's end-to-end tests and for recording demo logs.
//
// An Instance is a Postfix started with postfix -c DIR: its own
// configuration, queue, data directory and maillog_file, smtpd on a free
// 127.0.0.1 port, and transport_maps that route each test domain to a port of
// a Sink. A Sink replies the way docomo.ne.jp and other receivers do,
// chosen by the recipient's local part, and records every reply so a test can
// count outcomes without reading Postfix's log.
//
// Both need root and the Postfix package; Require skips a test without them,
// except under CI=true, where it fails the test. Nothing binds or connects to
// any address other than 127.0.0.1.
package postfixtest
