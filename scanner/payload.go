package scanner

import (
	"net/url"

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
	Extra       url.Values // parameters the Key URI format does not define
	OTP         vault.OTP
}

// Batch places one Google Authenticator export QR within a multi-QR export.
type Batch struct {
	Index int   `json:"index"`
	Size  int   `json:"size"`
	ID    int32 `json:"id"`
}

// Parse classifies text and parses what it understands of it.
func Parse(text string) Payload {
	// TODO(skeleton): replaced by the payload parsers.
	return Payload{Kind: KindText, Text: text}
}
