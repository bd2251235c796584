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
	if err != nil {
		return Account{}, fmt.Errorf("adding account: %w", err)
	}
	saved = true
	return a.clone(), nil
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
	if err := v.save(v.h, accounts); err != nil {
		return fmt.Errorf("updating account %s: %w", a.ID, err)
	}
	saved = true
	clear(old) // only the replaced version held it
	return nil
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
	if err := v.save(v.h, accounts); err != nil {
		return fmt.Errorf("removing account %s: %w", id, err)
	}
	clear(old)
	return nil
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
	if err := v.save(v.h, accounts); err != nil {
		clear(a.OTP.Secret)
		return "", fmt.Errorf("advancing account %s: %w", id, err)
	}
	clear(old)
	return code, nil
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
		return v.rotate(pw)
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

// rotate saves the vault under a new data key and password. A crash
// part way leaves the new file with the old key in the keyring, which
// the new password opens (and the keyring is then mended).
func (v *Vault) rotate(pw []byte) error {
	if v.opt.ReadOnly {
		return fmt.Errorf("changing password: %w", ErrReadOnly)
	}
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("changing password: %w", err)
	}
	s, err := newPasswordSlot(v.h.id[:], key, pw, v.kdf())
	if err != nil {
		clear(key)
		return err
	}
	h := *v.h
	h.password = s
	if err := v.replace(&h, key); err != nil {
		return fmt.Errorf("changing password: %w", err)
	}

	// Writing the backup also flushes the directory, and with it the
	// rename of the new vault.
	bakErr := writeAtomic(BackupPath(v.path), v.raw)
	if bakErr != nil {
		return fmt.Errorf("changing password: the vault was saved, but "+
			"the old password still opens %s: %w", BackupPath(v.path),
			bakErr)
	}
	return v.storeKeyring()
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
		return fmt.Errorf("changing password: the vault was saved, but "+
			"the keyring kept the old key, so only the password opens "+
			"it for now: %w", v.krErr)
	}
	return nil
}

// RemovePassword removes the password slot. The keyring slot must stay,
// or nothing could open the vault.
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

	h := *v.h
	h.password = nil
	if err := v.save(&h, v.accounts); err != nil {
		return fmt.Errorf("removing password: %w", err)
	}
	return nil
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
	if err := v.save(&h, v.accounts); err != nil {
		return fmt.Errorf("locking vault: %w", err)
	}
	err := v.kr.Delete(keyringService, keyringUser(h.id))
	if err != nil && !errors.Is(err, ErrKeyNotFound) {
		return fmt.Errorf("locking vault: the file no longer uses the "+
			"keyring, but removing the key from it failed: %w",
			keyringErr(err))
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
	h := *v.h
	h.keyring = true
	if err := v.save(&h, v.accounts); err != nil {
		return fmt.Errorf("unlocking vault: %w", err)
	}
	v.krErr = nil
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

// syncVaultDir flushes the directory of a vault whose new version is in
// place; the vault has adopted it, whatever the error.
func syncVaultDir(path string) error {
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("the change was saved, but flushing its "+
			"directory failed, so a power loss could undo it: %w", err)
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
