package scanner

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePolicy(t *testing.T) {
	good := `{
  "strictness": "blocked",
  "providers": [
    {"name": "Acme SSO", "issuers": ["Acme"], "domains": ["acme.example"]}
  ],
  "deny": {"issuers": ["Evil Corp"], "domains": ["evil.io"]}
}`
	p, err := ParsePolicy([]byte(good), "policy.json")
	if err != nil {
		t.Fatal(err)
	}
	if p.Strictness != Block || len(p.Providers) != 1 ||
		p.Providers[0].Domains[0] != "acme.example" ||
		p.Deny.Domains[0] != "evil.io" {
		t.Errorf("got %+v", p)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		text string
		want string // the error, after the file name
	}{
		{"{\n  \"strictness\": \"warned\",\n  oops\n}", "3:3: invalid"},
		{"{\n \"strictness\": \"lax\"\n}", `2:16: strictness "lax" is not`},
		{"{\n\n  \"strictnes\": \"warned\"\n}",
			`3:3: unknown setting "strictnes"`},
		// The unknown key is placed, not an earlier value that says
		// the same, and keys are unknown inside providers too.
		{"{\"deny\": {\"issuers\": [\"strictnes\"]},\n \"strictnes\": 1}",
			`2:2: unknown setting "strictnes"`},
		{"{\"providers\": [\n {\"name\": \"A\", \"domain\": \"a.com\"}]}",
			`2:16: unknown setting "domain"`},
		{`{"providers": [{"issuers": ["x"]}]}`, "1:16: provider #1 has no name"},
		{"{\"providers\": [\n  {\"name\": \"A\", \"domains\": [\"com\"]}]}",
			`2:29: provider "A": domain "com" is not a registrable domain`},
		{"{\"deny\": {\n \"domains\": [\"\"]}}", `2:14: deny: domain "" is not`},
		// Written with an escape, the value is still placed.
		{`{"deny": {"domains": ["\u0063om"]}}`, `1:23: deny: domain "com" is not`},
		// The second of two equal values is the one at fault.
		{"{\"providers\": [{\"name\": \"A\", \"issuers\": [\"com\"]}],\n" +
			"\"deny\": {\"domains\": [\"a.example\", \"com\"]}}",
			`2:35: deny: domain "com" is not`},
		{"{\n \"providers\": {}\n}", "2:15: providers must be a list, not object"},
		{`{} {}`, "1:4: extra data"},
		{``, "empty policy file"},
		{`{"strictness": "blocked"`, "1:25: the policy ends before"},
	}
	for i, tt := range tests {
		_, err := ParsePolicy([]byte(tt.text), "/etc/tessera/policy.json")
		if err == nil {
			t.Errorf("#%d: got no error, want %q", i, tt.want)
			continue
		}
		got := err.Error()
		if !strings.HasPrefix(got, "/etc/tessera/policy.json") ||
			!strings.Contains(got, tt.want) {
			t.Errorf("#%d: got %s, want the file and %q", i, got, tt.want)
		}
	}
}

func TestMergePolicies(t *testing.T) {
	file := func(managed bool, s Strictness) PolicyFile {
		return PolicyFile{Managed: managed, Policy: Policy{Strictness: s}}
	}
	tests := []struct {
		files []PolicyFile
		want  Strictness
	}{
		{nil, DefaultStrictness},
		{[]PolicyFile{file(false, Allow)}, Allow},
		{[]PolicyFile{file(false, Block), file(false, Allow)}, Allow},
		{[]PolicyFile{file(true, Block), file(false, Allow)}, Block},
		{[]PolicyFile{file(true, Allow), file(false, Block)}, Block},
		{[]PolicyFile{file(true, Allow)}, Allow},
		{[]PolicyFile{file(true, ""), file(false, Allow)}, Allow},
		{[]PolicyFile{file(true, Warn), file(false, Allow)}, Warn},
	}
	for i, tt := range tests {
		got := MergePolicies(tt.files)
		if got.Strictness != tt.want {
			t.Errorf("#%d: got %s, want %s", i, got.Strictness, tt.want)
		}
	}
}

// TestUserProvidersDenied: a managed file that keeps unmanaged files
// from adding providers leaves their providers untrusted, and says
// which they were.
func TestUserProvidersDenied(t *testing.T) {
	no := false
	acme := PolicyProvider{Name: "Acme SSO", Domains: []string{"acme.example"}}
	corp := PolicyProvider{Name: "Corp IdP", Domains: []string{"corp.example"}}
	managed := PolicyFile{Managed: true, Policy: Policy{Strictness: Block,
		Providers: []PolicyProvider{corp}, AllowUserProviders: &no}}
	user := PolicyFile{Policy: Policy{Providers: []PolicyProvider{acme}}}

	// The order of the files does not matter.
	in := MergePolicies([]PolicyFile{user, managed})
	if len(in.Providers) != 1 || in.Providers[0].Name != "Corp IdP" ||
		len(in.IgnoredProviders) != 1 ||
		in.IgnoredProviders[0].Name != "Acme SSO" {
		t.Fatalf("got providers %v, ignored %v", in.Providers,
			in.IgnoredProviders)
	}
	list, _ := Builtin()
	c := NewChecker(list, in)
	if r := c.CheckPayload(Parse(totpURI("a", "Acme%20SSO", "")),
		Options{}); r.Verdict != Blocked {
		t.Errorf("ignored provider: got %s, want blocked", r.Verdict)
	}
	if r := c.CheckPayload(Parse(totpURI("a", "Corp%20IdP", "")),
		Options{}); r.Verdict != Trusted {
		t.Errorf("managed provider: got %s, want trusted", r.Verdict)
	}

	yes := true
	managed.Policy.AllowUserProviders = &yes
	in = MergePolicies([]PolicyFile{managed, user})
	if len(in.Providers) != 2 || len(in.IgnoredProviders) != 0 {
		t.Errorf("allowed: got providers %v, ignored %v", in.Providers,
			in.IgnoredProviders)
	}
}

// TestPolicyChecks runs codes through a checker under a policy that
// adds a provider, denies an issuer and a domain, and blocks the rest.
func TestPolicyChecks(t *testing.T) {
	managed := PolicyFile{Path: "managed", Managed: true, Policy: Policy{
		Strictness: Block,
		Deny: Deny{Issuers: []string{"Evil Corp", "ACME BANK", "1"},
			Domains: []string{"evil.io", "Bad.example.", "bücher.de"}}}}
	user := PolicyFile{Path: "user", Policy: Policy{
		Strictness: Allow,
		Providers: []PolicyProvider{{Name: "Acme SSO",
			Issuers: []string{"Acme"}, Domains: []string{"acme.example"}}},
		Deny: Deny{Issuers: []string{"Acme"}}}}
	list, _ := Builtin()
	c := NewChecker(list, MergePolicies([]PolicyFile{managed, user}))

	tests := []struct {
		text    string
		verdict Verdict
		id      string
	}{
		{totpURI("GitHub:alice", "GitHub", ""), Trusted, FindKnown},
		{totpURI("alice", "Acme%20SSO", ""), Trusted, FindKnown},
		{totpURI("alice", "sso.acme.example", ""), Trusted, FindKnown},
		{totpURI("alice", "Acme", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "EVIL%20corp", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "login.evil.io", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "Small%20Shop", ""), Blocked, FindUnverified},
		{"https://files.evil.io/x", Blocked, FindPolicyDenied},
		// Denials hold against spellings and lookalikes, in the label
		// too, and domains match however they are written.
		{totpURI("alice", "EvilCorp", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "Evil-Corp", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "Ev%D1%96l%20Corp", ""), Blocked,
			FindPolicyDenied},
		{totpURI("Evil%20Corp:alice", "Other", ""), Blocked,
			FindPolicyDenied},
		{"https://www.bad.example/", Blocked, FindPolicyDenied},
		// Keys are taken of both cases; short names are denied as
		// written, not as every name that looks like them.
		{totpURI("alice", "Acrne%20Bank", ""), Blocked, FindPolicyDenied},
		{totpURI("alice", "I", ""), Blocked, FindUnverified},
		{"https://xn--bcher-kva.de/", Blocked, FindPolicyDenied},
		{totpURI("alice", "Acme%20SS0", ""), Blocked, FindLookalike},
	}
	for i, tt := range tests {
		r := c.CheckPayload(Parse(tt.text), Options{})
		if r.Verdict != tt.verdict {
			t.Errorf("#%d: got %s, want %s (%s)", i, r.Verdict,
				tt.verdict, findingList(r.Findings))
		}
		if _, ok := findingByID(r.Findings, tt.id); !ok {
			t.Errorf("#%d: got %s, want %s", i, findingList(r.Findings),
				tt.id)
		}
	}
	if in := c.Policy(); !in.Managed || in.ManagedStrictness != Block {
		t.Errorf("got %+v, want a managed blocking policy", in)
	}
}

// TestLoadPolicies reads the managed, user and command-line files from
// a temporary tree.
func TestLoadPolicies(t *testing.T) {
	dir := t.TempDir()
	managed := filepath.Join(dir, "managed.json")
	t.Setenv("TESSERA_MANAGED_POLICY", managed)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("HOME", dir)

	in, err := LoadPolicies("")
	if err != nil || in.Managed || len(in.Files) != 0 {
		t.Fatalf("no files: got %+v, %v", in, err)
	}

	write(t, managed, `{"strictness": "warned"}`)
	user, err := UserPolicyPath()
	if err != nil {
		t.Fatal(err)
	}
	write(t, user, `{"strictness": "allowed"}`)
	extra := filepath.Join(dir, "extra.json")
	write(t, extra, `{"deny": {"domains": ["evil.io"]}}`)

	in, err = LoadPolicies(extra)
	if err != nil {
		t.Fatal(err)
	}
	if !in.Managed || in.Strictness != Warn || len(in.Files) != 3 ||
		len(in.Deny.Domains) != 1 {
		t.Errorf("got %+v", in)
	}

	_, err = LoadPolicies(filepath.Join(dir, "missing.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing --policy: got %v, want not exist", err)
	}
	// Only the managed file decides whether users may add providers.
	write(t, user, "{\"strictness\": \"allowed\",\n \"allow_user_providers\": true}")
	_, err = LoadPolicies("")
	if err == nil || !strings.Contains(err.Error(), user+":2:2: allow_user_providers counts only") {
		t.Errorf("allow_user_providers in the user file: got %v", err)
	}
	write(t, managed, `{"allow_user_providers": false}`)
	write(t, user, `{"providers": [{"name": "Acme"}]}`)
	in, err = LoadPolicies("")
	if err != nil || len(in.IgnoredProviders) != 1 {
		t.Errorf("got %+v, %v; want Acme ignored", in, err)
	}

	write(t, user, "{\n  \"strictness\": blocked\n}")
	_, err = LoadChecker("")
	if err == nil || !strings.Contains(err.Error(), user+":2:") {
		t.Errorf("broken user file: got %v, want %s:2:...", err, user)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// FuzzParsePolicy feeds the policy parser arbitrary files: it must not
// panic, every error must name the file, and a policy it accepts must
// load into a checker.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"strictness": "blocked", "providers": [{"name": "A",` +
		` "issuers": ["a"], "domains": ["a.example"]}], "deny": ` +
		`{"issuers": ["b"], "domains": ["b.example"]}}`))
	f.Add([]byte("{\n\"deny\": {\"domains\": [\"xn--80ak6aa92e.com\"]}}"))
	f.Add([]byte(`{"strictness": 1}`))
	f.Add([]byte("\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		c := NewChecker(nil, MergePolicies([]PolicyFile{{Policy: p}}))
		c.CheckPayload(Parse(totpURI("a", "Acme", "")), Options{})
	})
}
