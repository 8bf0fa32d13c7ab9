package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// certificateLifetime is how long the test certificates stay valid on
// each side of their creation: long enough for the slowest end-to-end
// test.
const certificateLifetime = 2 * time.Hour

// CA is a certificate authority made for one test. The system roots do
// not trust it, so a client that is not given Pool or PEM rejects Server.
type CA struct {
	// Pool trusts the CA, for tls.Config.RootCAs.
	Pool *x509.CertPool
	// PEM is the CA certificate in PEM form, as a ca_file holds it.
	PEM []byte
	// Server is a certificate for 127.0.0.1 and localhost issued by the
	// CA, with the CA certificate in its chain.
	Server tls.Certificate
}

// NewCA creates a CA with an ECDSA P-256 key and issues its server
// certificate. It fails the test when a key or certificate cannot be made.
func NewCA(t testing.TB) CA {
	t.Helper()
	notBefore := time.Now().Add(-certificateLifetime)
	notAfter := time.Now().Add(certificateLifetime)

	caKey := newKey(t)
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtop test CA"},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatalf("create the test CA certificate: %v", err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatalf("parse the test CA certificate: %v", err)
	}

	serverKey := newKey(t)
	serverTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		t.Fatalf("create the test server certificate: %v", err)
	}

	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return CA{
		Pool:   pool,
		PEM:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Server: tls.Certificate{Certificate: [][]byte{serverDER, caDER}, PrivateKey: serverKey},
	}
}

// WriteFile writes the CA certificate to relay-ca.pem in dir and returns
// the path, for a relay's ca_file setting.
func (ca CA) WriteFile(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "relay-ca.pem")
	if err := os.WriteFile(path, ca.PEM, 0o644); err != nil {
		t.Fatalf("write the test CA: %v", err)
	}
	return path
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate a test key: %v", err)
	}
	return key
}
