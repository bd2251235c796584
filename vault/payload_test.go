package vault

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPayloadRoundTrip(t *testing.T) {
	when := time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.UTC)
	in := []Account{
		totpAccount("ACME", "alice"),
		{ID: "x", OTP: OTP{Type: HOTP, Counter: 1 << 63,
			Secret: []byte{0}}, Created: when, Updated: when},
		{},
	}
	got, err := decodePayload(encodePayload(when, in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("got %+v, want %+v", got, in)
	}
}

func TestPayloadMalformed(t *testing.T) {
	good := encodePayload(time.Unix(1, 0), []Account{
		totpAccount("ACME", "alice")})
	for n := 0; n < len(good); n++ {
		if _, err := decodePayload(good[:n]); err == nil {
			t.Errorf("%d of %d bytes decoded", n, len(good))
		}
	}
	if _, err := decodePayload(append(good, 0)); err == nil {
		t.Error("a trailing byte was accepted")
	}
	// 0x80 0x00 is zero in two bytes: a second encoding of one payload.
	if _, err := decodePayload([]byte{0x30, 0x30, 0x80, 0x00}); err == nil {
		t.Error("a varint longer than needed was accepted")
	}
	huge := []byte{0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}
	if _, err := decodePayload(huge); err == nil {
		t.Error("a count beyond the data was accepted")
	}
}

// FuzzPayload checks that the payload decoder never panics and that
// what it accepts encodes back to the same bytes.
func FuzzPayload(f *testing.F) {
	f.Add(encodePayload(time.Unix(5, 6), []Account{
		totpAccount("ACME", "alice"), {}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		accounts, err := decodePayload(b)
		if err != nil {
			return
		}
		d := &decoder{b: b}
		saved := d.time()
		if again := encodePayload(saved, accounts); !bytes.Equal(again,
			b) {
			t.Fatalf("round trip: got %x, want %x", again, b)
		}
	})
}

// Every payload's buffer is sized once: append never grows it, which
// would drop a copy of the secrets uncleared.
func TestPayloadSizedOnce(t *testing.T) {
	long := totpAccount("ACME", "alice")
	long.Note = strings.Repeat("n", 1000)
	long.OTP.Secret = bytes.Repeat([]byte{7}, 300)
	long.Created = time.Date(1960, 1, 1, 0, 0, 0, 1, time.UTC)
	for i, accounts := range [][]Account{nil, {{}}, {long},
		{long, totpAccount("B", "b"), {}}} {
		b := encodePayload(time.Unix(-5, 999), accounts)
		if len(b) != cap(b) {
			t.Errorf("#%d: got len %d, cap %d; want them equal", i,
				len(b), cap(b))
		}
	}
}

// A payload that fails to decode leaves no secret behind in the
// accounts decoded before the fault.
func TestPayloadMalformedClears(t *testing.T) {
	good := encodePayload(time.Unix(1, 0), []Account{
		totpAccount("ACME", "alice"), totpAccount("ACME", "bob")})
	bad := good[:len(good)-3]
	var got []Account
	if err := decodeInto(bad, &got); err == nil {
		t.Fatal("a truncated payload decoded")
	}
	if len(got[0].OTP.Secret) != len(rfcSecret) {
		t.Fatalf("the first account was not decoded: %d bytes of secret",
			len(got[0].OTP.Secret))
	}
	for i, a := range got {
		if !bytes.Equal(a.OTP.Secret, make([]byte, len(a.OTP.Secret))) {
			t.Errorf("#%d: the secret was left in memory", i)
		}
	}
}
