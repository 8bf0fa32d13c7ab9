package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestEndToEndRequirements states whether the real-Postfix suite runs on
// this machine. Run it with -v to see the reason when it is skipped; under
// CI=true a missing requirement fails it.
func TestEndToEndRequirements(t *testing.T) {
	postfixtest.Require(t)
	out, err := exec.Command("postconf", "-d", "-h", "mail_version").Output()
	version := strings.TrimSpace(string(out))
	if err != nil || version == "" {
		version = "unknown version"
	}
	t.Logf("the real-Postfix suite runs here: root, Postfix %s", version)
}
