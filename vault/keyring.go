package vault

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zalando/go-keyring"
)

// Keyring stores one secret string per (service, user) pair: the OS
// keyring (Secret Service, Keychain, Credential Manager) or a test fake.
// Get and Delete return an error wrapping ErrKeyNotFound when there is no
// such item.
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// ErrKeyNotFound is what a Keyring returns for an item it does not hold.
var ErrKeyNotFound = errors.New("no such keyring item")

// keyringService names Tessera's items in the OS keyring.
const keyringService = "tessera"

// SystemKeyring returns the operating system's keyring.
func SystemKeyring() Keyring { return systemKeyring{} }

type systemKeyring struct{}

func (systemKeyring) Set(service, user, secret string) error {
	return mapNotFound(keyring.Set(service, user, secret))
}

func (systemKeyring) Get(service, user string) (string, error) {
	s, err := keyring.Get(service, user)
	return s, mapNotFound(err)
}

func (systemKeyring) Delete(service, user string) error {
	return mapNotFound(keyring.Delete(service, user))
}

func mapNotFound(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrKeyNotFound
	}
	return err
}

// KeyringError says in plain words why the keyring could not be used.
// It matches ErrNoKeyring with errors.Is, and ErrKeyNotFound when the
// keyring works but holds no key for this vault.
type KeyringError struct {
	Reason string // what is missing, for people
	Err    error  // the keyring's own error
}

func (e *KeyringError) Error() string { return "keyring: " + e.Reason }

// Unwrap returns the keyring's own error.
func (e *KeyringError) Unwrap() error { return e.Err }

// Is makes every KeyringError match ErrNoKeyring.
func (e *KeyringError) Is(target error) bool { return target == ErrNoKeyring }

// keyringReasons turn the errors of the Secret Service client into what
// a person can act on. The texts matched are those of godbus and
// go-keyring; an unknown error keeps its own text.
var keyringReasons = []struct{ match, reason string }{
	{`"dbus-launch"`, "no D-Bus session bus, so no keyring can be " +
		"reached (a headless or minimal session?)"},
	{"DBUS_SESSION_BUS_ADDRESS", "no D-Bus session bus, so no keyring " +
		"can be reached"},
	{"org.freedesktop.secrets was not provided", "no Secret Service " +
		"(such as gnome-keyring or KeePassXC) runs on the session bus"},
	{"failed to unlock", "the keyring is locked and was not unlocked"},
	{"prompt dismissed", "the keyring is locked and was not unlocked"},
	{"no such file or directory", "the D-Bus session bus cannot be " +
		"reached"},
	{"connection refused", "the D-Bus session bus cannot be reached"},
}

// keyringErr wraps err from the keyring, naming what is missing.
func keyringErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrKeyNotFound) {
		return &KeyringError{"the keyring holds no key for this vault", err}
	}
	msg := err.Error()
	for _, r := range keyringReasons {
		if strings.Contains(msg, r.match) {
			return &KeyringError{r.reason, err}
		}
	}
	return &KeyringError{fmt.Sprintf("unavailable (%v)", err), err}
}
