package app

import "github.com/tessera-auth/tessera/vault"

// Store is what the window needs of a vault. *vault.Vault satisfies it;
// tests use an in-memory one.
type Store interface {
	Accounts() []vault.Account
	Add(a vault.Account) (vault.Account, error)
	Update(a vault.Account) error
	Remove(id string) error
	NextHOTP(id string) (string, error)
	HasPassword() bool
	SetPassword(pw []byte) error
	Close() error
}

var _ Store = (*vault.Vault)(nil)
