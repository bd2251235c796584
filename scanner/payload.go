package scanner

import (
	"net/url"
	"strings"

	"github.com/tessera-auth/tessera/vault"
)

// Kind says what a payload is.
type Kind string

// The payload kinds of the scan JSON contract.
const (
	KindOTPAuth   Kind = "otpauth"
	KindMigration Kind = "otpauth-migration"
	KindURL       Kind = "url"
	KindText      Kind = "text"
)

// Payload is one decoded QR text, classified and parsed.
type Payload struct {
	Kind        Kind
	Text        string       // the raw text; carries the secret for otpauth kinds
	Enrollments []Enrollment // otpauth: one; migration: one per account
	Batch       *Batch       // migration only
	URL         *url.URL     // url only
	Err         error        // set when an otpauth or migration text is malformed
}

// Enrollment is one account an enrollment code would add.
type Enrollment struct {
	Issuer      string     // the issuer parameter, or the label prefix without one
	Account     string     // the label after the issuer prefix
	LabelIssuer string     // the label's issuer prefix, "" if none
	IssuerParam string     // the issuer parameter, "" if none
	Extra       url.Values // other parameters, by lower-case name
	OTP         vault.OTP
}

// Batch places one Google Authenticator export QR within a multi-QR export.
type Batch struct {
	Index int   `json:"index"`
	Size  int   `json:"size"`
	ID    int32 `json:"id"`
}

// Parse classifies text and parses what it understands of it. Text is
// kept as given; surrounding white space is ignored when parsing, since
// some generators end their payloads with a newline.
//
// A text whose scheme is otpauth or otpauth-migration is always of that
// kind, even when malformed: Err then says which part is wrong, and never
// quotes the secret. Any http or https URL with a host is a URL; the rest
// is text.
func Parse(text string) Payload {
	p := Payload{Kind: KindText, Text: text}
	s := strings.TrimSpace(text)

	switch strings.ToLower(scheme(s)) {
	case "otpauth":
		p.Kind = KindOTPAuth
		e, err := parseOTPAuth(s)
		p.Err = err
		if err == nil {
			p.Enrollments = []Enrollment{e}
		}
	case "otpauth-migration":
		p.Kind = KindMigration
		p.Enrollments, p.Batch, p.Err = parseMigration(s)
	case "http", "https":
		if u := parseLink(s); u != nil {
			p.Kind, p.URL = KindURL, u
		}
	}
	return p
}

// scheme returns the RFC 3986 scheme of s, or "" if s has none.
func scheme(s string) string {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return ""
	}

	for j, c := range s[:i] {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		other := '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
		if !letter && (j == 0 || !other) {
			return ""
		}
	}
	return s[:i]
}
