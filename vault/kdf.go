package vault

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// KDFParams are the Argon2id parameters of a password slot. They are
// stored in the slot, so a vault opens with the parameters it was locked
// with, whatever the defaults are when it is opened.
type KDFParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultKDF is the strength of new password slots: RFC 9106's second
// recommended option (64 MiB, 3 passes, 4 lanes).
var DefaultKDF = KDFParams{Memory: 64 << 10, Time: 3, Threads: 4}

// MinKDF is the weakest password slot Tessera creates: OWASP's floor for
// Argon2id (19 MiB, 2 passes).
var MinKDF = KDFParams{Memory: 19 << 10, Time: 2, Threads: 1}

// MaxKDF bounds the parameters read from a file: 1 GiB, 16 passes, 16
// threads, sixteen times the default memory and five times its passes.
// The slot is not authenticated until its key is derived, so a file
// edited to ask for more is refused rather than run: it could otherwise
// make Tessera allocate gigabytes or spin for minutes.
var MaxKDF = KDFParams{Memory: 1 << 20, Time: 16, Threads: 16}

// minKDF is MinKDF except in this package's tests, which lower it so
// that slots are cheap where the parameters are not the point.
var minKDF = MinKDF

const saltSize = 16

// passwordSlot is the data key wrapped with a key derived from a
// password.
type passwordSlot struct {
	params  KDFParams
	salt    [saltSize]byte
	nonce   [chacha20poly1305.NonceSizeX]byte
	wrapped []byte // the sealed data key
}

// check reports whether p is within the bounds min and max.
func (p KDFParams) check(min, max KDFParams) error {
	switch {
	case p.Threads < min.Threads || p.Threads > max.Threads:
		return fmt.Errorf("argon2id threads %d outside %d..%d",
			p.Threads, min.Threads, max.Threads)
	case p.Time < min.Time || p.Time > max.Time:
		return fmt.Errorf("argon2id passes %d outside %d..%d",
			p.Time, min.Time, max.Time)
	case p.Memory < min.Memory || p.Memory > max.Memory:
		return fmt.Errorf("argon2id memory %d KiB outside %d..%d",
			p.Memory, min.Memory, max.Memory)
	case p.Memory < 8*uint32(p.Threads):
		return fmt.Errorf("argon2id memory %d KiB below 8 KiB per thread",
			p.Memory)
	}
	return nil
}

// newPasswordSlot wraps key under pw with params p, bound to the vault
// id so that a slot cannot be moved to another vault.
func newPasswordSlot(id []byte, key, pw []byte, p KDFParams) (
	*passwordSlot, error) {
	if len(pw) == 0 {
		return nil, errors.New("setting password: the password is empty")
	}
	if err := p.check(minKDF, MaxKDF); err != nil {
		return nil, fmt.Errorf("setting password: %w", err)
	}

	s := &passwordSlot{params: p}
	if _, err := rand.Read(s.salt[:]); err != nil {
		return nil, fmt.Errorf("setting password: %w", err)
	}
	if _, err := rand.Read(s.nonce[:]); err != nil {
		return nil, fmt.Errorf("setting password: %w", err)
	}

	aead, err := s.aead(pw)
	if err != nil {
		return nil, fmt.Errorf("setting password: %w", err)
	}
	s.wrapped = aead.Seal(nil, s.nonce[:], key, s.ad(id))
	return s, nil
}

// unwrap returns the data key, or ErrPassword when pw does not open it.
// Parameters beyond max are refused before any work is done.
func (s *passwordSlot) unwrap(id []byte, pw []byte, max KDFParams) (
	[]byte, error) {
	if err := s.params.check(KDFParams{Threads: 1, Time: 1}, max); err != nil {
		return nil, fmt.Errorf("password slot: %w", err)
	}

	aead, err := s.aead(pw)
	if err != nil {
		return nil, err
	}
	key, err := aead.Open(nil, s.nonce[:], s.wrapped, s.ad(id))
	if err != nil || len(key) != chacha20poly1305.KeySize {
		return nil, ErrPassword
	}
	return key, nil
}

// aead returns the cipher that wraps the data key under pw. The AEAD
// keeps its own copy of the derived key, so ours is cleared at once
// rather than left in the heap for the life of the process.
func (s *passwordSlot) aead(pw []byte) (cipher.AEAD, error) {
	kek := argon2.IDKey(pw, s.salt[:], s.params.Time, s.params.Memory,
		s.params.Threads, chacha20poly1305.KeySize)
	defer clear(kek)
	return chacha20poly1305.NewX(kek)
}

// ad is the associated data of the wrapped key: the vault id and every
// parameter, so that none can be changed without the unwrap failing.
func (s *passwordSlot) ad(id []byte) []byte {
	b := append([]byte("tessera password slot\x00"), id...)
	b = appendParams(b, s.params)
	return append(b, s.salt[:]...)
}
