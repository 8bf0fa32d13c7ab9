package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/mailtop/mailtop/l10n"
)

// Relay is one [[relay]] table: another SMTP server that mailtop forward
// may hand a stuck message to, such as the shop's mail provider.
type Relay struct {
	// Name is how --via refers to the relay.
	Name string `toml:"name"`
	Host string `toml:"host"`
	// Port defaults to 587 for starttls and none, and to 465 for implicit.
	Port int `toml:"port"`
	// TLS is "starttls" (the default: the relay must offer STARTTLS),
	// "implicit" (TLS from the first byte, as on port 465) or "none", which
	// is allowed only for a loopback host.
	TLS string `toml:"tls"`
	// Verify is "system" (the default: the system's root certificates) or
	// "ca_file" (only the certificates in CAFile).
	Verify string `toml:"verify"`
	// CAFile is a PEM file of the certificates to trust, with verify =
	// "ca_file".
	CAFile string `toml:"ca_file"`
	// ServerName is the name the relay's certificate must carry, when it
	// differs from Host (for instance when Host is an IP address).
	ServerName string `toml:"server_name"`
	// Auth is "" (no authentication), "plain" or "login".
	Auth     string `toml:"auth"`
	Username string `toml:"username"`
	// PasswordFile is a file holding the password on its first line. It
	// must not be readable by group or others.
	PasswordFile string `toml:"password_file"`
	// PasswordEnv names an environment variable holding the password.
	PasswordEnv string `toml:"password_env"`
	// EnvelopeSender is the MAIL FROM address used through this relay,
	// which is often required to belong to the authenticated account.
	EnvelopeSender string `toml:"envelope_sender"`
	// CopyTo is an optional address, usually the operator's, that gets a
	// copy of every forwarded message.
	CopyTo string `toml:"copy_to"`
}

// The TLS modes and verification sources of a Relay.
const (
	RelayTLSStartTLS = "starttls"
	RelayTLSImplicit = "implicit"
	RelayTLSNone     = "none"

	RelayVerifySystem = "system"
	RelayVerifyCAFile = "ca_file"
)

// ErrRelay matches, with errors.Is, every error about a [[relay]] table:
// an invalid value in the config file, or a ca_file or password that
// cannot be read when the relay is used. Each such error has an
// *l10n.Error in its chain (errors.As finds it), so that it can be worded
// in Japanese.
var ErrRelay = errors.New("invalid [[relay]] table")

// NewRelayError returns the catalog error id about a [[relay]] table,
// filled with data, which matches ErrRelay and the errors in wrapped.
func NewRelayError(id string, data map[string]any, wrapped ...error) error {
	return l10n.NewError(id, data, append([]error{ErrRelay}, wrapped...)...)
}

// NamedRelayError returns err, an error about the [[relay]] table named
// name, with the relay's name in front of it.
func NamedRelayError(name string, err error) error {
	return NewRelayError("config.relay.named", map[string]any{"Name": strconv.Quote(name), "Error": err}, err)
}

// checkRelays fills in defaults and checks every relay, in place. Each
// error names the relay and the value at fault.
func checkRelays(relays []Relay) error {
	seen := make(map[string]bool, len(relays))
	for i := range relays {
		relay := &relays[i]
		if relay.Name == "" {
			return NewRelayError("config.relay.noName", map[string]any{"Index": i + 1})
		}
		if seen[relay.Name] {
			return NewRelayError("config.relay.duplicate", map[string]any{"Name": strconv.Quote(relay.Name)})
		}
		seen[relay.Name] = true
		if err := checkRelay(relay); err != nil {
			return NamedRelayError(relay.Name, err)
		}
	}
	return nil
}

func checkRelay(relay *Relay) error {
	if relay.Host == "" {
		return NewRelayError("config.relay.hostMissing", nil)
	}
	if strings.ContainsAny(relay.Host, " /@:") && net.ParseIP(relay.Host) == nil {
		return NewRelayError("config.relay.host", map[string]any{"Value": strconv.Quote(relay.Host)})
	}
	relay.TLS = strings.ToLower(relay.TLS)
	switch relay.TLS {
	case "":
		relay.TLS = RelayTLSStartTLS
	case RelayTLSStartTLS, RelayTLSImplicit:
	case RelayTLSNone:
		if !IsLoopbackHost(relay.Host) {
			return NewRelayError("config.relay.tlsNone", map[string]any{"Host": strconv.Quote(relay.Host)})
		}
	default:
		return NewRelayError("config.relay.tls", map[string]any{"Value": strconv.Quote(relay.TLS)})
	}
	if relay.Port == 0 {
		relay.Port = 587
		if relay.TLS == RelayTLSImplicit {
			relay.Port = 465
		}
	}
	if relay.Port < 1 || relay.Port > 65535 {
		return NewRelayError("config.relay.port", map[string]any{"Value": relay.Port})
	}

	relay.Verify = strings.ToLower(relay.Verify)
	switch relay.Verify {
	case "":
		relay.Verify = RelayVerifySystem
		if relay.CAFile != "" {
			relay.Verify = RelayVerifyCAFile
		}
	case RelayVerifySystem:
		if relay.CAFile != "" {
			return NewRelayError("config.relay.verifySystemCAFile", map[string]any{"Path": strconv.Quote(relay.CAFile)})
		}
	case RelayVerifyCAFile:
		if relay.CAFile == "" {
			return NewRelayError("config.relay.verifyNoCAFile", nil)
		}
	default:
		return NewRelayError("config.relay.verify", map[string]any{"Value": strconv.Quote(relay.Verify)})
	}

	if err := checkRelayAuth(relay); err != nil {
		return err
	}
	if relay.EnvelopeSender != "" && !strings.Contains(relay.EnvelopeSender, "@") {
		return NewRelayError("config.relay.envelopeSender", map[string]any{"Value": strconv.Quote(relay.EnvelopeSender)})
	}
	if relay.CopyTo != "" && !strings.Contains(relay.CopyTo, "@") {
		return NewRelayError("config.relay.copyTo", map[string]any{"Value": strconv.Quote(relay.CopyTo)})
	}
	return nil
}

func checkRelayAuth(relay *Relay) error {
	relay.Auth = strings.ToLower(relay.Auth)
	switch relay.Auth {
	case "":
		if relay.Username != "" || relay.PasswordFile != "" || relay.PasswordEnv != "" {
			return NewRelayError("config.relay.credentialsNoAuth", nil)
		}
		return nil
	case "plain", "login":
	default:
		return NewRelayError("config.relay.auth", map[string]any{"Value": strconv.Quote(relay.Auth)})
	}
	if relay.Username == "" {
		return NewRelayError("config.relay.authNoUsername", map[string]any{"Auth": strconv.Quote(relay.Auth)})
	}
	switch {
	case relay.PasswordFile != "" && relay.PasswordEnv != "":
		return NewRelayError("config.relay.passwordBoth", nil)
	case relay.PasswordFile != "":
		return CheckPasswordFile(relay.PasswordFile)
	case relay.PasswordEnv != "":
		return nil
	default:
		return NewRelayError("config.relay.authNoPassword", map[string]any{"Auth": strconv.Quote(relay.Auth)})
	}
}

// CheckPasswordFile returns an error when path is missing, is not a regular
// file, or may be read by its group or by others.
func CheckPasswordFile(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewRelayError("config.relay.passwordFileMissing", map[string]any{"Path": path}, fs.ErrNotExist)
	}
	if err != nil {
		return NewRelayError("config.relay.passwordFileUnreadable", map[string]any{"Path": path, "Error": err}, err)
	}
	if !info.Mode().IsRegular() {
		return NewRelayError("config.relay.passwordFileNotRegular", map[string]any{"Path": path})
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return NewRelayError("config.relay.passwordFileMode", map[string]any{"Path": path, "Mode": fmt.Sprintf("%04o", perm)})
	}
	return nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP
// address. It resolves no name, so a name other than localhost is not
// loopback.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// FindRelay returns the relay named name.
func (c Config) FindRelay(name string) (Relay, bool) {
	for _, relay := range c.Relays {
		if relay.Name == name {
			return relay, true
		}
	}
	return Relay{}, false
}
