// Package vault keeps Tessera's accounts: the only place secrets live.
//
// A vault is one file, by default DefaultPath, sealed as a whole with
// XChaCha20-Poly1305 under a random 256-bit data key. The data key is
// kept in key slots, as a disk-encryption header keeps its key:
//
//   - the keyring slot: the data key in the operating system's keyring
//     (one item per vault, named by the vault id in the file's header),
//     the daily path with no prompt;
//   - the password slot, optional: the data key wrapped under a key that
//     Argon2id derives from a password, with its parameters stored in the
//     slot. It opens the vault where the keyring item is gone or cannot
//     be reached.
//
// Open locks the vault against other processes (ErrBusy) until Close.
// Every change is saved before the method returns: the new file is
// written beside the old one, flushed and renamed over it, and the old
// version is kept as BackupPath. A crash at any instant leaves the old
// vault or the new one. A file that fails to authenticate is reported
// (ErrAuth) and never written over.
//
// Where no keyring can be reached (no D-Bus session bus, no Secret
// Service, a keyring left locked), Open says which in a KeyringError and
// falls back to the password slot. The data key is never written to
// disk in the clear, so a vault created without a keyring must have a
// password.
//
// Secrets stay in Account values: no error of this package holds one.
package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// Errors callers branch on.
var (
	ErrNotFound  = errors.New("no such account")
	ErrLocked    = errors.New("vault is locked")
	ErrNoKeyring = errors.New("no keyring available")
	ErrAuth      = errors.New("vault failed to authenticate")
	ErrBusy      = errors.New("vault is in use by another tessera")
	ErrReadOnly  = errors.New("vault was opened read-only")
	ErrClosed    = errors.New("vault is closed")

	// ErrChanged means the vault file on disk is no longer the one this
	// Vault read or last wrote, so a save would lose whatever changed
	// it. Nothing is written; reopen the vault to see it as it is now.
	ErrChanged = errors.New("vault file changed since it was read")

	// ErrNotFlushed means a change is saved and in force, but flushing
	// the vault's directory failed, so a power loss could still undo
	// it. It is a warning: the call did what it was asked.
	ErrNotFlushed = errors.New("the change was saved, but not " +
		"flushed to disk")
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

	// NewPassword is asked for when a new vault cannot keep its key in
	// the keyring. Nil means creating a vault then fails.
	NewPassword func() ([]byte, error)

	// Keyring holds the keyring slot; nil means SystemKeyring().
	Keyring Keyring

	// KDF is the strength of password slots this vault writes; the zero
	// value means DefaultKDF. Nothing weaker than MinKDF is accepted.
	KDF KDFParams

	// MaxKDF bounds the parameters of a password slot read from the
	// file; the zero value means the package's MaxKDF.
	MaxKDF KDFParams

	// ReadOnly opens an existing vault without locking it: every change
	// fails with ErrReadOnly. Saves replace the file in one rename, so a
	// reader always sees a whole version.
	ReadOnly bool
}

// Vault is an open, unlocked vault. Its methods may be called from
// several goroutines.
type Vault struct {
	mu       sync.Mutex
	path     string
	opt      Options
	kr       Keyring
	lock     *os.File
	h        *header
	key      []byte
	accounts []Account
	raw      []byte // the file as last read or written
	krErr    error  // why the keyring slot was not used, nil if it was
	created  bool   // Open made the vault, finding no file
}

// now is the clock of saves; the format's known-answer test stops it.
var now = time.Now

// DefaultPath is the vault file in the user's config directory.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the vault: %w", err)
	}
	return filepath.Join(dir, "tessera", "vault"), nil
}

// Open unlocks the vault at path, creating it if it does not exist. An
// empty path means DefaultPath.
func Open(path string, o Options) (*Vault, error) {
	if path == "" {
		var err error
		if path, err = DefaultPath(); err != nil {
			return nil, err
		}
	}
	v, err := open(path, o)
	if err != nil {
		return nil, fmt.Errorf("opening vault %s: %w", path, err)
	}
	return v, nil
}

func open(path string, o Options) (*Vault, error) {
	v := &Vault{path: path, opt: o, kr: o.Keyring}
	if v.kr == nil {
		v.kr = SystemKeyring()
	}
	if !o.ReadOnly {
		if err := v.takeLock(); err != nil {
			return nil, err
		}
	}

	raw, err := readVault(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !o.ReadOnly:
		err = v.create()
	case err == nil:
		err = v.unlock(raw)
	}
	if err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// takeLock locks the vault's lock file and clears what interrupted saves
// left behind.
func (v *Vault) takeLock() error {
	if err := os.MkdirAll(filepath.Dir(v.path), 0o700); err != nil {
		return err
	}
	f, err := lockFile(lockPath(v.path))
	if err != nil {
		return err
	}
	v.lock = f

	// A leftover temporary file costs only disk space; failing to remove
	// one is no reason to refuse the vault, and the next open retries.
	_ = removeStale(v.path)
	return nil
}

func keyringUser(id [idSize]byte) string { return hex.EncodeToString(id[:]) }

// create makes a new vault with no accounts, its key in the keyring or,
// failing that, under a new password.
func (v *Vault) create() error {
	if _, err := os.Stat(BackupPath(v.path)); err == nil {
		return fmt.Errorf("the vault file is missing but its backup %s "+
			"is there; rename the backup to restore it",
			BackupPath(v.path))
	}

	v.h = &header{}
	v.key = make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(v.h.id[:]); err != nil {
		return err
	}
	if _, err := rand.Read(v.key); err != nil {
		return err
	}

	if err := v.createSlots(); err != nil {
		return err
	}
	raw, err := seal(v.h, v.key, nil, now())
	if err == nil {
		err = writeAtomic(v.path, raw)
	}
	if err != nil {
		v.forgetKeyring()
		return err
	}
	v.raw, v.created = raw, true
	return nil
}

func (v *Vault) createSlots() error {
	err := v.kr.Set(keyringService, keyringUser(v.h.id),
		keyringSecret(v.key))
	if err == nil {
		v.h.keyring = true
		return nil
	}

	v.krErr = keyringErr(err)
	if v.opt.NewPassword == nil {
		return fmt.Errorf("%w, and no password was given to protect "+
			"a new vault instead", v.krErr)
	}
	pw, err := v.opt.NewPassword()
	if err != nil {
		return fmt.Errorf("%w; a new vault needs a password instead: %w",
			v.krErr, err)
	}
	defer clear(pw)

	v.h.password, err = newPasswordSlot(v.h.id[:], v.key, pw, v.kdf())
	return err
}

// forgetKeyring deletes the keyring item of a vault that was not saved.
func (v *Vault) forgetKeyring() {
	if v.h.keyring {
		// Nothing refers to the item any more; a failed delete leaves an
		// orphan item that holds the key to no file.
		_ = v.kr.Delete(keyringService, keyringUser(v.h.id))
	}
}

func (v *Vault) kdf() KDFParams {
	if v.opt.KDF == (KDFParams{}) {
		return DefaultKDF
	}
	return v.opt.KDF
}

func (v *Vault) maxKDF() KDFParams {
	if v.opt.MaxKDF == (KDFParams{}) {
		return MaxKDF
	}
	return v.opt.MaxKDF
}

// unlock opens raw through the keyring slot, then the password slot.
func (v *Vault) unlock(raw []byte) error {
	h, sealed, err := parseHeader(raw)
	if err != nil {
		return err
	}
	v.h, v.raw = h, raw

	var authErr error
	if h.keyring {
		key, err := v.keyringKey()
		if err == nil {
			if authErr = v.unsealWith(sealed, key); authErr == nil {
				return nil
			}
			clear(key) // it does not fit this file
			err = authErr
		}
		v.krErr = err
	} else {
		v.krErr = ErrLocked
	}

	if h.password == nil || v.opt.Password == nil {
		return v.noSlotErr(authErr)
	}
	err = v.unlockPassword(sealed)
	if authErr != nil && errors.Is(err, ErrPassword) {
		// The keyring's key fits no file this vault wrote either: the
		// file may be damaged, which "wrong password" alone would hide.
		return fmt.Errorf("%w, and the keyring's key does not open it "+
			"either: %w", err, authErr)
	}
	return err
}

// noSlotErr explains why no slot opened the vault.
func (v *Vault) noSlotErr(authErr error) error {
	switch {
	case authErr != nil:
		return authErr
	case v.h.password == nil:
		return v.krErr
	case v.krErr == ErrLocked:
		return fmt.Errorf("%w: it opens only with its password", ErrLocked)
	}
	return fmt.Errorf("%w; the vault has a password, but none was given",
		v.krErr)
}

// keyringKey fetches the data key from the keyring item. go-keyring
// hands the item over as a Go string, which cannot be cleared: the
// base64 key stays in the heap until the collector reuses it.
func (v *Vault) keyringKey() ([]byte, error) {
	s, err := v.kr.Get(keyringService, keyringUser(v.h.id))
	if err != nil {
		return nil, keyringErr(err)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(key) != chacha20poly1305.KeySize {
		clear(key)
		return nil, &KeyringError{"the keyring item of this vault is " +
			"not a tessera key", ErrAuth}
	}
	return key, nil
}

// keyringSecret is the keyring item's secret for key. It is a Go string,
// as go-keyring takes it, so it cannot be cleared after use.
func keyringSecret(key []byte) string {
	return base64.StdEncoding.EncodeToString(key)
}

func (v *Vault) unsealWith(sealed, key []byte) error {
	accounts, err := unseal(v.h, v.raw, sealed, key)
	if err != nil {
		return err
	}
	v.key, v.accounts = key, accounts
	return nil
}

// unlockPassword opens the vault with the password slot, and puts the
// key back into the keyring when the keyring works but lost the item or
// holds a key that does not fit.
func (v *Vault) unlockPassword(sealed []byte) error {
	pw, err := v.opt.Password()
	if err != nil {
		return err
	}
	defer clear(pw)

	key, err := v.h.password.unwrap(v.h.id[:], pw, v.maxKDF())
	if err != nil {
		return err
	}
	if err := v.unsealWith(sealed, key); err != nil {
		clear(key)
		return err
	}

	stale := errors.Is(v.krErr, ErrKeyNotFound) || errors.Is(v.krErr, ErrAuth)
	if v.h.keyring && stale && !v.opt.ReadOnly {
		v.krErr = keyringErr(v.kr.Set(keyringService,
			keyringUser(v.h.id), keyringSecret(key)))
	}
	return nil
}

// Created reports whether Open made this vault, finding no file. A new
// vault whose key went into the keyring has no password (HasPassword):
// a wiped keyring or another machine would lose it, so it is the moment
// to offer one (SetPassword).
func (v *Vault) Created() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.created
}

// Path is the file the vault lives in.
func (v *Vault) Path() string { return v.path }

// KeyringErr says why the keyring slot did not open the vault: a
// KeyringError, ErrLocked for a vault with no keyring slot, or an error
// matching ErrAuth when the keyring's key did not fit. It is nil when
// the keyring slot opened it.
func (v *Vault) KeyringErr() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.krErr
}

// Accounts returns a copy of every account, in the order they were added.
func (v *Vault) Accounts() []Account {
	v.mu.Lock()
	defer v.mu.Unlock()

	out := make([]Account, len(v.accounts))
	for i, a := range v.accounts {
		out[i] = a.clone()
	}
	return out
}

// Find returns the accounts that query names: an account id, or text
// found, ignoring case, in the issuer, the account name or
// "issuer:name". An empty query finds every account.
func (v *Vault) Find(query string) []Account {
	var out []Account
	for _, a := range v.Accounts() {
		if a.matches(query) {
			out = append(out, a)
		}
	}
	return out
}

// String names the account without its secret, so that printing an
// Account with %v cannot reveal it.
func (a Account) String() string {
	return fmt.Sprintf("%s:%s (%s, id %s)", a.Issuer, a.Name, a.OTP.Type,
		a.ID)
}

func (a Account) matches(query string) bool {
	if query == a.ID {
		return true
	}
	q := strings.ToLower(query)
	label := strings.ToLower(a.Issuer + ":" + a.Name)
	return strings.Contains(label, q)
}

func (a Account) clone() Account {
	a.OTP.Secret = bytes.Clone(a.OTP.Secret)
	a.Tags = cloneStrings(a.Tags)
	a.Enrolled.Findings = cloneStrings(a.Enrolled.Findings)
	return a
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// Close releases the vault's lock and forgets its keys.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()

	clear(v.key)
	for _, a := range v.accounts {
		clear(a.OTP.Secret)
	}
	v.key, v.accounts, v.raw = nil, nil, nil

	if v.lock == nil {
		return nil
	}
	err := v.lock.Close()
	v.lock = nil
	return err
}
