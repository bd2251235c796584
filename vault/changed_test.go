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

// edits are every change a Vault saves.
var edits = []struct {
	name string
	do   func(v *Vault, a Account) error
}{
	{"Add", func(v *Vault, a Account) error {
		_, err := v.Add(totpAccount("B", "b"))
		return err
	}},
	{"Update", func(v *Vault, a Account) error {
		a.Note = "changed"
		return v.Update(a)
	}},
	{"Remove", func(v *Vault, a Account) error { return v.Remove(a.ID) }},
	{"SetPassword", func(v *Vault, a Account) error {
		return v.SetPassword([]byte("pw"))
	}},
	{"SetPassword again", func(v *Vault, a Account) error {
		if err := v.SetPassword([]byte("pw")); err != nil {
			return err
		}
		os.WriteFile(v.path, []byte("changed again"), 0o600)
		return v.SetPassword([]byte("pw2"))
	}},
}

// A save never writes over a vault file that changed on disk since the
// Vault read it, nor keeps that file as the backup in place of the good
// one.
func TestSaveRefusesChangedFile(t *testing.T) {
	for _, c := range changes {
		for _, e := range edits {
			t.Run(c.name+"/"+e.name, func(t *testing.T) {
				testSaveRefused(t, c.do, e.do)
			})
		}
	}
}

func testSaveRefused(t *testing.T, change func(string) error,
	edit func(*Vault, Account) error) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	a, err := v.Add(totpAccount("ACME", "alice"))
	if err != nil {
		t.Fatal(err)
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
