package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// bigVault makes a vault of n accounts in one save.
func bigVault(b *testing.B, kr Keyring, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault")
	v, err := Open(path, Options{Keyring: kr})
	if err != nil {
		b.Fatal(err)
	}
	id := keyringUser(v.h.id)
	b.Cleanup(func() { kr.Delete(keyringService, id) })

	accounts := make([]Account, n)
	for i := range accounts {
		a := totpAccount(fmt.Sprintf("Issuer %d", i),
			fmt.Sprintf("user%d@example.com", i))
		a.ID = fmt.Sprintf("%016x", i)
		accounts[i] = a
	}
	v.mu.Lock()
	err = v.save(v.h, accounts)
	v.mu.Unlock()
	if err != nil {
		b.Fatal(err)
	}
	v.Close()
	return path
}

func benchOpen(b *testing.B, kr Keyring) {
	path := bigVault(b, kr, 5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := Open(path, Options{Keyring: kr})
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
	}
}

// BenchmarkOpen5000 opens a vault of 5,000 accounts through the real
// keyring slot; the target is under 100 ms.
func BenchmarkOpen5000(b *testing.B) { benchOpen(b, systemKeyringOrSkip(b)) }

// BenchmarkOpen5000Fake is the same without the keyring's round trips.
func BenchmarkOpen5000Fake(b *testing.B) { benchOpen(b, newFakeKeyring()) }

// BenchmarkSave5000 changes one account of 5,000; the target is under
// 100 ms.
func BenchmarkSave5000(b *testing.B) {
	kr := newFakeKeyring()
	v, err := Open(bigVault(b, kr, 5000), Options{Keyring: kr})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	a := v.Accounts()[42]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Note = fmt.Sprint(i)
		if err := v.Update(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefWriteSync is the floor under a save: writing as many bytes
// and flushing them, with no encryption, backup or rename.
func BenchmarkRefWriteSync(b *testing.B) {
	path := bigVault(b, newFakeKeyring(), 5000)
	data, _ := os.ReadFile(path)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := os.Create(path + ".ref")
		if err != nil {
			b.Fatal(err)
		}
		f.Write(data)
		f.Sync()
		f.Close()
	}
}

// BenchmarkRefKeyringGet is one read of a keyring item: the floor under
// an open through the keyring slot.
func BenchmarkRefKeyringGet(b *testing.B) {
	kr := systemKeyringOrSkip(b)
	kr.Set(keyringService+"-test", "bench", "0123456789abcdef")
	defer kr.Delete(keyringService+"-test", "bench")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := kr.Get(keyringService+"-test", "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDefaultKDF is what a password costs to check at the default
// strength: the wait before a password-opened vault appears.
func BenchmarkDefaultKDF(b *testing.B) {
	s := &passwordSlot{params: DefaultKDF}
	for i := 0; i < b.N; i++ {
		if _, err := s.aead([]byte("correct horse battery staple")); err != nil {
			b.Fatal(err)
		}
	}
}
