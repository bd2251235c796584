package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The RFC 4226 appendix D and RFC 6238 appendix B seeds: ASCII digits
// repeated to the hash's output size.
var (
	seed20 = []byte("12345678901234567890")
	seed32 = []byte("12345678901234567890123456789012")
	seed64 = []byte("1234567890123456789012345678901234567890" +
		"123456789012345678901234")
)

// rfc4226 is RFC 4226 appendix D: for each count, the 31-bit truncated
// value and the 6-digit HOTP value.
var rfc4226 = []struct {
	truncated uint32
	code      string
}{
	{1284755224, "755224"},
	{1094287082, "287082"},
	{137359152, "359152"},
	{1726969429, "969429"},
	{1640338314, "338314"},
	{868254676, "254676"},
	{1918287922, "287922"},
	{82162583, "162583"},
	{673399871, "399871"},
	{645520489, "520489"},
}

func TestHOTPRFC4226(t *testing.T) {
	for i, tt := range rfc4226 {
		o := OTP{Type: HOTP, Algorithm: SHA1, Digits: 6,
			Counter: uint64(i), Secret: seed20}
		got, err := o.Code(time.Time{})
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if got != tt.code {
			t.Errorf("#%d: got %s, want %s", i, got, tt.code)
		}
	}
}

// TestHOTPLongDigits checks 9 and 10 digits, which the RFC does not
// tabulate, against its truncated values: 10 digits show the whole
// 31-bit value, zero-padded, and 9 digits its remainder mod 10^9.
func TestHOTPLongDigits(t *testing.T) {
	for i, tt := range rfc4226 {
		want := map[int]string{
			10: fmt.Sprintf("%010d", tt.truncated),
			9:  fmt.Sprintf("%09d", tt.truncated%1e9),
		}
		for digits, w := range want {
			o := OTP{Type: HOTP, Algorithm: SHA1, Digits: digits,
				Counter: uint64(i), Secret: seed20}
			got, err := o.Code(time.Time{})
			if err != nil {
				t.Fatalf("#%d: %v", i, err)
			}
			if got != w {
				t.Errorf("#%d (%d digits): got %s, want %s",
					i, digits, got, w)
			}
		}
	}
}

func TestTOTPRFC6238(t *testing.T) {
	tests := []struct {
		unix int64
		alg  Algorithm
		code string
	}{
		{59, SHA1, "94287082"},
		{59, SHA256, "46119246"},
		{59, SHA512, "90693936"},
		{1111111109, SHA1, "07081804"},
		{1111111109, SHA256, "68084774"},
		{1111111109, SHA512, "25091201"},
		{1111111111, SHA1, "14050471"},
		{1111111111, SHA256, "67062674"},
		{1111111111, SHA512, "99943326"},
		{1234567890, SHA1, "89005924"},
		{1234567890, SHA256, "91819424"},
		{1234567890, SHA512, "93441116"},
		{2000000000, SHA1, "69279037"},
		{2000000000, SHA256, "90698825"},
		{2000000000, SHA512, "38618901"},
		{20000000000, SHA1, "65353130"},
		{20000000000, SHA256, "77737706"},
		{20000000000, SHA512, "47863826"},
	}
	seeds := map[Algorithm][]byte{SHA1: seed20, SHA256: seed32,
		SHA512: seed64}

	for i, tt := range tests {
		o := OTP{Type: TOTP, Algorithm: tt.alg, Digits: 8, Period: 30,
			Secret: seeds[tt.alg]}
		got, err := o.Code(time.Unix(tt.unix, 0))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if got != tt.code {
			t.Errorf("#%d: got %s, want %s", i, got, tt.code)
		}
	}
}

// TestSteam uses two kinds of vector. The all-zero 20-byte secret at
// time steps 0 and 1 gives RYH4D and DR2DK in the published test suite
// of the MAKS11060/otp TypeScript library. The rest were computed for
// this test with a separate Python program (hmac, struct) written from
// the algorithm's description: HMAC-SHA1 over the 30-second step, RFC
// 4226 truncation, then five base-26 digits, least significant first,
// from the alphabet 23456789BCDFGHJKMNPQRTVWXY.
func TestSteam(t *testing.T) {
	tests := []struct {
		secret []byte
		unix   int64
		code   string
	}{
		{make([]byte, 20), 0, "RYH4D"},
		{make([]byte, 20), 29, "RYH4D"},
		{make([]byte, 20), 30, "DR2DK"},
		{seed20, 1469184207, "DTK4G"},
		{seed20, 1700000000, "R87JJ"},
		{seed20, 2000000000, "9N776"},
	}

	for i, tt := range tests {
		o := OTP{Type: Steam, Algorithm: SHA1, Digits: SteamDigits,
			Period: SteamPeriod, Secret: tt.secret}
		got, err := o.Code(time.Unix(tt.unix, 0))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if got != tt.code {
			t.Errorf("#%d: got %s, want %s", i, got, tt.code)
		}
	}
}

// refHOTP is RFC 4226 section 5.3 written out independently of the
// library, to check every digit count from 4 to 10.
func refHOTP(h func() hash.Hash, key []byte, c uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], c)
	m := hmac.New(h, key)
	m.Write(msg[:])
	sum := m.Sum(nil)

	off := sum[len(sum)-1] & 0x0f
	v := uint64(binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff)
	mod := uint64(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

func TestDigitCounts(t *testing.T) {
	hashes := map[Algorithm]func() hash.Hash{SHA1: sha1.New,
		SHA256: sha256.New, SHA512: sha512.New}
	key := []byte("a twenty byte secret")

	for alg, h := range hashes {
		for d := MinDigits; d <= MaxDigits; d++ {
			for c := uint64(0); c < 50; c++ {
				o := OTP{Type: HOTP, Algorithm: alg, Digits: d,
					Counter: c, Secret: key}
				got, err := o.Code(time.Time{})
				want := refHOTP(h, key, c, d)
				if err != nil || got != want {
					t.Fatalf("%s/%d/%d: got %s (%v), want %s",
						alg, d, c, got, err, want)
				}
			}
		}
	}
}

// oathCase is one random account and instant for the oathtool check.
type oathCase struct {
	o    OTP
	unix int64
}

// randomOathCase covers what oathtool can compute: TOTP with any of the
// three hashes and HOTP with SHA1, 6 to 8 digits.
func randomOathCase(r *rand.Rand) oathCase {
	secret := make([]byte, 1+r.IntN(64))
	for i := range secret {
		secret[i] = byte(r.Uint32())
	}
	algs := []Algorithm{SHA1, SHA256, SHA512}
	periods := []int{30, 30, 60, 15, 1, 90, 1 + r.IntN(600)}

	c := oathCase{o: OTP{Type: TOTP, Algorithm: algs[r.IntN(3)],
		Digits: 6 + r.IntN(3), Period: periods[r.IntN(len(periods))],
		Secret: secret}}
	c.unix = r.Int64N(1 << 34)
	if r.IntN(4) == 0 {
		c.o.Type, c.o.Algorithm = HOTP, SHA1
		c.o.Counter = r.Uint64N(1 << 48)
	}
	return c
}

// oathtoolCode asks oathtool for the code of c. The secret of these
// random cases protects nothing, so passing it in argv is harmless.
func oathtoolCode(c oathCase) (string, error) {
	args := []string{"-d", strconv.Itoa(c.o.Digits)}
	if c.o.Type == HOTP {
		args = append(args, "--hotp",
			"-c", strconv.FormatUint(c.o.Counter, 10))
	} else {
		args = append(args, "--totp="+string(c.o.Algorithm),
			"-s", strconv.Itoa(c.o.Period)+"s",
			"-N", "@"+strconv.FormatInt(c.unix, 10))
	}
	args = append(args, hex.EncodeToString(c.o.Secret))

	var stderr bytes.Buffer
	cmd := exec.Command("oathtool", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("running oathtool: %v: %s", err,
			strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// TestOathtool compares codes with OATH Toolkit's oathtool over random
// secrets, hashes, digit counts, periods, instants and counters.
func TestOathtool(t *testing.T) {
	if _, err := exec.LookPath("oathtool"); err != nil {
		t.Skip("oathtool is not installed; " +
			"apt-get install oathtool to run this check")
	}
	n := 400
	if testing.Short() {
		n = 40
	}
	r := rand.New(rand.NewPCG(4226, 6238))

	for i := range n {
		c := randomOathCase(r)
		want, err := oathtoolCode(c)
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}

		got, err := c.o.Code(time.Unix(c.unix, 0))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if got != want {
			t.Errorf("#%d (%s %s, %d digits, period %d, at %d, "+
				"counter %d): got %s, want %s", i, c.o.Type,
				c.o.Algorithm, c.o.Digits, c.o.Period, c.unix,
				c.o.Counter, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := OTP{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30,
		Secret: seed20}
	tests := []struct {
		edit func(*OTP)
		want string // "" means valid; otherwise a substring of the error
	}{
		{func(o *OTP) {}, ""},
		{func(o *OTP) { o.Digits = 4 }, ""},
		{func(o *OTP) { o.Digits = 10 }, ""},
		{func(o *OTP) { o.Period = 1 }, ""},
		{func(o *OTP) { o.Type, o.Period = HOTP, 0 }, ""},
		{func(o *OTP) { o.Type, o.Digits = Steam, 5 }, ""},
		{func(o *OTP) { o.Secret = nil }, "secret"},
		{func(o *OTP) { o.Type = "motp" }, "type"},
		{func(o *OTP) { o.Algorithm = "MD5" }, "algorithm"},
		{func(o *OTP) { o.Algorithm = "" }, "algorithm"},
		{func(o *OTP) { o.Digits = 3 }, "digits"},
		{func(o *OTP) { o.Digits = 11 }, "digits"},
		{func(o *OTP) { o.Period = 0 }, "period"},
		{func(o *OTP) { o.Period = -30 }, "period"},
		{func(o *OTP) { o.Period = MaxPeriod + 1 }, "period"},
		{func(o *OTP) { o.Type = Steam }, "digits"},
		{func(o *OTP) { o.Type, o.Digits, o.Period = Steam, 5, 60 },
			"period"},
		{func(o *OTP) { o.Type, o.Digits, o.Algorithm = Steam, 5, SHA256 },
			"algorithm"},
	}

	for i, tt := range tests {
		o := good
		tt.edit(&o)
		err := o.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("#%d: got %v, want no error", i, err)
		case tt.want != "" && err == nil:
			t.Errorf("#%d: got no error, want one about %s", i, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("#%d: got %v, want one about %s", i, err, tt.want)
		}
		if err == nil {
			continue
		}
		if _, cerr := o.Code(time.Unix(59, 0)); cerr == nil {
			t.Errorf("#%d: Code accepted an invalid OTP", i)
		}
	}
}

func TestCodeBeforeEpoch(t *testing.T) {
	o := OTP{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30,
		Secret: seed20}
	if _, err := o.Code(time.Unix(-1, 0)); err == nil {
		t.Error("got no error for a time before 1970")
	}
}

func TestDecodeSecret(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "12345678901234567890"},
		{"gezdgnbvgy3tqojqgezdgnbvgy3tqojq", "12345678901234567890"},
		{"GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", "12345678901234567890"},
		{"MFRGG===", "abc"},
		{"MFRGG", "abc"},
		{"mfrgg=", "abc"},
		{" MF\tRG\nG ", "abc"},
		{"JBSWY3DPEE", "Hello!"},
	}

	for i, tt := range tests {
		got, err := DecodeSecret(tt.in)
		if err != nil {
			t.Errorf("#%d: %v", i, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("#%d: got %q, want %q", i, got, tt.want)
		}
	}
}

func TestDecodeSecretErrors(t *testing.T) {
	bad := []string{
		"",
		"   ",
		"====",
		"GEZDGNB1",       // 1 is not in the base32 alphabet
		"GEZDGNB0",       // nor is 0
		"GEZ=DGNB",       // padding in the middle
		"A",              // 5 bits cannot make a byte
		"ABC",            // 15 bits: not a valid length
		"ABCDEF",         // 30 bits: not a valid length
		"GEZDGNBV-GY3TQ", // hyphens are not tolerated
	}

	for i, in := range bad {
		_, err := DecodeSecret(in)
		if err == nil {
			t.Errorf("#%d: got no error", i)
			continue
		}
		if len(in) > 3 && strings.Contains(err.Error(), in) {
			t.Errorf("#%d: error quotes the secret", i)
		}
	}
}

func TestEncodeSecretRoundTrip(t *testing.T) {
	for n := 1; n <= 64; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*37 + n)
		}

		s := EncodeSecret(b)
		got, err := DecodeSecret(strings.ToLower(s))
		if err != nil || string(got) != string(b) {
			t.Errorf("#%d: round trip failed (%v)", n, err)
		}
	}
}

func TestSecondsLeft(t *testing.T) {
	tests := []struct {
		typ    Type
		period int
		unix   int64
		want   int
	}{
		{TOTP, 30, 0, 30},
		{TOTP, 30, 1, 29},
		{TOTP, 30, 29, 1},
		{TOTP, 30, 30, 30},
		{TOTP, 60, 1234567890, 30},
		{Steam, 30, 59, 1},
		{TOTP, 30, -1, 1},
		{HOTP, 30, 10, 0},
		{TOTP, 0, 10, 0},
	}

	for i, tt := range tests {
		o := OTP{Type: tt.typ, Period: tt.period}
		got := o.SecondsLeft(time.Unix(tt.unix, 0))
		if got != tt.want {
			t.Errorf("#%d: got %d, want %d", i, got, tt.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	// SHA-256 of "12345678901234567890" begins with these 8 bytes.
	want := "6ed645ef0e1abea1"
	if got := Fingerprint(seed20); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func ExampleOTP_Code() {
	secret, err := DecodeSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if err != nil {
		panic(err)
	}

	o := OTP{Type: TOTP, Algorithm: SHA1, Digits: 8, Period: 30,
		Secret: secret}
	code, err := o.Code(time.Unix(1111111109, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println(code, o.SecondsLeft(time.Unix(1111111109, 0)))
	// Output: 07081804 1
}

func ExampleDecodeSecret() {
	b, err := DecodeSecret("jbsw y3dp ee==")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes\n", len(b))
	// Output: 6 bytes
}

// BenchmarkCode measures one TOTP code; BenchmarkCodeReference is the
// bare HMAC and truncation, for a ratio that does not depend on the
// machine.
func BenchmarkCode(b *testing.B) {
	o := OTP{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30,
		Secret: seed20}
	at := time.Unix(1700000000, 0)
	for b.Loop() {
		if _, err := o.Code(at); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodeReference(b *testing.B) {
	for b.Loop() {
		refHOTP(sha1.New, seed20, 1700000000/30, 6)
	}
}
