package app

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Opener opens the vault with a password, for unlocking.
type Opener func(password []byte) (Store, error)

// Locker locks the vault on demand and after a spell of inactivity, and
// unlocks it with the password. Locking closes the vault, so its keys
// leave memory; it is offered only when a password slot exists, since
// otherwise nothing could unlock it again.
type Locker struct {
	mu    sync.Mutex
	store Store
	open  Opener
	last  time.Time
	idle  time.Duration
}

// NewLocker returns a Locker over the open vault s.
func NewLocker(s Store, open Opener, now time.Time) *Locker {
	return &Locker{store: s, open: open, last: now}
}

// Store returns the open vault, nil while locked.
func (l *Locker) Store() Store {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.store
}

// Locked reports whether the vault is locked.
func (l *Locker) Locked() bool { return l.Store() == nil }

// CanLock reports whether locking is possible: a password slot exists.
func (l *Locker) CanLock() bool {
	s := l.Store()
	return s != nil && s.HasPassword()
}

// SetIdle sets the inactivity after which the vault locks; 0 never.
func (l *Locker) SetIdle(d time.Duration) {
	l.mu.Lock()
	l.idle = d
	l.mu.Unlock()
}

// Touch records activity at t.
func (l *Locker) Touch(t time.Time) {
	l.mu.Lock()
	l.last = t
	l.mu.Unlock()
}

// ErrNoPassword says the vault cannot be locked for lack of a password.
var ErrNoPassword = errors.New("set a password first: " +
	"without one a locked vault could not be opened again")

// Lock closes the vault.
func (l *Locker) Lock() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store == nil {
		return nil
	}
	if !l.store.HasPassword() {
		return fmt.Errorf("locking vault: %w", ErrNoPassword)
	}
	err := l.store.Close()
	l.store = nil
	if err != nil {
		return fmt.Errorf("locking vault: %w", err)
	}
	return nil
}

// Idle locks the vault if it has been inactive for the idle time at t,
// and reports whether it did.
func (l *Locker) Idle(t time.Time) bool {
	l.mu.Lock()
	due := l.idle > 0 && l.store != nil && l.store.HasPassword() &&
		t.Sub(l.last) >= l.idle
	l.mu.Unlock()
	return due && l.Lock() == nil
}

// Unlock opens the vault with password pw.
func (l *Locker) Unlock(pw []byte, t time.Time) error {
	s, err := l.open(pw)
	if err != nil {
		return fmt.Errorf("unlocking vault: %w", err)
	}
	l.mu.Lock()
	l.store, l.last = s, t
	l.mu.Unlock()
	return nil
}
