package scanner

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/tessera-auth/tessera/vault"
)

// The finding ids. They are stable: scripts, policies and the audit log
// refer to them.
const (
	FindLookalike     = "lookalike"
	FindHidden        = "hidden-characters"
	FindLabelMismatch = "label-mismatch"
	FindLink          = "link-not-enrollment"
	FindText          = "not-enrollment"
	FindSeveralCodes  = "several-codes"
	FindWeakSecret    = "weak-secret"
	FindAlgorithm     = "unusual-algorithm"
	FindDigits        = "unusual-digits"
	FindPeriod        = "unusual-period"
	FindForeignImage  = "foreign-image"
	FindUnknownParam  = "unknown-parameter"
	FindPolicyDenied  = "policy-denied"
	FindUnverified    = "unverified-provider"
	FindKnown         = "known-provider"
	FindNoTOTP        = "provider-without-totp"
	FindNoIssuer      = "no-issuer"
	FindMalformed     = "malformed"
	FindMixedScript   = "mixed-script"
)

// What the Key URI format and RFC 4226 section 4 (requirement R6) lead
// authenticator apps to expect.
const (
	minSecretBits    = 128
	defaultDigits    = 6
	defaultPeriod    = 30
	steamDigits      = 5
	defaultAlgorithm = vault.SHA1
)

// judgement collects what the checks of one code found.
type judgement struct {
	findings  []Finding
	blocked   bool // the policy forbids it, or it is malformed
	unknown   bool // some account's issuer is no known provider
	elsewhere bool // something points away from the provider
}

func (j *judgement) add(id string, sev Severity, format string,
	args ...any) {
	j.findings = append(j.findings, Finding{ID: id, Severity: sev,
		Message: fmt.Sprintf(format, args...)})
}

func (j *judgement) danger() bool {
	for _, f := range j.findings {
		if f.Severity == Danger {
			return true
		}
	}
	return false
}

// verdict turns the findings into a verdict under strictness s.
func (j *judgement) verdict(s Strictness) Verdict {
	switch {
	case j.blocked, j.unknown && s == Block:
		return Blocked
	case j.danger():
		return Suspicious
	case j.unknown || j.elsewhere:
		return Unverified
	}
	return Trusted
}

// checkEnrollment runs the per-account checks of an otpauth code or of
// one account in a migration payload.
func (c *Checker) checkEnrollment(j *judgement, e Enrollment) {
	p := c.checkIssuer(j, e)
	c.checkLabel(j, e, p)
	checkAccount(j, e)
	checkParams(j, e)
	c.checkExtra(j, e, p)
}

// checkIssuer matches the issuer against the allowlist and the policy,
// and returns its provider, or nil.
func (c *Checker) checkIssuer(j *judgement, e Enrollment) *Provider {
	is := e.Issuer
	if is == "" {
		j.unknown = true
		j.add(FindNoIssuer, Warning, "%s names no issuer, the service "+
			"it is for, so nothing shows who made it or where its codes "+
			"sign you in", codeRef(e))
		return nil
	}
	if c.deniedIssuer(is) {
		j.blocked = true
		j.add(FindPolicyDenied, Danger, "issuer %q is denied by the "+
			"policy in force, so this code must not be added", is)
		return nil
	}
	// Apps show the label's issuer where the parameter is missing or
	// ignored, so a denied one there is denied too.
	if li := e.LabelIssuer; li != "" && foldName(li) != foldName(is) &&
		c.deniedIssuer(li) {
		j.blocked = true
		j.add(FindPolicyDenied, Danger, "the label names %q, which the "+
			"policy in force denies, so this code must not be added", li)
		return nil
	}
	if p := c.issuer(is); p != nil {
		c.known(j, is, p)
		return p
	}

	j.unknown = true
	if !c.checkName(j, "issuer", is) {
		c.unverified(j, is)
	}
	return nil
}

// known records that issuer is provider p's.
func (c *Checker) known(j *judgement, issuer string, p *Provider) {
	if !p.TOTP {
		j.unknown = true
		j.add(FindNoTOTP, Warning, "issuer %q is %s, which is not "+
			"known to offer authenticator-app codes, so the code may not "+
			"come from %s", issuer, providerRef(p), p.Name)
		return
	}
	by := "a known provider"
	if p.Policy {
		by = "a provider the policy adds"
	}
	j.add(FindKnown, Info, "issuer %q is %s, %s", issuer,
		providerRef(p), by)
}

func (c *Checker) unverified(j *judgement, issuer string) {
	sev, why := Info, "nothing suggests an impostor"
	switch c.policy.Strictness {
	case Warn:
		sev, why = Warning, "add it only if you started this enrollment "+
			"on that service's own site"
	case Block:
		sev, why = Danger, "the policy in force refuses codes from "+
			"providers it does not know"
	}
	j.add(FindUnverified, sev, "issuer %q is not in the provider "+
		"allowlist, so Tessera cannot confirm who made the code%s; %s",
		issuer, c.labelNote(issuer), why)
}

// labelNote tells the person when an unknown issuer is the name of a
// known provider's other domain (Tuta's tutanota.com): the code may be
// that provider's, but the name does not show it.
func (c *Checker) labelNote(issuer string) string {
	if c.builtin == nil {
		return ""
	}
	if p, d := c.builtin.labelOwner(issuer); p != nil {
		return fmt.Sprintf(" (%s is a domain of %s)", d, providerRef(p))
	}
	return ""
}

// checkName looks for an imitation in a name that matched no provider:
// an issuer or a label's issuer prefix. It reports whether it found one.
func (c *Checker) checkName(j *judgement, what, s string) bool {
	var m *imitation
	if host, ok := asHost(s); ok {
		m = c.hostImitates(host)
	} else {
		m = c.hostsImitate(s)
	}
	if m == nil {
		m = c.imitates(s)
	}
	if m != nil {
		j.add(FindLookalike, Danger, "%s", m.message(what, s))
		return true
	}
	if names, bidi := hidden(s); len(names) > 0 {
		sev := Warning
		if bidi {
			sev = Danger
		}
		j.add(FindHidden, sev, "%s %q hides invisible characters (%s) "+
			"that can make it show as another name", what, s,
			strings.Join(names, ", "))
		return bidi
	}
	if mixedScript(s) {
		j.add(FindMixedScript, Warning, "%s %q mixes scripts within a "+
			"word (%s), a common way to imitate a name", what, s,
			strings.Join(oddChars(s), ", "))
	}
	return false
}

// hostsImitate looks at the hosts written inside a name that is not a
// host itself: an address ("https://coinbase.com.evil.io"), or hosts
// with more around them ("binance.com@evil.io", "Binance.com
// (evil.io)"). A known provider's domain written beside a host it does
// not own claims the provider for that host.
func (c *Checker) hostsImitate(s string) *imitation {
	if strings.Contains(s, "://") {
		if u := parseLink(strings.TrimSpace(s)); u != nil {
			if h, ok := asHost(u.Hostname()); ok {
				if m := c.hostImitates(h); m != nil {
					return m
				}
			}
		}
	}
	var known *Provider
	var claim string
	foreign := false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(" \t/@:()[]<>,;|\\", r)
	}) {
		h, ok := asHost(w)
		if !ok {
			continue
		}
		if m := c.hostImitates(h); m != nil {
			return m
		}
		// Another provider's own domain beside the first claims
		// nothing false ("Amazon (amazon.com, aws.amazon.com)").
		switch p := c.domain(h); {
		case p == nil:
			foreign = true
		case known == nil:
			known, claim = p, h
		}
	}
	if known != nil && foreign {
		return &imitation{known, fmt.Sprintf("writes %s's domain %s "+
			"beside a host that is not %s's", known.Name, claim,
			known.Name)}
	}
	return nil
}

// checkAccount flags characters in the account name that draw nothing.
// The account is how the person tells their accounts apart, and no
// service needs such characters in it. A bidirectional control is an
// attack on what the person reads (U+202E shows "alice\u202eevil.com"
// with its end reversed), so it is danger; other invisible and control
// characters can disguise a name or break how it prints, a warning.
func checkAccount(j *judgement, e Enrollment) {
	names, bidi := hidden(e.Account)
	for _, r := range e.Account {
		if unicode.IsControl(r) {
			names = append(names, fmt.Sprintf("U+%04X", r))
		}
	}
	if len(names) == 0 {
		return
	}
	sev, why := Warning, "that can disguise it or garble how it shows"
	if bidi {
		sev, why = Danger, "that change the direction it is shown in, "+
			"so it can read as another account"
	}
	j.add(FindHidden, sev, "account %q hides invisible or control "+
		"characters (%s) %s", e.Account, strings.Join(names, ", "), why)
}

// checkLabel compares the label's issuer prefix with the issuer
// parameter. Providers with tenant labels (Microsoft) put their
// customer's name there, which is normal.
func (c *Checker) checkLabel(j *judgement, e Enrollment, p *Provider) {
	li := e.LabelIssuer
	if li == "" || e.IssuerParam == "" ||
		foldName(li) == foldName(e.IssuerParam) ||
		p != nil && p.TenantLabel {
		return
	}
	pl := c.issuer(li)
	if pl == nil {
		// A label that only varies the issuer's own name ("Slack
		// (acme)" beside Slack) imitates nobody else.
		if m := c.imitates(li); m != nil && m.p == p {
			return
		}
		c.checkName(j, "label", li)
		return
	}
	if pl != p {
		j.add(FindLabelMismatch, Danger, "the label says %q, which is "+
			"%s, but the issuer is %q; apps show one or the other, so "+
			"the code can pass for %s", li, providerRef(pl),
			e.IssuerParam, pl.Name)
	}
}

// checkParams flags parameters that weaken the account or that common
// authenticator apps ignore, which yields codes the service rejects.
func checkParams(j *judgement, e Enrollment) {
	o := e.OTP
	if bits := 8 * len(o.Secret); bits < minSecretBits {
		j.add(FindWeakSecret, Warning, "the secret of %s has %d bits, "+
			"fewer than the 128 that RFC 4226 requires (160 "+
			"recommended), which makes its codes easier to predict",
			codeRef(e), bits)
	}
	if o.Algorithm != "" && o.Algorithm != defaultAlgorithm {
		j.add(FindAlgorithm, Warning, "%s uses %s; many authenticator "+
			"apps ignore the algorithm and would show codes the service "+
			"rejects", codeRef(e), o.Algorithm)
	}
	want := defaultDigits
	if o.Type == vault.Steam {
		want = steamDigits
	}
	if o.Digits != 0 && o.Digits != want {
		j.add(FindDigits, Warning, "%s asks for %d-digit codes; many "+
			"authenticator apps show %d digits, which the service would "+
			"reject", codeRef(e), o.Digits, want)
	}
	if o.Type != vault.HOTP && o.Period != 0 && o.Period != defaultPeriod {
		j.add(FindPeriod, Warning, "%s changes codes every %d seconds; "+
			"many authenticator apps assume %d and would show codes the "+
			"service rejects", codeRef(e), o.Period, defaultPeriod)
	}
}

// checkExtra looks at parameters the Key URI format does not define,
// above all an image fetched from a host that is not the provider's.
func (c *Checker) checkExtra(j *judgement, e Enrollment, p *Provider) {
	for key, vals := range e.Extra {
		if strings.EqualFold(key, "image") {
			for _, v := range vals {
				c.checkImage(j, e, p, v)
			}
			continue
		}
		j.add(FindUnknownParam, Info, "the code carries %s that the "+
			"Key URI format does not define; authenticator apps "+
			"ignore it, and so does Tessera", paramName(key))
	}
}

// paramName quotes an unknown parameter's name when it reads like one. A
// long name or one with other characters is left out, since a botched
// code can carry its secret as a name ("?JBSWY3DPEHPK3PXP&...").
func paramName(key string) string {
	const maxShown = 12 // 60 bits of base32 at most
	ok := len(key) <= maxShown && !strings.ContainsFunc(key,
		func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' ||
				'0' <= r && r <= '9' || r == '_' || r == '-')
		})
	if ok {
		return fmt.Sprintf("a parameter %q", key)
	}
	return fmt.Sprintf("a parameter whose %d-character name is not "+
		"shown, since it could be the secret", len(key))
}

func (c *Checker) checkImage(j *judgement, e Enrollment, p *Provider,
	raw string) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		j.add(FindForeignImage, Warning, "the code's image parameter, "+
			"the icon apps show beside the account, is not a web "+
			"address, which services that set one never send")
		return
	}
	host := u.Hostname()
	if c.deniedDomain(host) {
		j.blocked = true
		j.add(FindPolicyDenied, Danger, "the code's icon comes from %s, "+
			"a domain the policy in force denies, so this code must not "+
			"be added", host)
		return
	}
	if m := c.hostImitates(host); m != nil {
		j.add(FindLookalike, Danger, "%s", m.message("image host", host))
		return
	}
	if p == nil {
		j.add(FindForeignImage, Info, "the code asks apps to load its "+
			"icon from %s, which can then see when the account is added",
			host)
		return
	}
	if c.domain(host) != p {
		j.elsewhere = true
		j.add(FindForeignImage, Warning, "the code for %s loads its "+
			"icon from %s, which is not %s's; someone else may have made "+
			"or changed it", p.Name, host, p.Name)
	}
}

// checkURL judges a code that is a link: people scanning during
// enrollment expect an account, and a link can lead anywhere.
func (c *Checker) checkURL(j *judgement, u *url.URL) {
	host := u.Hostname()
	if c.deniedDomain(host) {
		j.blocked = true
		j.add(FindPolicyDenied, Danger, "the link leads to %s, a domain "+
			"the policy in force denies; do not open it", host)
	}
	m := c.hostImitates(host)
	if m != nil {
		j.add(FindLookalike, Danger, "%s", m.message("link host", host))
	}
	if u.User != nil {
		j.add(FindLookalike, Danger, "the link puts %q before an @, so "+
			"it reads like that address, but it leads to %s",
			u.User.Username(), host)
	}

	p := c.domain(host)
	switch {
	case m != nil || u.User != nil:
		j.add(FindLink, Danger, "this code is a link to %s, not an "+
			"enrollment code, and its address is made to deceive; do not "+
			"open it or sign in there", host)
	case p != nil:
		j.add(FindLink, Info, "this code is a link to %s, a site of %s, "+
			"not an enrollment code; it adds no account", host,
			providerRef(p))
	default:
		j.unknown = true
		j.add(FindLink, Warning, "this code is a link to %s, not an "+
			"enrollment code; it adds no account, and a link where an "+
			"enrollment code was expected may lead to a fake sign-in "+
			"page", host)
	}
}

// codeRef names the code of e in a message: by its issuer, else by its
// account, else as "this code".
func codeRef(e Enrollment) string {
	switch {
	case e.Issuer != "":
		return fmt.Sprintf("the code for %q", e.Issuer)
	case e.Account != "":
		return fmt.Sprintf("the code for %q", e.Account)
	}
	return "this code"
}

// mixedScript reports whether a word of s mixes Latin letters with
// letters of another script, as lookalike names do.
func mixedScript(s string) bool {
	for _, w := range strings.Fields(s) {
		latin, other := false, false
		for _, r := range w {
			switch sc := scriptOf(r); sc {
			case "Latin":
				latin = true
			case "Common", "Inherited":
			default:
				other = true
			}
		}
		if latin && other {
			return true
		}
	}
	return false
}

// several judges the codes of one picture together. A sticker over a
// real code makes two codes side by side: two enrollments that claim
// the same issuer or the same account with different secrets, or an
// enrollment beside a link.
func (c *Checker) several(codes []CodeReport) []Finding {
	var enr []codeEnrollment
	n, links := 0, 0
	for i, cr := range codes {
		switch cr.Kind {
		case KindOTPAuth, KindMigration:
			n++
			for _, e := range cr.Enrollments {
				enr = append(enr, codeEnrollment{i, e})
			}
		case KindURL:
			links++
		}
	}

	var fs []Finding
	if n > 0 && links > 0 {
		fs = append(fs, Finding{FindSeveralCodes, Danger,
			"the picture holds an enrollment code beside a link; " +
				"one of them may be a sticker put over the real code"})
	}
	if f, ok := c.clash(enr); ok {
		fs = append(fs, f)
	} else if n > 1 {
		fs = append(fs, Finding{FindSeveralCodes, Warning, fmt.Sprintf(
			"the picture holds %d enrollment codes for different "+
				"accounts; add only the ones you expect", n)})
	}
	return fs
}

// codeEnrollment is an account and the index of the code holding it.
type codeEnrollment struct {
	code int
	EnrollmentInfo
}

// clash finds two codes that claim the same account or the same issuer
// with different secrets: a service issues one secret per enrollment,
// so one of the two is not the service's.
func (c *Checker) clash(enr []codeEnrollment) (Finding, bool) {
	for i, a := range enr {
		for _, b := range enr[i+1:] {
			if a.code == b.code ||
				a.SecretFingerprint == b.SecretFingerprint {
				continue
			}
			var what string
			switch {
			case a.Account != "" &&
				foldName(a.Account) == foldName(b.Account):
				what = fmt.Sprintf("account %q", a.Account)
			case a.Issuer != "" && c.sameIssuer(a.Issuer, b.Issuer):
				what = fmt.Sprintf("issuer %q", a.Issuer)
			case a.Account == "" && b.Account == "" &&
				a.Issuer == "" && b.Issuer == "":
				what = "no issuer and no account"
			default:
				continue
			}
			return Finding{FindSeveralCodes, Danger, fmt.Sprintf(
				"the picture holds two codes for %s with different "+
					"secrets; one may be a sticker over the other",
				what)}, true
		}
	}
	return Finding{}, false
}

// sameIssuer reports whether a and b name the same issuer: equal once
// case and white space are folded, or the same known provider
// ("GitHub" and "github.com").
func (c *Checker) sameIssuer(a, b string) bool {
	if foldName(a) == foldName(b) {
		return true
	}
	p := c.issuer(a)
	return p != nil && p == c.issuer(b)
}
