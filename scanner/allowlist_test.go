package scanner

import (
	"testing"

	"github.com/tessera-auth/tessera/assets"
)

// BenchmarkLoadAllowlist measures reading and indexing the built-in
// allowlist, which must stay under 50 ms.
func BenchmarkLoadAllowlist(b *testing.B) {
	for b.Loop() {
		if _, err := ParseAllowlist(assets.Providers); err != nil {
			b.Fatal(err)
		}
	}
}
