package vault_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tessera-auth/tessera/vault"
)

// memKeyring is a keyring in memory, as a test or a sandbox might use.
type memKeyring map[string]string

func (k memKeyring) Set(service, user, secret string) error {
	k[service+"/"+user] = secret
	return nil
}

func (k memKeyring) Get(service, user string) (string, error) {
	s, ok := k[service+"/"+user]
	if !ok {
		return "", vault.ErrKeyNotFound
	}
	return s, nil
}

func (k memKeyring) Delete(service, user string) error {
	delete(k, service+"/"+user)
	return nil
}

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "tessera")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "vault")

	// Nil Keyring means the operating system's; this example keeps the
	// key in memory instead.
	v, err := vault.Open(path, vault.Options{Keyring: memKeyring{}})
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()

	a, err := v.Add(vault.Account{Issuer: "Example", Name: "alice",
		OTP: vault.OTP{Type: vault.HOTP,
			Secret: []byte("12345678901234567890")}})
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		code, err := v.NextHOTP(a.ID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(code)
	}
	// Output:
	// 755224
	// 287082
}

func ExampleVault_SetPassword() {
	dir, _ := os.MkdirTemp("", "tessera")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "vault")

	v, err := vault.Open(path, vault.Options{Keyring: memKeyring{},
		KDF: vault.MinKDF})
	if err != nil {
		log.Fatal(err)
	}
	if err := v.SetPassword([]byte("correct horse")); err != nil {
		log.Fatal(err)
	}
	v.Close()

	// On a machine whose keyring lacks the key, the password opens it.
	v, err = vault.Open(path, vault.Options{Keyring: memKeyring{},
		Password: func() ([]byte, error) {
			return []byte("correct horse"), nil
		}})
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()
	fmt.Println(v.HasPassword(), len(v.Accounts()))
	// Output: true 0
}
