package vault

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// The file format, all integers big-endian:
//
//	magic    8 bytes  "TESSERA\x00"
//	version  2 bytes  formatVersion
//	id      16 bytes  random vault id; names the keyring item
//	nslots   1 byte
//	slots            kind (1 byte), length (2 bytes), body
//	nonce   24 bytes
//	sealed           XChaCha20-Poly1305 of the payload under the
//	                 data key, with every byte above as associated data
//
// docs/vault.md describes the slots and the payload.
const (
	magic         = "TESSERA\x00"
	formatVersion = 1
	idSize        = 16

	slotKeyring  = 1 // empty body: the data key is in the OS keyring
	slotPassword = 2 // Argon2id parameters, salt, nonce, wrapped key

	// maxFile bounds what Open reads: 5,000 accounts take about 2 MB.
	maxFile = 256 << 20
)

// header is the clear part of a vault file.
type header struct {
	id       [idSize]byte
	keyring  bool
	password *passwordSlot
	nonce    [chacha20poly1305.NonceSizeX]byte
}

// ErrPassword means a password did not open the password slot.
var ErrPassword = errors.New("wrong password")

func damaged(what string) error {
	return fmt.Errorf("%s: %w", what, ErrAuth)
}

func appendParams(b []byte, p KDFParams) []byte {
	b = binary.BigEndian.AppendUint32(b, p.Memory)
	b = binary.BigEndian.AppendUint32(b, p.Time)
	return append(b, p.Threads)
}

// marshal returns the header's bytes, the associated data of the seal.
func (h *header) marshal() []byte {
	b := append([]byte(magic), 0, formatVersion)
	b = append(b, h.id[:]...)

	n := 0
	if h.keyring {
		n++
	}
	if h.password != nil {
		n++
	}
	b = append(b, byte(n))

	if h.keyring {
		b = append(b, slotKeyring, 0, 0)
	}
	if s := h.password; s != nil {
		body := appendParams(nil, s.params)
		body = append(body, s.salt[:]...)
		body = append(body, s.nonce[:]...)
		body = append(body, s.wrapped...)
		b = append(b, slotPassword)
		b = binary.BigEndian.AppendUint16(b, uint16(len(body)))
		b = append(b, body...)
	}
	return append(b, h.nonce[:]...)
}

// reader consumes a byte slice, remembering the first shortfall.
type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = damaged("file is truncated")
		return make([]byte, n)
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

// parseHeader splits a vault file into its header and its sealed body.
func parseHeader(file []byte) (*header, []byte, error) {
	r := &reader{b: file}
	if string(r.next(len(magic))) != magic {
		if r.err != nil {
			return nil, nil, r.err
		}
		return nil, nil, damaged("not a tessera vault")
	}
	v := binary.BigEndian.Uint16(r.next(2))
	if r.err == nil && v != formatVersion {
		return nil, nil, fmt.Errorf("vault format %d is not one this "+
			"tessera reads (%d)", v, formatVersion)
	}

	h := &header{}
	copy(h.id[:], r.next(idSize))
	n := int(r.next(1)[0])
	for i := 0; i < n && r.err == nil; i++ {
		if err := h.parseSlot(r); err != nil {
			return nil, nil, err
		}
	}
	copy(h.nonce[:], r.next(len(h.nonce)))
	if r.err != nil {
		return nil, nil, r.err
	}
	return h, r.b, nil
}

func (h *header) parseSlot(r *reader) error {
	kind := r.next(1)[0]
	body := &reader{b: r.next(int(binary.BigEndian.Uint16(r.next(2))))}
	if r.err != nil {
		return r.err
	}

	switch {
	case kind == slotKeyring && !h.keyring && len(body.b) == 0:
		h.keyring = true
	case kind == slotPassword && h.password == nil:
		s := &passwordSlot{}
		s.params.Memory = binary.BigEndian.Uint32(body.next(4))
		s.params.Time = binary.BigEndian.Uint32(body.next(4))
		s.params.Threads = body.next(1)[0]
		copy(s.salt[:], body.next(saltSize))
		copy(s.nonce[:], body.next(len(s.nonce)))
		s.wrapped = body.next(chacha20poly1305.KeySize +
			chacha20poly1305.Overhead)
		if body.err != nil || len(body.b) != 0 {
			return damaged("password slot has the wrong size")
		}
		h.password = s
	default:
		return damaged(fmt.Sprintf("unknown or repeated key slot %d",
			kind))
	}
	return nil
}

// seal returns a whole vault file holding accounts under key. It draws a
// fresh nonce for every save.
func seal(h *header, key []byte, accounts []Account, now time.Time) (
	[]byte, error) {
	plain := encodePayload(now.UTC(), accounts)
	defer clear(plain)

	if _, err := rand.Read(h.nonce[:]); err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	ad := h.marshal()
	return aead.Seal(ad, h.nonce[:], plain, ad), nil
}

// unseal authenticates a whole vault file with key and returns its
// accounts.
func unseal(h *header, file, sealed, key []byte) ([]Account, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	ad := file[:len(file)-len(sealed)]
	plain, err := aead.Open(nil, h.nonce[:], sealed, ad)
	if err != nil {
		return nil, damaged("contents do not match the key")
	}
	defer clear(plain)

	accounts, err := decodePayload(plain)
	if err != nil {
		return nil, err
	}
	return accounts, nil
}
