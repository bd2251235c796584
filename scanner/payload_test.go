package scanner

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/tessera-auth/tessera/vault"
)

func TestParseKinds(t *testing.T) {
	tests := []struct {
		text    string
		kind    Kind
		host    string // the URL's host, for KindURL
		invalid bool   // Err must be set
	}{
		{"", KindText, "", false},
		{"hello world", KindText, "", false},
		{"WIFI:S:home;T:WPA;P:hunter2;;", KindText, "", false},
		{"mailto:alice@example.com", KindText, "", false},
		{"https://example.com/enroll?x=1", KindURL, "example.com", false},
		{"HTTP://EXAMPLE.COM", KindURL, "example.com", false},
		{" https://a.test:8443/p \n", KindURL, "a.test:8443", false},
		// Read as browsers read them, not as RFC 3986 would.
		{"https:///no-slash", KindURL, "no-slash", false},
		{`https:\\evil.io\login`, KindURL, "evil.io", false},
		{"https://github-login.evil.io/%zz", KindURL,
			"github-login.evil.io", false},
		{"https://github.com%2e.evil.io/", KindURL, "github.com.evil.io",
			false},
		{"https://paypal．com.evil.io/login", KindURL,
			"paypal.com.evil.io", false},
		{"https://salesforce｡com。auth-check.co/", KindURL,
			"salesforce.com.auth-check.co", false},
		{"https://ＧＯＯＧＬＥ.com/", KindURL, "google.com", false},
		{"https://xn--80ak6aa92e.com/", KindURL, "xn--80ak6aa92e.com", false},
		{"https://user:pw@host.example:99/", KindURL, "host.example:99", false},
		{"https://[::1]:8080/", KindURL, "[::1]:8080", false},
		{"https://github.com.ev\til.io/login", KindURL, "github.com.evil.io",
			false},
		{"https://paypal.com//evil.com/x", KindURL, "paypal.com", false},
		{"https://", KindText, "", false},
		{"https://bad host/", KindText, "", false},
		{"ftp://example.com", KindText, "", false},
		{"example.com", KindText, "", false},
		{"otpauthx://totp/a?secret=MFRGG", KindText, "", false},
		{":otpauth://totp", KindText, "", false},
		{"otpauth://totp/a?secret=MFRGG", KindOTPAuth, "", false},
		{"OtpAuth://totp/a?secret=MFRGG", KindOTPAuth, "", false},
		{"otpauth://totp/a", KindOTPAuth, "", true},
		{"otpauth:", KindOTPAuth, "", true},
		{"otpauth-migration://offline?data=" + migrationData1,
			KindMigration, "", false},
		{"otpauth-migration://offline", KindMigration, "", true},
		{"otpauth-migration:x", KindMigration, "", true},
	}

	for i, tt := range tests {
		p := Parse(tt.text)
		if p.Kind != tt.kind {
			t.Errorf("#%d: got kind %s, want %s", i, p.Kind, tt.kind)
			continue
		}
		if p.Text != tt.text {
			t.Errorf("#%d: got text %q, want it unchanged", i, p.Text)
		}
		if (p.Err != nil) != tt.invalid {
			t.Errorf("#%d: got error %v, want error: %v", i, p.Err,
				tt.invalid)
		}
		checkURL(t, i, p, tt.host)
	}
}

func checkURL(t *testing.T, i int, p Payload, host string) {
	t.Helper()
	if p.Kind != KindURL {
		if p.URL != nil {
			t.Errorf("#%d: a %s payload has a URL", i, p.Kind)
		}
		return
	}

	if p.URL == nil || p.URL.Host != host {
		t.Errorf("#%d: got URL %v, want host %s", i, p.URL, host)
	}
}

// FuzzParse feeds arbitrary text to Parse. It must not panic; what it
// accepts must be usable; and no error may quote a secret, even one a
// hostile code repeats in other parameters.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP" +
			"&issuer=Example",
		"otpauth://hotp/a?secret=" + longSecret + "&counter=7&digits=8",
		"otpauth://steam/Steam:x?secret=" + longSecret,
		"otpauth://totp/a?secret=" + longSecret + "&digits=" + longSecret,
		"otpauth://totp/a?secret=" + longSecret + "&" + longSecret + "=1&" +
			longSecret + "=2",
		"otpauth://" + longSecret + "/a?secret=" + longSecret,
		"otpauth-migration://offline?data=" + migrationData1,
		"otpauth-migration://offline?data=" + migrationData4,
		"https://example.com/x",
		`https:\\user@evil.io:8\%zz?q#f`,
		"https://paypal．com。evil.io/",
		"https://[::1]:80/",
		"plain text",
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, text string) {
		p := Parse(text)
		if p.Err != nil {
			checkNoSecret(t, text, p.Err.Error())
			return
		}
		checkUsable(t, p)
	})
}

// checkNoSecret fails if msg contains any long enough secret that text
// carries, as written or decoded.
func checkNoSecret(t *testing.T, text, msg string) {
	for _, s := range secretsIn(text) {
		if len(s) >= 16 && strings.Contains(msg, s) {
			t.Fatalf("the error quotes a secret")
		}
	}
}

// secretsIn returns, for every secret or data parameter of text whose
// value decodes, the value as written and unescaped, and the canonical
// base32 and base64 of what it decodes to. Values that do not decode
// are not secrets and may coincide with words of a message.
func secretsIn(text string) []string {
	_, query, _ := strings.Cut(text, "?")
	var out []string
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if !strings.EqualFold(k, "secret") && !strings.EqualFold(k, "data") {
			continue
		}

		u, err := url.QueryUnescape(v)
		if err != nil {
			u = v
		}
		b, err := vault.DecodeSecret(u)
		if err != nil {
			b, err = base64.StdEncoding.DecodeString(u)
		}
		if err == nil {
			out = append(out, v, u, vault.EncodeSecret(b),
				base64.StdEncoding.EncodeToString(b))
		}
	}
	return out
}

// checkUsable fails unless a payload parsed without error can be used:
// its accounts produce codes and the migration kind has its batch.
func checkUsable(t *testing.T, p Payload) {
	switch p.Kind {
	case KindOTPAuth:
		if len(p.Enrollments) != 1 {
			t.Fatalf("got %d enrollments, want 1", len(p.Enrollments))
		}
	case KindMigration:
		if p.Batch == nil || len(p.Enrollments) == 0 {
			t.Fatal("a valid export lacks its batch or accounts")
		}
	case KindURL:
		if p.URL == nil || p.URL.Hostname() == "" {
			t.Fatal("a link without a host")
		}
		if _, err := url.Parse(p.URL.String()); err != nil {
			t.Fatalf("a link that does not print as one: %v", err)
		}
	default:
		if len(p.Enrollments) != 0 {
			t.Fatalf("a %s payload has enrollments", p.Kind)
		}
	}

	for _, e := range p.Enrollments {
		if err := e.OTP.Validate(); err != nil {
			t.Fatalf("an accepted account is invalid: %v", err)
		}
		if _, err := e.OTP.Code(fixedTime); err != nil {
			t.Fatalf("an accepted account gives no code: %v", err)
		}
	}
}

// BenchmarkParse measures a typical Key URI; BenchmarkParseReference is
// net/url's lax parse of the same text, for a machine-independent ratio.
func BenchmarkParse(b *testing.B) {
	const uri = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=" +
		longSecret + "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
	for b.Loop() {
		if p := Parse(uri); p.Err != nil {
			b.Fatal(p.Err)
		}
	}
}

func BenchmarkParseReference(b *testing.B) {
	const uri = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=" +
		longSecret + "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
	for b.Loop() {
		u, err := url.Parse(uri)
		if err != nil {
			b.Fatal(err)
		}
		_ = u.Query()
	}
}
