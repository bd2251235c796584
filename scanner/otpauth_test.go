package scanner

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"

	"github.com/tessera-auth/tessera/vault"
)

// hello is the secret of the Key URI format's own example,
// JBSWY3DPEHPK3PXP.
var hello = "Hello!\xde\xad\xbe\xef"

// longSecret is a base32 secret long enough that finding it inside an
// error message could not be a coincidence.
const longSecret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"

func TestParseOTPAuth(t *testing.T) {
	tests := []struct {
		uri  string
		want Enrollment
	}{{
		"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP" +
			"&issuer=Example",
		Enrollment{Issuer: "Example", Account: "alice@google.com",
			LabelIssuer: "Example", IssuerParam: "Example",
			OTP: totp(hello, vault.SHA1, 6, 30)},
	}, {
		"otpauth://totp/ACME%20Co:john.doe@email.com?secret=" + longSecret +
			"&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
		Enrollment{Issuer: "ACME Co", Account: "john.doe@email.com",
			LabelIssuer: "ACME Co", IssuerParam: "ACME Co",
			OTP: totp(b32(longSecret), vault.SHA1, 6, 30)},
	}, {
		// %3A for the colon, %20 after it, no issuer parameter.
		"otpauth://totp/Big%20Corp%3A%20%20bob?secret=jbsw%20y3dp%20ehpk" +
			"%203pxp",
		Enrollment{Issuer: "Big Corp", Account: "bob",
			LabelIssuer: "Big Corp",
			OTP:         totp(hello, vault.SHA1, 6, 30)},
	}, {
		// Padding, lower case, + for space in the query, SHA256, 8 digits.
		"otpauth://totp/alice?secret=mfrgg===&algorithm=sha256&digits=8" +
			"&period=60&issuer=Big+Corp",
		Enrollment{Issuer: "Big Corp", Account: "alice",
			IssuerParam: "Big Corp",
			OTP:         totp("abc", vault.SHA256, 8, 60)},
	}, {
		"OTPAUTH://TOTP/alice?SECRET=MFRGG&Algorithm=SHA512&digits=4\n",
		Enrollment{Account: "alice",
			OTP: totp("abc", vault.SHA512, 4, 30)},
	}, {
		"otpauth://totp/x:?secret=MFRGG&digits=10&period=1",
		Enrollment{Issuer: "x", LabelIssuer: "x",
			OTP: totp("abc", vault.SHA1, 10, 1)},
	}, {
		// The parameter and the label disagree: both are kept.
		"otpauth://totp/Good:alice?secret=MFRGG&issuer=Evil",
		Enrollment{Issuer: "Evil", Account: "alice", LabelIssuer: "Good",
			IssuerParam: "Evil", OTP: totp("abc", vault.SHA1, 6, 30)},
	}, {
		"otpauth://hotp/Co:alice?secret=MFRGG&counter=0",
		Enrollment{Issuer: "Co", Account: "alice", LabelIssuer: "Co",
			OTP: hotp("abc", 0)},
	}, {
		"otpauth://hotp/alice?counter=18446744073709551615&secret=MFRGG" +
			"&period=60",
		Enrollment{Account: "alice", OTP: hotp("abc", 1<<64-1),
			Extra: url.Values{"period": {"60"}}},
	}, {
		"otpauth://steam/Steam:gaben?secret=MFRGG&issuer=Steam",
		Enrollment{Issuer: "Steam", Account: "gaben", LabelIssuer: "Steam",
			IssuerParam: "Steam", OTP: steam("abc")},
	}, {
		"otpauth://totp/Steam:gaben?secret=MFRGG&encoder=steam&digits=5",
		Enrollment{Issuer: "Steam", Account: "gaben", LabelIssuer: "Steam",
			OTP: steam("abc")},
	}, {
		// Unknown parameters, and counter on a TOTP URI, are kept.
		"otpauth://totp/a?secret=MFRGG&image=https%3A%2F%2Fx.test%2Fi.png" +
			"&counter=5&&Lock=true",
		Enrollment{Account: "a", OTP: totp("abc", vault.SHA1, 6, 30),
			Extra: url.Values{"image": {"https://x.test/i.png"},
				"counter": {"5"}, "lock": {"true"}}},
	}}

	for i, tt := range tests {
		p := Parse(tt.uri)
		if p.Kind != KindOTPAuth || p.Err != nil {
			t.Errorf("#%d: got kind %s, error %v; want otpauth", i,
				p.Kind, p.Err)
			continue
		}
		if p.Text != tt.uri {
			t.Errorf("#%d: Text was changed", i)
		}
		if len(p.Enrollments) != 1 {
			t.Errorf("#%d: got %d enrollments, want 1", i,
				len(p.Enrollments))
			continue
		}
		if d := diffEnrollment(p.Enrollments[0], tt.want); d != "" {
			t.Errorf("#%d: %s", i, d)
		}
	}
}

func TestParseOTPAuthErrors(t *testing.T) {
	const s = "secret=" + longSecret
	tests := []struct {
		uri  string
		want string // the part the error must name
	}{
		{"otpauth:totp/a?" + s, "otpauth://"},
		{"otpauth://totp/a", "secret: missing"},
		{"otpauth://totp/a?secret=", "secret"},
		{"otpauth://totp/a?secret=%20%20", "secret"},
		{"otpauth://totp/a?secret=JBSWY3DPEHPK3PX1", "secret"},
		{"otpauth://totp/a?secret=JBSWY3DPEHPK3PXPA", "secret"},
		{"otpauth://totp/a?secret=JBSW%ZZ3DPEHPK3PXP", "secret"},
		{"otpauth://totp/a?" + s + "&" + s, "secret"},
		{"otpauth://totp/a?" + s + "&Secret=" + longSecret, "secret"},
		{"otpauth://totp/a?" + s + "&issuer=A&issuer=B", "issuer"},
		{"otpauth://totp/a?" + s + "&issuer=%FF", "issuer"},
		{"otpauth://totp/a?" + s + "&algorithm=MD5", "algorithm"},
		{"otpauth://totp/a?" + s + "&algorithm=SHA-1", "algorithm"},
		{"otpauth://totp/a?" + s + "&algorithm=", "algorithm"},
		{"otpauth://totp/a?" + s + "&digits=3", "digits"},
		{"otpauth://totp/a?" + s + "&digits=11", "digits"},
		{"otpauth://totp/a?" + s + "&digits=-6", "digits"},
		{"otpauth://totp/a?" + s + "&digits=%2B6", "digits"},
		{"otpauth://totp/a?" + s + "&digits=6.0", "digits"},
		{"otpauth://totp/a?" + s + "&digits=%206", "digits"},
		{"otpauth://totp/a?" + s + "&digits=", "digits"},
		{"otpauth://totp/a?" + s + "&digits=99999999999999999999", "digits"},
		{"otpauth://totp/a?" + s + "&digits=6&DIGITS=6", "digits"},
		{"otpauth://totp/a?" + s + "&period=0", "period"},
		{"otpauth://totp/a?" + s + "&period=-30", "period"},
		{"otpauth://totp/a?" + s + "&period=86401", "period"},
		{"otpauth://totp/a?" + s + "&period=30s", "period"},
		{"otpauth://hotp/a?" + s, "counter: missing"},
		{"otpauth://hotp/a?" + s + "&counter=-1", "counter"},
		{"otpauth://hotp/a?" + s + "&counter=18446744073709551616",
			"counter"},
		{"otpauth://hotp/a?" + s + "&counter=0x10", "counter"},
		{"otpauth:///a?" + s, "type: missing"},
		{"otpauth://yaotp/a?" + s, "type"},
		{"otpauth://totp?" + s, "label: missing"},
		{"otpauth://totp/?" + s, "label: missing"},
		{"otpauth://totp/a%ZZ?" + s, "label"},
		{"otpauth://totp/a%FF?" + s, "label"},
		{"otpauth://totp/a?" + s + "#frag", "fragment"},
		{"otpauth://totp/a?" + s + "&encoder=yandex", "encoder"},
		{"otpauth://hotp/a?" + s + "&counter=1&encoder=steam", "encoder"},
		{"otpauth://steam/a?" + s + "&digits=6", "digits"},
		{"otpauth://steam/a?" + s + "&period=60", "period"},
		{"otpauth://steam/a?" + s + "&algorithm=SHA256", "algorithm"},
		{"otpauth://totp/a?" + s + "&x=1&X=2", "unknown parameter"},
		{"otpauth://totp/a?" + s + "&x=%G0", "parameters"},
		{"otpauth://totp/a?" + s + "&%G0=1", "parameters"},
	}

	for i, tt := range tests {
		p := Parse(tt.uri)
		if p.Kind != KindOTPAuth {
			t.Errorf("#%d: got kind %s, want otpauth", i, p.Kind)
			continue
		}
		if p.Err == nil {
			t.Errorf("#%d: got no error, want one naming %s", i, tt.want)
			continue
		}

		msg := p.Err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("#%d: got %q, want one naming %s", i, msg, tt.want)
		}
		if strings.Contains(msg, longSecret) {
			t.Errorf("#%d: the error quotes the secret", i)
		}
		if !strings.HasPrefix(msg, "parsing otpauth URI: ") {
			t.Errorf("#%d: got %q, want it to say what was attempted",
				i, msg)
		}
		if len(p.Enrollments) != 0 {
			t.Errorf("#%d: a malformed URI gave an enrollment", i)
		}
	}
}

// TestOTPAuthRoundTrip formats random accounts as Key URIs, the way
// common generators write them, and parses them back.
func TestOTPAuthRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		want := randomEnrollment(r)
		p := Parse(formatKeyURI(want, r))
		if p.Err != nil {
			t.Fatalf("#%d: %v", i, p.Err)
		}
		if d := diffEnrollment(p.Enrollments[0], want); d != "" {
			t.Errorf("#%d: %s", i, d)
		}
	}
}

// TestAgreesWithPquerna checks the fields that pquerna/otp's lax parser
// also reads, on URIs both accept.
func TestAgreesWithPquerna(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		e := randomEnrollment(r)
		e.Extra = nil
		uri := formatKeyURI(e, r)

		k, err := otp.NewKeyFromURL(uri)
		if err != nil {
			t.Fatalf("#%d: pquerna: %v", i, err)
		}
		got := Parse(uri).Enrollments[0]
		secret, err := vault.DecodeSecret(k.Secret())
		if err != nil || string(secret) != string(got.OTP.Secret) {
			t.Errorf("#%d: the secrets differ", i)
		}
		// pquerna keeps the spaces the format allows after the colon.
		account := strings.TrimLeft(k.AccountName(), " ")
		if k.Issuer() != got.Issuer || account != got.Account {
			t.Errorf("#%d: got %s/%s, want %s/%s", i, got.Issuer,
				got.Account, k.Issuer(), account)
		}
	}
}

func randomEnrollment(r *rand.Rand) Enrollment {
	names := []string{"alice", "bob@example.com", "Ünïcödé user",
		"a:b", "x y", "100% sure", "q?&=#/"}
	issuers := []string{"", "ACME Co", "Big+Corp", "Straße", "A&B"}

	e := Enrollment{Account: names[r.IntN(len(names))]}
	e.LabelIssuer = issuers[r.IntN(len(issuers))]
	e.IssuerParam = e.LabelIssuer
	if r.IntN(3) == 0 {
		e.IssuerParam = ""
	}
	e.Issuer = e.IssuerParam
	if e.Issuer == "" {
		e.Issuer = e.LabelIssuer
	}
	if e.LabelIssuer == "" && strings.Contains(e.Account, ":") {
		e.LabelIssuer, e.Account, _ = strings.Cut(e.Account, ":")
		e.Issuer = e.IssuerParam
		if e.Issuer == "" {
			e.Issuer = e.LabelIssuer
		}
	}
	e.OTP = randomOTP(r)
	return e
}

func randomOTP(r *rand.Rand) vault.OTP {
	secret := make([]byte, 1+r.IntN(40))
	for i := range secret {
		secret[i] = byte(r.Uint32())
	}

	switch r.IntN(5) {
	case 0:
		return vault.OTP{Type: vault.HOTP, Algorithm: vault.SHA1,
			Digits: 6, Counter: r.Uint64(), Secret: secret}
	case 1:
		return vault.OTP{Type: vault.Steam, Algorithm: vault.SHA1,
			Digits: 5, Period: 30, Secret: secret}
	}
	algs := []vault.Algorithm{vault.SHA1, vault.SHA256, vault.SHA512}
	return vault.OTP{Type: vault.TOTP, Algorithm: algs[r.IntN(3)],
		Digits: 4 + r.IntN(7), Period: 1 + r.IntN(300), Secret: secret}
}

// formatKeyURI writes e as a Key URI, varying what the format allows:
// letter case and padding of the secret, and the label's separator.
func formatKeyURI(e Enrollment, r *rand.Rand) string {
	label := url.PathEscape(e.Account)
	if e.LabelIssuer != "" {
		seps := []string{":", "%3A", ":%20", "%3A%20"}
		label = url.PathEscape(e.LabelIssuer) + seps[r.IntN(4)] + label
	}

	secret := vault.EncodeSecret(e.OTP.Secret)
	if r.IntN(2) == 0 {
		secret = strings.ToLower(secret)
	}
	if n := len(secret) % 8; n != 0 && r.IntN(2) == 0 {
		secret += strings.Repeat("=", 8-n)
	}

	q := url.Values{"secret": {secret}}
	if e.IssuerParam != "" {
		q.Set("issuer", e.IssuerParam)
	}
	o := e.OTP
	if o.Type == vault.HOTP {
		q.Set("counter", fmt.Sprint(o.Counter))
	} else {
		q.Set("period", fmt.Sprint(o.Period))
	}
	q.Set("digits", fmt.Sprint(o.Digits))
	q.Set("algorithm", string(o.Algorithm))
	return fmt.Sprintf("otpauth://%s/%s?%s", o.Type, label, q.Encode())
}

func totp(secret string, a vault.Algorithm, digits, period int) vault.OTP {
	return vault.OTP{Type: vault.TOTP, Algorithm: a, Digits: digits,
		Period: period, Secret: []byte(secret)}
}

func hotp(secret string, counter uint64) vault.OTP {
	return vault.OTP{Type: vault.HOTP, Algorithm: vault.SHA1, Digits: 6,
		Counter: counter, Secret: []byte(secret)}
}

func steam(secret string) vault.OTP {
	return vault.OTP{Type: vault.Steam, Algorithm: vault.SHA1, Digits: 5,
		Period: 30, Secret: []byte(secret)}
}

func b32(s string) string {
	b, err := vault.DecodeSecret(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// diffEnrollment describes how got differs from want without showing
// either secret.
func diffEnrollment(got, want Enrollment) string {
	g, w := got, want
	g.OTP.Secret, w.OTP.Secret = nil, nil
	g.Extra, w.Extra = nil, nil
	if gs, ws := fmt.Sprintf("%+v", g), fmt.Sprintf("%+v", w); gs != ws {
		return fmt.Sprintf("got %s, want %s", gs, ws)
	}

	if string(got.OTP.Secret) != string(want.OTP.Secret) {
		return fmt.Sprintf("got secret %s, want %s",
			vault.Fingerprint(got.OTP.Secret),
			vault.Fingerprint(want.OTP.Secret))
	}
	if ge, we := got.Extra.Encode(), want.Extra.Encode(); ge != we {
		return fmt.Sprintf("got extra %s, want %s", ge, we)
	}
	return ""
}

func ExampleParse() {
	p := Parse("otpauth://totp/ACME%20Co:alice@example.com" +
		"?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&digits=8")
	if p.Err != nil {
		fmt.Println(p.Err)
		return
	}

	e := p.Enrollments[0]
	code, _ := e.OTP.Code(time.Unix(59, 0))
	fmt.Println(p.Kind, e.Issuer, e.Account, e.OTP.Digits, code)
	// Output: otpauth ACME Co alice@example.com 8 41996554
}

func ExampleParse_error() {
	p := Parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=12")
	fmt.Println(p.Err)
	// Output:
	// parsing otpauth URI: digits: not a whole number from 4 to 10
}
