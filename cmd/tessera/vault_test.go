package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tessera-auth/tessera/vault"
)

// memKeyring keeps keys in memory, so that this test needs no Secret
// Service.
type memKeyring map[string]string

func (k memKeyring) Set(s, u, secret string) error {
	k[s+"/"+u] = secret
	return nil
}

func (k memKeyring) Get(s, u string) (string, error) {
	if v, ok := k[s+"/"+u]; ok {
		return v, nil
	}
	return "", vault.ErrKeyNotFound
}

func (k memKeyring) Delete(s, u string) error {
	delete(k, s+"/"+u)
	return nil
}

// A command that changes the vault while another tessera holds it fails
// with a message and a hint, and leaves the vault alone.
func TestVaultBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v")
	v, err := vault.Open(path, vault.Options{Keyring: memKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()

	tests := [][]string{
		{"rm", "--yes", "x"},
		{"rename", "--name", "y", "x"},
		{"passwd"},
		{"lock"},
	}
	for i, args := range tests {
		var out, errb bytes.Buffer
		args = append([]string{"--vault", path}, args...)
		st := run(args, strings.NewReader(""), &out, &errb)
		msg := errb.String()
		if st != 1 || !strings.Contains(msg, "in use by another tessera") ||
			!strings.Contains(msg, "hint: another tessera") {
			t.Errorf("#%d: %v: got status %d, %q", i, args, st, msg)
		}
	}
}
