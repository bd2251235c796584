package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
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

// Code returns the code for instant at (TOTP, Steam) or for o.Counter
// (HOTP, where at is ignored).
func (o OTP) Code(at time.Time) (string, error) {
	// TODO(skeleton): replaced by the code engine.
	return "", errors.New("computing code: not implemented")
}
