package vault

import (
	"encoding/base32"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// cheapKDF makes password slots cost well under a millisecond where the
// parameters are not what a test is about.
var cheapKDF = KDFParams{Memory: 64, Time: 1, Threads: 1}

func TestMain(m *testing.M) {
	minKDF = KDFParams{Memory: 8, Time: 1, Threads: 1}
	if p := os.Getenv(crashWriterEnv); p != "" {
		crashWriter(p)
		return
	}
	if p := os.Getenv(lockHolderEnv); p != "" {
		lockHolder(p)
		return
	}
	os.Exit(m.Run())
}

// fakeKeyring is an in-memory keyring whose failures tests choose.
type fakeKeyring struct {
	mu    sync.Mutex
	items map[string]string
	err   error // returned by every call when set
}

func newFakeKeyring() *fakeKeyring {
	return &fakeKeyring{items: map[string]string{}}
}

func (k *fakeKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.items[service+"/"+user] = secret
	return nil
}

func (k *fakeKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return "", k.err
	}
	s, ok := k.items[service+"/"+user]
	if !ok {
		return "", ErrKeyNotFound
	}
	return s, nil
}

func (k *fakeKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	if _, ok := k.items[service+"/"+user]; !ok {
		return ErrKeyNotFound
	}
	delete(k.items, service+"/"+user)
	return nil
}

func (k *fakeKeyring) fail(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.err = err
}

func (k *fakeKeyring) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.items)
}

// errNoBus is what go-keyring returns where no session bus exists.
var errNoBus = errors.New(`exec: "dbus-launch": executable file not ` +
	`found in $PATH`)

func password(pw string) func() ([]byte, error) {
	return func() ([]byte, error) { return []byte(pw), nil }
}

// testOptions opens vaults through kr, with cheap password slots.
func testOptions(kr Keyring) Options {
	return Options{Keyring: kr, KDF: cheapKDF}
}

func tempVault(t *testing.T) string {
	return filepath.Join(t.TempDir(), "vault")
}

func mustOpen(t *testing.T, path string, o Options) *Vault {
	t.Helper()
	v, err := Open(path, o)
	if err != nil {
		t.Fatalf("opening vault: %v", err)
	}
	return v
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rfcSecret is the seed of RFC 4226 appendix D and RFC 6238 appendix B.
var rfcSecret = []byte("12345678901234567890")

func b32(s []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).
		EncodeToString(s)
}

func totpAccount(issuer, name string) Account {
	return Account{Issuer: issuer, Name: name,
		OTP:  OTP{Type: TOTP, Secret: append([]byte(nil), rfcSecret...)},
		Tags: []string{"work"}, Note: "n",
		Enrolled: Provenance{Source: "file", Verdict: "unverified",
			Findings: []string{"weak-secret"}}}
}
