package scanner

import (
	"encoding/json"
	"testing"

	"github.com/tessera-auth/tessera/assets"
)

// BenchmarkLoadAllowlist measures reading and indexing the built-in
// allowlist, which must stay under 50 ms, beside a reference: decoding
// the same JSON alone.
func BenchmarkLoadAllowlist(b *testing.B) {
	b.Run("json-only", func(b *testing.B) {
		for b.Loop() {
			var doc struct{ Providers []*Provider }
			if err := json.Unmarshal(assets.Providers, &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("indexed", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseAllowlist(assets.Providers); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestBuiltin(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.Providers()); n < 2500 {
		t.Errorf("got %d providers, want the directory's 2,500 and more", n)
	}
	tests := []struct{ issuer, want string }{
		{"GitHub", "GitHub"},
		{"  github ", "GitHub"},
		{"Git Hub", "GitHub"},
		{"AWS", "Amazon Web Services"},
		{"Amazon Web Services", "Amazon Web Services"},
		{"acme.my.salesforce.com", "Salesforce"},
		{"Microsoft", "Microsoft"},
		{"gitlab.com", "GitLab"},
		{"Dropbοx", ""},
		{"okta.com.evil.io", ""},
	}
	for i, tt := range tests {
		got := ""
		if p := list.Issuer(tt.issuer); p != nil {
			got = p.Name
		}
		if got != tt.want {
			t.Errorf("#%d: got %q, want %q", i, got, tt.want)
		}
	}
}
