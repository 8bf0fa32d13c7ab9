package sources

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
)

// MailOwner is the user that Postfix's daemons run as, main.cf's
// mail_owner, and that must be able to read every queue file.
type MailOwner struct {
	Name string
	UID  uint32
	// GID is the user's primary group. Postfix's set_ugid()
	// (src/util/set_ugid.c) leaves its daemons this group alone, so only
	// its permission bits count.
	GID uint32
}

// LookupMailOwner finds the user name in the user database.
func LookupMailOwner(name string) (*MailOwner, error) {
	account, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("look up mail_owner %q: %w", name, err)
	}
	uid, err := strconv.ParseUint(account.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("mail_owner %q has uid %q, not a number: %w", name, account.Uid, err)
	}
	gid, err := strconv.ParseUint(account.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("mail_owner %q has gid %q, not a number: %w", name, account.Gid, err)
	}
	return &MailOwner{Name: name, UID: uint32(uid), GID: uint32(gid)}, nil
}

// isProcessUser reports whether mailtop runs as o, by its effective user
// ID. A nil o is no one.
func (o *MailOwner) isProcessUser() bool {
	return o != nil && uint32(os.Geteuid()) == o.UID
}

// QueueFileProblem is the reason Postfix's daemons cannot read a queue
// file that mailtop could read, such as after a copy or a restore made by
// root. Postfix leaves such a message in the queue and never delivers it.
type QueueFileProblem uint8

const (
	// QueueFileOK means mail_owner can read the file, or that the file was
	// not checked.
	QueueFileOK QueueFileProblem = iota
	// QueueFileNotOwned means a file outside the maildrop queue belongs to
	// another user than mail_owner. postfix check (postfix-script of
	// Postfix 3.7) warns about such files as "not owned by mail_owner".
	QueueFileNotOwned
	// QueueFileNotReadable means the file's permission bits do not let
	// mail_owner read it. A maildrop file belongs to the user who
	// submitted it, so pickup reads it through its group or other bits.
	QueueFileNotReadable
)

// fileProblem checks a file of queue with the owner and mode in info
// against o. A nil o, or an info without its owner, checks nothing.
func (o *MailOwner) fileProblem(queue string, info queueFileInfo) QueueFileProblem {
	if o == nil || !info.ownerKnown {
		return QueueFileOK
	}
	if queue != QueueMaildrop && info.uid != o.UID {
		return QueueFileNotOwned
	}
	var readBit fs.FileMode
	switch {
	case info.uid == o.UID:
		readBit = 0o400
	case info.gid == o.GID:
		readBit = 0o040
	default:
		readBit = 0o004
	}
	if info.perm&readBit == 0 {
		return QueueFileNotReadable
	}
	return QueueFileOK
}

// PermissionDenied returns how many queue files mailtop could not open for
// lack of permission: the user it runs as may list the queue directories
// but not read the files in them.
func (s *QueueSnapshot) PermissionDenied() int {
	denied := 0
	for _, fileErr := range s.Errors {
		if errors.Is(fileErr.Err, fs.ErrPermission) {
			denied++
		}
	}
	return denied
}

// SetPermissionsCommand returns the command that gives the instance's
// queue files mail_owner as their owner again: postfix set-permissions,
// with -c DIR for the instance in ConfigDir. It leaves the maildrop
// queue's files alone, because they belong to the users who submitted
// them.
func (s *QueueSnapshot) SetPermissionsCommand() string {
	if s.ConfigDir == "" {
		return "postfix set-permissions"
	}
	return "postfix -c " + s.ConfigDir + " set-permissions"
}

// FileProblems returns how many messages have a QueueFileProblem.
func (s *QueueSnapshot) FileProblems() int {
	problems := 0
	for i := range s.Messages {
		if s.Messages[i].FileProblem != QueueFileOK {
			problems++
		}
	}
	return problems
}
