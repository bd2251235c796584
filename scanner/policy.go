package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Strictness says what becomes of codes from providers the allowlist
// does not know.
type Strictness string

// Strictness levels, most lenient first.
const (
	Allow Strictness = "allowed" // unverified codes are saved as usual
	Warn  Strictness = "warned"  // the person is warned and must confirm
	Block Strictness = "blocked" // unverified codes are refused
)

// DefaultStrictness applies when no policy sets one.
const DefaultStrictness = Warn

func (s Strictness) rank() int {
	switch s {
	case Allow:
		return 0
	case Block:
		return 2
	}
	return 1
}

// Policy is one policy file: providers an organisation adds to the
// allowlist, issuers and domains it denies, and a strictness.
type Policy struct {
	Strictness Strictness       `json:"strictness,omitempty"`
	Providers  []PolicyProvider `json:"providers,omitempty"`
	Deny       Deny             `json:"deny"`

	// AllowUserProviders, read from the managed file only, says whether
	// the person's own files may add providers; nil means they may. An
	// organisation that blocks unknown providers sets it to false, so
	// that nobody trusts a provider by writing it into their own file.
	AllowUserProviders *bool `json:"allow_user_providers,omitempty"`
}

// PolicyProvider is a provider a policy adds: its name, the issuer
// strings its codes carry and its domains.
type PolicyProvider struct {
	Name    string   `json:"name"`
	Issuers []string `json:"issuers,omitempty"`
	Domains []string `json:"domains,omitempty"`
}

// Deny lists issuers (matched like allowlist issuers) and domains
// (matched with all their subdomains) whose codes are refused.
type Deny struct {
	Issuers []string `json:"issuers,omitempty"`
	Domains []string `json:"domains,omitempty"`
}

// PolicyFile is a policy and where it came from.
type PolicyFile struct {
	Path    string
	Managed bool // the system-wide file the person cannot override
	Policy  Policy
}

// PolicyInForce is what the checker applies after merging every policy
// file: the GUI shows it, and locks what a managed file decides.
type PolicyInForce struct {
	Strictness Strictness
	// Managed is set when a managed file is in force; ManagedStrictness
	// is then the floor it sets ("" when it sets none).
	Managed           bool
	ManagedStrictness Strictness
	Files             []PolicyFile
	Providers         []PolicyProvider
	Deny              Deny

	// IgnoredProviders are the providers of unmanaged files that the
	// managed file does not allow (see Policy.AllowUserProviders): they
	// are not trusted, and the window and the CLI say so.
	IgnoredProviders []PolicyProvider
}

// ParsePolicy reads a policy file's contents; name is the file named in
// errors, which give the line and column of the mistake.
func ParsePolicy(data []byte, name string) (Policy, error) {
	p, _, err := parsePolicy(data, name)
	return p, err
}

// parsePolicy is ParsePolicy that also returns where each setting
// stands in the file, for errors that only the merge can find.
func parsePolicy(data []byte, name string) (Policy, *policySpots,
	error) {
	var p Policy
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Policy{}, nil, jsonError(data, name, err)
	}
	if dec.More() {
		off := int(dec.InputOffset())
		return Policy{}, nil, fmt.Errorf("%s:%s: extra data after the "+
			"policy", name, position(data, off))
	}
	spots := readSpots(data)
	if err := p.validate(); err != nil {
		return Policy{}, nil, spots.place(name, err)
	}
	return p, spots, nil
}

// valueError is a setting whose value is wrong; path names it in the
// file (see policySpots), and key places the error at the setting's
// name rather than its value.
type valueError struct {
	msg  string
	path string
	key  bool
}

func (e valueError) Error() string { return e.msg }

// place prefixes err with the file name and, for a valueError, the
// line and column of the value at fault.
func (s *policySpots) place(name string, err error) error {
	var ve valueError
	if errors.As(err, &ve) {
		if at, ok := s.at(ve.path, ve.key); ok {
			return fmt.Errorf("%s:%s: %v", name, at, err)
		}
	}
	return fmt.Errorf("%s: %v", name, err)
}

// jsonError places a decoding error in the file.
func jsonError(data []byte, name string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	// Both offsets count the bytes read, the offending one included.
	case errors.As(err, &syn):
		return fmt.Errorf("%s:%s: %v", name, position(data,
			int(syn.Offset)-1), syn)
	case errors.As(err, &typ):
		return fmt.Errorf("%s:%s: %s must be %s, not %s", name,
			position(data, int(typ.Offset)-1), typ.Field,
			jsonType(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty policy file", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s:%s: the policy ends before it is complete",
			name, position(data, len(data)))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		s := readSpots(data)
		return s.place(name, valueError{"unknown setting " + f,
			s.unknown, true})
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// jsonType names a Go kind the way the policy's JSON writes it.
func jsonType(kind string) string {
	switch kind {
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "string":
		return "a string"
	}
	return kind
}

// position turns a byte offset into "line:column", both from 1.
func position(data []byte, off int) string {
	if off < 0 || off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%d:%d", line, col)
}

func (p Policy) validate() error {
	switch p.Strictness {
	case "", Allow, Warn, Block:
	default:
		return valueError{msg: fmt.Sprintf("strictness %q is not "+
			"allowed, warned or blocked", p.Strictness),
			path: "strictness"}
	}
	for i, pp := range p.Providers {
		at := fmt.Sprintf("providers[%d]", i)
		if strings.TrimSpace(pp.Name) == "" {
			return valueError{msg: fmt.Sprintf("provider #%d has no "+
				"name", i+1), path: at}
		}
		for j, d := range pp.Domains {
			if _, err := registrableDomain(d); err != nil {
				return valueError{msg: fmt.Sprintf("provider %q: "+
					"domain %q is not a registrable domain", pp.Name, d),
					path: fmt.Sprintf("%s.domains[%d]", at, j)}
			}
		}
	}
	for i, d := range p.Deny.Domains {
		if _, err := registrableDomain(d); err != nil {
			return valueError{msg: fmt.Sprintf("deny: domain %q is not "+
				"a registrable domain", d),
				path: fmt.Sprintf("deny.domains[%d]", i)}
		}
	}
	return nil
}

// ReadPolicy reads and parses the policy file at path.
func ReadPolicy(path string) (Policy, error) {
	p, _, err := readPolicy(path)
	return p, err
}

func readPolicy(path string) (Policy, *policySpots, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Policy{}, nil, fmt.Errorf("reading policy: %w", err)
	}
	return parsePolicy(data, path)
}

// ManagedPolicyPath is the system-wide policy an administrator installs.
// In test binaries only, TESSERA_MANAGED_POLICY names another file: in
// Tessera itself an environment variable must not be a way around the
// policy the user is not meant to override.
func ManagedPolicyPath() string {
	p := os.Getenv("TESSERA_MANAGED_POLICY")
	if p != "" && testing.Testing() {
		return p
	}
	switch runtime.GOOS {
	case "windows":
		dir := os.Getenv("ProgramData")
		if dir == "" {
			dir = `C:\ProgramData`
		}
		return filepath.Join(dir, "Tessera", "policy.json")
	case "darwin":
		return "/Library/Application Support/Tessera/policy.json"
	}
	return "/etc/tessera/policy.json"
}

// UserPolicyPath is the person's own policy file in their configuration
// directory.
func UserPolicyPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the user policy: %w", err)
	}
	return filepath.Join(dir, "tessera", "policy.json"), nil
}

// LoadPolicies reads the managed policy, the user's policy and extra
// (when not ""), in that order. A missing managed or user file is no
// error; a missing extra file is, and so is any broken file.
func LoadPolicies(extra string) (PolicyInForce, error) {
	var files []PolicyFile
	add := func(path string, managed, optional bool) error {
		p, spots, err := readPolicy(path)
		if optional && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !managed && p.AllowUserProviders != nil {
			return spots.place(path, valueError{msg: "allow_user_" +
				"providers counts only in the managed policy, " +
				ManagedPolicyPath(), path: "allow_user_providers",
				key: true})
		}
		files = append(files, PolicyFile{path, managed, p})
		return nil
	}

	if err := add(ManagedPolicyPath(), true, true); err != nil {
		return PolicyInForce{}, err
	}
	if user, err := UserPolicyPath(); err == nil {
		if err := add(user, false, true); err != nil {
			return PolicyInForce{}, err
		}
	}
	if extra != "" {
		if err := add(extra, false, false); err != nil {
			return PolicyInForce{}, err
		}
	}
	return MergePolicies(files), nil
}

// MergePolicies combines policy files. Providers and denials add up, so
// a managed denial always holds, unless a managed file keeps unmanaged
// files from adding providers; the last unmanaged file that sets a
// strictness chooses it, but never below a managed file's, which is a
// floor (and the strictness when no other file sets one).
func MergePolicies(files []PolicyFile) PolicyInForce {
	in := PolicyInForce{Strictness: DefaultStrictness, Files: files}
	userProviders := true
	for _, f := range files {
		if a := f.Policy.AllowUserProviders; f.Managed && a != nil && !*a {
			userProviders = false
		}
	}

	var chosen Strictness
	for _, f := range files {
		p := f.Policy
		if f.Managed || userProviders {
			in.Providers = append(in.Providers, p.Providers...)
		} else {
			in.IgnoredProviders = append(in.IgnoredProviders,
				p.Providers...)
		}
		in.Deny.Issuers = append(in.Deny.Issuers, p.Deny.Issuers...)
		in.Deny.Domains = append(in.Deny.Domains, p.Deny.Domains...)
		switch {
		case f.Managed:
			in.Managed = true
			in.ManagedStrictness = stricter(in.ManagedStrictness,
				p.Strictness)
		case p.Strictness != "":
			chosen = p.Strictness
		}
	}

	switch {
	case chosen == "" && in.ManagedStrictness != "":
		in.Strictness = in.ManagedStrictness
	case chosen != "":
		in.Strictness = stricter(chosen, in.ManagedStrictness)
	}
	return in
}

// stricter returns the stricter of a and b, where "" sets nothing.
func stricter(a, b Strictness) Strictness {
	if a == "" || b != "" && b.rank() > a.rank() {
		return b
	}
	return a
}
