package scanner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tessera-auth/tessera/assets"
)

// BenchmarkLoadAllowlist measures reading the built-in allowlist, which
// must stay well under 50 ms, beside two references measured in the
// same run: decoding its JSON alone, and decoding and indexing the JSON
// (what Builtin did before the index was generated).
func BenchmarkLoadAllowlist(b *testing.B) {
	for _, l := range allowlistLoaders {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				if err := l.load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadAllowlistFresh measures the same loads in a fresh process
// each, as Tessera pays them at start: cold caches, untouched pages of
// the embedded data and a heap still growing. The child reports the
// time of the load alone; process start is not counted.
func BenchmarkLoadAllowlistFresh(b *testing.B) {
	for _, l := range allowlistLoaders {
		b.Run(l.name, func(b *testing.B) {
			var total time.Duration
			for range b.N {
				total += loadInChild(b, l.name)
			}
			b.ReportMetric(float64(total.Microseconds())/
				float64(b.N)/1000, "ms/load")
		})
	}
}

var allowlistLoaders = []struct {
	name string
	load func() error
}{
	{"json-only", func() error {
		var doc struct{ Providers []*Provider }
		return json.Unmarshal(assets.Providers, &doc)
	}},
	{"json-indexed", func() error {
		_, err := ParseAllowlist(assets.Providers)
		return err
	}},
	{"generated-index", func() error {
		_, err := ParseAllowlistIndex(assets.ProvidersIndex)
		return err
	}},
}

const loadChildEnv = "TESSERA_TEST_LOAD_CHILD"

func loadInChild(b *testing.B, name string) time.Duration {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadChild$")
	cmd.Env = append(os.Environ(), loadChildEnv+"="+name)
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("child: %v", err)
	}
	_, after, ok := strings.Cut(string(out), "load-ns=")
	ns, err := strconv.ParseInt(strings.Fields(after + " ")[0], 10, 64)
	if !ok || err != nil {
		b.Fatalf("child printed no time: %q", out)
	}
	return time.Duration(ns)
}

// TestLoadChild is the child of BenchmarkLoadAllowlistFresh; it does
// nothing in an ordinary run.
func TestLoadChild(t *testing.T) {
	name := os.Getenv(loadChildEnv)
	if name == "" {
		t.Skip("run by BenchmarkLoadAllowlistFresh")
	}
	for _, l := range allowlistLoaders {
		if l.name != name {
			continue
		}
		start := time.Now()
		err := l.load()
		d := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("load-ns=%d\n", d.Nanoseconds())
		return
	}
	t.Fatalf("no loader %q", name)
}

// TestIndexCurrent checks that assets/providers.idx is what the scanner
// builds from assets/providers.json today.
func TestIndexCurrent(t *testing.T) {
	list, err := ParseAllowlist(assets.Providers)
	if err != nil {
		t.Fatal(err)
	}
	b, err := list.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, assets.ProvidersIndex) {
		t.Fatalf("assets/providers.idx (%d bytes) differs from the "+
			"index of assets/providers.json (%d bytes); run "+
			"go generate -run genindex ./scanner",
			len(assets.ProvidersIndex), len(b))
	}

	again, err := ParseAllowlistIndex(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := again.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("an index read back writes differently")
	}
}

// TestIndexMatchesJSON holds the generated index to the allowlist
// indexed from JSON: every provider, and the answer to every lookup of
// every name, issuer, domain and domain label, as written and in the
// disguises the checks look for.
func TestIndexMatchesJSON(t *testing.T) {
	slow, err := ParseAllowlist(assets.Providers)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}

	if !strings.Contains(fast.License(), "Josh Davis") ||
		fast.License() != slow.License() {
		t.Errorf("got licence %q, want the directory's attribution %q",
			fast.License(), slow.License())
	}
	if len(fast.providers) != len(slow.providers) {
		t.Fatalf("got %d providers, want %d", len(fast.providers),
			len(slow.providers))
	}
	for i, p := range slow.providers {
		if d := diffProvider(fast.providers[i], p); d != "" {
			t.Errorf("#%d %s: %s", i, p.Name, d)
		}
	}

	n := 0
	for _, p := range slow.providers {
		for _, name := range append(providerNames(p), p.Domains...) {
			for _, v := range disguises(name) {
				n++
				if got, want := lookups(fast, v), lookups(slow, v); got != want {
					t.Errorf("%q: got %s, want %s", v, got, want)
				}
			}
		}
	}
	t.Logf("%d names compared", n)
}

func diffProvider(got, want *Provider) string {
	if got.Name != want.Name || !slices.Equal(got.Issuers, want.Issuers) ||
		!slices.Equal(got.Domains, want.Domains) ||
		providerFlags(got) != providerFlags(want) {
		return fmt.Sprintf("got %+v, want %+v", *got, *want)
	}
	return ""
}

// disguises returns name and the variants of it that the lookalike
// checks are built to catch.
func disguises(name string) []string {
	out := []string{name, strings.ToUpper(name), name + "x",
		strings.NewReplacer("o", "ο", "a", "а", "l", "1").Replace(name),
		name + " Support", name + ".com.auth-check.co",
		name + "-signin.net"}
	if len(name) > 2 {
		b := []byte(name)
		b[1], b[2] = b[2], b[1]
		out = append(out, string(b), name[:1]+name[2:])
	}
	return out
}

// lookups describes what a says about s through every lookup the
// checks make.
func lookups(a *Allowlist, s string) string {
	name := func(p *Provider) string {
		if p == nil {
			return "-"
		}
		return p.Name
	}
	desc := func(m *imitation) string {
		if m == nil {
			return "-"
		}
		return m.p.Name + " " + m.how
	}
	return fmt.Sprintf("issuer %s, domain %s, imitates %s, host %s",
		name(a.Issuer(s)), name(a.Domain(s)), desc(a.imitates(s)),
		desc(a.hostImitates(strings.ToLower(s))))
}

// FuzzParseAllowlistIndex feeds damaged indexes to the reader, which
// must refuse them without a panic, and checks that what it accepts
// writes back the same.
func FuzzParseAllowlistIndex(f *testing.F) {
	small, err := ParseAllowlist([]byte(`{"providers": [
		{"name": "Dropbox", "domains": ["dropbox.com"], "totp": true},
		{"name": "Okta", "issuers": ["Okta Verify"],
		 "domains": ["okta.com"], "totp": true, "curated": true}]}`))
	if err != nil {
		f.Fatal(err)
	}
	b, err := small.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAllowlistIndex(data)
		if err != nil {
			return
		}
		a.imitates("Dr0pbox")
		a.hostImitates("okta.com.evil.io")
		if _, err := a.MarshalBinary(); err != nil {
			t.Fatal(err)
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

// TestLoadCheckerSharesAllowlist checks that the built-in allowlist is
// read once per process however many Checkers are made, from however
// many goroutines.
func TestLoadCheckerSharesAllowlist(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user policy
	want, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *Allowlist, 4)
	for range cap(got) {
		go func() {
			c, err := LoadChecker("")
			if err != nil {
				t.Error(err)
				got <- nil
				return
			}
			got <- c.builtin
		}()
	}
	for range cap(got) {
		if l := <-got; l != want {
			t.Errorf("got allowlist %p, want the shared %p", l, want)
		}
	}
}
