package app

import (
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
	Secret    string // base32 as sites print it: case, spaces, dashes ignored
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

	// Sites print secrets in dashed groups as often as in spaced ones;
	// vault.DecodeSecret takes the spaces, so only dashes go here.
	undashed := strings.ReplaceAll(m.Secret, "-", "")
	secret, err := vault.DecodeSecret(undashed)
	if err != nil {
		return scanner.Enrollment{}, fmt.Errorf("checking key: %w", err)
	}

	o := m.otp(secret)
	if err := o.Validate(); err != nil {
		return scanner.Enrollment{}, fmt.Errorf("checking key: %w", err)
	}
	return scanner.Enrollment{Issuer: issuer, Account: acct,
		LabelIssuer: issuer, IssuerParam: issuer, OTP: o}, nil
}

// otp is the account the form describes. The fields a type does not use
// are set as the scanner sets them: an HOTP account has no period, and
// Steam's parameters are fixed whatever the form says.
func (m Manual) otp(secret []byte) vault.OTP {
	o := vault.OTP{Type: m.Type, Algorithm: m.Algorithm, Digits: m.Digits,
		Period: m.Period, Counter: m.Counter, Secret: secret}
	switch o.Type {
	case vault.HOTP:
		o.Period = 0
	case vault.Steam:
		o.Algorithm, o.Digits = vault.SHA1, vault.SteamDigits
		o.Period = vault.SteamPeriod
	}
	if o.Type != vault.HOTP {
		o.Counter = 0
	}
	return o
}

// uri is the otpauth URI the form stands for, so checks that read the
// text see what a scanned code would have carried.
func (m Manual) uri(e scanner.Enrollment) string {
	q := url.Values{}
	q.Set("secret", vault.EncodeSecret(e.OTP.Secret))
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
