package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/mailtop/mailtop/l10n"
)

// Runner runs a command from its argv, without a shell.
type Runner interface {
	// Run runs argv[0] with the arguments argv[1:] and returns what it
	// wrote to stdout and stderr. err is an *exec.ExitError when the
	// command ran and exited with a non-zero status, and another error
	// when it could not run at all.
	Run(ctx context.Context, argv []string) (stdout, stderr []byte, err error)
}

// ExecRunner is the Runner that starts real processes.
type ExecRunner struct{}

// Run implements Runner with os/exec.
func (ExecRunner) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	if len(argv) == 0 {
		return nil, nil, errors.New("run: empty argv")
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	return stdout.Bytes(), stderr.Bytes(), err
}

// Instance is the Postfix instance mailtop looks at.
type Instance struct {
	// ConfigDir is the instance's config_directory. Every postqueue,
	// postsuper and postcat call for it takes "-c ConfigDir" when the
	// instance was chosen with -c.
	ConfigDir string
	// QueueDir is its queue_directory.
	QueueDir string
	// MaillogFile is its maillog_file: empty when Postfix logs through
	// syslog, a path under /var when postlogd writes the log itself.
	MaillogFile string
	// Name is the name postmulti -l lists for it ("-" for the default
	// instance), or empty when postmulti lists nothing.
	Name string
	// Others are the other instances postmulti -l lists, for a header
	// that names the one shown and how to pick another (-c DIR).
	Others []ListedInstance
}

// ListedInstance is one line of postmulti -l.
type ListedInstance struct {
	Name      string // "-" for the default instance
	Group     string // "-" when the instance has none
	Enabled   bool
	ConfigDir string
}

// ErrNoPostfix means postconf could not describe a Postfix instance:
// Postfix is not installed, or its configuration cannot be read.
// mailtop can still read a log named with --log.
var ErrNoPostfix = errors.New("no Postfix instance found")

// FindInstance runs postconf to describe the Postfix instance whose main.cf
// is in configDir, or the default instance when configDir is empty, and
// postmulti -l to list the other instances. A failing or missing postmulti
// is ignored.
func FindInstance(ctx context.Context, run Runner, configDir string) (Instance, error) {
	inst, err := FindInstanceDirs(ctx, run, configDir)
	if err != nil {
		return inst, err
	}
	return listOtherInstances(ctx, run, inst), nil
}

// FindInstanceDirs is FindInstance without postmulti -l: it fills in the
// directories and the log file only, for a caller that needs no other
// instance. postmulti may take a second to fail where multi-instance
// support is not set up.
func FindInstanceDirs(ctx context.Context, run Runner, configDir string) (Instance, error) {
	argv := []string{"postconf"}
	if configDir != "" {
		argv = append(argv, "-c", configDir)
	}
	argv = append(argv, "-h", "queue_directory", "maillog_file", "config_directory")
	stdout, stderr, err := run.Run(ctx, argv)
	if err != nil {
		if missing := missingMainCF(configDir); missing != nil {
			return Instance{}, missing
		}
		where := "the default instance"
		hint := "check that Postfix is installed, or pick an instance with -c DIR"
		if configDir != "" {
			where = configDir
			hint = fmt.Sprintf("check that Postfix is installed and that %s is the directory of a readable main.cf, or leave out -c for the default instance", configDir)
		}
		return Instance{}, fmt.Errorf("%w: %s for %s failed: %w%s; %s",
			ErrNoPostfix, strings.Join(argv, " "), where, err, stderrSuffix(stderr), hint)
	}
	values := strings.Split(strings.TrimRight(string(stdout), "\n"), "\n")
	if len(values) != 3 {
		return Instance{}, fmt.Errorf("%w: %s printed %d lines, want 3: %q",
			ErrNoPostfix, strings.Join(argv, " "), len(values), stdout)
	}
	inst := Instance{
		QueueDir:    strings.TrimSpace(values[0]),
		MaillogFile: strings.TrimSpace(values[1]),
		ConfigDir:   strings.TrimSpace(values[2]),
	}
	if inst.ConfigDir == "" {
		inst.ConfigDir = configDir
	}
	return inst, nil
}

// MainCFMissingError reports a -c DIR without a main.cf, such as the
// parent of a private instance's configuration directory.
type MainCFMissingError struct {
	// ConfigDir is the directory given to -c.
	ConfigDir string
	// Suggested is a directory below ConfigDir that has a main.cf, or "".
	Suggested string
}

func (e *MainCFMissingError) Error() string {
	return e.LocalizedError().Error()
}

// LocalizedError returns the error's text as a catalog entry.
func (e *MainCFMissingError) LocalizedError() *l10n.Error {
	data := map[string]any{"Dir": e.ConfigDir, "Suggested": e.Suggested}
	if e.Suggested != "" {
		return l10n.NewError("reason.mainCFMissingSuggest", data)
	}
	return l10n.NewError("reason.mainCFMissing", data)
}

// Unwrap makes the error match ErrNoPostfix.
func (e *MainCFMissingError) Unwrap() error { return ErrNoPostfix }

// mainCFBelow lists where an instance's main.cf may sit below a directory
// given by mistake: DIR/etc for a private instance laid out like the root
// of a system, and DIR/postfix for /etc given in place of /etc/postfix.
var mainCFBelow = []string{"etc", "etc/postfix", "postfix"}

// missingMainCF returns a *MainCFMissingError when configDir is given
// and has no main.cf, else nil.
func missingMainCF(configDir string) *MainCFMissingError {
	if configDir == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(configDir, "main.cf")); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	missing := &MainCFMissingError{ConfigDir: configDir}
	for _, below := range mainCFBelow {
		dir := filepath.Join(configDir, below)
		if _, err := os.Stat(filepath.Join(dir, "main.cf")); err == nil {
			missing.Suggested = dir
			break
		}
	}
	return missing
}

// listOtherInstances fills in inst.Name and inst.Others from postmulti -l.
// A failing or missing postmulti is ignored.
func listOtherInstances(ctx context.Context, run Runner, inst Instance) Instance {
	listing, _, err := run.Run(ctx, []string{"postmulti", "-l"})
	if err != nil {
		return inst
	}
	for _, listed := range parsePostmultiList(listing) {
		if sameDir(listed.ConfigDir, inst.ConfigDir) {
			inst.Name = listed.Name
		} else {
			inst.Others = append(inst.Others, listed)
		}
	}
	return inst
}

// parsePostmultiList reads postmulti -l output, one instance a line:
// "NAME GROUP y|n CONFIG_DIR". Lines of another shape are skipped.
func parsePostmultiList(output []byte) []ListedInstance {
	var listed []ListedInstance
	for _, line := range strings.Split(string(output), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || !strings.HasPrefix(fields[3], "/") {
			continue
		}
		listed = append(listed, ListedInstance{
			Name:      fields[0],
			Group:     fields[1],
			Enabled:   fields[2] == "y",
			ConfigDir: fields[3],
		})
	}
	return listed
}

func sameDir(a, b string) bool {
	return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
}

func stderrSuffix(stderr []byte) string {
	text := strings.TrimSpace(string(stderr))
	if text == "" {
		return ""
	}
	return ": " + text
}

// ErrNoLog means no mail log could be read: none was named with --log and
// none of the usual places holds a readable one.
var ErrNoLog = errors.New("no readable mail log found")

// fallbackLogFiles are the logs syslog daemons write mail to: Debian's, then
// Red Hat's and the BSDs'.
var fallbackLogFiles = []string{"/var/log/mail.log", "/var/log/maillog"}

// LogPaths returns the logs to read: flagPaths when --log named any (they
// are checked when opened), else the instance's maillog_file, else
// /var/log/mail.log, else /var/log/maillog, whichever is first readable.
// When none is, the error wraps ErrNoLog and lists every path tried with
// the reason.
func LogPaths(inst Instance, flagPaths []string) ([]string, error) {
	return logPaths(inst, flagPaths, fallbackLogFiles)
}

func logPaths(inst Instance, flagPaths, fallbacks []string) ([]string, error) {
	if len(flagPaths) > 0 {
		return flagPaths, nil
	}
	var candidates []string
	if inst.MaillogFile != "" {
		candidates = append(candidates, inst.MaillogFile)
	}
	candidates = append(candidates, fallbacks...)

	var tried []string
	for _, path := range candidates {
		err := checkReadable(path)
		if err == nil {
			return []string{path}, nil
		}
		tried = append(tried, fmt.Sprintf("%s (%v)", path, err))
	}
	return nil, fmt.Errorf("%w; tried %s; pass --log PATH to name the log", ErrNoLog, strings.Join(tried, ", "))
}

// checkReadable returns why path cannot serve as a log, or nil.
func checkReadable(path string) error {
	if strings.HasPrefix(path, "/dev/") {
		// maillog_file = /dev/stdout: postlogd writes to its own stdout,
		// which only the process that started Postfix can read.
		return errors.New("a device, not a file")
	}
	file, err := os.Open(path)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err
		}
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	var probe [1]byte
	if _, err := file.Read(probe[:]); err != nil && err != io.EOF {
		return err
	}
	return nil
}
