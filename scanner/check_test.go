package scanner

import (
	"fmt"
	"github.com/tessera-auth/tessera/assets"
	"image"
	"net/url"
	"strings"
	"testing"
)

// testSecret is a made-up 160-bit secret; weakSecret has 80 bits.
const (
	testSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	weakSecret = "JBSWY3DPEHPK3PXP"
)

func totpURI(label, issuer, extra string) string {
	return "otpauth://totp/" + label + "?secret=" + testSecret +
		"&issuer=" + issuer + extra
}

var checkTests = []struct {
	text    string
	verdict Verdict
	id      string   // a finding the report must hold
	sev     Severity // its severity
	msg     string   // a part of its message
	not     string   // a finding id the report must not hold
}{
	// Known providers.
	{totpURI("GitHub:alice", "GitHub", ""), Trusted, FindKnown, Info,
		`issuer "GitHub" is GitHub (github.com)`, FindWeakSecret},
	{totpURI("Google:alice%40gmail.com", "Google", ""), Trusted,
		FindKnown, Info, "Google (google.com)", ""},
	{totpURI("Amazon%20Web%20Services:root%40123456789012",
		"Amazon%20Web%20Services", ""), Trusted, FindKnown, Info,
		"Amazon Web Services", ""},
	{totpURI("Binance.com:alice", "Binance.com", ""), Trusted, FindKnown,
		Info, "binance.com", ""},

	// Homoglyphs from several scripts.
	{totpURI("Dropb%CE%BFx:alice", "Dropb%CE%BFx", ""), Suspicious,
		FindLookalike, Danger, `issuer "Dropbοx" uses a Greek "ο" ` +
			`(U+03BF) and imitates Dropbox (dropbox.com); the code ` +
			"likely does not come from Dropbox", FindKnown},
	{totpURI("%D0%A0ayPal:alice", "%D0%A0ayPal", ""), Suspicious,
		FindLookalike, Danger, `a Cyrillic "Р" (U+0420)`, ""},
	{totpURI("Micr%D6%85soft:alice", "Micr%D6%85soft", ""), Suspicious,
		FindLookalike, Danger, `an Armenian "օ"`, ""},
	{totpURI("%E1%8F%80itHub:alice", "%E1%8F%80itHub", ""), Suspicious,
		FindLookalike, Danger, `a Cherokee "Ꮐ"`, ""},
	{totpURI("alice", "%EF%BC%A7%EF%BD%89%EF%BD%94%EF%BC%A8%EF%BD%95"+
		"%EF%BD%82", ""), Suspicious, FindLookalike, Danger,
		"compatibility forms", ""},
	{totpURI("Pay%E2%80%8BPal:alice", "Pay%E2%80%8BPal", ""), Suspicious,
		FindLookalike, Danger, "hides invisible characters (U+200B)", ""},
	{totpURI("Coin%E2%80%AEesab:alice", "Coin%E2%80%AEesab", ""),
		Suspicious, FindHidden, Danger, "U+202E", ""},
	{totpURI("Dr%C3%B6pbox:alice", "Dr%C3%B6pbox", ""), Suspicious,
		FindLookalike, Danger, `a Latin "ö"`, ""},
	{"https://xn--80ak6aa92e.com/", Suspicious, FindLookalike, Danger,
		"imitates Apple (apple.com)", ""},

	// Typosquats.
	{totpURI("Rnicrosoft:alice", "Rnicrosoft", ""), Suspicious,
		FindLookalike, Danger, `writes "rn" for "m"`, ""},
	{totpURI("G00gle:alice", "G00gle", ""), Suspicious, FindLookalike,
		Danger, `writes "0" for "o"`, ""},
	{totpURI("Bitvvarden:alice", "Bitvvarden", ""), Suspicious,
		FindLookalike, Danger, `writes "vv" for "w"`, ""},
	{totpURI("Paypa1:alice", "Paypa1", ""), Suspicious, FindLookalike,
		Danger, `writes "1" for "l"`, ""},
	{totpURI("Cloudfalre:alice", "Cloudfalre", ""), Suspicious,
		FindLookalike, Danger, "one letter away", ""},
	{totpURI("Coinbse:alice", "Coinbse", ""), Suspicious, FindLookalike,
		Danger, "imitates Coinbase", ""},

	// Brands inside foreign domains, and tenants.
	{totpURI("alice", "salesforce-signin.net", ""), Suspicious,
		FindLookalike, Danger, "imitates Salesforce", ""},
	{totpURI("alice", "salesforce.com.auth-check.co", ""), Suspicious,
		FindLookalike, Danger, "imitates Salesforce", ""},
	{totpURI("alice", "acme.my.salesforce.com", ""), Trusted, FindKnown,
		Info, "Salesforce", FindLookalike},
	{"otpauth://steam/Steam:gamer?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" +
		"&issuer=Steam", Trusted, FindKnown, Info, "Steam (steampowered.com)",
		FindNoTOTP},
	{totpURI("acme.okta.com:alice", "acme.okta.com", ""), Trusted,
		FindKnown, Info, "Okta (okta.com)", FindLookalike},
	{totpURI("alice", "okta.com.evil.io", ""), Suspicious,
		FindLookalike, Danger, "imitates Okta", ""},
	{totpURI("alice", "dropbox.co", ""), Suspicious, FindLookalike,
		Danger, "under a domain it does not own", ""},
	{totpURI("alice", "PayPal%20Support", ""), Suspicious,
		FindLookalike, Danger, "is not an issuer PayPal uses", ""},

	// Brands spelt across a dot, and the ones their owners keep.
	{totpURI("alice", "coinba.se", ""), Suspicious, FindLookalike,
		Danger, "spells the name Coinbase across the dot", FindKnown},
	{"https://payp.al/login", Suspicious, FindLookalike, Danger,
		"imitates PayPal", ""},
	{"https://youtu.be/x", Trusted, FindLink, Info, "a site of Google",
		FindLookalike},
	{totpURI("alice", "aws.amazon.com", ""), Trusted, FindKnown, Info,
		"Amazon Web Services (aws.amazon.com)", ""},
	{"https://lh3.googleusercontent.com/a.png", Trusted, FindLink, Info,
		"a site of Google", FindLookalike},

	// Letters with a stroke, and the full stops of other scripts.
	{totpURI("alice", "G%C3%B8%C3%B8gle", ""), Suspicious, FindLookalike,
		Danger, `a Latin "ø"`, ""},
	{totpURI("alice", "S%C5%82ack", ""), Suspicious, FindLookalike,
		Danger, "imitates Slack", ""},
	{"https://paypal%EF%BC%8Ecom.evil.io/login", Suspicious, FindLookalike,
		Danger, "imitates PayPal", ""},
	{"https://paypal．com.evil.io/login", Suspicious, FindLookalike,
		Danger, "imitates PayPal", ""},
	{totpURI("alice", "okta.com%E3%80%82evil.io", ""), Suspicious,
		FindLookalike, Danger, "imitates Okta", ""},

	// Hosts written inside an issuer that is no host itself.
	{totpURI("alice", "https://coinbase.com.evil.io", ""), Suspicious,
		FindLookalike, Danger, "imitates Coinbase", ""},
	{totpURI("alice", "binance.com@evil.io", ""), Suspicious,
		FindLookalike, Danger, "beside a host that is not Binance's", ""},
	{totpURI("alice", "Binance.com%20(evil.io)", ""), Suspicious,
		FindLookalike, Danger, "imitates Binance", ""},
	{totpURI("alice", "Acme%20(acme.example)", ""), Unverified,
		FindUnverified, Warning, "", FindLookalike},
	{totpURI("alice", "https://evil.io/coinbase.com", ""), Suspicious,
		FindLookalike, Danger, "imitates Coinbase", ""},

	// A long name is checked whole: padding in front hides nothing.
	{totpURI("alice", "PayPal%20Support%20"+strings.Repeat("x", 200), ""),
		Suspicious, FindLookalike, Danger, "PayPal", ""},
	{totpURI("alice", strings.Repeat("%E2%80%8B", 130)+"PayPal", ""),
		Suspicious, FindLookalike, Danger, "invisible characters", ""},
	{totpURI("alice", strings.Repeat("%CC%81", 130)+"PayPal", ""),
		Suspicious, FindLookalike, Danger, "PayPal", ""},

	// Brands whose keys differ from their labels ("m" reads as "rn",
	// "0" as "o", "1" as "l") are found inside foreign hosts too.
	{"https://amazon.com.evil.io/signin", Suspicious, FindLookalike,
		Danger, "imitates Amazon (amazon.com)", ""},
	{"https://microsoft-login.net/", Suspicious, FindLookalike, Danger,
		"imitates Microsoft", ""},
	{"https://login-microsoftonline.com/", Suspicious, FindLookalike,
		Danger, "imitates Microsoft", ""},
	{"https://gmail.com.evil.io/", Suspicious, FindLookalike, Danger,
		"imitates Google", ""},
	{"https://instagram-verify.com/", Suspicious, FindLookalike, Danger,
		"imitates Instagram", ""},
	{"https://steamcommunity.com.evil.io/", Suspicious, FindLookalike,
		Danger, "imitates Steam", ""},
	{totpURI("alice", "amazonsecure.com", ""), Suspicious, FindLookalike,
		Danger, "imitates Amazon", ""},
	{totpURI("alice", "securemicrosoft.com", ""), Suspicious,
		FindLookalike, Danger, "imitates Microsoft", ""},
	{totpURI("GitHub:alice", "GitHub",
		"&image=https%3A%2F%2Fmicrosoft.com.evil.io%2Flogo.png"),
		Suspicious, FindLookalike, Danger, `image host ` +
			`"microsoft.com.evil.io" puts the name Microsoft`, ""},

	// Self-hosted software: an instance under its owner's domain is
	// unverified, the brand's own domain or a word of a bought domain
	// is an imitation.
	{totpURI("alice", "gitlab.com.evil.io", ""), Suspicious,
		FindLookalike, Danger, "imitates GitLab", ""},
	{totpURI("alice", "gitlab-signin.net", ""), Suspicious,
		FindLookalike, Danger, "imitates GitLab", ""},
	{"https://gitlab.com.evil.io/users/sign_in", Suspicious,
		FindLookalike, Danger, "imitates GitLab", ""},
	{"https://gitlab-signin.net/", Suspicious, FindLookalike, Danger,
		"imitates GitLab", ""},
	{totpURI("gitlab.example.org:alice", "gitlab.example.org", ""),
		Unverified, FindUnverified, Warning, "gitlab.example.org",
		FindLookalike},
	{totpURI("alice", "gitlab-ci.example.org", ""), Unverified,
		FindUnverified, Warning, "gitlab-ci.example.org", FindLookalike},
	{"https://gitlab.example.org/users/sign_in", Unverified, FindLink,
		Warning, "gitlab.example.org", FindLookalike},

	// Public suffixes that a provider owns: a host under one is its.
	{totpURI("alice", "acme.awsapps.com", ""), Trusted, FindKnown, Info,
		"Amazon Web Services", FindUnverified},
	{"https://sites.withgoogle.com/", Trusted, FindLink, Info,
		"a site of Google (google.com)", FindLookalike},

	// A provider's own domain label is the provider, not a lookalike.
	{totpURI("Fidelity:alice", "Fidelity", ""), Trusted, FindKnown, Info,
		"Fidelity Investments (fidelity.com)", FindLookalike},
	// The label of another of its domains is no claim to be it.
	{totpURI("alice", "Tutanota", ""), Unverified, FindUnverified,
		Warning, "(tutanota.com is a domain of Tuta (tuta.com))",
		FindLookalike},
	{totpURI("alice", "Falcon", ""), Unverified, FindUnverified,
		Warning, "(falcon.io is a domain of Brandwatch", FindLookalike},
	{totpURI("alice", "Booking", ""), Trusted, FindKnown, Info,
		"Booking.com", FindLookalike},
	{totpURI("alice", "Schwab", ""), Unverified, FindNoTOTP, Warning,
		"Charles Schwab", FindLookalike},
	// Ordinary words that are some entry's domain label.
	{totpURI("alice", "Eagle%20Credit%20Union", ""), Unverified,
		FindUnverified, Warning, "Eagle Credit Union", FindLookalike},
	{totpURI("alice", "Acme%20Access", ""), Unverified, FindUnverified,
		Warning, "Acme Access", FindLookalike},
	{totpURI("alice", "Cobalt%20Labs", ""), Unverified, FindUnverified,
		Warning, "Cobalt Labs", FindLookalike},
	{totpURI("alice", "Login", ""), Unverified, FindUnverified, Warning,
		`"Login"`, FindLookalike},

	// Letters outside the UTS #39 table, and near misses that mix
	// scripts.
	{totpURI("alice", "%D0%90%D0%BC%D0%B0z%D0%BEn", ""), Suspicious,
		FindLookalike, Danger, `a Cyrillic "м" (U+043C)`, ""},
	{totpURI("alice", "%D0%90%D0%BC%D0%B03%D0%BEn", ""), Suspicious,
		FindLookalike, Danger, "imitates Amazon", ""},
	{totpURI("alice", "%C9%A2oogle", ""), Suspicious, FindLookalike,
		Danger, `a Latin "ɢ" (U+0262) and imitates Google`, ""},
	{totpURI("alice", "O%CE%BAta", ""), Suspicious, FindLookalike,
		Danger, `a Greek "κ" (U+03BA) and imitates Okta`, ""},
	{totpURI("alice", "Ub%D0%B5rr", ""), Suspicious, FindLookalike,
		Danger, "imitates Uber", ""},

	// Labels.
	{totpURI("Contoso:alice%40contoso.com", "Microsoft", ""), Trusted,
		FindKnown, Info, "Microsoft", FindLabelMismatch},
	{totpURI("Dropbox%20Inc:alice%40dropbox.com", "Microsoft", ""), Trusted,
		FindKnown, Info, "Microsoft", FindLabelMismatch},
	{totpURI("PayPal:alice", "Acme%20Rewards", ""), Suspicious,
		FindLabelMismatch, Danger, `the label says "PayPal"`, ""},
	{totpURI("G%D0%BE%D0%BEgle:alice", "Acme", ""), Suspicious,
		FindLookalike, Danger, `label "Gооgle"`, ""},
	{totpURI("Slack%20(acme):alice", "Slack", ""), Trusted, FindKnown,
		Info, "Slack", FindLookalike},

	// Self-hosted software and unknown issuers.
	{totpURI("gitlab.acme.io:alice", "gitlab.acme.io", ""), Unverified,
		FindUnverified, Warning, `"gitlab.acme.io"`, FindLookalike},
	{totpURI("Acme%20VPN:alice", "Acme%20VPN", ""), Unverified,
		FindUnverified, Warning, "not in the provider allowlist, so " +
			"Tessera cannot confirm who made the code", ""},
	{"otpauth://totp/alice?secret=" + testSecret, Unverified,
		FindNoIssuer, Warning, `the code for "alice" names no issuer, ` +
			"the service it is for", ""},
	{totpURI("Apple:alice", "Apple", ""), Unverified, FindNoTOTP,
		Warning, "not known to offer authenticator-app codes, so the " +
			"code may not come from Apple", ""},
	{totpURI("Acm%D0%B5%20Bank:alice", "Acm%D0%B5%20Bank", ""),
		Unverified, FindMixedScript, Warning, `a Cyrillic "е"`, ""},

	// Hidden characters in the account name.
	{totpURI("Google:al%E2%80%AEice", "Google", ""), Suspicious,
		FindHidden, Danger, `account "al\u202eice" hides invisible or ` +
			"control characters (U+202E) that change the direction",
		""},
	{totpURI("GitHub:al%E2%80%8Bice", "GitHub", ""), Trusted, FindHidden,
		Warning, "(U+200B) that can disguise it", ""},
	{totpURI("GitHub:al%09ice", "GitHub", ""), Trusted, FindHidden,
		Warning, "(U+0009)", ""},

	// Links.
	{"https://github.com/settings/security", Trusted, FindLink, Info,
		"GitHub (github.com), not an enrollment code; it adds no " +
			"account", ""},
	{"https://example.org/welcome", Unverified, FindLink, Warning,
		"link to example.org, not an enrollment code; it adds no " +
			"account, and a link where an enrollment code was expected " +
			"may lead to a fake sign-in page", ""},
	{"https://www.paypa1.com/signin", Suspicious, FindLink, Danger,
		"made to deceive; do not open it", ""},
	{"https://www.paypa1.com/signin", Suspicious, FindLookalike, Danger,
		"imitates PayPal (paypal.com); the link likely does not lead to " +
			"PayPal", ""},
	{"https://github.com@login-verify.io/", Suspicious, FindLookalike,
		Danger, "login-verify.io", ""},
	{"just some words", Unverified, FindText, Info, "plain text, not an " +
		"enrollment code, so there is no account to add from it", ""},

	// Parameters.
	{"otpauth://totp/GitHub:alice?issuer=GitHub&secret=" + weakSecret,
		Trusted, FindWeakSecret, Warning, `the secret of the code for ` +
			`"GitHub" has 80 bits, fewer than the 128 that RFC 4226 ` +
			"requires", ""},
	{totpURI("GitHub:alice", "GitHub", "&algorithm=SHA256"), Trusted,
		FindAlgorithm, Warning, "uses SHA256; many authenticator apps " +
			"ignore the algorithm and would show codes the service rejects",
		""},
	{totpURI("GitHub:alice", "GitHub", "&digits=8"), Trusted, FindDigits,
		Warning, "asks for 8-digit codes; many authenticator apps show " +
			"6 digits, which the service would reject", ""},
	{totpURI("GitHub:alice", "GitHub", "&period=60"), Trusted, FindPeriod,
		Warning, "every 60 seconds; many authenticator apps assume 30",
		""},
	{totpURI("GitHub:alice", "GitHub",
		"&image=https%3A%2F%2Fgithub.com%2Flogo.png"), Trusted, FindKnown,
		Info, "GitHub", FindForeignImage},
	{totpURI("GitHub:alice", "GitHub",
		"&image=https%3A%2F%2Fcdn.evil.io%2Flogo.png"), Unverified,
		FindForeignImage, Warning, "icon from cdn.evil.io, which is not " +
			"GitHub's; someone else may have made or changed it", ""},
	{totpURI("GitHub:alice", "GitHub",
		"&image=https%3A%2F%2Fg1thub.com%2Flogo.png"), Suspicious,
		FindLookalike, Danger, "image host", ""},
	{totpURI("GitHub:alice", "GitHub", "&color=red"), Trusted,
		FindUnknownParam, Info, `"color" that the Key URI format does ` +
			"not define", ""},
	{totpURI("GitHub:alice", "GitHub", "&GEZDGNBVGY3TQOJQGEZDGNBV"),
		Trusted, FindUnknownParam, Info, "whose 24-character name is " +
			"not shown", ""},
	{"otpauth://totp/GitHub:alice?issuer=GitHub", Blocked, FindMalformed,
		Danger, "cannot be read as an enrollment code (parsing otpauth " +
			"URI: secret: missing), so no account can be added", ""},
}

func TestCheckPayload(t *testing.T) {
	c := builtinChecker(t)
	for i, tt := range checkTests {
		r := c.CheckPayload(Parse(tt.text), Options{})
		if r.Verdict != tt.verdict {
			t.Errorf("#%d: got %s, want %s (%s)", i, r.Verdict,
				tt.verdict, findingList(r.Findings))
		}
		f, ok := findingByID(r.Findings, tt.id)
		switch {
		case !ok:
			t.Errorf("#%d: got %s, want a %s finding", i,
				findingList(r.Findings), tt.id)
		case f.Severity != tt.sev:
			t.Errorf("#%d: %s: got %s, want %s", i, tt.id, f.Severity,
				tt.sev)
		case !strings.Contains(f.Message, tt.msg):
			t.Errorf("#%d: got %q, want it to contain %q", i, f.Message,
				tt.msg)
		}
		if _, bad := findingByID(r.Findings, tt.not); bad {
			t.Errorf("#%d: got %s, want no %s", i,
				findingList(r.Findings), tt.not)
		}
	}
}

// TestTextKeepsSecrets checks which payloads show their text: those
// that cannot carry a secret, and the rest only when asked to.
func TestTextKeepsSecrets(t *testing.T) {
	c := builtinChecker(t)
	tests := []struct {
		text  string
		shown bool
	}{
		{totpURI("GitHub:alice", "GitHub", ""), false},
		{"otpauth://totp/Acme:bob?secret=NOT*BASE32", false},
		{"otpauth-migration://offline?data=AAAA", false},
		{"\ufeff" + totpURI("GitHub:alice", "GitHub", ""), false},
		{"Your code: " + totpURI("GitHub:alice", "GitHub", ""), false},
		{"https://example.com/welcome", true},
		{"https://example.com/add?uri=" +
			url.QueryEscape(totpURI("GitHub:alice", "GitHub", "")), false},
		{"call the help desk", true},
	}
	for i, tt := range tests {
		p := Parse(tt.text)
		if got := c.CheckPayload(p, Options{}).Text; (got != "") != tt.shown {
			t.Errorf("#%d: got text %v, want shown %v", i, got != "",
				tt.shown)
		}
		if got := c.CheckPayload(p, Options{}).URL; strings.Contains(got, testSecret) {
			t.Errorf("#%d: the link shows the secret", i)
		}
		if got := c.CheckPayload(p, Options{Reveal: true}).Text; got != tt.text {
			t.Errorf("#%d: revealed, got a different text", i)
		}
	}
}

// TestMessagesKeepSecrets checks that no finding repeats the secret.
func TestMessagesKeepSecrets(t *testing.T) {
	c := builtinChecker(t)
	for i, tt := range checkTests {
		r := c.CheckPayload(Parse(tt.text), Options{})
		for _, f := range r.Findings {
			if strings.Contains(f.Message, testSecret) ||
				strings.Contains(f.Message, weakSecret) {
				t.Errorf("#%d: %s message holds the secret", i, f.ID)
			}
		}
		if r.Text != "" && r.Kind == KindOTPAuth {
			t.Errorf("#%d: text of an otpauth code is shown", i)
		}
	}
}

func findingByID(fs []Finding, id string) (Finding, bool) {
	for _, f := range fs {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

func findingList(fs []Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.ID+"/"+string(f.Severity))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func codesOf(texts ...string) []Code {
	var out []Code
	for i, s := range texts {
		out = append(out, Code{Text: s,
			Position: image.Rect(200*i, 0, 200*i+180, 180)})
	}
	return out
}

func TestSeveralCodes(t *testing.T) {
	other := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
	gh := totpURI("GitHub:alice", "GitHub", "")
	tests := []struct {
		codes   []Code
		verdict Verdict
		sev     Severity // of the several-codes finding; "" for none
		msg     string   // a part of its message
	}{
		{codesOf(gh), Trusted, "", ""},
		{codesOf(gh, strings.Replace(gh, testSecret, other, 1)),
			Suspicious, Danger, `two codes for account "alice" with ` +
				"different secrets; one may be a sticker over the other"},
		// The same issuer for another account, or the same account
		// under another issuer, with another secret: one is a sticker.
		{codesOf(gh, strings.Replace(totpURI("GitHub:bob", "GitHub", ""),
			testSecret, other, 1)), Suspicious, Danger,
			`two codes for issuer "GitHub" with different secrets`},
		{codesOf(gh, strings.Replace(totpURI("bob", "github.com", ""),
			testSecret, other, 1)), Suspicious, Danger,
			`issuer "GitHub"`},
		{codesOf(gh, strings.Replace(totpURI("Google:ALICE", "Google", ""),
			testSecret, other, 1)), Suspicious, Danger,
			`two codes for account "alice"`},
		{codesOf(gh, strings.Replace(totpURI("Google:carol", "Google", ""),
			testSecret, other, 1)), Trusted, Warning,
			"different accounts"},
		{codesOf(gh, "https://github.com/login"), Suspicious, Danger,
			"an enrollment code beside a link; one of them may be a " +
				"sticker put over the real code"},
		// Links a strict parser refuses are links all the same.
		{codesOf(gh, "https://github-login.evil.io/%zz"), Suspicious,
			Danger, "an enrollment code beside a link"},
		{codesOf(gh, `https://evil.io\login`), Suspicious, Danger,
			"an enrollment code beside a link"},
		{codesOf(gh, totpURI("GitHub:bob", "GitHub", "")), Trusted,
			Warning, "2 enrollment codes for different accounts; add " +
				"only the ones you expect"},
		{codesOf(gh, totpURI("Google:carol", "Google", "")), Trusted,
			Warning, "different accounts"},
		{codesOf(gh, gh), Trusted, Warning, "different accounts"},
		{codesOf("https://github.com/", "https://gitlab.com/"), Trusted,
			"", ""},
	}
	c := builtinChecker(t)
	for i, tt := range tests {
		r := c.Check("sticker.png", tt.codes, Options{})
		if r.Verdict != tt.verdict {
			t.Errorf("#%d: got %s, want %s", i, r.Verdict, tt.verdict)
		}
		f, ok := findingByID(r.Findings, FindSeveralCodes)
		if got := map[bool]Severity{true: f.Severity}[ok]; got != tt.sev {
			t.Errorf("#%d: got %q, want %q", i, got, tt.sev)
		}
		if !strings.Contains(f.Message, tt.msg) {
			t.Errorf("#%d: got %q, want it to contain %q", i, f.Message,
				tt.msg)
		}
		if len(r.Codes) != len(tt.codes) {
			t.Errorf("#%d: got %d codes, want %d", i, len(r.Codes),
				len(tt.codes))
		}
	}
}

// TestZeroChecker pins the skeleton's contract: without an allowlist,
// valid codes are unverified and malformed ones blocked.
// TestMaxKey holds every name of the built-in list, and every domain
// label, within maxKey, which bounds the near-miss comparisons.
func TestMaxKey(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list.Providers() {
		for _, n := range providerNames(p) {
			if k := lookKey(n); len(k) > maxKey {
				t.Errorf("%q: key of %d letters, over %d", n, len(k),
					maxKey)
			}
		}
	}
}

// TestLongNamesCheap: the checks of a name cost time in proportion to
// it, not to its square, so a code cannot buy seconds of work.
func TestLongNamesCheap(t *testing.T) {
	c := builtinChecker(t)
	for _, s := range []string{
		"https://" + strings.Repeat("a.", 1460) + "com/",
		totpURI("alice", strings.Repeat("abcdefgh", 12500), ""),
		totpURI("alice", strings.Repeat("a.", 2000)+"com", ""),
	} {
		n := testing.AllocsPerRun(1, func() {
			c.CheckPayload(Parse(s), Options{})
		})
		// Quadratic work on these allocated a key per deletion: 20,000
		// to a million allocations; bounded, a few hundred.
		if n > 2000 {
			t.Errorf("%d bytes: %.0f allocations", len(s), n)
		}
	}
}

func TestZeroChecker(t *testing.T) {
	var c Checker
	tests := []struct {
		text string
		want Verdict
	}{
		{totpURI("GitHub:alice", "GitHub", ""), Unverified},
		{"otpauth://totp/GitHub:alice?issuer=GitHub", Blocked},
		{"https://example.org/", Unverified},
	}
	for i, tt := range tests {
		r := c.CheckPayload(Parse(tt.text), Options{})
		if r.Verdict != tt.want {
			t.Errorf("#%d: got %s, want %s", i, r.Verdict, tt.want)
		}
	}
}

// FuzzCheckPayload judges arbitrary code texts: no panic, a verdict
// from the list, and no finding that repeats an otpauth secret.
func FuzzCheckPayload(f *testing.F) {
	for _, tt := range checkTests {
		f.Add(tt.text)
	}
	c := builtinChecker(f)
	f.Fuzz(func(t *testing.T, text string) {
		r := c.CheckPayload(Parse(text), Options{})
		switch r.Verdict {
		case Trusted, Unverified, Suspicious, Blocked:
		default:
			t.Fatalf("got verdict %q", r.Verdict)
		}
		for _, f := range r.Findings {
			if strings.Contains(f.Message, testSecret) {
				t.Fatalf("%s message holds the secret", f.ID)
			}
			for _, s := range secretsIn(text) {
				// A secret that the text also carries elsewhere, as
				// its issuer say, may be quoted as that.
				if len(s) >= 16 && strings.Count(text, s) <= 1 &&
					strings.Contains(f.Message, s) {
					t.Fatalf("%s message holds the secret", f.ID)
				}
			}
		}
	})
}

// BenchmarkCheckPayload measures the checks of one code, which must
// take well under a millisecond, beside parsing the same code, and
// beside the same checks against the allowlist indexed from JSON in
// maps (the generated index searches sorted records instead).
func BenchmarkCheckPayload(b *testing.B) {
	c := builtinChecker(b)
	list, err := ParseAllowlist(assets.Providers)
	if err != nil {
		b.Fatal(err)
	}
	maps := NewChecker(list, c.Policy())
	for _, name := range []string{"honest", "lookalike", "unknown",
		"link"} {
		text := map[string]string{
			"honest":    totpURI("GitHub:alice", "GitHub", ""),
			"lookalike": totpURI("Dropb%CE%BFx:alice", "Dropb%CE%BFx", ""),
			"unknown":   totpURI("Acme%20VPN:alice", "Acme%20VPN", ""),
			"link":      "https://salesforce.com.auth-check.co/login",
		}[name]
		p := Parse(text)
		b.Run(name+"/parse-only", func(b *testing.B) {
			for b.Loop() {
				Parse(text)
			}
		})
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c.CheckPayload(p, Options{})
			}
		})
		b.Run(name+"/json-indexed", func(b *testing.B) {
			for b.Loop() {
				maps.CheckPayload(p, Options{})
			}
		})
	}
}

func ExampleChecker_CheckPayload() {
	c, err := LoadChecker("")
	if err != nil {
		fmt.Println(err)
		return
	}
	p := Parse("otpauth://totp/Dropb%CE%BFx:alice@example.com" +
		"?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Dropb%CE%BFx")
	r := c.CheckPayload(p, Options{})
	fmt.Println(r.Verdict)
	for _, f := range r.Findings {
		fmt.Printf("%s (%s): %s\n", f.ID, f.Severity, f.Message)
	}
	// Output:
	// suspicious
	// lookalike (danger): issuer "Dropbοx" uses a Greek "ο" (U+03BF) and imitates Dropbox (dropbox.com); the code likely does not come from Dropbox
}
