package vault

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// changes are what another program may do to a vault file while a
// window keeps it open: replace it (a sync tool, a backup restored by
// hand), edit it in place, or remove it.
var changes = []struct {
	name string
	do   func(path string) error
}{
	{"replaced", func(path string) error {
		tmp := path + ".other"
		if err := os.WriteFile(tmp, []byte("another vault"), 0o600); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}},
	{"edited in place", func(path string) error {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteAt([]byte{0xff}, 40)
		return err
	}},
	{"removed", os.Remove},
}

// edits are every change a Vault saves; prep, when set, readies the
// vault before the file changes under it.
var edits = []struct {
	name string
	do   func(v *Vault, a Account) error
	prep func(v *Vault) error
}{
	{"Add", func(v *Vault, a Account) error {
		_, err := v.Add(totpAccount("B", "b"))
		return err
	}, nil},
	{"Update", func(v *Vault, a Account) error {
		a.Note = "changed"
		return v.Update(a)
	}, nil},
	{"Remove", func(v *Vault, a Account) error {
		return v.Remove(a.ID)
	}, nil},
	{"SetPassword", func(v *Vault, a Account) error {
		return v.SetPassword([]byte("pw"))
	}, nil},
	// A new password is a new data key, saved by another path.
	{"SetPassword again", func(v *Vault, a Account) error {
		return v.SetPassword([]byte("pw2"))
	}, func(v *Vault) error { return v.SetPassword([]byte("pw")) }},
	{"RemovePassword", func(v *Vault, a Account) error {
		return v.RemovePassword()
	}, func(v *Vault) error { return v.SetPassword([]byte("pw")) }},
}

// A save never writes over a vault file that changed on disk since the
// Vault read it, nor keeps that file as the backup in place of the good
// one.
func TestSaveRefusesChangedFile(t *testing.T) {
	for _, c := range changes {
		for _, e := range edits {
			t.Run(c.name+"/"+e.name, func(t *testing.T) {
				testSaveRefused(t, c.do, e.do, e.prep)
			})
		}
	}
}

func testSaveRefused(t *testing.T, change func(string) error,
	edit func(*Vault, Account) error, prep func(*Vault) error) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	a, err := v.Add(totpAccount("ACME", "alice"))
	if err != nil {
		t.Fatal(err)
	}
	if prep != nil {
		if err := prep(v); err != nil {
			t.Fatal(err)
		}
	}
	bak := mustRead(t, BackupPath(path))

	if err := change(path); err != nil {
		t.Fatal(err)
	}
	onDisk, _ := os.ReadFile(path)
	err = edit(v, a)
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("got %v, want ErrChanged", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, path) ||
		!strings.Contains(msg, "nothing was written") {
		t.Errorf("got %q, want the file named and nothing written", msg)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, onDisk) {
		t.Error("the changed vault file was written over")
	}
	if got := mustRead(t, BackupPath(path)); !bytes.Equal(got, bak) {
		t.Error("the backup was replaced")
	}
	if got := v.Accounts(); len(got) != 1 || got[0].Note != a.Note {
		t.Errorf("the refused change was adopted: %+v", got)
	}
}

// The backup holds the bytes this Vault read, and a save that follows a
// refused one still finds the file as the Vault knows it.
func TestBackupIsWhatWasRead(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	v.Add(totpAccount("ACME", "one"))
	read := mustRead(t, path)

	if _, err := v.Add(totpAccount("ACME", "two")); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, BackupPath(path)); !bytes.Equal(got, read) {
		t.Error("the backup is not the version the vault had")
	}
	if !bytes.Equal(mustRead(t, path), v.raw) {
		t.Error("the vault does not know the file it wrote")
	}
}

// A save whose directory flush fails has still put its version in
// place: every edit reports ErrNotFlushed, keeps what it saved in
// memory and on disk, and clears no secret the vault still holds.
func TestNotFlushedIsSaved(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	a, err := v.Add(totpAccount("ACME", "alice"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := v.Add(Account{Issuer: "Corp", Name: "vpn",
		OTP: OTP{Type: HOTP, Secret: bytes.Clone(rfcSecret)}})
	if err != nil {
		t.Fatal(err)
	}

	flushDir = func(string) error { return errors.New("flush refused") }
	defer func() { flushDir = syncDir }()
	b, err := v.Add(totpAccount("ACME", "bob"))
	if !errors.Is(err, ErrNotFlushed) || b.ID == "" {
		t.Fatalf("Add: got %+v, %v; want the account and ErrNotFlushed",
			b.ID, err)
	}
	a.Note = "changed"
	if err := v.Update(a); !errors.Is(err, ErrNotFlushed) {
		t.Fatalf("Update: got %v, want ErrNotFlushed", err)
	}
	// RFC 4226 appendix D: counter 0 of this secret gives 755224.
	code, err := v.NextHOTP(h.ID)
	if code != "755224" || !errors.Is(err, ErrNotFlushed) {
		t.Fatalf("NextHOTP: got %q, %v; want 755224, ErrNotFlushed",
			code, err)
	}
	flushDir = syncDir

	// A later save writes the secrets as they were, not cleared.
	if _, err := v.Add(totpAccount("ACME", "carol")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = mustOpen(t, path, testOptions(kr))
	want := map[string]string{"alice": b32(a.OTP.Secret),
		"bob": b32(b.OTP.Secret), "vpn": b32(h.OTP.Secret)}
	for _, got := range v.Accounts() {
		w, ok := want[got.Name]
		if ok && b32(got.OTP.Secret) != w {
			t.Errorf("%s: the secret was lost", got.Name)
		}
		if got.Name == "vpn" && got.OTP.Counter != 1 {
			t.Errorf("vpn: counter %d, want 1", got.OTP.Counter)
		}
		if got.Name == "alice" && got.Note != "changed" {
			t.Errorf("alice: the update was lost")
		}
	}
	if n := len(v.Accounts()); n != 4 {
		t.Errorf("got %d accounts, want 4", n)
	}
}
