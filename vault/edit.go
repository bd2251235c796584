package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// Add saves a new account and returns it with its ID and times set.
func (v *Vault) Add(a Account) (Account, error) {
	a = a.clone()
	saved := false
	defer func() {
		if !saved {
			clear(a.OTP.Secret) // the copy made here
		}
	}()
	if err := a.normalize(); err != nil {
		return Account{}, fmt.Errorf("adding account: %w", err)
	}

	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return Account{}, fmt.Errorf("adding account: %w", err)
	}
	a.ID = hex.EncodeToString(id[:])
	a.Created = now().UTC()
	a.Updated = a.Created

	v.mu.Lock()
	defer v.mu.Unlock()
	err := v.save(v.h, append(slices.Clip(v.accounts), a))
	saved = adopted(err)
	if !saved {
		return Account{}, fmt.Errorf("adding account: %w", err)
	}
	return a.clone(), err
}

// adopted reports whether a save that returned err put its version in
// force: the vault then holds the accounts it was given, and their
// secrets must not be cleared.
func adopted(err error) bool {
	return err == nil || errors.Is(err, ErrNotFlushed)
}

// Update saves changes to an existing account (matched by ID).
func (v *Vault) Update(a Account) error {
	a = a.clone()
	saved := false
	defer func() {
		if !saved {
			clear(a.OTP.Secret) // the copy made here
		}
	}()
	if err := a.normalize(); err != nil {
		return fmt.Errorf("updating account %s: %w", a.ID, err)
	}

	v.mu.Lock()
	defer v.mu.Unlock()
	i := v.index(a.ID)
	if i < 0 {
		return fmt.Errorf("updating account %s: %w", a.ID, ErrNotFound)
	}
	a.Created = v.accounts[i].Created
	a.Updated = now().UTC()

	old := v.accounts[i].OTP.Secret
	accounts := slices.Clone(v.accounts)
	accounts[i] = a
	err := v.save(v.h, accounts)
	if saved = adopted(err); !saved {
		return fmt.Errorf("updating account %s: %w", a.ID, err)
	}
	clear(old) // only the replaced version held it
	return err
}

// Remove deletes an account.
func (v *Vault) Remove(id string) error {
	v.mu.Lock()
	defer v.mu.Unlock()

	i := v.index(id)
	if i < 0 {
		return fmt.Errorf("removing account %s: %w", id, ErrNotFound)
	}
	old := v.accounts[i].OTP.Secret
	accounts := slices.Delete(slices.Clone(v.accounts), i, i+1)
	err := v.save(v.h, accounts)
	if !adopted(err) {
		return fmt.Errorf("removing account %s: %w", id, err)
	}
	clear(old)
	return err
}

// NextHOTP advances an HOTP account's counter, saves it, and only then
// returns the code for the counter value it used.
func (v *Vault) NextHOTP(id string) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()

	i := v.index(id)
	if i < 0 {
		return "", fmt.Errorf("advancing account %s: %w", id, ErrNotFound)
	}
	a := v.accounts[i].clone()
	if a.OTP.Type != HOTP {
		return "", fmt.Errorf("advancing account %s: it is %s, not hotp",
			id, a.OTP.Type)
	}
	if a.OTP.Counter == ^uint64(0) {
		return "", fmt.Errorf("advancing account %s: counter exhausted", id)
	}

	code, err := a.OTP.Code(time.Time{})
	if err != nil {
		return "", fmt.Errorf("advancing account %s: %w", id, err)
	}
	a.OTP.Counter++
	a.Updated = now().UTC()

	old := v.accounts[i].OTP.Secret
	accounts := slices.Clone(v.accounts)
	accounts[i] = a
	err = v.save(v.h, accounts)
	if !adopted(err) {
		clear(a.OTP.Secret)
		return "", fmt.Errorf("advancing account %s: %w", id, err)
	}
	clear(old)
	return code, err
}

// HasPassword reports whether the vault has a password slot.
func (v *Vault) HasPassword() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.h != nil && v.h.password != nil
}

// HasKeyring reports whether the vault has a keyring slot.
func (v *Vault) HasKeyring() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.h != nil && v.h.keyring
}

// SetPassword adds or replaces the password slot. Replacing one also
// replaces the data key, and the backup with the new version: whoever
// learnt the old password and kept a copy of the old file learnt the old
// key, which must open no current file.
func (v *Vault) SetPassword(pw []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.key == nil {
		return fmt.Errorf("setting password: %w", ErrClosed)
	}
	if v.h.password != nil {
		return v.rekey("changing password", pw)
	}

	s, err := newPasswordSlot(v.h.id[:], v.key, pw, v.kdf())
	if err != nil {
		return err
	}
	h := *v.h
	h.password = s
	if err := v.save(&h, v.accounts); err != nil {
		return fmt.Errorf("setting password: %w", err)
	}
	return nil
}

// rekey saves the vault under a new data key, with a password slot for
// pw (none when pw is nil), and overwrites the backup, which the old
// password or key would still open. A crash part way leaves the new
// file with the old key in the keyring; the password, if any, opens it
// and the keyring is then mended.
func (v *Vault) rekey(op string, pw []byte) error {
	if v.opt.ReadOnly {
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	h := *v.h
	h.password = nil
	if pw != nil {
		s, err := newPasswordSlot(v.h.id[:], key, pw, v.kdf())
		if err != nil {
			clear(key)
			return err
		}
		h.password = s
	} else {
		// Without a password the keyring is the only key, so it must
		// hold the new one before any file needs it. Should the file
		// not follow, the old one still has its password slot, and the
		// password puts the old key back.
		err := v.kr.Set(keyringService, keyringUser(v.h.id),
			keyringSecret(key))
		if err != nil {
			clear(key)
			return fmt.Errorf("%s: the keyring cannot take a new key, "+
				"so nothing was changed: %w", op, keyringErr(err))
		}
	}
	if err := v.replace(&h, key); err != nil {
		if pw == nil {
			// Put back the key of the file still in place. Should the
			// keyring refuse, that file's password still opens it and
			// mends the keyring.
			_ = v.kr.Set(keyringService, keyringUser(v.h.id),
				keyringSecret(v.key))
		}
		return fmt.Errorf("%s: %w", op, err)
	}

	// Writing the backup also flushes the directory, and with it the
	// rename of the new vault. The keyring gets the new key either way.
	var errs []error
	if err := writeAtomic(BackupPath(v.path), v.raw); err != nil {
		errs = append(errs, fmt.Errorf("%s: the vault was saved, but "+
			"the old key still opens %s: %w", op, BackupPath(v.path),
			err))
	}
	if pw != nil {
		if err := v.storeKeyring(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", op, err))
		}
	}
	return errors.Join(errs...)
}

// replace seals the accounts under header h and a new key and puts
// that version in place of the vault file, once it has checked that the
// file is still the one the vault read; the vault then adopts h and key.
// If it fails, key is cleared: it opens nothing. The caller flushes the
// directory.
func (v *Vault) replace(h *header, key []byte) error {
	raw, err := seal(h, key, v.accounts, now())
	var p *pending
	if err == nil {
		p, err = writeTemp(v.path, raw)
	}
	if err == nil {
		if err = checkUnchanged(v.path, v.path, v.raw); err != nil {
			p.discard()
		}
	}
	if err == nil {
		err = p.commit()
	}
	if err != nil {
		clear(key)
		return err
	}

	clear(v.key)
	v.h, v.key, v.raw = h, key, raw
	return nil
}

// storeKeyring puts a new data key into the keyring slot, if the vault
// has one.
func (v *Vault) storeKeyring() error {
	if !v.h.keyring {
		return nil
	}
	err := v.kr.Set(keyringService, keyringUser(v.h.id),
		keyringSecret(v.key))
	if err != nil {
		v.krErr = keyringErr(err)
		return fmt.Errorf("the vault was saved, but the keyring kept "+
			"the old key, so only the password opens it for now: %w",
			v.krErr)
	}
	return nil
}

// RemovePassword removes the password slot. The keyring slot must stay,
// or nothing could open the vault. The data key is replaced too, and the
// backup: whoever knows the old password must open no current file.
func (v *Vault) RemovePassword() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.h == nil || v.h.password == nil {
		return errors.New("removing password: the vault has none")
	}
	if !v.h.keyring {
		return errors.New("removing password: the vault has no keyring " +
			"slot, so the password is its only key")
	}
	return v.rekey("removing password", nil)
}

// RemoveKeyring deletes the vault's key from the keyring, so that only
// the password opens it: a lost or shared session no longer unlocks it.
func (v *Vault) RemoveKeyring() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.h == nil || v.h.password == nil {
		return errors.New("locking vault: it has no password, so the " +
			"keyring is its only key")
	}

	h := *v.h
	h.keyring = false
	saveErr := v.save(&h, v.accounts)
	if !adopted(saveErr) {
		return fmt.Errorf("locking vault: %w", saveErr)
	}
	err := v.kr.Delete(keyringService, keyringUser(h.id))
	if err != nil && !errors.Is(err, ErrKeyNotFound) {
		return fmt.Errorf("locking vault: the file no longer uses the "+
			"keyring, but removing the key from it failed: %w",
			keyringErr(err))
	}
	if saveErr != nil {
		return fmt.Errorf("locking vault: %w", saveErr)
	}
	return nil
}

// AddKeyring stores the vault's key in the keyring (again), so that the
// vault opens without its password.
func (v *Vault) AddKeyring() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.key == nil {
		return fmt.Errorf("unlocking vault: %w", ErrClosed)
	}

	err := v.kr.Set(keyringService, keyringUser(v.h.id),
		keyringSecret(v.key))
	if err != nil {
		return fmt.Errorf("unlocking vault: %w", keyringErr(err))
	}
	if v.h.keyring {
		v.krErr = nil // the slot was there: the item is mended
		return nil
	}
	h := *v.h
	h.keyring = true
	err = v.save(&h, v.accounts)
	if !adopted(err) {
		// The file still says the keyring holds nothing: the key must
		// not stay there, where it would open a vault meant locked.
		if derr := v.kr.Delete(keyringService, keyringUser(v.h.id)); derr != nil {
			return fmt.Errorf("unlocking vault: %w; and its key stays "+
				"in the keyring: %w", err, keyringErr(derr))
		}
		return fmt.Errorf("unlocking vault: %w", err)
	}
	v.krErr = nil
	if err != nil {
		return fmt.Errorf("unlocking vault: %w", err)
	}
	return nil
}

func (v *Vault) index(id string) int {
	return slices.IndexFunc(v.accounts, func(a Account) bool {
		return a.ID == id
	})
}

// save writes a new version with header h and accounts, keeping the
// current one as the backup, and adopts them once they are on disk. It
// fails with ErrChanged, writing nothing, if the file on disk is not the
// version the vault read or last wrote.
func (v *Vault) save(h *header, accounts []Account) error {
	switch {
	case v.key == nil:
		return ErrClosed
	case v.opt.ReadOnly:
		return ErrReadOnly
	}

	raw, err := seal(h, v.key, accounts, now())
	if err != nil {
		return err
	}
	p, err := writeTemp(v.path, raw)
	if err != nil {
		return err
	}

	// The check of the file on disk comes after the slow write and
	// flush, just before the rename, to leave the least time in which
	// another program's change could still be lost.
	if err := keepBackup(v.path, v.raw); err != nil {
		p.discard()
		if errors.Is(err, ErrChanged) {
			return err
		}
		return fmt.Errorf("keeping backup: %w", err)
	}
	if err := p.commit(); err != nil {
		return err
	}
	v.h, v.accounts, v.raw = h, accounts, raw
	return syncVaultDir(v.path)
}

// flushDir is syncDir, which tests replace to fail after a rename.
var flushDir = syncDir

// syncVaultDir flushes the directory of a vault whose new version is in
// place; the vault has adopted it, whatever the error, which wraps
// ErrNotFlushed.
func syncVaultDir(path string) error {
	if err := flushDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("%w: flushing its directory failed, so a "+
			"power loss could undo it: %w", ErrNotFlushed, err)
	}
	return nil
}

// normalize fills the defaults of the Key URI format and refuses an
// account no code can be computed for.
func (a *Account) normalize() error {
	o := &a.OTP
	if o.Algorithm == "" {
		o.Algorithm = SHA1
	}
	if o.Digits == 0 {
		o.Digits = 6
		if o.Type == Steam {
			o.Digits = 5
		}
	}
	if o.Period == 0 && o.Type != HOTP {
		o.Period = 30
	}

	if o.Period < 0 {
		return fmt.Errorf("period %d is negative", o.Period)
	}
	return o.Validate()
}
