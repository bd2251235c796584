package vault

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	in := []Account{
		totpAccount("ACME", "alice@example.com"),
		{Issuer: "Bank", Name: "bob", OTP: OTP{Type: HOTP,
			Algorithm: SHA256, Digits: 8, Counter: 7,
			Secret: []byte{1, 2, 3, 4, 5}}},
		{Issuer: "Steam", Name: "carol", OTP: OTP{Type: Steam,
			Secret: []byte("steam-secret-bytes")}},
	}
	var added []Account
	for _, a := range in {
		got, err := v.Add(a)
		if err != nil {
			t.Fatal(err)
		}
		added = append(added, got)
	}
	v.Close()

	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	got := v.Accounts()
	if !reflect.DeepEqual(got, added) {
		t.Fatalf("got %+v, want %+v", got, added)
	}
	for i, a := range got {
		if a.ID == "" || a.Created.IsZero() || a.Updated != a.Created {
			t.Errorf("#%d: id %q created %v updated %v", i, a.ID,
				a.Created, a.Updated)
		}
	}
	if want := (OTP{Type: Steam, Algorithm: SHA1, Digits: 5, Period: 30,
		Secret: []byte("steam-secret-bytes")}); !reflect.DeepEqual(
		got[2].OTP, want) {
		t.Errorf("steam defaults: got %+v, want %+v", got[2].OTP, want)
	}
}

func TestAddRefusesBadAccounts(t *testing.T) {
	v := mustOpen(t, tempVault(t), testOptions(newFakeKeyring()))
	defer v.Close()
	bad := []OTP{
		{Type: TOTP},
		{Type: "motp", Secret: []byte{1}},
		{Type: TOTP, Algorithm: "MD5", Secret: []byte{1}},
		{Type: TOTP, Digits: 11, Secret: []byte{1}},
		{Type: TOTP, Period: -30, Secret: []byte{1}},
	}
	for i, o := range bad {
		if _, err := v.Add(Account{OTP: o}); err == nil {
			t.Errorf("#%d: %+v was added", i, o)
		}
	}
	if n := len(v.Accounts()); n != 0 {
		t.Errorf("got %d accounts, want 0", n)
	}
}

func TestUpdateRemove(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	a, _ := v.Add(totpAccount("ACME", "alice"))
	b, _ := v.Add(totpAccount("Other", "bob"))

	a.Name = "alice2"
	a.Tags = []string{"home"}
	if err := v.Update(a); err != nil {
		t.Fatal(err)
	}
	if err := v.Remove(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Remove(b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: got %v, want ErrNotFound", err)
	}
	if err := v.Update(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("updating removed: got %v, want ErrNotFound", err)
	}
	v.Close()

	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	got := v.Accounts()
	if len(got) != 1 || got[0].Name != "alice2" ||
		got[0].Tags[0] != "home" || !got[0].Created.Equal(a.Created) {
		t.Fatalf("got %+v", got)
	}
}

func TestAccountsIsACopy(t *testing.T) {
	v := mustOpen(t, tempVault(t), testOptions(newFakeKeyring()))
	defer v.Close()
	v.Add(totpAccount("ACME", "alice"))

	v.Accounts()[0].OTP.Secret[0] ^= 1
	v.Accounts()[0].Tags[0] = "changed"
	a := v.Accounts()[0]
	if !bytes.Equal(a.OTP.Secret, rfcSecret) || a.Tags[0] != "work" {
		t.Errorf("the vault's own account was changed: %q", a.Tags)
	}
}

func TestFind(t *testing.T) {
	v := mustOpen(t, tempVault(t), testOptions(newFakeKeyring()))
	defer v.Close()
	a, _ := v.Add(totpAccount("ACME", "alice@example.com"))
	v.Add(totpAccount("GitLab", "alice"))
	v.Add(totpAccount("acme-lab", "bob"))

	tests := []struct {
		query string
		want  int
	}{
		{"", 3}, {"acme", 2}, {"ALICE", 2}, {"acme:alice", 1},
		{"lab", 2}, {a.ID, 1}, {"nobody", 0},
	}
	for i, tt := range tests {
		if got := len(v.Find(tt.query)); got != tt.want {
			t.Errorf("#%d: %q: got %d, want %d", i, tt.query, got, tt.want)
		}
	}
}

func TestNextHOTP(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	a, err := v.Add(Account{Issuer: "RFC", Name: "4226",
		OTP: OTP{Type: HOTP, Secret: rfcSecret}})
	if err != nil {
		t.Fatal(err)
	}

	// RFC 4226 appendix D.
	want := []string{"755224", "287082", "359152", "969429"}
	for i, w := range want {
		got, err := v.NextHOTP(a.ID)
		if err != nil || got != w {
			t.Fatalf("#%d: got %s, %v, want %s", i, got, err, w)
		}
	}
	v.Close()

	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if c := v.Accounts()[0].OTP.Counter; c != 4 {
		t.Errorf("saved counter: got %d, want 4", c)
	}
	if _, err := v.NextHOTP("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: got %v, want ErrNotFound", err)
	}
	b, _ := v.Add(totpAccount("ACME", "alice"))
	if _, err := v.NextHOTP(b.ID); err == nil {
		t.Error("a totp account was advanced")
	}
}

// A counter whose save fails must not produce a code: the code would be
// shown again after a restart.
func TestNextHOTPSavesFirst(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	a, _ := v.Add(Account{OTP: OTP{Type: HOTP, Secret: rfcSecret}})

	v.path = t.TempDir() + "/missing-dir/vault"
	if code, err := v.NextHOTP(a.ID); err == nil || code != "" {
		t.Fatalf("got %q, %v with a failing save", code, err)
	}
	if c := v.Accounts()[0].OTP.Counter; c != 0 {
		t.Errorf("counter: got %d, want 0 after a failed save", c)
	}
}

func TestPasswordFallback(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.Add(totpAccount("ACME", "alice"))
	if err := v.SetPassword([]byte("hunter2")); err != nil {
		t.Fatal(err)
	}
	v.Close()

	kr.fail(errNoBus)
	o := testOptions(kr)
	_, err := Open(path, o)
	if !errors.Is(err, ErrNoKeyring) ||
		!strings.Contains(err.Error(), "no D-Bus session bus") ||
		!strings.Contains(err.Error(), "has a password") {
		t.Fatalf("no password given: got %v", err)
	}

	o.Password = password("hunter2")
	v = mustOpen(t, path, o)
	defer v.Close()
	if !errors.Is(v.KeyringErr(), ErrNoKeyring) {
		t.Errorf("KeyringErr: got %v, want ErrNoKeyring", v.KeyringErr())
	}
	if n := len(v.Accounts()); n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
}

// A keyring that lost the item (a new machine) gets it back once the
// password has opened the vault.
func TestPasswordRestoresKeyring(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	o := testOptions(kr)
	v := mustOpen(t, path, o)
	v.SetPassword([]byte("pw"))
	v.Close()

	fresh := newFakeKeyring()
	o.Keyring = fresh
	o.Password = password("pw")
	v = mustOpen(t, path, o)
	v.Close()
	if n := fresh.len(); n != 1 {
		t.Fatalf("the new keyring holds %d items, want 1", n)
	}

	o.Password = nil
	v = mustOpen(t, path, o)
	v.Close()
}

func TestWrongPassword(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.SetPassword([]byte("right"))
	v.Close()
	before := mustRead(t, path)

	o := testOptions(newFakeKeyring())
	o.Password = password("wrong")
	_, err := Open(path, o)
	if !errors.Is(err, ErrPassword) {
		t.Fatalf("got %v, want ErrPassword", err)
	}
	if strings.Contains(err.Error(), "wrong\"") {
		t.Errorf("the password is in the error: %v", err)
	}
	if !bytes.Equal(mustRead(t, path), before) {
		t.Error("a vault that did not open was written")
	}
}

func TestCreateWithoutKeyring(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	kr.fail(errors.New("The name org.freedesktop.secrets was not " +
		"provided by any .service files"))

	_, err := Open(path, testOptions(kr))
	if !errors.Is(err, ErrNoKeyring) ||
		!strings.Contains(err.Error(), "no Secret Service") {
		t.Fatalf("got %v, want a plain no-Secret-Service error", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a vault was created with no key slot: %v", err)
	}

	o := testOptions(kr)
	o.NewPassword = password("pw")
	v := mustOpen(t, path, o)
	key := append([]byte(nil), v.key...)
	if v.HasKeyring() || !v.HasPassword() {
		t.Errorf("slots: keyring %v, password %v", v.HasKeyring(),
			v.HasPassword())
	}
	v.Add(totpAccount("ACME", "alice"))
	v.Close()

	file := mustRead(t, path)
	b64 := []byte(base64.StdEncoding.EncodeToString(key))
	if bytes.Contains(file, key) || bytes.Contains(file, b64) {
		t.Error("the data key is in the file in the clear")
	}
	if bytes.Contains(file, rfcSecret) {
		t.Error("a secret is in the file in the clear")
	}
}

func TestKeyringSlotLockUnlock(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	o := testOptions(kr)
	v := mustOpen(t, path, o)
	if err := v.RemoveKeyring(); err == nil {
		t.Error("the only slot was removed")
	}
	if err := v.RemovePassword(); err == nil {
		t.Error("removed a password that does not exist")
	}
	v.SetPassword([]byte("pw"))
	if err := v.RemoveKeyring(); err != nil {
		t.Fatal(err)
	}
	if err := v.RemovePassword(); err == nil {
		t.Error("the only slot was removed")
	}
	v.Close()
	if n := kr.len(); n != 0 {
		t.Errorf("keyring holds %d items after lock, want 0", n)
	}

	if _, err := Open(path, o); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked vault without password: got %v", err)
	}
	o.Password = password("pw")
	v = mustOpen(t, path, o)
	if err := v.AddKeyring(); err != nil {
		t.Fatal(err)
	}
	if err := v.RemovePassword(); err != nil {
		t.Fatal(err)
	}
	v.Close()

	o.Password = nil
	v = mustOpen(t, path, o)
	defer v.Close()
	if v.HasPassword() || !v.HasKeyring() || v.KeyringErr() != nil {
		t.Errorf("slots: password %v keyring %v (%v)", v.HasPassword(),
			v.HasKeyring(), v.KeyringErr())
	}
}

func TestKDFParamsReadFromFile(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	o := testOptions(nil)
	o.Keyring = kr
	o.KDF = KDFParams{Memory: 256, Time: 2, Threads: 2}
	v := mustOpen(t, path, o)
	v.SetPassword([]byte("pw"))
	v.Close()

	h, _, err := parseHeader(mustRead(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if h.password.params != o.KDF {
		t.Errorf("stored: got %+v, want %+v", h.password.params, o.KDF)
	}

	// Other defaults now: the slot still opens with its own parameters.
	o = Options{Keyring: newFakeKeyring(), Password: password("pw"),
		KDF: KDFParams{Memory: 128, Time: 1, Threads: 1}}
	v = mustOpen(t, path, o)
	v.Close()

	// Parameters above what the caller accepts are refused unrun.
	o.Keyring = newFakeKeyring()
	o.MaxKDF = KDFParams{Memory: 255, Time: 2, Threads: 2}
	if _, err := Open(path, o); err == nil ||
		!strings.Contains(err.Error(), "memory 256 KiB") {
		t.Errorf("got %v, want the memory bound named", err)
	}
}

func TestKDFBounds(t *testing.T) {
	tests := []struct {
		p  KDFParams
		ok bool
	}{
		{DefaultKDF, true},
		{MinKDF, true},
		{KDFParams{Memory: 19<<10 - 1, Time: 2, Threads: 1}, false},
		{KDFParams{Memory: 19 << 10, Time: 1, Threads: 1}, false},
		{KDFParams{Memory: 64 << 10, Time: 3, Threads: 0}, false},
		{KDFParams{Memory: 1 << 31, Time: 3, Threads: 4}, false},
		{KDFParams{Memory: 64 << 10, Time: 1 << 20, Threads: 4}, false},
		{KDFParams{Memory: 1 << 20, Time: 16, Threads: 16}, true},
		{KDFParams{Memory: 1<<20 + 1, Time: 3, Threads: 4}, false},
		{KDFParams{Memory: 64 << 10, Time: 17, Threads: 4}, false},
		{KDFParams{Memory: 64 << 10, Time: 3, Threads: 17}, false},
	}
	for i, tt := range tests {
		err := tt.p.check(MinKDF, MaxKDF)
		if (err == nil) != tt.ok {
			t.Errorf("#%d: %+v: got %v, want ok=%v", i, tt.p, err, tt.ok)
		}
	}
	if DefaultKDF.Memory < 64<<10 || DefaultKDF.Time < 3 {
		t.Errorf("DefaultKDF %+v is weaker than m=64MiB t=3", DefaultKDF)
	}
}

func TestBackup(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.Add(totpAccount("ACME", "one"))
	v.Add(totpAccount("ACME", "two"))
	v.Close()

	o := testOptions(kr)
	o.ReadOnly = true
	b := mustOpen(t, BackupPath(path), o)
	defer b.Close()
	if got := b.Accounts(); len(got) != 1 || got[0].Name != "one" {
		t.Fatalf("backup: got %+v, want the version with one account", got)
	}
	if _, err := b.Add(totpAccount("x", "y")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only add: got %v, want ErrReadOnly", err)
	}
}

func TestMissingVaultWithBackup(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.Add(totpAccount("ACME", "one"))
	v.Close()
	os.Remove(path)

	_, err := Open(path, testOptions(kr))
	if err == nil || !strings.Contains(err.Error(), "backup") {
		t.Fatalf("got %v, want a refusal naming the backup", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a new vault was created over a lost one")
	}
}

func TestReadOnlyMissing(t *testing.T) {
	o := testOptions(newFakeKeyring())
	o.ReadOnly = true
	path := tempVault(t)
	if _, err := Open(path, o); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a read-only open created a vault")
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	mustOpen(t, path, testOptions(kr)).Close()
	stale := path + tmpInfix + "123"
	other := path + "x" + tmpInfix + "1"
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(other, []byte("not ours"), 0o600)

	mustOpen(t, path, testOptions(kr)).Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a stale temporary file was left")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another vault's file was removed")
	}
}

func TestBusy(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	_, err := Open(path, testOptions(kr))
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second open: got %v, want ErrBusy", err)
	}
	v.Close()
	mustOpen(t, path, testOptions(kr)).Close()
}

// Writers that take turns through the lock lose no change.
func TestLockConcurrentWriters(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	mustOpen(t, path, testOptions(kr)).Close()

	const writers, adds = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*adds)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < adds; i++ {
				errs <- addWhenFree(path, kr)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if n := len(v.Accounts()); n != writers*adds {
		t.Errorf("got %d accounts, want %d", n, writers*adds)
	}
}

func addWhenFree(path string, kr Keyring) error {
	for {
		v, err := Open(path, testOptions(kr))
		if errors.Is(err, ErrBusy) {
			time.Sleep(time.Millisecond)
			continue
		}
		if err != nil {
			return err
		}
		_, err = v.Add(totpAccount("ACME", "x"))
		v.Close()
		return err
	}
}

func TestClosed(t *testing.T) {
	v := mustOpen(t, tempVault(t), testOptions(newFakeKeyring()))
	v.Close()
	if _, err := v.Add(totpAccount("a", "b")); !errors.Is(err, ErrClosed) {
		t.Errorf("add after close: got %v, want ErrClosed", err)
	}
	if err := v.SetPassword([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("password after close: got %v, want ErrClosed", err)
	}
}

// A keyring item holding the wrong key is replaced once the password
// has opened the vault.
func TestPasswordReplacesWrongKeyringKey(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	o := testOptions(kr)
	v := mustOpen(t, path, o)
	v.SetPassword([]byte("pw"))
	item := keyringService + "/" + keyringUser(v.h.id)
	v.Close()
	kr.items[item] = base64.StdEncoding.EncodeToString(make([]byte, 32))

	if _, err := Open(path, o); !errors.Is(err, ErrAuth) {
		t.Fatalf("wrong key, no password: got %v, want ErrAuth", err)
	}
	o.Password = password("pw")
	mustOpen(t, path, o).Close()

	o.Password = nil
	v = mustOpen(t, path, o)
	defer v.Close()
	if err := v.KeyringErr(); err != nil {
		t.Errorf("the keyring key was not replaced: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	want := filepath.Join(dir, "tessera", "vault")
	if runtime.GOOS == "darwin" {
		want = filepath.Join(dir, "Library", "Application Support",
			"tessera", "vault")
	}
	got, err := DefaultPath()
	if err != nil || got != want {
		t.Fatalf("got %s, %v, want %s", got, err, want)
	}

	v := mustOpen(t, "", testOptions(newFakeKeyring()))
	defer v.Close()
	if v.Path() != want {
		t.Errorf("Open(\"\"): got %s, want %s", v.Path(), want)
	}
}

// Changing the password changes the data key: the old password, with a
// copy of the old file, opens neither the vault nor its backup.
func TestChangePasswordRotatesKey(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.SetPassword([]byte("old"))
	v.Add(totpAccount("ACME", "alice"))
	v.Close()
	oldFile := mustRead(t, path)

	v = mustOpen(t, path, testOptions(kr))
	if err := v.SetPassword([]byte("new")); err != nil {
		t.Fatal(err)
	}
	v.Close()

	oh, _, _ := parseHeader(oldFile)
	oldKey, err := oh.password.unwrap(oh.id[:], []byte("old"), MaxKDF)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, BackupPath(path)} {
		file := mustRead(t, p)
		h, sealed, _ := parseHeader(file)
		if _, err := unseal(h, file, sealed, oldKey); err == nil {
			t.Errorf("%s opens with the old key", p)
		}
	}

	o := testOptions(newFakeKeyring())
	o.Password = password("old")
	if _, err := Open(path, o); !errors.Is(err, ErrPassword) {
		t.Errorf("old password: got %v, want ErrPassword", err)
	}
	o.Password = password("new")
	mustOpen(t, path, o).Close()

	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if got := v.Accounts(); len(got) != 1 || v.KeyringErr() != nil {
		t.Errorf("through the keyring: %d accounts, %v", len(got),
			v.KeyringErr())
	}
}

// Removing the password replaces the data key and the backup too: the
// old password unwraps the old key, which must open no current file.
func TestRemovePasswordRotatesKey(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.SetPassword([]byte("old"))
	v.Add(totpAccount("ACME", "alice"))
	oh, _, _ := parseHeader(mustRead(t, path))
	oldKey, err := oh.password.unwrap(oh.id[:], []byte("old"), MaxKDF)
	if err != nil {
		t.Fatal(err)
	}

	if err := v.RemovePassword(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, p := range []string{path, BackupPath(path)} {
		file := mustRead(t, p)
		h, sealed, _ := parseHeader(file)
		if h.password != nil {
			t.Errorf("%s still has a password slot", p)
		}
		if _, err := unseal(h, file, sealed, oldKey); err == nil {
			t.Errorf("%s opens with the old key", p)
		}
	}
	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if got := v.Accounts(); len(got) != 1 || v.HasPassword() {
		t.Errorf("through the keyring: %d accounts, password %v",
			len(got), v.HasPassword())
	}
}

// Removing the password when the keyring cannot take the new key
// changes nothing: the keyring would be the vault's only key.
func TestRemovePasswordKeyringFails(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.SetPassword([]byte("old"))
	v.Add(totpAccount("ACME", "alice"))
	before := mustRead(t, path)
	kr.fail(errors.New("keyring refused"))
	if err := v.RemovePassword(); err == nil ||
		!strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("got %v, want nothing changed", err)
	}
	v.Close()
	kr.fail(nil)
	if !bytes.Equal(mustRead(t, path), before) {
		t.Error("the vault file changed")
	}
	mustOpen(t, path, testOptions(kr)).Close()
	o := testOptions(newFakeKeyring())
	o.Password = password("old")
	mustOpen(t, path, o).Close()

	// And when the file cannot follow, the keyring keeps the key that
	// opens the file in place.
	// The backup is an older version under the same key: put in place
	// by another program, it makes the save refuse.
	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if err := os.WriteFile(path, mustRead(t, BackupPath(path)),
		0o600); err != nil {
		t.Fatal(err)
	}
	if err := v.RemovePassword(); !errors.Is(err, ErrChanged) {
		t.Fatalf("got %v, want ErrChanged", err)
	}
	v.Close()
	mustOpen(t, path, testOptions(kr)).Close()
}

// Unlocking a vault whose keyring slot is on only mends the item: it
// never takes the key out of the keyring, even when saving would fail.
func TestAddKeyringSlotOn(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	v.Add(totpAccount("ACME", "alice"))
	os.Remove(path)
	if err := v.AddKeyring(); err != nil {
		t.Fatalf("got %v, want the item set and nothing saved", err)
	}
	if kr.len() != 1 {
		t.Error("the only key left the keyring")
	}
}

// A file whose password slot is damaged fails with both the keyring's
// key and the password; the error says the file fails to authenticate,
// not only that the password is wrong.
func TestDamagedSlotNotWrongPassword(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.SetPassword([]byte("right"))
	v.Close()
	file := mustRead(t, path)
	h, _, _ := parseHeader(file)
	i := bytes.Index(file, h.password.wrapped)
	file[i] ^= 1
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}

	o := testOptions(kr)
	o.Password = password("right")
	_, err := Open(path, o)
	if !errors.Is(err, ErrAuth) {
		t.Errorf("got %v, want ErrAuth", err)
	}
}

// A vault that is locked keeps its key out of the keyring even when
// unlocking it fails to save.
func TestAddKeyringFailedSave(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	v.SetPassword([]byte("pw"))
	if err := v.RemoveKeyring(); err != nil {
		t.Fatal(err)
	}
	os.Remove(path) // another program's change: the save is refused
	if err := v.AddKeyring(); !errors.Is(err, ErrChanged) {
		t.Fatalf("got %v, want ErrChanged", err)
	}
	if n := kr.len(); n != 0 {
		t.Errorf("%d keyring items left for a locked vault", n)
	}
}

// Created tells a caller that Open made the vault, so that it can offer
// a password to a vault whose key is only in the keyring.
func TestCreated(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	if !v.Created() || v.HasPassword() || !v.HasKeyring() {
		t.Errorf("new: created %v, password %v, keyring %v", v.Created(),
			v.HasPassword(), v.HasKeyring())
	}
	v.Close()

	v = mustOpen(t, path, testOptions(kr))
	defer v.Close()
	if v.Created() {
		t.Error("reopened: Created is true")
	}
}

// The secret an Update, a Remove or a NextHOTP replaces is cleared once
// the new version is saved: nothing refers to it any more.
func TestReplacedSecretCleared(t *testing.T) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	defer v.Close()
	a, _ := v.Add(totpAccount("ACME", "alice"))
	h, _ := v.Add(Account{Issuer: "B", Name: "b", OTP: OTP{Type: HOTP,
		Secret: bytes.Clone(rfcSecret)}})

	edits := []func() error{
		func() error { a.Note = "changed"; return v.Update(a) },
		func() error { _, err := v.NextHOTP(h.ID); return err },
		func() error { return v.Remove(a.ID) },
	}
	for i, edit := range edits {
		v.mu.Lock()
		var held [][]byte
		for _, x := range v.accounts {
			held = append(held, x.OTP.Secret)
		}
		v.mu.Unlock()
		if err := edit(); err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		cleared := 0
		for _, s := range held {
			if bytes.Equal(s, make([]byte, len(s))) {
				cleared++
			}
		}
		if cleared != 1 {
			t.Errorf("#%d: %d secrets cleared, want the replaced one",
				i, cleared)
		}
	}
	for _, x := range v.Accounts() {
		if !bytes.Equal(x.OTP.Secret, rfcSecret) {
			t.Errorf("%s: a secret in use was cleared", x)
		}
	}
}

// A password slot edited to ask for more than MaxKDF is refused before
// Argon2id runs, with the parameter named. The slot's fields sit where
// the known-answer layout test reads them.
func TestKDFEditedSlotRefused(t *testing.T) {
	kr := newFakeKeyring()
	kr.fail(errNoBus)
	o := Options{Keyring: kr, KDF: cheapKDF, NewPassword: password("pw"),
		Password: password("pw")}
	path := tempVault(t)
	mustOpen(t, path, o).Close()
	good := mustRead(t, path)

	tests := []struct {
		off  int
		val  []byte
		want string
	}{
		{34, []byte{0, 0, 0, 17}, "passes 17 outside 1..16"},
		{38, []byte{17}, "threads 17 outside 1..16"},
		{30, []byte{0, 0x10, 0, 1}, "memory 1048577 KiB outside"},
	}
	for i, tt := range tests {
		bad := bytes.Clone(good)
		bad[38] = 1 // one thread, so that 8 KiB each fits any memory
		copy(bad[tt.off:], tt.val)
		os.WriteFile(path, bad, 0o600)
		_, err := Open(path, o)
		if err == nil || !strings.Contains(err.Error(), tt.want) ||
			errors.Is(err, ErrPassword) {
			t.Errorf("#%d: got %v, want %q", i, err, tt.want)
		}
	}
}
