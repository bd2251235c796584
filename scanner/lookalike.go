package scanner

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// imitation is a known provider that a name or host is made to look
// like, and how.
type imitation struct {
	p   *Provider
	how string // a verb phrase: `uses a Greek "ο" (U+03BF)`
}

// message writes the finding for an imitation: what the thing is, what
// it does, whom it imitates, and what that means for the person.
func (m *imitation) message(what, s string) string {
	why := "the code likely does not come from " + m.p.Name
	if what == "link host" {
		why = "the link likely does not lead to " + m.p.Name
	}
	return fmt.Sprintf("%s %q %s and imitates %s; %s", what, s, m.how,
		providerRef(m.p), why)
}

func providerRef(p *Provider) string {
	if d := p.Domain(); d != "" {
		return fmt.Sprintf("%s (%s)", p.Name, d)
	}
	return p.Name
}

// Imitates reports which known provider the name s (an issuer, or the
// issuer prefix of a label) imitates without being it, or nil. Callers
// check first that s is no provider's issuer.
func (a *Allowlist) imitates(s string) *imitation {
	if names, _ := hidden(s); len(names) > 0 {
		if p := a.Issuer(stripInvisible(s)); p != nil {
			return &imitation{p, "hides invisible characters (" +
				strings.Join(names, ", ") + ")"}
		}
	}
	if k := norm.NFKC.String(s); k != s {
		if p := a.Issuer(k); p != nil {
			return &imitation{p, "is written in compatibility forms (" +
				strings.Join(oddChars(s), ", ") + ")"}
		}
	}
	// A name that is a provider's word as written ("Login", the label
	// of login.gov; "Aeza" for Aéza's aeza.net) imitates no one; Issuer
	// decides whether it is theirs.
	if h, ok := a.look(s); ok && !sameWord(s, h.name) &&
		labelDomain(h.p, looseName(s)) == "" {
		return &imitation{h.p, lookHow(s, h.name)}
	}
	if m := a.typo(s); m != nil {
		return m
	}
	if p := a.embeddedName(s); p != nil {
		return &imitation{p, fmt.Sprintf(
			"names %s but is not an issuer %s uses", p.Name, p.Name)}
	}
	return nil
}

// look finds a provider name with the same skeleton as s.
func (a *Allowlist) look(s string) (hit, bool) {
	for _, k := range lookKeys(s) {
		if h, ok := a.lookHit(k); ok {
			return h, true
		}
	}
	return hit{}, false
}

// sameWord reports whether ASCII names s and name have the same letters
// and digits.
func sameWord(s, name string) bool {
	l := looseName(s)
	return l != "" && l == looseName(name)
}

// lookHow says how s, whose skeleton matches name, differs from it.
func lookHow(s, name string) string {
	if odd := oddChars(s); len(odd) > 0 {
		return "uses " + strings.Join(odd, " and ")
	}
	if sw := asciiSwap(s, name); sw != "" {
		return "writes " + sw
	}
	return fmt.Sprintf("looks like %q", name)
}

// typo finds the provider name s misspells: one edit away for names of
// minNear letters or more; for shorter ones, only the slips that keep
// every letter (two neighbours swapped, "Slakc") or write a letter as
// the digit it resembles ("Sl4ck"). A free letter change in a short
// name turns too many honest names into some brand.
//
// Every way is a near miss of a whole name, so a key far longer than
// any provider's is none; skipping it keeps the work, which grows with
// the square of the length, bounded whatever a code holds.
func (a *Allowlist) typo(s string) *imitation {
	if len(lookKey(s)) > maxKey+1 {
		return nil
	}
	if h, ok := a.nearest(s); ok {
		return &imitation{h.p, fmt.Sprintf("is one letter away from %q",
			h.name)}
	}
	if h, ok := a.leet(s); ok {
		return &imitation{h.p, "writes " + asciiSwap(s, h.name)}
	}
	if h, ok := a.swapped(s); ok {
		return &imitation{h.p, fmt.Sprintf("swaps two letters of %q",
			h.name)}
	}
	if h, ok := a.nearMixed(s); ok {
		return &imitation{h.p, fmt.Sprintf("mixes scripts (%s) and is "+
			"one letter away from %q", strings.Join(oddChars(s), ", "),
			h.name)}
	}
	return nil
}

// maxKey bounds the lookKey of every name the allowlist holds;
// TestMaxKey holds the built-in list to it.
const maxKey = 96

// leetDigits are the digits written for the letters they resemble,
// beyond the 0 and 1 that skeletons already read as o and l.
var leetDigits = strings.NewReplacer("2", "z", "3", "e", "4", "a",
	"5", "s", "6", "g", "7", "t", "8", "b", "9", "g")

// leet finds a provider name that s writes with digits for letters.
func (a *Allowlist) leet(s string) (hit, bool) {
	for _, q := range lookKeys(s) {
		l := leetDigits.Replace(q)
		if l == q || len(l) < minShort {
			continue
		}
		if h, ok := a.lookHit(l); ok {
			return h, true
		}
	}
	return hit{}, false
}

// swapped finds a provider name of minShort letters or more that the
// ASCII name s writes with two neighbouring letters swapped, the first
// letter kept ("Slakc", "Appel"). Swaps are tried on the letters as
// written, since a skeleton turns "m" into "rn"; keeping the first
// letter spares honest pairs such as CIBC and ICBC.
func (a *Allowlist) swapped(s string) (hit, bool) {
	b := []byte(looseName(s))
	if len(b) < minShort {
		return hit{}, false
	}
	own := lookKey(string(b))
	for i := 1; i+1 < len(b); i++ {
		b[i], b[i+1] = b[i+1], b[i]
		k := lookKey(string(b))
		b[i], b[i+1] = b[i+1], b[i]
		if k == own {
			continue // "il" and "li" look the same
		}
		if h, ok := a.lookHit(k); ok {
			return h, true
		}
	}
	return hit{}, false
}

// nearest finds a provider name one edit (an insertion, deletion,
// substitution or swap of neighbours) away from s, for names of at
// least minNear letters. Names meet through their one-deletion
// neighbours, which the allowlist keeps as hashes so that building the
// index stays cheap; oneEdit confirms every candidate. A letter the
// skeleton cannot place ("ɣ") counts as one edit, however many bytes
// it takes.
func (a *Allowlist) nearest(s string) (hit, bool) {
	for _, q := range lookKeys(s) {
		q = placeholders(q)
		if len(q) < minNear-1 {
			continue
		}
		if h, ok := a.nearHit(hashOf(q)); ok && oneEdit(q, h.key) {
			return h, true
		}
		for _, d := range deletionHashes(q) {
			if h, ok := a.nearHit(d); ok && oneEdit(q, h.key) {
				return h, true
			}
		}
		for i := range len(q) {
			d := q[:i] + q[i+1:]
			if h, ok := a.lookHit(d); ok && len(d) >= minNear &&
				oneEdit(q, h.key) {
				return h, true
			}
		}
	}
	return hit{}, false
}

// unplaced stands for a letter that is no ASCII letter or digit in a
// key; no key holds it, so it differs from every letter it faces.
const unplaced = '?'

// placeholders writes every non-ASCII character of key k as unplaced,
// so that edits count characters, not bytes.
func placeholders(k string) string {
	if isASCII(k) {
		return k
	}
	b := make([]byte, 0, len(k))
	for _, r := range k {
		if r >= 0x80 {
			r = unplaced
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// nearMixed finds a provider name of minShort letters or more one edit
// from s, for names that mix Latin letters with another script within
// a word. Honest names do not do that, so a short brand one edit away
// ("Ама3оn" beside Amazon, "Ubеrr" beside Uber) is no coincidence.
// Edits are tried one by one: the near index holds only long names.
func (a *Allowlist) nearMixed(s string) (hit, bool) {
	if !mixedScript(s) {
		return hit{}, false
	}
	for _, q := range lookKeys(s) {
		q = placeholders(q)
		if len(q) < minShort-1 || len(q) > minNear+1 {
			continue
		}
		for _, k := range oneEdits(q) {
			h, ok := a.lookHit(k)
			if ok && len(k) >= minShort {
				return h, true
			}
		}
	}
	return hit{}, false
}

// keyAlphabet is what keys are written in: lookKey folds i into l.
const keyAlphabet = "abcdefghjklmnopqrstuvwxyz0123456789"

// oneEdits lists the keys one edit away from q, unplaced characters
// replaced or dropped first.
func oneEdits(q string) []string {
	var out []string
	for i := range len(q) {
		out = append(out, q[:i]+q[i+1:])
		for _, c := range []byte(keyAlphabet) {
			if c != q[i] {
				out = append(out, q[:i]+string(c)+q[i+1:])
			}
		}
		if i+1 < len(q) && q[i] != q[i+1] {
			out = append(out, q[:i]+q[i+1:i+2]+q[i:i+1]+q[i+2:])
		}
	}
	for i := range len(q) + 1 {
		for _, c := range []byte(keyAlphabet) {
			out = append(out, q[:i]+string(c)+q[i:])
		}
	}
	return out
}

// hashBase is the multiplier of the polynomial hash below (FNV's prime).
const hashBase = 1099511628211

func hashOf(s string) uint64 {
	var h uint64
	for i := 0; i < len(s); i++ {
		h = h*hashBase + uint64(s[i]) + 1
	}
	return h
}

// deletionHashes returns hashOf(k with byte i deleted) for every i,
// from prefix and suffix hashes, without building the strings.
func deletionHashes(k string) []uint64 {
	n := len(k)
	suffix := make([]uint64, n+1) // hash of k[i:]
	pow := make([]uint64, n+1)    // hashBase^(n-i)
	pow[n] = 1
	for i := n - 1; i >= 0; i-- {
		pow[i] = pow[i+1] * hashBase
		suffix[i] = (uint64(k[i])+1)*pow[i+1] + suffix[i+1]
	}
	out := make([]uint64, n)
	var prefix uint64 // hash of k[:i]
	for i := range n {
		out[i] = prefix*pow[i+1] + suffix[i+1]
		prefix = prefix*hashBase + uint64(k[i]) + 1
	}
	return out
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or transposition of neighbours.
func oneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if len(x) < len(y) {
		return string(x[i:]) == string(y[i+1:])
	}
	if string(x[i+1:]) == string(y[i+1:]) {
		return true
	}
	return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] &&
		string(x[i+2:]) == string(y[i+2:])
}

// embeddedName finds a brand written as a word of s ("PayPal
// Support"). Only distinctive brands count there: those of curated and
// policy providers, and a directory provider's when the word is its
// whole name and every other word of s is one a service puts beside
// its name ("Support", "Login"). Ordinary words are the domain labels
// of some directory entry ("eagle", "access", "cobalt"), so "Eagle
// Credit Union" or "Cobalt Labs" merely shares a word with a brand,
// while "PayPal Support" claims to be PayPal.
func (a *Allowlist) embeddedName(s string) *Provider {
	words := strings.FieldsFunc(strings.ToLower(s), notAlnum)
	for i, w := range words {
		k := lookKey(w)
		p := a.provider(&a.brands, k)
		switch {
		case p == nil || p.SelfHosted:
		case p.Curated || p.Policy:
			return p
		case nameKey(p) == k && onlyServiceWords(words, i):
			return p
		}
	}
	return nil
}

// nameKey is the lookKey of p's name, or of its domain label when the
// name is a host ("Booking.com").
func nameKey(p *Provider) string {
	if host, ok := asHost(p.Name); ok {
		if d, err := registrableDomain(host); err == nil {
			return lookKey(domainLabel(d))
		}
	}
	return lookKey(p.Name)
}

// onlyServiceWords reports whether every word but words[skip] is a
// word services put beside their names.
func onlyServiceWords(words []string, skip int) bool {
	for i, w := range words {
		if i != skip && !genericLabel[w] && !serviceWord[w] {
			return false
		}
	}
	return true
}

// serviceWord holds the words, beyond genericLabel, that an issuer
// puts beside a service's name without naming anyone else.
var serviceWord = map[string]bool{
	"team": true, "help": true, "helpdesk": true, "service": true,
	"services": true, "center": true, "centre": true, "desk": true,
	"official": true, "auth": true, "authenticator": true, "2fa": true,
	"mfa": true, "otp": true, "id": true, "inc": true, "com": true,
	"net": true, "org": true, "app": true, "web": true, "alert": true,
	"alerts": true, "billing": true, "recovery": true, "protection": true,
	"safety": true, "confirm": true, "customer": true, "care": true,
	"verification": true, "update": true, "notice": true,
}

func notAlnum(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
}

// hostImitates reports which provider host imitates: a lookalike of its
// domain label (dr0pbox.com, раураl.com), a known label under a suffix
// the provider does not use (paypal.co), a label one letter off, or a
// brand put into a foreign host (salesforce-signin.net,
// salesforce.com.auth-check.co). It returns nil for the provider's own
// hosts.
func (a *Allowlist) hostImitates(host string) *imitation {
	d, err := registrableDomain(host)
	if err != nil || a.Domain(host) != nil {
		return nil
	}
	label := domainLabel(d)
	if genericLabel[label] {
		return a.embeddedHostImitation(host, d)
	}
	if h, ok := a.look(label); ok {
		if looseName(label) == looseName(h.name) {
			return &imitation{h.p, fmt.Sprintf(
				"uses the name %s under a domain it does not own",
				h.p.Name)}
		}
		return &imitation{h.p, lookHow(label, h.name)}
	}
	if m := a.typo(label); m != nil {
		return m
	}
	if p := a.domainHack(d); p != nil {
		return &imitation{p, fmt.Sprintf("spells the name %s across "+
			"the dot of a domain it does not own", p.Name)}
	}
	return a.embeddedHostImitation(host, d)
}

// domainHack finds a brand spelt by a registrable domain's letters with
// its suffix (coinba.se, payp.al): read as a word, the dot vanishes.
func (a *Allowlist) domainHack(d string) *Provider {
	k := lookKey(looseName(d))
	if len(k) < minShort {
		return nil
	}
	return a.provider(&a.brands, k)
}

func (a *Allowlist) embeddedHostImitation(host, d string) *imitation {
	if p := a.embeddedHost(host, d); p != nil {
		return &imitation{p, fmt.Sprintf(
			"puts the name %s into a domain it does not own", p.Name)}
	}
	return nil
}

// embeddedHost finds a brand put into host: a provider's own domain
// among its labels (okta.com.evil.io), a brand among the words of its
// labels (salesforce-signin.net), or at the start or end of its
// registrable label (amazonsecure.com). Self-hosted software
// (gitlab.example.org) runs under its owners' domains, so its brand
// counts only where a host's owner chose it: its own domain inside the
// host (gitlab.com.evil.io), or a word of the registrable label
// (gitlab-signin.net).
func (a *Allowlist) embeddedHost(host, d string) *Provider {
	host = strings.ToLower(host)
	if u, err := asUnicode(host); err == nil {
		host = u
	}
	sub := strings.TrimSuffix(strings.TrimSuffix(host, d), ".")
	if p := a.domainInside(sub); p != nil {
		return p
	}
	label := domainLabel(d)
	for _, w := range strings.FieldsFunc(host, notAlnum) {
		p := a.provider(&a.brands, lookKey(w))
		if p == nil {
			continue
		}
		if !p.SelfHosted || w != label && hasWord(label, w) {
			return p
		}
	}
	return a.affixBrand(lookKey(label))
}

// maxDomainLabels is the most labels a built-in provider's domain has
// (acme.my.salesforce.com has four with its tenant); a policy's longer
// domains raise it for their list.
const maxDomainLabels = 4

// domainInside finds a provider's domain written as labels of sub, the
// part of a host above its registrable domain.
func (a *Allowlist) domainInside(sub string) *Provider {
	if sub == "" {
		return nil
	}
	labels := strings.Split(sub, ".")
	for i := range labels {
		span := max(maxDomainLabels, a.labels)
		for j := i + 2; j <= min(len(labels), i+span); j++ {
			d := strings.Join(labels[i:j], ".")
			if p := a.provider(&a.byDomain, d); p != nil {
				return p
			}
		}
	}
	return nil
}

// hasWord reports whether w is one of the words of label.
func hasWord(label, w string) bool {
	for _, x := range strings.FieldsFunc(label, notAlnum) {
		if x == w {
			return true
		}
	}
	return false
}

// affixBrand finds a brand of minNear letters or more at the start or
// end of the key of a registrable label. The longest brand wins, so
// that the answer does not depend on the order maps are walked in.
func (a *Allowlist) affixBrand(key string) *Provider {
	var best string
	for b, n := range a.brands.all() {
		if len(key) <= len(b) || len(b) < len(best) ||
			len(b) == len(best) && b > best {
			continue
		}
		if !strings.HasPrefix(key, b) && !strings.HasSuffix(key, b) {
			continue
		}
		if p := a.providers[n]; !p.SelfHosted &&
			len(brandLabel(p, b)) >= minNear {
			best = b
		}
	}
	return a.provider(&a.brands, best)
}

// brandLabel returns the domain label of p that brand key k stands
// for, as written: keys write "m" as "rn", so their length is not the
// label's.
func brandLabel(p *Provider, k string) string {
	for _, d := range p.Domains {
		if l := domainLabel(strings.ToLower(d)); lookKey(l) == k {
			return l
		}
	}
	return ""
}
