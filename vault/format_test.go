package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/kat.vault")

const (
	katFile     = "testdata/kat.vault"
	katPassword = "correct horse battery staple"
)

// katKDF are the fixed parameters of the known-answer vault's password
// slot: cheap, since the test opens it on every run.
var katKDF = KDFParams{Memory: 1024, Time: 2, Threads: 1}

// makeKAT builds the known-answer vault from a seeded random source and
// a stopped clock, so that every byte of it is reproducible.
func makeKAT(t *testing.T) []byte {
	cryptotest.SetGlobalRandom(t, 4226)
	stopped := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now = func() time.Time { return stopped }
	t.Cleanup(func() { now = time.Now })

	kr := newFakeKeyring()
	kr.fail(errNoBus)
	path := tempVault(t)
	v := mustOpen(t, path, Options{Keyring: kr, KDF: katKDF,
		NewPassword: password(katPassword)})
	a := totpAccount("RFC 6238", "sha1@example.com")
	a.OTP.Digits = 8
	v.Add(a)
	v.Add(Account{Issuer: "RFC 4226", Name: "hotp", OTP: OTP{Type: HOTP,
		Counter: 5, Secret: rfcSecret}})
	v.Close()
	return mustRead(t, path)
}

func TestKnownAnswer(t *testing.T) {
	got := makeKAT(t)
	if *update {
		if err := os.WriteFile(katFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := mustRead(t, katFile)
	if !bytes.Equal(got, want) {
		t.Errorf("the format changed: got %d bytes, want the %d of %s "+
			"(rerun with -update only if that is intended)", len(got),
			len(want), katFile)
	}
}

// TestKnownAnswerLayout reads the committed vault field by field, as
// docs/vault.md describes it.
func TestKnownAnswerLayout(t *testing.T) {
	b := mustRead(t, katFile)
	be := binary.BigEndian
	tests := []struct {
		field     string
		got, want uint64
	}{
		{"version", uint64(be.Uint16(b[8:])), 1},
		{"slots", uint64(b[26]), 1},
		{"slot kind", uint64(b[27]), slotPassword},
		{"slot length", uint64(be.Uint16(b[28:])), 97},
		{"memory KiB", uint64(be.Uint32(b[30:])), 1024},
		{"passes", uint64(be.Uint32(b[34:])), 2},
		{"threads", uint64(b[38]), 1},
	}
	if string(b[:8]) != "TESSERA\x00" {
		t.Errorf("magic: got %q", b[:8])
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("#%d: %s: got %d, want %d", i, tt.field, tt.got,
				tt.want)
		}
	}
}

func TestKnownAnswerOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault")
	os.WriteFile(path, mustRead(t, katFile), 0o600)
	kr := newFakeKeyring()
	kr.fail(errNoBus)
	v := mustOpen(t, path, Options{Keyring: kr,
		Password: password(katPassword), ReadOnly: true})
	defer v.Close()

	accounts := v.Accounts()
	if len(accounts) != 2 {
		t.Fatalf("got %d accounts, want 2", len(accounts))
	}
	tests := []struct {
		at   int64
		want string
	}{
		{59, "94287082"},         // RFC 6238 appendix B
		{1111111109, "07081804"}, // RFC 6238 appendix B
		{0, "254676"},            // RFC 4226 appendix D, counter 5
	}
	for i, tt := range tests {
		a := accounts[0]
		if i == 2 {
			a = accounts[1]
		}
		got, err := a.OTP.Code(time.Unix(tt.at, 0))
		if err != nil || got != tt.want {
			t.Errorf("#%d: got %s, %v, want %s", i, got, err, tt.want)
		}
	}
	if p := v.h.password.params; p != katKDF {
		t.Errorf("params: got %+v, want %+v", p, katKDF)
	}
}

// flipVault is a vault with both slots whose every bit the flip test
// changes.
func flipVault(t *testing.T) (string, *fakeKeyring) {
	path, kr := tempVault(t), newFakeKeyring()
	v := mustOpen(t, path, testOptions(kr))
	v.Add(totpAccount("ACME", "alice"))
	v.Add(Account{Issuer: "B", Name: "b", OTP: OTP{Type: HOTP,
		Secret: []byte{9, 9, 9}}})
	v.SetPassword([]byte("pw"))
	v.Close()
	return path, kr
}

func TestEveryFlippedBitFails(t *testing.T) {
	path, kr := flipVault(t)
	good := mustRead(t, path)
	o := testOptions(kr)
	o.Password = password("pw")
	o.MaxKDF = cheapKDF // a flip that raises the cost is refused unrun

	for i := 0; i < 8*len(good); i++ {
		bad := bytes.Clone(good)
		bad[i/8] ^= 1 << (i % 8)
		os.WriteFile(path, bad, 0o600)

		v, err := Open(path, o)
		if err == nil {
			v.Close()
			t.Fatalf("bit %d: a damaged vault opened", i)
		}
		if leaks(err.Error()) {
			t.Fatalf("bit %d: the error holds a secret", i)
		}
		if !bytes.Equal(mustRead(t, path), bad) {
			t.Fatalf("bit %d: a vault that did not open was written", i)
		}
	}

	os.WriteFile(path, good, 0o600)
	mustOpen(t, path, o).Close()
}

func TestTruncatedFails(t *testing.T) {
	path, kr := flipVault(t)
	good := mustRead(t, path)
	o := testOptions(kr)
	o.Password = password("pw")

	for n := 0; n < len(good); n++ {
		os.WriteFile(path, good[:n], 0o600)
		if v, err := Open(path, o); err == nil {
			v.Close()
			t.Fatalf("%d of %d bytes: opened", n, len(good))
		} else if n > 0 && !errors.Is(err, ErrAuth) &&
			!errors.Is(err, ErrPassword) {
			t.Fatalf("%d bytes: got %v, want ErrAuth", n, err)
		}
	}
}

func TestNewerFormatRefused(t *testing.T) {
	b := mustRead(t, katFile)
	b[9] = 2
	_, _, err := parseHeader(b)
	if err == nil || errors.Is(err, ErrAuth) {
		t.Errorf("got %v, want a format version error", err)
	}
}

// FuzzOpen feeds the parser and both slots arbitrary files. Nothing may
// panic, a parsed header must marshal back to the same bytes, and only
// the committed known-answer vault may open with its password (every
// fuzzing process shares that file, unlike one made at random).
func FuzzOpen(f *testing.F) {
	kat, err := os.ReadFile(katFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(kat)
	f.Add([]byte(magic))
	f.Add(kat[:100])

	kr := newFakeKeyring()
	kr.fail(errNoBus)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, sealed, err := parseHeader(b)
		if err != nil {
			return
		}
		if hb := h.marshal(); !bytes.Equal(hb, b[:len(b)-len(sealed)]) {
			t.Fatalf("header round trip: got %x, want %x", hb,
				b[:len(b)-len(sealed)])
		}
		v := &Vault{kr: kr, opt: Options{Password: password(katPassword),
			MaxKDF: katKDF}}
		if v.unlock(b) == nil && !bytes.Equal(b, kat) {
			t.Fatal("a changed file opened")
		}
	})
}

// leaks reports whether msg holds the test accounts' secret in any form
// an error might carry it.
func leaks(msg string) bool {
	return strings.Contains(msg, string(rfcSecret)) ||
		strings.Contains(msg, b32(rfcSecret)) ||
		strings.Contains(msg, fmt.Sprintf("%x", rfcSecret)) ||
		strings.Contains(msg, fmt.Sprint(rfcSecret))
}
