package scanner

import (
	"strings"

	"github.com/tessera-auth/tessera/vault"
)

// Severity grades a finding.
type Severity string

// Finding severities, mildest first.
const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Danger  Severity = "danger"
)

// Verdict is Tessera's judgement of a code or a picture.
type Verdict string

// Verdicts, best first; a picture's verdict is the worst of its codes'.
const (
	Trusted    Verdict = "trusted"
	Unverified Verdict = "unverified"
	Suspicious Verdict = "suspicious"
	Blocked    Verdict = "blocked"
)

func (v Verdict) rank() int {
	switch v {
	case Trusted:
		return 0
	case Unverified:
		return 1
	case Suspicious:
		return 2
	case Blocked:
		return 3
	}
	return 1
}

// Worse reports whether v is a worse verdict than w.
func (v Verdict) Worse(w Verdict) bool { return v.rank() > w.rank() }

// Finding is one thing a check saw. ID is stable across releases so that
// scripts and policies can refer to it; Message is a sentence for people.
type Finding struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// EnrollmentInfo describes one account of a code without its secret.
type EnrollmentInfo struct {
	Type              vault.Type      `json:"type"`
	Issuer            string          `json:"issuer"`
	Account           string          `json:"account"`
	Algorithm         vault.Algorithm `json:"algorithm"`
	Digits            int             `json:"digits"`
	Period            int             `json:"period"`
	Counter           uint64          `json:"counter"`
	SecretBits        int             `json:"secret_bits"`
	SecretFingerprint string          `json:"secret_fingerprint"`
}

// CodeReport is the verdict on one code. Text is left empty for kinds
// that carry a secret unless the caller asked to reveal it.
type CodeReport struct {
	Kind        Kind             `json:"kind"`
	Verdict     Verdict          `json:"verdict"`
	Findings    []Finding        `json:"findings"`
	Enrollments []EnrollmentInfo `json:"enrollments"`
	URL         string           `json:"url,omitempty"`
	Text        string           `json:"text,omitempty"`
	Position    [4]int           `json:"position"`
	QR          *QRInfo          `json:"qr,omitempty"`
	Batch       *Batch           `json:"batch,omitempty"`
}

// Report is the verdict on one picture (or one pasted text).
type Report struct {
	File     string       `json:"file"`
	Verdict  Verdict      `json:"verdict"`
	Findings []Finding    `json:"findings"`
	Codes    []CodeReport `json:"codes"`
	Error    string       `json:"error,omitempty"`
}

// Info returns the secret-free description of e.
func (e Enrollment) Info() EnrollmentInfo {
	return EnrollmentInfo{
		Type:              e.OTP.Type,
		Issuer:            e.Issuer,
		Account:           e.Account,
		Algorithm:         e.OTP.Algorithm,
		Digits:            e.OTP.Digits,
		Period:            e.OTP.Period,
		Counter:           e.OTP.Counter,
		SecretBits:        8 * len(e.OTP.Secret),
		SecretFingerprint: vault.Fingerprint(e.OTP.Secret),
	}
}

// Checker judges codes against the provider allowlist and the policy
// in force. The zero Checker knows no providers and has no policy: valid
// codes are unverified and malformed ones blocked.
type Checker struct {
	builtin *Allowlist // the allowlist shipped with Tessera
	local   *Allowlist // providers the policy adds; consulted first
	policy  PolicyInForce
	deny    map[string]bool // denied issuers, folded
	denyKey map[string]bool // their lookKeys, of minShort letters or more
	denyDom []string        // denied domains, as normHost writes them
}

// Options tune a report.
type Options struct {
	Reveal bool // include payload text even where it carries a secret
}

// NewChecker returns a Checker for list (nil for none) under policy.
func NewChecker(list *Allowlist, policy PolicyInForce) *Checker {
	c := &Checker{builtin: list, policy: policy, local: newAllowlist(),
		deny: map[string]bool{}, denyKey: map[string]bool{}}
	for _, pp := range policy.Providers {
		c.local.Add(&Provider{Name: pp.Name, Issuers: pp.Issuers,
			Domains: lowerAll(pp.Domains), TOTP: true, Policy: true})
	}
	for _, is := range policy.Deny.Issuers {
		c.deny[foldName(is)] = true
		for _, k := range lookKeys(is) {
			if len(k) >= minShort {
				c.denyKey[k] = true
			}
		}
	}
	for _, d := range policy.Deny.Domains {
		c.denyDom = append(c.denyDom, normHost(strings.TrimSpace(d)))
	}
	return c
}

// LoadChecker returns a Checker with the built-in provider allowlist and
// the policies in force: the system-wide managed policy, the user's own,
// and policyFile when it is not "".
func LoadChecker(policyFile string) (*Checker, error) {
	list, err := Builtin()
	if err != nil {
		return nil, err
	}
	policy, err := LoadPolicies(policyFile)
	if err != nil {
		return nil, err
	}
	return NewChecker(list, policy), nil
}

// Policy returns the policy c applies.
func (c *Checker) Policy() PolicyInForce { return c.policy }

// Check judges every code found in one picture, and the codes together.
func (c *Checker) Check(file string, codes []Code, opt Options) Report {
	r := Report{File: file, Verdict: Unverified, Findings: []Finding{},
		Codes: []CodeReport{}}
	for _, code := range codes {
		cr := c.CheckPayload(Parse(code.Text), opt)
		b := code.Position
		cr.Position = [4]int{b.Min.X, b.Min.Y, b.Max.X, b.Max.Y}
		qr := code.QR
		cr.QR = &qr
		r.Codes = append(r.Codes, cr)
	}
	r.Findings = append(r.Findings, c.several(r.Codes)...)
	r.Verdict = worst(r)
	return r
}

// CheckPayload judges one payload on its own.
func (c *Checker) CheckPayload(p Payload, opt Options) CodeReport {
	cr := CodeReport{Kind: p.Kind, Verdict: Unverified,
		Findings: []Finding{}, Enrollments: []EnrollmentInfo{}, Batch: p.Batch}
	for _, e := range p.Enrollments {
		cr.Enrollments = append(cr.Enrollments, e.Info())
	}
	hide := !opt.Reveal && carriesSecret(p)
	if p.URL != nil {
		cr.URL = p.URL.String()
		if hide {
			// Where the link leads is what the person must see.
			cr.URL = p.URL.Scheme + "://" + p.URL.Host + "/..."
		}
	}
	if !hide {
		cr.Text = p.Text
	}

	var j judgement
	c.judge(&j, p)
	cr.Findings = append(cr.Findings, j.findings...)
	cr.Verdict = j.verdict(c.policy.Strictness)
	return cr
}

// carriesSecret reports whether p's text may hold a secret: the otpauth
// kinds, and text or links that mention them. A URI behind a byte-order
// mark or a sentence is text to Parse, and one inside a link's query
// (an app's "add account" link) is a URL, yet an app that searches for
// the URI would find its secret.
func carriesSecret(p Payload) bool {
	return p.Kind == KindOTPAuth || p.Kind == KindMigration ||
		strings.Contains(strings.ToLower(p.Text), "otpauth")
}

// judge runs the checks that fit p's kind.
func (c *Checker) judge(j *judgement, p Payload) {
	switch {
	case p.Err != nil:
		j.blocked = true
		j.add(FindMalformed, Danger, "this code cannot be read as an "+
			"enrollment code (%v), so no account can be added from it",
			p.Err)
	case p.Kind == KindURL && p.URL != nil:
		c.checkURL(j, p.URL)
	case p.Kind == KindOTPAuth || p.Kind == KindMigration:
		for _, e := range p.Enrollments {
			c.checkEnrollment(j, e)
		}
		if len(p.Enrollments) == 0 {
			j.unknown = true
		}
	default:
		j.unknown = true
		j.add(FindText, Info, "this code holds plain text, not an "+
			"enrollment code, so there is no account to add from it")
	}
}

// issuer finds the provider whose issuer string s is.
func (c *Checker) issuer(s string) *Provider {
	for _, a := range c.lists() {
		if p := a.Issuer(s); p != nil {
			return p
		}
	}
	return nil
}

// domain finds the provider that owns host.
func (c *Checker) domain(host string) *Provider {
	for _, a := range c.lists() {
		if p := a.Domain(host); p != nil {
			return p
		}
	}
	return nil
}

func (c *Checker) imitates(s string) *imitation {
	for _, a := range c.lists() {
		if m := a.imitates(s); m != nil {
			return m
		}
	}
	return nil
}

// hostImitates finds whom host imitates; a host that some list knows
// imitates nobody.
func (c *Checker) hostImitates(host string) *imitation {
	if c.domain(host) != nil {
		return nil
	}
	return c.hostImitatesAny(host)
}

func (c *Checker) hostImitatesAny(host string) *imitation {
	for _, a := range c.lists() {
		if m := a.hostImitates(host); m != nil {
			return m
		}
	}
	return nil
}

func (c *Checker) lists() []*Allowlist {
	var out []*Allowlist
	for _, a := range []*Allowlist{c.local, c.builtin} {
		if a != nil {
			out = append(out, a)
		}
	}
	return out
}

// deniedIssuer reports whether the policy denies issuer s, or s is a
// host under a denied domain. A denial holds against the issuer's
// lookalikes too ("EvilCorp", "Evіl Corp" with a Cyrillic "і"): a
// denied sender would otherwise dodge it by a letter. Names of under
// minShort letters are denied as written only: as keys, "1" would deny
// "I" and "l" too.
func (c *Checker) deniedIssuer(s string) bool {
	if c.deny[foldName(s)] {
		return true
	}
	if len(c.denyKey) > 0 {
		for _, k := range lookKeys(s) {
			if c.denyKey[k] {
				return true
			}
		}
	}
	host, ok := asHost(s)
	return ok && c.deniedDomain(host)
}

// deniedDomain reports whether host is a denied domain or under one,
// with both written alike (lower case, no final dot, punycode as the
// characters it stands for).
func (c *Checker) deniedDomain(host string) bool {
	host = normHost(host)
	for _, d := range c.denyDom {
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

// FindingIDs returns the ids of r's findings, for the audit log.
func (r CodeReport) FindingIDs() []string {
	ids := make([]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// worst is the picture's verdict: the worst of its codes', and at least
// suspicious when the codes together look like a sticker attack.
func worst(r Report) Verdict {
	v := Trusted
	if len(r.Codes) == 0 {
		v = Unverified
	}
	for _, c := range r.Codes {
		if c.Verdict.Worse(v) {
			v = c.Verdict
		}
	}
	for _, f := range r.Findings {
		if f.Severity == Danger && Suspicious.Worse(v) {
			v = Suspicious
		}
	}
	return v
}
