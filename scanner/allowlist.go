package scanner

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/tessera-auth/tessera/assets"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

//go:generate go run ./internal/genproviders -in ../../shared/data/twofactorauth/entries.json -out ../assets/providers.json
//go:generate go run ./internal/genindex -in ../assets/providers.json -out ../assets/providers.idx

// Provider is one service Tessera knows: its canonical name, the issuer
// strings it puts in enrollment codes (its name always counts as one),
// and its registrable domains.
type Provider struct {
	Name    string   `json:"name"`
	Issuers []string `json:"issuers,omitempty"`
	Domains []string `json:"domains"`

	// TOTP is false for services not known to offer authenticator-app
	// codes; an enrollment code claiming one of them is odd.
	TOTP bool `json:"totp"`

	// TenantLabel is set for providers that put their customer's name
	// in the label, as Microsoft does, so a label naming another known
	// provider is normal there.
	TenantLabel bool `json:"tenant_label,omitempty"`

	// SelfHosted is set for software that organisations run under their
	// own domains (gitlab.example.org), where the brand in a foreign
	// host is no sign of an impostor.
	SelfHosted bool `json:"self_hosted,omitempty"`

	// Curated is set for Tessera's own entries, which take precedence
	// over the directory's; Policy for providers a policy file adds.
	Curated bool `json:"curated,omitempty"`
	Policy  bool `json:"-"`
}

// Domain returns p's first domain, or "" if it has none.
func (p *Provider) Domain() string {
	if len(p.Domains) == 0 {
		return ""
	}
	return p.Domains[0]
}

// Allowlist finds known providers by issuer or domain, and the ones a
// name or host imitates. Its indexes hold positions in providers or
// hits, so that they can be written out and read back (see
// ParseAllowlistIndex) without rebuilding them.
type Allowlist struct {
	license   string // the data's licence and attribution
	labels    int    // the most labels of a domain added with Add
	providers []*Provider
	hits      []hit         // the names behind byLook and near
	byName    index[string] // foldName of names and issuers
	byLoose   index[string] // looseName of the same
	byDomain  index[string] // registrable domain
	brands    index[string] // lookKeys of domain labels (brands)
	byLook    index[string] // lookKeys of names and domain labels (hits)
	near      index[uint64] // one-deletion neighbours of byLook (hits)
}

// minNear is the shortest key that edit-distance matching considers:
// below it, one changed letter turns most words into some brand. From
// minShort letters, swapped neighbours and digits for letters count.
const (
	minNear  = 6
	minShort = 4
)

// minBrand is the shortest brand label looked for inside foreign hosts,
// and minCuratedBrand the shortest for curated and policy providers.
const (
	minBrand        = 5
	minCuratedBrand = 4
)

// ParseAllowlist reads an allowlist in the format of assets.Providers
// and indexes it. Tessera's own list is read from the index generated
// from that file instead (Builtin), which skips this work.
func ParseAllowlist(data []byte) (*Allowlist, error) {
	var doc struct {
		License   string      `json:"license"`
		Providers []*Provider `json:"providers"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading provider allowlist: %v", err)
	}
	// Curated providers go first so that they keep the names they share
	// with directory entries (Google's "google" over Gmail's).
	a := newAllowlist()
	a.license = doc.License
	a.near.m = make(map[uint64]int32, 16*len(doc.Providers))
	a.byLook.m = make(map[string]int32, 2*len(doc.Providers))
	for _, curated := range []bool{true, false} {
		for _, p := range doc.Providers {
			if p.Curated == curated {
				a.Add(p)
			}
		}
	}
	return a, nil
}

var builtin struct {
	once sync.Once
	list *Allowlist
	err  error
}

// Builtin returns the allowlist built into Tessera, read once from
// assets.ProvidersIndex and shared; do not Add to it.
func Builtin() (*Allowlist, error) {
	builtin.once.Do(func() {
		builtin.list, builtin.err = ParseAllowlistIndex(
			assets.ProvidersIndex)
	})
	return builtin.list, builtin.err
}

func newAllowlist() *Allowlist { return &Allowlist{} }

// License returns the licence and attribution of a's data as its file
// gives them, or "" if it gives none. The directory's MIT licence asks
// that the notice travel with the data, so the generated index keeps it.
func (a *Allowlist) License() string { return a.license }

// Providers returns the providers of a, in the order they were added.
func (a *Allowlist) Providers() []*Provider { return a.providers }

// Add indexes p. An earlier provider keeps a name or domain that a later
// one shares.
func (a *Allowlist) Add(p *Provider) {
	n := int32(len(a.providers))
	a.providers = append(a.providers, p)
	for _, name := range append([]string{p.Name}, p.Issuers...) {
		a.byName.put(foldName(name), n)
		a.byLoose.put(looseName(name), n)
		a.addLook(name, p)
	}
	for _, d := range p.Domains {
		d = strings.ToLower(d)
		a.byDomain.put(d, n)
		a.labels = max(a.labels, strings.Count(d, ".")+1)
		if r, err := registrableDomain(d); err == nil && r != d {
			continue // a host of its own (aws.amazon.com): no brand
		}
		label := domainLabel(d)
		a.addLook(label, p)
		if a.brand(p, label) {
			a.brands.put(lookKey(label), n)
		}
	}
}

// brand reports whether label, one of p's domain labels, is distinctive
// enough that finding it inside a foreign host means imitation. Curated
// brands may be short ("okta"); directory ones need minBrand letters.
func (a *Allowlist) brand(p *Provider, label string) bool {
	if genericLabel[label] || !p.TOTP && !p.Curated && !p.Policy {
		return false
	}
	if p.Curated || p.Policy {
		return len(label) >= minCuratedBrand
	}
	return len(label) >= minBrand
}

// hit is a provider found through one of its names, kept so that a
// message can say which of its names was imitated.
type hit struct {
	p    *Provider
	name string // as the provider writes it
	key  string // the lookKeys key it was indexed under
}

func (a *Allowlist) addLook(name string, p *Provider) {
	keys := lookKeys(name)
	for i, k := range keys {
		if k == "" || i > 0 && k == keys[0] {
			continue
		}
		if _, ok := a.byLook.get(k); ok {
			continue
		}
		n := int32(len(a.hits))
		a.hits = append(a.hits, hit{p, name, k})
		a.byLook.put(k, n)
		if len(k) < minNear {
			continue
		}
		for _, d := range deletionHashes(k) {
			a.near.put(d, n)
		}
	}
}

// provider returns the provider that index x holds under k, or nil.
func (a *Allowlist) provider(x *index[string], k string) *Provider {
	if n, ok := x.get(k); ok {
		return a.providers[n]
	}
	return nil
}

// lookHit returns the name indexed under key k.
func (a *Allowlist) lookHit(k string) (hit, bool) {
	n, ok := a.byLook.get(k)
	if !ok {
		return hit{}, false
	}
	return a.hits[n], true
}

// nearHit returns the name one of whose deletions hashes to d.
func (a *Allowlist) nearHit(d uint64) (hit, bool) {
	n, ok := a.near.get(d)
	if !ok {
		return hit{}, false
	}
	return a.hits[n], true
}

// Issuer returns the provider whose issuer string s is. A match ignores
// case and folds white space; it does not forgive lookalike characters.
//
// An issuer written as a host name is matched by its domain alone:
// loosened to its letters, "coinba.se" would read as Coinbase, whose
// domain it is not.
func (a *Allowlist) Issuer(s string) *Provider {
	if p := a.provider(&a.byName, foldName(s)); p != nil {
		return p
	}
	if host, ok := asHost(s); ok {
		return a.Domain(host)
	}
	if p := a.provider(&a.byLoose, looseName(s)); p != nil {
		return p
	}
	return a.ownLabel(s)
}

// ownLabel returns the provider whose domain's label s is, written in
// ASCII ("Fidelity" for Fidelity Investments, fidelity.com): services
// often go by their domain's name. A directory entry's other domains
// are no such claim (falcon.io is Brandwatch's, yet an honest "Falcon"
// is someone else), while every domain of a curated brand is the
// brand's ("Outlook" is Microsoft's); see labelOwner.
func (a *Allowlist) ownLabel(s string) *Provider {
	p, d := a.labelOwner(s)
	if p == nil || !p.Curated && !p.Policy &&
		!strings.EqualFold(p.Domain(), d) {
		return nil
	}
	return p
}

// labelOwner returns the provider one of whose domains has s for its
// label, written in ASCII, and that domain. Ordinary words ("Login")
// and names under minShort letters name no one in particular.
func (a *Allowlist) labelOwner(s string) (*Provider, string) {
	l := looseName(s)
	if len(l) < minShort || genericLabel[l] {
		return nil, ""
	}
	if h, ok := a.lookHit(lookKey(l)); ok {
		if d := labelDomain(h.p, l); d != "" {
			return h.p, d
		}
	}
	return nil, ""
}

// labelDomain returns the domain of p whose label, its letters and
// digits alone, is l, or "".
func labelDomain(p *Provider, l string) string {
	if l == "" {
		return ""
	}
	for _, d := range p.Domains {
		if looseName(domainLabel(strings.ToLower(d))) == l {
			return d
		}
	}
	return ""
}

// Domain returns the provider that owns host's registrable domain, so
// that acme.okta.com is Okta's and okta.com.evil.io is not.
//
// A provider may also own a public suffix (awsapps.com, withgoogle.com):
// every host under it is one of its customers' or sites, run by the
// provider, so the suffix is listed in its domains as it is.
//
// A provider may own a host below a domain that another owns
// (aws.amazon.com, Amazon Web Services', under Amazon's amazon.com):
// the most specific listed host answers.
func (a *Allowlist) Domain(host string) *Provider {
	if d, err := registrableDomain(host); err == nil {
		h := normHost(host)
		for h != d && strings.HasSuffix(h, "."+d) {
			if p := a.provider(&a.byDomain, h); p != nil {
				return p
			}
			h = h[strings.IndexByte(h, '.')+1:]
		}
		if p := a.provider(&a.byDomain, d); p != nil {
			return p
		}
	}
	if s := ownedSuffix(host); s != "" {
		return a.provider(&a.byDomain, s)
	}
	return nil
}

// ownedSuffix returns the public suffix of host when it is one a
// company registers for its customers (a private suffix of two labels
// or more, such as awsapps.com), or "".
func ownedSuffix(host string) string {
	host = normHost(host)
	s, icann := publicsuffix.PublicSuffix(host)
	if icann || !strings.Contains(s, ".") {
		return ""
	}
	return s
}

// registrableDomain returns host's eTLD+1 by the public suffix list,
// after turning punycode into the characters it stands for.
func registrableDomain(host string) (string, error) {
	return publicsuffix.EffectiveTLDPlusOne(normHost(host))
}

// normHost lower-cases host, drops a final dot and writes punycode
// labels in the characters they stand for.
func normHost(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if u, err := asUnicode(host); err == nil {
		host = u
	}
	return host
}

// asUnicode turns the punycode labels of host (xn--) into the
// characters they stand for, so that lookalike checks see them.
func asUnicode(host string) (string, error) {
	if !strings.Contains(host, "xn--") {
		return host, nil
	}
	return idna.ToUnicode(host)
}

// domainLabel is the part of a registrable domain before its public
// suffix: "dropbox" for dropbox.com, "bbc" for bbc.co.uk.
func domainLabel(d string) string {
	suffix, _ := publicsuffix.PublicSuffix(d)
	return strings.TrimSuffix(strings.TrimSuffix(d, suffix), ".")
}

// fullStops writes the full stops that address bars read as dots
// (UTS #46 maps them so) as dots.
var fullStops = strings.NewReplacer("。", ".", "．", ".", "｡", ".")

// maxHost is the longest host name DNS allows (RFC 1035 section 2.3.4).
const maxHost = 253

// asHost reports whether s reads as a host name ("acme.okta.com",
// "Binance.com") and returns it lower-cased.
func asHost(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if !isASCII(s) {
		s = fullStops.Replace(s)
	}
	if !strings.Contains(s, ".") || strings.ContainsAny(s, " /:@") ||
		len(s) > maxHost {
		return "", false
	}
	if u, err := asUnicode(s); err == nil {
		s = u
	}
	labels := strings.Split(s, ".")
	for _, l := range labels {
		if l == "" || strings.ContainsFunc(l, notHostRune) {
			return "", false
		}
	}
	if strings.ContainsFunc(labels[len(labels)-1], isDigit) {
		return "", false
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(s); err != nil {
		return "", false
	}
	return s, true
}

func notHostRune(r rune) bool {
	return !(r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
		r >= 0x80)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// genericLabel holds directory domain labels that are ordinary words:
// finding one inside a host says nothing about who the host imitates.
var genericLabel = map[string]bool{
	"login": true, "secure": true, "account": true, "accounts": true,
	"cloud": true, "email": true, "online": true, "mail": true,
	"portal": true, "signin": true, "verify": true, "support": true,
	"admin": true, "wallet": true, "money": true, "trade": true,
	"games": true, "store": true, "shop": true,
	"server": true, "hosting": true, "domain": true, "domains": true,
	"crypto": true, "exchange": true, "market": true, "health": true,
	"digital": true, "global": true, "group": true, "point": true,
	"office": true, "video": true, "stream": true, "social": true,
	"security": true, "identity": true, "connect": true, "direct": true,
	"finance": true, "capital": true, "credit": true, "school": true,
}
