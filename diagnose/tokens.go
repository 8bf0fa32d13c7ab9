package diagnose

import "strings"

// tokenRule assigns class when the lowercased reason contains one of the
// tokens as a whole word: the characters on either side, if any, are not
// letters or digits.
type tokenRule struct {
	class  Class
	tokens []string
}

// tokenRules are the error tokens that large providers put in their replies.
// A token names the provider's own verdict, so it decides the class even
// where the reply code's first digit suggests otherwise: Yahoo's "553 5.7.2
// [TSS09] ... permanently deferred" is a block, not a deferral.
var tokenRules = []tokenRule{
	// Yahoo and AOL: "421 4.7.0 [TSS04] Messages from IP temporarily
	// deferred due to unexpected volume or user complaints". TSS05, IPTS04
	// and IPTS05 are the same family.
	{RateLimited, []string{"tss04", "tss05", "ipts04", "ipts05"}},
	// Yahoo: "[TSS09] All messages from IP will be permanently deferred;
	// Retrying will NOT succeed".
	{Blocked, []string{"tss09"}},
	// Yahoo! JAPAN: "553 Mail from IP not allowed - VS98-IP0 deferred".
	{Blocked, []string{"vs98-ip0"}},
	// Microsoft consumer mail: "part of their network is on our block list
	// (S3140)", also S3150 and AS3140.
	{Blocked, []string{"s3140", "s3150", "as3140"}},
	// Exchange Online's directory-based edge blocking: "550 5.4.1
	// Recipient address rejected: Access denied. AS(201806281)" means the
	// recipient is not in the receiving tenant's directory.
	{UserUnknown, []string{"as(201806281)"}},
	// Microsoft: "451 4.7.650 ... temporarily rate limited due to IP
	// reputation (S775)", also S844.
	{RateLimited, []string{"s775", "s844"}},
	// Cox: "421 cmsmtp blocked ... AUP#CXCNCT" means more concurrent SMTP
	// connections from one IP than Cox allows (10).
	// NOTE: only CXCNCT was checked against Cox's description. The meanings
	// of CXMXRT (too many messages) and CXBL (IP on Cox's block list) are
	// guessed from the codes' names.
	{RateLimited, []string{"aup#cxcnct", "aup#cxmxrt"}},
	{Blocked, []string{"aup#cxbl"}},
}

// statusToken is the subject and detail of an enhanced status code ("7.28"
// of "4.7.28") that only one meaning uses, whatever its class digit.
type statusToken struct {
	detail string
	class  Class
}

// statusTokens are matched in the logged DSN and in the reply text, under
// either class digit: soft_bounce=yes logs a 5.7.26 reply as dsn=4.7.26.
var statusTokens = []statusToken{
	{"7.28", RateLimited},  // Gmail: unusual rate of unsolicited mail, rate limited
	{"7.650", RateLimited}, // Microsoft: rate limited due to IP reputation
	{"7.651", RateLimited},
	{"7.26", AuthFailure}, // Gmail, Microsoft: SPF, DKIM or DMARC failed
}

// matchToken returns the class of the first provider token found in the
// lowercased reason or in the enhanced status code dsn.
func matchToken(reason, dsn string) (Class, bool) {
	for i := range tokenRules {
		for _, token := range tokenRules[i].tokens {
			if containsWord(reason, token) {
				return tokenRules[i].class, true
			}
		}
	}
	_, detail, _ := strings.Cut(dsn, ".")
	for _, t := range statusTokens {
		if detail == t.detail {
			return t.class, true
		}
	}
	for _, t := range statusTokens {
		if containsWord(reason, "4."+t.detail) || containsWord(reason, "5."+t.detail) {
			return t.class, true
		}
	}
	return ClassNone, false
}

// containsWord reports whether s contains word as a whole token: no letter,
// digit or '.' directly before it, and no letter, digit or '.' and digit
// directly after it. So "s3140" does not match inside "as3140", "4.7.26"
// does not match inside "4.7.260", and "(S3140)." still matches.
func containsWord(s, word string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		start := from + i
		end := start + len(word)
		before := start == 0 || !isAlnum(s[start-1]) && s[start-1] != '.'
		after := end == len(s) || !isAlnum(s[end]) && !(s[end] == '.' && end+1 < len(s) && isDigit(s[end+1]))
		if before && after {
			return true
		}
		from = start + 1
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isAlnum(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || isDigit(b) }
