package postfixconf

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
)

func TestValidateDomain(t *testing.T) {
	tests := []struct {
		domain string
		reason string // part of the error; "" when the domain is valid
	}{
		{"docomo.ne.jp", ""},
		{"Docomo.NE.jp", ""},
		{"gmail.com.", ""},
		{"localhost", ""},
		{"xn--eckwd4c7c.xn--zckzah", ""},
		{"a-b.example", ""},
		{strings.Repeat("a", 63) + ".example", ""},
		{"bad domain", "white space"},
		{"gmail.com\t", "white space"},
		{"", "empty"},
		{".", "empty"},
		{".example.com", "starts with a dot"},
		{"example..com", "two dots in a row"},
		{"-example.com", "starts or ends with a hyphen"},
		{"example-.com", "starts or ends with a hyphen"},
		{"user@example.com", `'@'`},
		{"bad_domain.com", `'_'`},
		{"[192.0.2.1]", `'['`},
		{"example.com:25", `':'`},
		{"例え.jp", "xn-- form"},
		{"a\x00b.com", `'\x00'`},
		{"\xff.com", "not ASCII"},
		{strings.Repeat("a", 64) + ".example", "longer than 63"},
		{strings.Repeat("abcdefghi.", 26) + "com", "at most 253"},
	}
	for _, tc := range tests {
		t.Run(tc.domain, func(t *testing.T) {
			err := ValidateDomain(tc.domain)
			if tc.reason == "" {
				if err != nil {
					t.Errorf("ValidateDomain(%q) = %v, want nil", tc.domain, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateDomain(%q) accepted it", tc.domain)
			}
			if !errors.Is(err, ErrInvalidDomain) {
				t.Errorf("error %v does not wrap ErrInvalidDomain", err)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q lacks %q", err, tc.reason)
			}
			if !strings.Contains(err.Error(), "; give a domain name of ASCII letters, digits, hyphens and dots, such as docomo.ne.jp") {
				t.Errorf("error %q does not say what to give", err)
			}
		})
	}
}

// The reason of each invalid domain has a Japanese text of its own, a
// sentence that the hint under --domain goes on after.
func TestValidateDomainJapaneseReason(t *testing.T) {
	ja := l10n.New(l10n.Japanese)
	cases := map[string]string{
		".":                             "末尾のドットのほかに名前がありません。",
		strings.Repeat("a.", 127) + "a": "255 文字あり、ドメイン名の上限の 253 文字を超えています。",
		".example.com":                  "先頭がドットです。",
		"example..com":                  "ドットが 2 つ続いています。",
		strings.Repeat("a", 64):         "ドットで区切られた部分 \"" + strings.Repeat("a", 64) + "\" が 63 文字を超えています。",
		"-example.com":                  "ドットで区切られた部分 \"-example\" がハイフンで始まるか、ハイフンで終わっています。",
		"bad domain":                    "空白が含まれています。",
		"例え.jp":                         "ASCII でない文字 '例' が含まれています。国際化ドメイン名は xn-- で始まる形で指定してください。",
		"user@example.com":              "使えない文字 '@' が含まれています。",
	}
	for domain, want := range cases {
		var domainErr *DomainError
		if !errors.As(ValidateDomain(domain), &domainErr) {
			t.Errorf("ValidateDomain(%q) is not a *DomainError", domain)
			continue
		}
		if got := ja.ErrorText(domainErr.Reason); got != want {
			t.Errorf("Japanese reason for %q = %q, want %q", domain, got, want)
		}
	}
}

func TestCheckRejectsInvalidDomain(t *testing.T) {
	f := newFakePostfix(t, "")
	reports, err := (&Inspector{Runner: f}).Check(context.Background(), []string{"docomo.ne.jp", "bad domain"})
	if !errors.Is(err, ErrInvalidDomain) {
		t.Fatalf("Check error = %v, want ErrInvalidDomain", err)
	}
	if !strings.HasPrefix(err.Error(), `check bad domain: invalid domain "bad domain"`) {
		t.Errorf("error %q does not name the domain first", err)
	}
	if len(reports) != 1 {
		t.Errorf("reports before the error: %d, want 1", len(reports))
	}
	for _, argv := range f.calls {
		if strings.Contains(strings.Join(argv, " "), "bad domain") {
			t.Errorf("ran %q with the invalid domain", argv)
		}
	}
}
