package vault

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// keyringRequiredEnv, set to "required" (as .ci/services does), turns
// the skip of a test that needs the OS keyring into a failure.
const keyringRequiredEnv = "TESSERA_TEST_KEYRING"

// systemKeyring returns the OS keyring, or skips the test where no
// Secret Service can be reached (make test provides one). Where the
// keyring is required, it fails the test instead.
func systemKeyringOrSkip(tb testing.TB) Keyring {
	tb.Helper()
	kr := SystemKeyring()
	if err := kr.Set(keyringService+"-test", "probe", "probe"); err != nil {
		if os.Getenv(keyringRequiredEnv) == "required" {
			tb.Fatalf("%s=required, but the OS keyring does not "+
				"answer: %v", keyringRequiredEnv, keyringErr(err))
		}
		tb.Skipf("skipping the keyring slot: %v", keyringErr(err))
	}
	kr.Delete(keyringService+"-test", "probe")
	return kr
}

func TestSystemKeyring(t *testing.T) {
	kr := systemKeyringOrSkip(t)
	path := tempVault(t)
	v := mustOpen(t, path, Options{Keyring: kr, KDF: cheapKDF})
	id := keyringUser(v.h.id)
	t.Cleanup(func() { kr.Delete(keyringService, id) })
	v.Add(totpAccount("ACME", "alice"))
	v.Close()

	v = mustOpen(t, path, Options{Keyring: kr})
	if err := v.KeyringErr(); err != nil {
		t.Fatalf("the keyring slot did not open the vault: %v", err)
	}
	if n := len(v.Accounts()); n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
	v.SetPassword([]byte("pw"))
	if err := v.RemoveKeyring(); err != nil {
		t.Fatal(err)
	}
	v.Close()

	if _, err := kr.Get(keyringService, id); !errors.Is(err,
		ErrKeyNotFound) {
		t.Errorf("after lock: got %v, want ErrKeyNotFound", err)
	}
	v = mustOpen(t, path, Options{Keyring: kr, Password: password("pw")})
	defer v.Close()
	if err := v.AddKeyring(); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Get(keyringService, id); err != nil {
		t.Errorf("after unlock: %v", err)
	}
}

func TestKeyringReasons(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errNoBus, "no D-Bus session bus"},
		{errors.New("The name org.freedesktop.secrets was not provided " +
			"by any .service files"), "no Secret Service"},
		{errors.New("failed to unlock correct collection " +
			"'/org/freedesktop/secrets/aliases/default'"), "locked"},
		{fmt.Errorf("get: %w", ErrKeyNotFound), "holds no key"},
		{errors.New("dial unix /run/user/0/bus: connect: no such file " +
			"or directory"), "cannot be reached"},
		{errors.New("something new"), "unavailable (something new)"},
	}
	for i, tt := range tests {
		err := keyringErr(tt.err)
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("#%d: got %q, want %q", i, err, tt.want)
		}
		if !errors.Is(err, ErrNoKeyring) || !errors.Is(err, tt.err) {
			t.Errorf("#%d: %v does not wrap ErrNoKeyring and its cause",
				i, err)
		}
	}
}

// Where the keyring is required, one that does not answer fails the
// keyring tests, saying why, instead of skipping them.
func TestKeyringRequired(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a dead session bus stands for a missing keyring on " +
			"Linux only")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSystemKeyring$")
	cmd.Env = append(os.Environ(), keyringRequiredEnv+"=required",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-bus")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the keyring test passed without a keyring:\n%s", out)
	}
	for _, want := range []string{"=required, but the OS keyring does " +
		"not answer", "the D-Bus session bus cannot be reached"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("got %s, want %q", out, want)
		}
	}
}
