package scanner

import (
	"strings"
	"testing"
)

func TestLookKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dropbox", "dropbox"},
		{"Dropbοx", "dropbox"},      // Greek omicron
		{"Gооgle", "google"},        // Cyrillic o
		{"ＧｉｔＨｕｂ", "glthub"},        // fullwidth
		{"𝐆𝐨𝐨𝐠𝐥𝐞", "google"},        // mathematical bold
		{"Pay\u200bPal", "paypal"},  // zero width space
		{"Dröpbox", "dropbox"},      // diacritic
		{"G00gle", "google"},        // digit zero
		{"Paypa1", "paypal"},        // digit one
		{"PAYPAI", "paypal"},        // capital I
		{"microsoft", "rnlcrosoft"}, // m is rn, i is l
		{"аррӏе", "apple"},          // Cyrillic with palochka
		{"Amazon Web Services", "arnazonvvebservlces"},
	}
	for i, tt := range tests {
		k := lookKeys(tt.in)
		if k[0] != tt.want && k[1] != tt.want {
			t.Errorf("#%d: got %v, want %s", i, k, tt.want)
		}
	}
}

// TestLookKeyASCII holds the ASCII fast path to the general one, on
// every name of the allowlist and every printable character.
func TestLookKeyASCII(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.Providers() {
		names = append(names, providerNames(p)...)
	}
	for c := byte(' '); c <= '~'; c++ {
		names = append(names, "x"+string(c)+"Mm")
	}
	for _, n := range names {
		if !isASCII(n) {
			continue
		}
		want := strings.ReplaceAll(alnumLower(skeleton(n)), "i", "l")
		want = strings.ReplaceAll(want, "w", "vv")
		if got := lookKeyASCII(n); got != want {
			t.Errorf("%q: got %q, want %q", n, got, want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"coinbase", "coinbse", true},
		{"binance", "binnance", true},
		{"cloudflare", "cloudfalre", true},
		{"discord", "dicsord", true},
		{"twitter", "twltter", true},
		{"github", "github", false},
		{"github", "gitlab", false},
		{"abcd", "bcda", false},
		{"paypal", "paypalxx", false},
	}
	for i, tt := range tests {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("#%d: got %v, want %v", i, got, tt.want)
		}
	}
}

// TestDeletionHashes checks the prefix-and-suffix arithmetic against
// hashing every deletion directly.
func TestDeletionHashes(t *testing.T) {
	for _, k := range []string{"a", "dropbox", "salesforce", "ab"} {
		got := deletionHashes(k)
		for i := range len(k) {
			want := hashOf(k[:i] + k[i+1:])
			if got[i] != want {
				t.Errorf("%s #%d: got %x, want %x", k, i, got[i], want)
			}
		}
	}
}

func TestAsHost(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"acme.okta.com", true},
		{"Binance.com", true},
		{"gitlab.acme.internal", true},
		{"xn--80ak6aa92e.com", true},
		{"GitHub", false},
		{"Amazon Web Services", false},
		{"alice@example.com", false},
		{"10.0.0.1", false},
		{"a..b.com", false},
	}
	for i, tt := range tests {
		if _, got := asHost(tt.in); got != tt.want {
			t.Errorf("#%d: %s: got %v, want %v", i, tt.in, got, tt.want)
		}
	}
}
