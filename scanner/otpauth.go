package scanner

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tessera-auth/tessera/vault"
)

// The Key URI format (otpauth://TYPE/LABEL?PARAMETERS) is parsed by hand
// rather than with url.Parse for two reasons: url.Parse quotes the whole
// URI, secret included, in its errors, and it hides the raw parameter
// list, which is needed to refuse duplicates.
//
// Parsing is strict wherever two authenticator apps could read the same
// URI differently: a repeated parameter (in any letter case), a fragment,
// or a value out of range is an error rather than a guess. Errors name
// the part that is wrong and never quote a parameter's value, since a
// hostile code may put the secret in any of them.

// knownParams are the parameters the Key URI format defines, plus
// encoder, which marks Steam accounts in some exports.
var knownParams = map[string]bool{
	"secret": true, "issuer": true, "algorithm": true, "digits": true,
	"period": true, "counter": true, "encoder": true,
}

// parseOTPAuth parses s, whose scheme is otpauth in any letter case.
func parseOTPAuth(s string) (Enrollment, error) {
	e, err := parseKeyURI(s)
	if err != nil {
		return Enrollment{}, fmt.Errorf("parsing otpauth URI: %w", err)
	}
	return e, nil
}

func parseKeyURI(s string) (Enrollment, error) {
	rest, ok := cutPrefixFold(s, "otpauth://")
	if !ok {
		return Enrollment{}, errors.New("want otpauth://TYPE/LABEL?...")
	}
	if strings.Contains(rest, "#") {
		return Enrollment{}, errors.New("a fragment (#) is not allowed")
	}

	path, query, _ := strings.Cut(rest, "?")
	typ, label, _ := strings.Cut(path, "/")
	t, err := otpType(typ)
	if err != nil {
		return Enrollment{}, err
	}

	var e Enrollment
	if err := e.setLabel(label); err != nil {
		return Enrollment{}, err
	}

	params, err := splitQuery(query, knownParams)
	if err != nil {
		return Enrollment{}, err
	}
	if err := e.setParams(t, params); err != nil {
		return Enrollment{}, err
	}
	return e, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

func otpType(s string) (vault.Type, error) {
	switch t := vault.Type(strings.ToLower(s)); t {
	case vault.TOTP, vault.HOTP, vault.Steam:
		return t, nil
	case "":
		return "", errors.New("type: missing")
	}
	return "", errors.New("type: not totp, hotp or steam")
}

// setLabel splits the label "issuer:account" (the colon may be written
// %3A, and spaces may follow it) into e.LabelIssuer and e.Account.
func (e *Enrollment) setLabel(raw string) error {
	label, err := url.PathUnescape(raw)
	if err != nil {
		return errors.New("label: bad percent-encoding")
	}
	if label == "" {
		return errors.New("label: missing")
	}
	if !utf8.ValidString(label) {
		return errors.New("label: not UTF-8")
	}

	issuer, account, ok := strings.Cut(label, ":")
	if !ok {
		issuer, account = "", label
	}
	e.LabelIssuer = issuer
	e.Account = strings.TrimLeft(account, " ")
	return nil
}

// param is one name=value pair of a query, unescaped.
type param struct{ name, value string }

// splitQuery unescapes the parameters of query in order. Parameter names
// are compared without regard to case, so that "secret" and "Secret"
// cannot both be given. Errors name a parameter only if known has it.
func splitQuery(query string, known map[string]bool) ([]param, error) {
	var ps []param
	seen := map[string]bool{}

	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}

		p, err := unescapeParam(kv, known)
		if err != nil {
			return nil, err
		}

		key := strings.ToLower(p.name)
		if seen[key] {
			return nil, duplicateError(key, known)
		}
		seen[key] = true
		ps = append(ps, p)
	}
	return ps, nil
}

func unescapeParam(kv string, known map[string]bool) (param, error) {
	k, v, _ := strings.Cut(kv, "=")
	name, err := url.QueryUnescape(k)
	if err != nil {
		return param{}, errors.New("parameters: bad percent-encoding")
	}

	value, err := url.QueryUnescape(v)
	if err != nil {
		if known[strings.ToLower(name)] {
			return param{}, fmt.Errorf("%s: bad percent-encoding",
				strings.ToLower(name))
		}
		return param{}, errors.New("parameters: bad percent-encoding")
	}
	return param{name, value}, nil
}

// duplicateError names a repeated parameter only when it is one of the
// known ones: an unknown name could be anything, the secret included.
func duplicateError(key string, known map[string]bool) error {
	if known[key] {
		return fmt.Errorf("%s: given more than once", key)
	}
	return errors.New("parameters: an unknown parameter is given " +
		"more than once")
}

// setParams fills e from the parameters of a URI of type t.
func (e *Enrollment) setParams(t vault.Type, ps []param) error {
	known := map[string]string{}
	for _, p := range ps {
		key := strings.ToLower(p.name)
		if knownParams[key] && !ignored(t, key) {
			known[key] = p.value
			continue
		}
		if e.Extra == nil {
			e.Extra = url.Values{}
		}
		e.Extra.Add(key, p.value)
	}

	if err := e.setIssuer(known); err != nil {
		return err
	}
	o, err := buildOTP(t, known)
	if err != nil {
		return err
	}
	e.OTP = o
	return nil
}

// ignored reports whether parameter key means nothing for type t; such
// parameters are kept in Extra for the checks to see.
func ignored(t vault.Type, key string) bool {
	switch key {
	case "counter":
		return t != vault.HOTP
	case "period":
		return t == vault.HOTP
	}
	return false
}

func (e *Enrollment) setIssuer(known map[string]string) error {
	e.IssuerParam = known["issuer"]
	if !utf8.ValidString(e.IssuerParam) {
		return errors.New("issuer: not UTF-8")
	}

	e.Issuer = e.IssuerParam
	if e.Issuer == "" {
		e.Issuer = e.LabelIssuer
	}
	return nil
}

// buildOTP turns the known parameters of a URI of type t into an OTP,
// applying the Key URI format's defaults: SHA1, 6 digits, 30 seconds.
// An HOTP account has no period (0): its codes change when used, not
// with time, and a period would show as a timer that means nothing.
func buildOTP(t vault.Type, known map[string]string) (vault.OTP, error) {
	t, err := applyEncoder(t, known)
	if err != nil {
		return vault.OTP{}, err
	}

	o := vault.OTP{Type: t, Algorithm: vault.SHA1, Digits: 6}
	switch t {
	case vault.TOTP:
		o.Period = vault.DefaultPeriod
	case vault.Steam:
		o.Digits, o.Period = vault.SteamDigits, vault.SteamPeriod
	}

	steps := []func(*vault.OTP, map[string]string) error{
		setSecret, setAlgorithm, setDigits, setPeriod, setCounter,
	}
	for _, step := range steps {
		if err := step(&o, known); err != nil {
			return vault.OTP{}, err
		}
	}

	if err := o.Validate(); err != nil {
		return vault.OTP{}, err
	}
	return o, nil
}

// applyEncoder handles encoder=steam, the other way some exports mark a
// Steam Guard account.
func applyEncoder(t vault.Type, known map[string]string) (vault.Type, error) {
	enc, ok := known["encoder"]
	if !ok {
		return t, nil
	}

	if !strings.EqualFold(enc, "steam") {
		return "", errors.New("encoder: only steam is known")
	}
	if t == vault.HOTP {
		return "", errors.New("encoder: steam codes are time-based, " +
			"not hotp")
	}
	return vault.Steam, nil
}

func setSecret(o *vault.OTP, known map[string]string) error {
	s, ok := known["secret"]
	if !ok {
		return errors.New("secret: missing")
	}

	b, err := vault.DecodeSecret(s)
	if err != nil {
		return errors.New("secret: not valid base32")
	}
	o.Secret = b
	return nil
}

func setAlgorithm(o *vault.OTP, known map[string]string) error {
	s, ok := known["algorithm"]
	if !ok {
		return nil
	}

	switch a := vault.Algorithm(strings.ToUpper(s)); a {
	case vault.SHA1, vault.SHA256, vault.SHA512:
		o.Algorithm = a
		return nil
	}
	return errors.New("algorithm: not SHA1, SHA256 or SHA512")
}

func setDigits(o *vault.OTP, known map[string]string) error {
	s, ok := known["digits"]
	if !ok {
		return nil
	}

	n, err := decimal(s)
	if err != nil || n < vault.MinDigits || n > vault.MaxDigits {
		return fmt.Errorf("digits: not a whole number from %d to %d",
			vault.MinDigits, vault.MaxDigits)
	}
	o.Digits = int(n)
	return nil
}

func setPeriod(o *vault.OTP, known map[string]string) error {
	s, ok := known["period"]
	if !ok {
		return nil
	}

	n, err := decimal(s)
	if err != nil || n < 1 || n > vault.MaxPeriod {
		return fmt.Errorf("period: not a whole number of seconds "+
			"from 1 to %d", vault.MaxPeriod)
	}
	o.Period = int(n)
	return nil
}

// setCounter reads the counter, which RFC 4226 makes part of every HOTP
// account: without it the first code would be a guess.
func setCounter(o *vault.OTP, known map[string]string) error {
	if o.Type != vault.HOTP {
		return nil
	}

	s, ok := known["counter"]
	if !ok {
		return errors.New("counter: missing (required for hotp)")
	}

	n, err := decimal(s)
	if err != nil {
		return errors.New("counter: not a whole number from 0 to " +
			"18446744073709551615")
	}
	o.Counter = n
	return nil
}

// decimal parses an unsigned decimal number of ASCII digits only: no
// sign, space or underscore, which strconv would partly accept.
func decimal(s string) (uint64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseUint(s, 10, 64)
}
