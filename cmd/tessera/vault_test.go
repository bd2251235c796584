package main

import (
	"bytes"
	"fmt"
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

// A save refused because the file changed on disk is reported with the
// file named and a hint, whichever command made it.
func TestVaultChangedHint(t *testing.T) {
	err := fmt.Errorf("adding account: %w: /x/vault is not the file "+
		"this tessera opened", vault.ErrChanged)
	var errb bytes.Buffer
	if st := report(&errb, err); st != 1 {
		t.Errorf("got status %d, want 1", st)
	}
	msg := errb.String()
	if !strings.Contains(msg, "tessera: adding account: ") ||
		!strings.Contains(msg, "/x/vault") ||
		!strings.Contains(msg, "hint: another program changed") {
		t.Errorf("got %q", msg)
	}
}

// A vault created with its key only in the keyring says so, and points
// to "tessera passwd"; nothing else does.
func TestNewVaultKeyringOnlyNote(t *testing.T) {
	t.Setenv("TESSERA_MANAGED_POLICY", filepath.Join(t.TempDir(), "none"))
	path := filepath.Join(t.TempDir(), "v")
	kr := memKeyring{}
	tessera := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader("pw\npw\n"), stdout: &out,
			stderr: &errb, vault: path, keyring: kr}
		if st := e.run(args); st != 0 {
			t.Fatalf("%v: status %d: %s", args, st, errb.String())
		}
		return errb.String()
	}
	const note = "opens only through this machine's keyring"
	const hint = `hint: add a recovery password with "tessera passwd"`

	msg := tessera("add", "otpauth://totp/ACME:alice?issuer=ACME&"+
		"secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if !strings.Contains(msg, "the new vault "+path+" "+note) ||
		!strings.Contains(msg, hint) {
		t.Errorf("first add: got %q, want the note and the hint", msg)
	}
	msg = tessera("add", "otpauth://totp/ACME:bob?issuer=ACME&"+
		"secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if strings.Contains(msg, note) {
		t.Errorf("second add: got %q, want no note", msg)
	}

	path = filepath.Join(t.TempDir(), "v")
	msg = tessera("passwd")
	if strings.Contains(msg, note) {
		t.Errorf("passwd: got %q, want no note", msg)
	}
	v, err := vault.Open(path, vault.Options{Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !v.HasPassword() || v.Created() {
		t.Errorf("after passwd: password %v, created %v", v.HasPassword(),
			v.Created())
	}
}
