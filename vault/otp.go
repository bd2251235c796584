package vault

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Type is the kind of one-time password an account produces.
type Type string

// The account types Tessera computes codes for.
const (
	TOTP  Type = "totp"  // RFC 6238, time-based
	HOTP  Type = "hotp"  // RFC 4226, counter-based
	Steam Type = "steam" // Steam Guard: TOTP with a 5-character alphabet
)

// Algorithm is the HMAC hash an account uses.
type Algorithm string

// The HMAC hashes of the Key URI format.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// The limits Validate enforces. RFC 4226 section 5.3 yields at most 31 bits,
// so more than 10 decimal digits would add only leading zeros; fewer than 4
// would make guessing too easy.
const (
	MinDigits = 4
	MaxDigits = 10
	MaxPeriod = 86400 // one day; real accounts use 30 or 60 seconds
)

// The fixed parameters of Steam Guard codes.
const (
	SteamDigits = 5
	SteamPeriod = 30
)

// DefaultPeriod is the TOTP time step when none is given (RFC 6238
// section 4.1 recommends 30 seconds).
const DefaultPeriod = 30

// OTP holds everything needed to compute one account's codes. Secret is
// the raw shared secret (already base32-decoded); it must never be logged.
type OTP struct {
	Type      Type
	Algorithm Algorithm
	Digits    int    // 4 to 10; 5 for Steam
	Period    int    // seconds, for TOTP and Steam
	Counter   uint64 // the next counter value, for HOTP
	Secret    []byte
}

// Fingerprint identifies a secret without revealing it: the first 8 bytes
// of SHA-256 over the raw secret, in hex.
func Fingerprint(secret []byte) string {
	sum := sha256.Sum256(secret)
	return hex.EncodeToString(sum[:8])
}

// secretEncoding is RFC 4648 base32 without padding; DecodeSecret strips
// any padding before decoding so that both forms are accepted.
var secretEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// DecodeSecret decodes a base32 secret as people and Key URIs write it:
// in either case, with or without "=" padding, and with spaces, tabs or
// line breaks anywhere. Its errors never quote s.
func DecodeSecret(s string) ([]byte, error) {
	s = strings.Map(dropSpace, s)
	s = strings.TrimRight(s, "=")
	if s == "" {
		return nil, errors.New("decoding secret: secret is empty")
	}

	// RFC 4648 section 6: a final quantum holds 2, 4, 5 or 7 characters;
	// other lengths cannot end on a byte boundary.
	switch len(s) % 8 {
	case 1, 3, 6:
		return nil, errors.New("decoding secret: not valid base32 " +
			"(wrong length)")
	}

	b, err := secretEncoding.DecodeString(strings.ToUpper(s))
	if err != nil {
		// The base32 error gives only an offset, but keep our own words
		// so that no library change can make it quote the input.
		return nil, errors.New("decoding secret: not valid base32")
	}
	return b, nil
}

func dropSpace(r rune) rune {
	switch r {
	case ' ', '\t', '\n', '\r':
		return -1
	}
	return r
}

// EncodeSecret returns the canonical form of secret: upper-case base32
// without padding, as Key URIs carry it.
func EncodeSecret(secret []byte) string {
	return secretEncoding.EncodeToString(secret)
}

// Validate reports whether o can produce codes, naming the first field
// that cannot be used. It never mentions the secret's value.
func (o OTP) Validate() error {
	if len(o.Secret) == 0 {
		return errors.New("secret is empty")
	}

	switch o.Type {
	case TOTP:
		return o.validateTOTP()
	case HOTP:
		return o.validateCommon()
	case Steam:
		return o.validateSteam()
	}
	return fmt.Errorf("type %q is not totp, hotp or steam", o.Type)
}

func (o OTP) validateCommon() error {
	switch o.Algorithm {
	case SHA1, SHA256, SHA512:
	default:
		return fmt.Errorf("algorithm %q is not SHA1, SHA256 or SHA512",
			o.Algorithm)
	}

	if o.Digits < MinDigits || o.Digits > MaxDigits {
		return fmt.Errorf("digits %d is outside %d to %d",
			o.Digits, MinDigits, MaxDigits)
	}
	return nil
}

func (o OTP) validateTOTP() error {
	if err := o.validateCommon(); err != nil {
		return err
	}

	if o.Period < 1 || o.Period > MaxPeriod {
		return fmt.Errorf("period %d is outside 1 to %d seconds",
			o.Period, MaxPeriod)
	}
	return nil
}

// validateSteam insists on Steam's fixed parameters: a Steam code made
// with anything else would not be accepted by Steam.
func (o OTP) validateSteam() error {
	if o.Algorithm != SHA1 {
		return fmt.Errorf("algorithm %q: steam codes use SHA1", o.Algorithm)
	}

	if o.Digits != SteamDigits {
		return fmt.Errorf("digits %d: steam codes have %d characters",
			o.Digits, SteamDigits)
	}

	if o.Period != SteamPeriod {
		return fmt.Errorf("period %d: steam codes change every %d seconds",
			o.Period, SteamPeriod)
	}
	return nil
}

// Code returns the code for instant at (TOTP, Steam) or for o.Counter
// (HOTP, where at is ignored).
func (o OTP) Code(at time.Time) (string, error) {
	if err := o.Validate(); err != nil {
		return "", fmt.Errorf("computing code: %w", err)
	}

	counter := o.Counter
	if o.Type != HOTP {
		step, err := o.step(at)
		if err != nil {
			return "", fmt.Errorf("computing code: %w", err)
		}
		counter = step
	}
	return o.hotp(counter)
}

// step is the RFC 6238 section 4.2 time counter T = floor(unix / period).
// Integer division keeps it exact where a float64 would round.
func (o OTP) step(at time.Time) (uint64, error) {
	unix := at.Unix()
	if unix < 0 {
		return 0, errors.New("time is before 1970")
	}
	return uint64(unix) / uint64(o.Period), nil
}

// hotp computes the RFC 4226 value for counter. pquerna/otp implements
// the dynamic truncation of section 5.3 for any digit count (its Digits
// type is a plain int whose modulus is 10^n) and Steam's alphabet; it
// takes the secret in base32, so o.Secret is re-encoded for it.
func (o OTP) hotp(counter uint64) (string, error) {
	opts := hotp.ValidateOpts{
		Digits:    otp.Digits(o.Digits),
		Algorithm: pquernaAlgorithm(o.Algorithm),
	}
	if o.Type == Steam {
		opts.Encoder = otp.EncoderSteam
	}

	code, err := hotp.GenerateCodeCustom(EncodeSecret(o.Secret), counter,
		opts)
	if err != nil {
		return "", errors.New("computing code: secret could not be used")
	}
	return code, nil
}

func pquernaAlgorithm(a Algorithm) otp.Algorithm {
	switch a {
	case SHA256:
		return otp.AlgorithmSHA256
	case SHA512:
		return otp.AlgorithmSHA512
	}
	return otp.AlgorithmSHA1
}

// SecondsLeft returns how many whole seconds the code for instant at
// stays valid, from 1 to o.Period; it is 0 for HOTP, whose codes change
// only when used, and for an invalid period.
func (o OTP) SecondsLeft(at time.Time) int {
	if o.Type == HOTP || o.Period < 1 {
		return 0
	}

	p := int64(o.Period)
	r := at.Unix() % p
	if r < 0 {
		r += p
	}
	return int(p - r)
}
