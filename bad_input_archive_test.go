package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildArchives returns, by name, archives whose first line is plain
// text, built by the tools installed: ar(1) of a text file and a tar
// archive, and a Debian package from dpkg-deb. It skips the test when
// neither tool is installed.
func buildArchives(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		if output, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, output)
		}
	}

	archives := map[string]string{}
	if _, err := exec.LookPath("ar"); err == nil {
		write("notes.txt", "release notes\n")
		write("etc/mail/aliases", "postmaster: root\n")
		run("tar", "-cf", "data.tar", "etc/mail/aliases")
		run("ar", "rc", "archive.a", "notes.txt", "data.tar")
		archives["ar archive"] = filepath.Join(dir, "archive.a")
	}
	if _, err := exec.LookPath("dpkg-deb"); err == nil {
		write("pkg/DEBIAN/control", "Package: mailtop-test\nVersion: 1.0\nArchitecture: all\n"+
			"Maintainer: Test <test@example.jp>\nDescription: test package\n")
		write("pkg/usr/share/doc/mailtop-test/README", "test\n")
		run("dpkg-deb", "--root-owner-group", "--build", "pkg", "package.deb")
		archives["Debian package"] = filepath.Join(dir, "package.deb")
	}
	if len(archives) == 0 {
		t.Skip("neither ar nor dpkg-deb is installed")
	}
	return archives
}

// An archive whose first line is plain text ("!<arch>") is rejected as a
// binary file, from a file and from standard input, instead of being
// counted as a log of unrecognized lines.
func TestBadInputArchiveRejected(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	for name, path := range buildArchives(t) {
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(content, []byte("!<arch>\n")) {
			t.Fatalf("%s does not start with the ar magic line: %q", path, content[:min(len(content), 16)])
		}
		for _, args := range [][]string{
			{"report", "--config", noConfig, "--log", path},
			{"classify", "--config", noConfig, path},
			{"report", "--config", noConfig, "--log", "-"},
		} {
			t.Run(name+"/"+strings.Join(args[3:], " "), func(t *testing.T) {
				cmd := englishCommand(bin, args...)
				logName := path
				if args[len(args)-1] == "-" {
					cmd.Stdin = bytes.NewReader(content)
					logName = "standard input"
				}
				stdout, stderr, status := runOutputs(t, cmd)
				if status != 1 {
					t.Errorf("exit status %d, want 1", status)
				}
				if !strings.HasPrefix(stderr, "mailtop: cannot read log "+logName+": binary file, not a text mail log (") {
					t.Errorf("stderr lacks the binary file error:\n%s", stderr)
				}
				if fix := logFixFor(args[0]); !strings.Contains(stderr, fix) {
					t.Errorf("stderr lacks the fix %q:\n%s", fix, stderr)
				}
				if stdout != "" {
					t.Errorf("counted an archive:\n%s", stdout)
				}
			})
		}
	}
}
