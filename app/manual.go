package app

import (
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// Manual is the "Enter key manually" form.
type Manual struct {
	Issuer    string
	Account   string
	Secret    string // base32, as sites print it: spaces and case ignored
	Type      vault.Type
	Algorithm vault.Algorithm
	Digits    int
	Period    int
	Counter   uint64
}

// DefaultManual is the form as it opens: the parameters nearly every
// site uses.
func DefaultManual() Manual {
	return Manual{Type: vault.TOTP, Algorithm: vault.SHA1, Digits: 6,
		Period: 30}
}

// Manual reviews a key typed in by hand, checked like a scanned one.
func (a *Adder) Manual(m Manual) *Review {
	e, err := m.enrollment()
	if err != nil {
		return &Review{Source: FromManual, Err: err,
			Report: scanner.Report{Verdict: scanner.Blocked}}
	}
	p := scanner.Payload{Kind: scanner.KindOTPAuth, Text: m.uri(e),
		Enrollments: []scanner.Enrollment{e}}
	return a.payload(p, FromManual)
}

func (m Manual) enrollment() (scanner.Enrollment, error) {
	issuer := strings.TrimSpace(m.Issuer)
	acct := strings.TrimSpace(m.Account)
	if issuer == "" && acct == "" {
		return scanner.Enrollment{}, errors.New("checking key: " +
			"give an issuer or an account name")
	}
	secret, err := DecodeSecret(m.Secret)
	if err != nil {
		return scanner.Enrollment{}, err
	}
	o, err := m.otp(secret)
	if err != nil {
		return scanner.Enrollment{}, err
	}
	return scanner.Enrollment{Issuer: issuer, Account: acct,
		LabelIssuer: issuer, IssuerParam: issuer, OTP: o}, nil
}

func (m Manual) otp(secret []byte) (vault.OTP, error) {
	o := vault.OTP{Type: m.Type, Algorithm: m.Algorithm, Digits: m.Digits,
		Period: m.Period, Counter: m.Counter, Secret: secret}
	switch o.Type {
	case vault.TOTP, vault.HOTP:
	case vault.Steam:
		o.Digits, o.Algorithm = 5, vault.SHA1
	default:
		return o, fmt.Errorf("checking key: unknown type %q", m.Type)
	}
	switch o.Algorithm {
	case vault.SHA1, vault.SHA256, vault.SHA512:
	default:
		return o, fmt.Errorf("checking key: unknown algorithm %q",
			m.Algorithm)
	}
	if o.Digits < 4 || o.Digits > 10 {
		return o, fmt.Errorf("checking key: digits %d not in 4 to 10",
			o.Digits)
	}
	if o.Type != vault.HOTP && (o.Period < 1 || o.Period > 3600) {
		return o, fmt.Errorf("checking key: period %d not in 1 to 3600",
			o.Period)
	}
	return o, nil
}

// DecodeSecret reads a base32 secret the way sites print it: any case,
// spaces or dashes between groups, padding optional. The error never
// repeats the secret.
func DecodeSecret(s string) ([]byte, error) {
	s = strings.ToUpper(strings.Map(dropSeparators, s))
	s = strings.TrimRight(s, "=")
	if s == "" {
		return nil, errors.New("checking key: the secret is empty")
	}
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).
		DecodeString(s)
	if err != nil {
		return nil, errors.New("checking key: the secret is not base32 " +
			"(letters A to Z and digits 2 to 7)")
	}
	return b, nil
}

func dropSeparators(r rune) rune {
	if r == ' ' || r == '-' || r == '\t' {
		return -1
	}
	return r
}

// uri is the otpauth URI the form stands for, so checks that read the
// text see what a scanned code would have carried.
func (m Manual) uri(e scanner.Enrollment) string {
	q := url.Values{}
	q.Set("secret", base32.StdEncoding.WithPadding(base32.NoPadding).
		EncodeToString(e.OTP.Secret))
	if e.Issuer != "" {
		q.Set("issuer", e.Issuer)
	}
	q.Set("algorithm", string(e.OTP.Algorithm))
	q.Set("digits", strconv.Itoa(e.OTP.Digits))
	if e.OTP.Type == vault.HOTP {
		q.Set("counter", strconv.FormatUint(e.OTP.Counter, 10))
	} else {
		q.Set("period", strconv.Itoa(e.OTP.Period))
	}
	label := e.Account
	if e.Issuer != "" {
		label = e.Issuer + ":" + e.Account
	}
	u := url.URL{Scheme: "otpauth", Host: string(e.OTP.Type),
		Path: "/" + label, RawQuery: q.Encode()}
	return u.String()
}
