package parsers

// Postfix names a message in one of two forms (see postconf(5),
// enable_long_queue_ids):
//
//	short  = 6*HEXUPPER
//	         5 hex digits of the creation microseconds, then the inode
//	         number in hex without padding
//	long   = 10*B52 "z" 1*B51
//	         at least 6 base-52 digits of the creation seconds, exactly 4
//	         base-52 digits of the microseconds, the separator "z", then
//	         the inode number in base 51
//	B52    = DIGIT / consonants "B"-"Z" / consonants "b"-"z"  (no vowels)
//	B51    = B52 without "z"
//
// The microsecond part may itself end in "z" (4jh2DZ3Cpzz5rBg), so the
// separator is the last "z", and it must sit at index 10 or later.
// "NOQUEUE", the placeholder in smtpd policy rejects, is not a queue ID.

// maxQueueIDLen bounds both forms. A 64-bit inode needs 16 hex digits, so a
// short ID is at most 21 bytes; a long ID with 64-bit seconds and inode is
// at most 12+4+1+12 = 29 bytes.
const maxQueueIDLen = 32

// noQueue is the placeholder smtpd logs before a queue file exists.
const noQueue = "NOQUEUE"

// base52 marks the bytes of the long queue ID alphabet: digits and the
// ASCII letters that are not vowels.
var base52 = func() (t [256]bool) {
	const alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = true
	}
	return t
}()

// Bits of queueIDBytes: the forms of queue ID a byte may appear in.
const (
	shortIDByte uint8 = 1 << iota // 0-9 and A-F
	longIDByte                    // base52
)

// queueIDBytes classifies each byte for cutQueueID, which checks both
// forms in the same loop that looks for the ": " after the ID.
var queueIDBytes = func() (t [256]uint8) {
	for c := range t {
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'F' {
			t[c] |= shortIDByte
		}
		if base52[c] {
			t[c] |= longIDByte
		}
	}
	return t
}()

// ValidQueueID reports whether s is a Postfix queue ID in the short or the
// long form. It returns false for "NOQUEUE" and for anything that could be
// a path, an option or a shell word, so actions may pass a valid ID to
// postsuper and postcat as it is.
func ValidQueueID(s string) bool {
	return validQueueID(s)
}

// IsLongQueueID reports whether s is a queue ID in the long form that
// enable_long_queue_ids = yes produces, such as 4jh2DZ3Cpzz5rBg.
func IsLongQueueID(s string) bool {
	return isLongQueueID(s)
}

// validQueueID serves both ValidQueueID and the line scanner, which checks
// sub-slices of the line without converting them to strings.
func validQueueID[T string | []byte](s T) bool {
	return isShortQueueID(s) || isLongQueueID(s)
}

func isLongQueueID[T string | []byte](s T) bool {
	if len(s) < 12 || len(s) > maxQueueIDLen {
		return false
	}
	sep := -1
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == 'z' {
			sep = i
			break
		}
	}
	if sep < 10 || sep == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !base52[s[i]] {
			return false
		}
	}
	return true
}

func isShortQueueID[T string | []byte](s T) bool {
	if len(s) < 6 || len(s) > maxQueueIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}
