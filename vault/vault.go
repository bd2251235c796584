// Package vault keeps Tessera's accounts: the only place secrets live.
package vault

import (
	"errors"
	"time"
)

// Errors callers branch on.
var (
	ErrNotFound  = errors.New("no such account")
	ErrLocked    = errors.New("vault is locked")
	ErrNoKeyring = errors.New("no keyring available")
	ErrAuth      = errors.New("vault failed to authenticate")
	ErrBusy      = errors.New("vault is in use by another tessera")
)

// Account is one saved account.
type Account struct {
	ID       string
	Issuer   string
	Name     string // the account name: user, e-mail address
	OTP      OTP
	Tags     []string
	Note     string
	Icon     string // provider key for a trusted issuer's icon, "" if none
	Created  time.Time
	Updated  time.Time
	Enrolled Provenance
}

// Provenance records how an account was enrolled.
type Provenance struct {
	Source   string   // file, screen, clipboard, manual, import
	Verdict  string   // the scanner's verdict when it was saved
	Findings []string // finding ids
}

// Options say how to unlock a vault.
type Options struct {
	// Password is asked for when the keyring slot cannot unlock the vault.
	// Nil means no password can be given.
	Password func() ([]byte, error)
}

// Vault is an open, unlocked vault.
type Vault struct{}

// DefaultPath is the vault file in the user's config directory.
func DefaultPath() (string, error) { return "", errors.New("not implemented") }

// Open unlocks the vault at path, creating it if it does not exist.
func Open(path string, o Options) (*Vault, error) {
	return nil, errors.New("not implemented")
}

// Accounts returns a copy of every account, in the order they were added.
func (v *Vault) Accounts() []Account { return nil }

// Add saves a new account and returns it with its ID and times set.
func (v *Vault) Add(a Account) (Account, error) { return a, errors.New("not implemented") }

// Update saves changes to an existing account (matched by ID).
func (v *Vault) Update(a Account) error { return errors.New("not implemented") }

// Remove deletes an account.
func (v *Vault) Remove(id string) error { return errors.New("not implemented") }

// NextHOTP advances an HOTP account's counter, saves it, and only then
// returns the code for the counter value it used.
func (v *Vault) NextHOTP(id string) (string, error) { return "", errors.New("not implemented") }

// HasPassword reports whether the vault has a password slot.
func (v *Vault) HasPassword() bool { return false }

// SetPassword adds or replaces the password slot.
func (v *Vault) SetPassword(pw []byte) error { return errors.New("not implemented") }

// Close releases the vault's lock and forgets its keys.
func (v *Vault) Close() error { return nil }
