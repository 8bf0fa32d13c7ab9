package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
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

// checkRelays fills in defaults and checks every relay, in place. Each
// error names the relay and the value at fault.
func checkRelays(relays []Relay) error {
	seen := make(map[string]bool, len(relays))
	for i := range relays {
		relay := &relays[i]
		if relay.Name == "" {
			return fmt.Errorf("relay %d has no name: add name = \"provider\" so that --via can refer to it", i+1)
		}
		if seen[relay.Name] {
			return fmt.Errorf("relay %q is defined twice: give each [[relay]] its own name", relay.Name)
		}
		seen[relay.Name] = true
		if err := checkRelay(relay); err != nil {
			return fmt.Errorf("relay %q: %w", relay.Name, err)
		}
	}
	return nil
}

func checkRelay(relay *Relay) error {
	if relay.Host == "" || strings.ContainsAny(relay.Host, " /@:") && net.ParseIP(relay.Host) == nil {
		return fmt.Errorf("host %q is not a host name or IP address such as smtp.example.com", relay.Host)
	}
	relay.TLS = strings.ToLower(relay.TLS)
	switch relay.TLS {
	case "":
		relay.TLS = RelayTLSStartTLS
	case RelayTLSStartTLS, RelayTLSImplicit:
	case RelayTLSNone:
		if !IsLoopbackHost(relay.Host) {
			return fmt.Errorf("tls = \"none\" is allowed only for a loopback host such as 127.0.0.1, not %q: use \"starttls\" or \"implicit\"", relay.Host)
		}
	default:
		return fmt.Errorf("tls %q is invalid: use \"starttls\", \"implicit\" or \"none\"", relay.TLS)
	}
	if relay.Port == 0 {
		relay.Port = 587
		if relay.TLS == RelayTLSImplicit {
			relay.Port = 465
		}
	}
	if relay.Port < 1 || relay.Port > 65535 {
		return fmt.Errorf("port %d is invalid: use a TCP port from 1 to 65535, such as 587", relay.Port)
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
			return fmt.Errorf("ca_file %q is set but verify = \"system\": drop one of them", relay.CAFile)
		}
	case RelayVerifyCAFile:
		if relay.CAFile == "" {
			return fmt.Errorf("verify = \"ca_file\" needs ca_file, a PEM file of the certificates to trust")
		}
	default:
		return fmt.Errorf("verify %q is invalid: use \"system\" or \"ca_file\"", relay.Verify)
	}

	if err := checkRelayAuth(relay); err != nil {
		return err
	}
	if relay.EnvelopeSender != "" && !strings.Contains(relay.EnvelopeSender, "@") {
		return fmt.Errorf("envelope_sender %q is not a mail address such as shop@example.com", relay.EnvelopeSender)
	}
	if relay.CopyTo != "" && !strings.Contains(relay.CopyTo, "@") {
		return fmt.Errorf("copy_to %q is not a mail address such as operator@example.com", relay.CopyTo)
	}
	return nil
}

func checkRelayAuth(relay *Relay) error {
	relay.Auth = strings.ToLower(relay.Auth)
	switch relay.Auth {
	case "":
		if relay.Username != "" || relay.PasswordFile != "" || relay.PasswordEnv != "" {
			return fmt.Errorf("username or password is set without auth: add auth = \"plain\" or \"login\"")
		}
		return nil
	case "plain", "login":
	default:
		return fmt.Errorf("auth %q is invalid: use \"plain\" or \"login\", or leave it out", relay.Auth)
	}
	if relay.Username == "" {
		return fmt.Errorf("auth = %q needs username", relay.Auth)
	}
	switch {
	case relay.PasswordFile != "" && relay.PasswordEnv != "":
		return fmt.Errorf("both password_file and password_env are set: keep one")
	case relay.PasswordFile != "":
		return CheckPasswordFile(relay.PasswordFile)
	case relay.PasswordEnv != "":
		return nil
	default:
		return fmt.Errorf("auth = %q needs password_file or password_env", relay.Auth)
	}
}

// CheckPasswordFile returns an error when path is missing, is not a regular
// file, or may be read by its group or by others.
func CheckPasswordFile(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("password_file %s: %w: create it with the password on its first line and run chmod 600 %s, or set password_env instead", path, fs.ErrNotExist, path)
	}
	if err != nil {
		return fmt.Errorf("password_file %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("password_file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("password_file %s has mode %04o, so other users may read it: run chmod 600 %s", path, perm, path)
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
