package scanner

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/tessera-auth/tessera/scanner/migrationpb"
	"github.com/tessera-auth/tessera/vault"
)

// fixedTime is an arbitrary instant for computing codes in tests.
var fixedTime = time.Unix(1700000000, 0)

// Published export payloads, each with what its publisher says it holds.
const (
	// From the tests of github.com/dim13/otpauth: one TOTP account,
	// Example:alice@google.com with issuer Example and secret
	// JBSWY3DPEHPK3PXP, and no batch fields at all.
	migrationData1 = "CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNv" +
		"bRoHRXhhbXBsZTAC"

	// From the example of github.com/johncallahan/otpauth_migration: four
	// TOTP accounts of example companies, written here unescaped, with
	// "+", "/" and "=" as a careless exporter would leave them.
	migrationData4 = "Cj8KFGnEpnTMQ7KDguNWnddyGyCbSVLaEhhBQ01FIENvOmpvaG5A" +
		"ZXhhbXBsZS5jb20aB0FDTUUgQ28gASgBMAIKRAoUXkj+5MY2arwKjsnH2aDsbm6T" +
		"AlYSG0JldGEgTHRkLjpob21lckBleGFtcGxlLmNvbRoJQmV0YSBMdGQuIAEoATAC" +
		"CkgKFDDFyzUNPgYoI3q/KGHBdcNU9ptWEh1DYXRzICYgRG9nczptYXJnZUBleGFt" +
		"cGxlLmNvbRoLQ2F0cyAmIERvZ3MgASgBMAIKSAoUunHzbm5h/LUO0yilLMI+dYZY" +
		"1eISHURhaWx5IEJ1Z2xlOnBldGVyQGV4YW1wbGUuY29tGgtEYWlseSBCdWdsZSAB" +
		"KAEwAhABGAEgACjDnb+uAg=="

	// From a published Raspberry Pi two-factor example: the account
	// pi@raspberrypi, secret 7KSQL2JTUDIS5EF65KLMRQIIGY, with and without
	// issuer raspberrypi; percent-escaped as the app writes them.
	migrationPiIssuer = "CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgty" +
		"YXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B"
	migrationPi = "CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATAC" +
		"EAEYASAAKLzjp5n4%2F%2F%2F%2F%2FwE%3D"
)

func TestParseMigrationPublished(t *testing.T) {
	type account struct{ issuer, account, label, secret string }
	tests := []struct {
		data     string
		accounts []account
		batch    Batch
	}{
		{migrationData1, []account{{"Example", "alice@google.com",
			"Example", "JBSWY3DPEHPK3PXP"}}, Batch{0, 1, 0}},
		{migrationData4, []account{
			{"ACME Co", "john@example.com", "ACME Co", ""},
			{"Beta Ltd.", "homer@example.com", "Beta Ltd.", ""},
			{"Cats & Dogs", "marge@example.com", "Cats & Dogs", ""},
			{"Daily Bugle", "peter@example.com", "Daily Bugle", ""},
		}, Batch{0, 1, 634375875}},
		{migrationPiIssuer, []account{{"raspberrypi", "pi@raspberrypi",
			"", "7KSQL2JTUDIS5EF65KLMRQIIGY"}}, Batch{0, 1, -1320898453}},
		{migrationPi, []account{{"", "pi@raspberrypi", "",
			"7KSQL2JTUDIS5EF65KLMRQIIGY"}}, Batch{0, 1, -2094403140}},
	}

	for i, tt := range tests {
		p := Parse("otpauth-migration://offline?data=" + tt.data)
		if p.Err != nil {
			t.Fatalf("#%d: %v", i, p.Err)
		}
		if p.Batch == nil || *p.Batch != tt.batch {
			t.Errorf("#%d: got batch %+v, want %+v", i, p.Batch, tt.batch)
		}
		if len(p.Enrollments) != len(tt.accounts) {
			t.Fatalf("#%d: got %d accounts, want %d", i,
				len(p.Enrollments), len(tt.accounts))
		}

		for j, a := range tt.accounts {
			e := p.Enrollments[j]
			got := account{e.Issuer, e.Account, e.LabelIssuer, a.secret}
			if a.secret != "" && vault.EncodeSecret(e.OTP.Secret) != a.secret {
				t.Errorf("#%d.%d: the secret differs", i, j)
			}
			if got != a {
				t.Errorf("#%d.%d: got %+v, want %+v", i, j, got, a)
			}
			if err := e.OTP.Validate(); err != nil || e.OTP.Type != vault.TOTP {
				t.Errorf("#%d.%d: got %s (%v), want a TOTP account", i, j,
					e.OTP.Type, err)
			}
		}
	}
}

// TestMigrationWireFormat decodes bytes written out by hand from the
// protocol buffer encoding rules, so that a wrong field number or enum
// value in the schema cannot go unnoticed.
func TestMigrationWireFormat(t *testing.T) {
	wire := "0a18" + // field 1 (otp_parameters), 24 bytes:
		"0a03616263" + // secret "abc"
		"1205436f3a616c" + // name "Co:al"
		"1a02436f" + // issuer "Co"
		"2003" + // algorithm SHA512
		"2802" + // digits EIGHT
		"3001" + // type HOTP
		"382a" + // counter 42
		"1001" + // version 1
		"1803" + // batch_size 3
		"2002" + // batch_index 2
		"2807" // batch_id 7
	b, err := hex.DecodeString(wire)
	if err != nil {
		t.Fatal(err)
	}

	p := Parse(migrationURIBytes(b))
	if p.Err != nil {
		t.Fatal(p.Err)
	}
	want := Enrollment{Issuer: "Co", Account: "al", LabelIssuer: "Co",
		IssuerParam: "Co", OTP: vault.OTP{Type: vault.HOTP,
			Algorithm: vault.SHA512, Digits: 8, Counter: 42,
			Secret: []byte("abc")}}
	if d := diffEnrollment(p.Enrollments[0], want); d != "" {
		t.Error(d)
	}
	if *p.Batch != (Batch{Index: 2, Size: 3, ID: 7}) {
		t.Errorf("got batch %+v, want index 2, size 3, id 7", *p.Batch)
	}
}

func TestMigrationDataEncodings(t *testing.T) {
	raw, err := base64.StdEncoding.DecodeString(migrationData4)
	if err != nil {
		t.Fatal(err)
	}

	forms := []string{
		url.QueryEscape(base64.StdEncoding.EncodeToString(raw)),
		base64.RawStdEncoding.EncodeToString(raw),
		base64.URLEncoding.EncodeToString(raw),
		base64.RawURLEncoding.EncodeToString(raw),
	}
	for i, data := range forms {
		p := Parse("OTPAUTH-MIGRATION://OFFLINE?DATA=" + data)
		if p.Err != nil || len(p.Enrollments) != 4 {
			t.Errorf("#%d: got %d accounts (%v), want 4", i,
				len(p.Enrollments), p.Err)
		}
	}
}

func TestParseMigrationErrors(t *testing.T) {
	good := &migrationpb.Payload{OtpParameters: []*otpParams{
		{Secret: []byte(longSecret), Name: "a"}}}
	tests := []struct {
		uri  string
		want string
	}{
		{"otpauth-migration:offline?data=" + migrationData1,
			"otpauth-migration://offline"},
		{"otpauth-migration://online?data=" + migrationData1,
			"otpauth-migration://offline"},
		{"otpauth-migration://offline", "data: missing"},
		{"otpauth-migration://offline?data=", "data: not valid base64"},
		{"otpauth-migration://offline?data=%%%", "data"},
		{"otpauth-migration://offline?data=*!*", "data: not valid base64"},
		{"otpauth-migration://offline?data=" + migrationData1 + "&data=" +
			migrationData1, "data: given more than once"},
		{migrationURIBytes([]byte{0xff, 0xff, 0xff}),
			"data: not a Google Authenticator export"},
		{migrationURI(&migrationpb.Payload{Version: 1}), "no accounts"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.BatchIndex, m.BatchSize = 2, 2
		})), "batch"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.BatchIndex = -1
		})), "batch"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.BatchIndex = 1
		})), "batch"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Secret = nil
		})), "account 1 of 1: secret: missing"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Algorithm = migrationpb.Payload_ALGORITHM_MD5
		})), "account 1 of 1: algorithm: MD5"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Algorithm = 9
		})), "algorithm: unknown value 9"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Digits = 3
		})), "digits: unknown value 3"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Type = 5
		})), "type: unknown value 5"},
		{migrationURI(edit(good, func(m *migrationpb.Payload) {
			m.OtpParameters[0].Type = migrationpb.Payload_OTP_TYPE_HOTP
			m.OtpParameters[0].Counter = -1
		})), "counter: negative"},
		// proto3 strings must be UTF-8; the decoder refuses others.
		{migrationURIBytes([]byte{0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12,
			0x01, 0xff}), "data: not a Google Authenticator export"},
	}

	for i, tt := range tests {
		p := Parse(tt.uri)
		if p.Kind != KindMigration || p.Err == nil {
			t.Errorf("#%d: got kind %s, error %v; want a migration error",
				i, p.Kind, p.Err)
			continue
		}

		msg := p.Err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("#%d: got %q, want one naming %s", i, msg, tt.want)
		}
		if strings.Contains(msg, longSecret) {
			t.Errorf("#%d: the error quotes the secret", i)
		}
		if !strings.HasPrefix(msg, "parsing otpauth-migration URI: ") {
			t.Errorf("#%d: got %q, want it to say what was attempted",
				i, msg)
		}
	}
}

// TestMigrationPartial checks that one bad account does not hide the
// good ones, and that the error says which account is bad.
func TestMigrationPartial(t *testing.T) {
	m := &migrationpb.Payload{OtpParameters: []*otpParams{
		{Secret: []byte("one"), Name: "Co:first",
			Type: migrationpb.Payload_OTP_TYPE_TOTP},
		{Secret: []byte("two"), Name: "Co:second",
			Algorithm: migrationpb.Payload_ALGORITHM_MD5},
		{Secret: []byte("three"), Name: "Co:third",
			Digits: migrationpb.Payload_DIGIT_COUNT_EIGHT},
	}}

	p := Parse(migrationURI(m))
	if p.Err == nil || !strings.Contains(p.Err.Error(), "account 2 of 3") {
		t.Fatalf("got %v, want an error naming account 2 of 3", p.Err)
	}
	var names []string
	for _, e := range p.Enrollments {
		names = append(names, e.Account)
	}
	if got := strings.Join(names, ","); got != "first,third" {
		t.Errorf("got %s, want first,third", got)
	}
}

func TestMergeBatches(t *testing.T) {
	parts := exportParts(t, 3, 42)
	shuffled := []Payload{parts[2], parts[0], parts[1], parts[0]}

	es, err := MergeBatches(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Account)
	}
	want := "p0a,p0b,p1a,p1b,p2a,p2b"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestMergeBatchesIncomplete(t *testing.T) {
	parts := exportParts(t, 5, 42)

	_, err := MergeBatches([]Payload{parts[0], parts[2], parts[4]})
	var ie *IncompleteError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an *IncompleteError", err)
	}
	if ie.Size != 5 || !slices.Equal(ie.Missing, []int{1, 3}) {
		t.Errorf("got size %d, missing %v; want 5, [1 3]", ie.Size,
			ie.Missing)
	}
	want := "merging export: missing code 2, 4 of 5"
	if err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestMergeBatchesErrors(t *testing.T) {
	parts := exportParts(t, 2, 42)
	other := exportParts(t, 2, 43)
	bigger := exportParts(t, 3, 42)
	impostor := parts[1]
	impostor.Text += "&x=1"

	tests := []struct {
		ps   []Payload
		want string
	}{
		{nil, "no codes"},
		{[]Payload{parts[0], other[1]}, "code 2: belongs to another export"},
		{[]Payload{parts[0], bigger[1]}, "code 2: says the export has 3"},
		{[]Payload{parts[0], parts[1], impostor},
			"two different codes claim to be code 2 of 2"},
		{[]Payload{parts[0], Parse("https://example.com")},
			"code 2: not a Google Authenticator export"},
		{[]Payload{Parse("otpauth-migration://offline"), parts[0]},
			"code 1: parsing otpauth-migration URI: data: missing"},
		{[]Payload{parts[0], {Kind: KindMigration}}, "code 2: no batch"},
		{[]Payload{Parse(migrationURI(&migrationpb.Payload{
			BatchSize: math.MaxInt32, OtpParameters: []*otpParams{
				{Secret: []byte("one"), Name: "a"}}}))},
			"code 1: parsing otpauth-migration URI: batch: an export " +
				"of 2147483647 codes is over the limit of 1000"},
	}

	for i, tt := range tests {
		_, err := MergeBatches(tt.ps)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("#%d: got %v, want %s", i, err, tt.want)
		}
	}
}

// FuzzMergeBatches merges up to three arbitrary export payloads: no
// panic, an error or every account of every distinct code, and no
// secret in an error.
func FuzzMergeBatches(f *testing.F) {
	for _, d := range []string{migrationData1, migrationData4} {
		b, err := base64.StdEncoding.DecodeString(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, b, []byte{})
	}
	parts := exportParts(f, 2, 42)
	p0, p1 := migrationBytes(f, parts[0]), migrationBytes(f, parts[1])
	f.Add(p0, p1, []byte{})
	f.Add(p1, p0, p0)
	huge := &migrationpb.Payload{BatchSize: math.MaxInt32, BatchId: 1,
		OtpParameters: []*otpParams{{Secret: []byte("12345678901234567890"),
			Name: "a", Type: migrationpb.Payload_OTP_TYPE_TOTP}}}
	hb, err := proto.Marshal(huge)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(hb, p0, []byte{})

	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		var ps []Payload
		for _, d := range [][]byte{a, b, c} {
			if len(d) > 0 {
				ps = append(ps, Parse(migrationURIBytes(d)))
			}
		}
		es, err := MergeBatches(ps)
		if err != nil {
			for _, d := range [][]byte{a, b, c} {
				m := &migrationpb.Payload{}
				if proto.Unmarshal(d, m) != nil {
					continue
				}
				for _, op := range m.GetOtpParameters() {
					checkSecretNotIn(t, op.GetSecret(), err.Error())
				}
			}
			return
		}
		distinct := map[int]int{}
		for _, p := range ps {
			distinct[p.Batch.Index] = len(p.Enrollments)
		}
		n := 0
		for _, k := range distinct {
			n += k
		}
		if len(es) != n {
			t.Errorf("got %d accounts, want %d", len(es), n)
		}
	})
}

// migrationBytes is the protobuf message inside an export payload.
func migrationBytes(tb testing.TB, p Payload) []byte {
	tb.Helper()
	u, err := url.Parse(p.Text)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(u.Query().Get("data"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// exportParts makes the size codes of one export with batch id id, two
// accounts each.
func exportParts(t testing.TB, size int, id int32) []Payload {
	t.Helper()
	var ps []Payload
	for i := range size {
		m := &migrationpb.Payload{Version: 1, BatchSize: int32(size),
			BatchIndex: int32(i), BatchId: id}
		for _, s := range []string{"a", "b"} {
			name := "p" + string(rune('0'+i)) + s
			m.OtpParameters = append(m.OtpParameters,
				&otpParams{Secret: []byte(name), Name: name})
		}

		p := Parse(migrationURI(m))
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		ps = append(ps, p)
	}
	return ps
}

// edit returns a copy of m changed by f.
func edit(m *migrationPB, f func(*migrationPB)) *migrationPB {
	c := proto.Clone(m).(*migrationPB)
	f(c)
	return c
}

func migrationURI(m *migrationpb.Payload) string {
	b, err := proto.Marshal(m)
	if err != nil {
		panic(err)
	}
	return migrationURIBytes(b)
}

func migrationURIBytes(b []byte) string {
	return "otpauth-migration://offline?data=" +
		url.QueryEscape(base64.StdEncoding.EncodeToString(b))
}

// FuzzMigration feeds arbitrary bytes as an export's payload. Parse must
// not panic, what it accepts must be usable, and no error may show an
// account's secret in any common encoding.
func FuzzMigration(f *testing.F) {
	for _, d := range []string{migrationData1, migrationData4} {
		b, err := base64.StdEncoding.DecodeString(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x0a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63, 0x18, 0x02})

	f.Fuzz(func(t *testing.T, b []byte) {
		p := Parse(migrationURIBytes(b))
		if p.Kind != KindMigration {
			t.Fatalf("got kind %s, want %s", p.Kind, KindMigration)
		}
		if p.Err == nil {
			checkUsable(t, p)
			return
		}

		m := &migrationpb.Payload{}
		if proto.Unmarshal(b, m) != nil {
			return
		}
		msg := p.Err.Error()
		for _, op := range m.GetOtpParameters() {
			checkSecretNotIn(t, op.GetSecret(), msg)
		}
	})
}

func checkSecretNotIn(t *testing.T, secret []byte, msg string) {
	if len(secret) < 8 {
		return
	}
	forms := []string{string(secret), vault.EncodeSecret(secret),
		hex.EncodeToString(secret),
		base64.RawStdEncoding.EncodeToString(secret)}
	for _, f := range forms {
		if strings.Contains(msg, f) {
			t.Fatal("the error shows a secret")
		}
	}
}

func ExampleMergeBatches() {
	// The two codes of one export, scanned in the wrong order.
	var codes []string
	for i, name := range []string{"Co:alice", "Co:bob"} {
		codes = append(codes, migrationURI(&migrationPB{
			OtpParameters: []*otpParams{{Secret: []byte(name),
				Name: name}},
			BatchSize: 2, BatchIndex: int32(i), BatchId: 7}))
	}

	_, err := MergeBatches([]Payload{Parse(codes[1])})
	fmt.Println(err)

	es, err := MergeBatches([]Payload{Parse(codes[1]), Parse(codes[0])})
	if err != nil {
		panic(err)
	}
	for _, e := range es {
		fmt.Println(e.Issuer, e.Account)
	}
	// Output:
	// merging export: missing code 1 of 2
	// Co alice
	// Co bob
}
