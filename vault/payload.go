package vault

import (
	"encoding/binary"
	"errors"
	"time"
)

// The payload is what the seal protects: the time of the save, then the
// accounts, each field in a fixed order. Integers are varints; strings
// and byte strings carry their length first. A binary form rather than
// JSON keeps opening 5,000 accounts well under the time budget, and a
// change to it is a new format version.
//
//	saved            seconds, nanoseconds
//	count            number of accounts
//	per account      id, issuer, name, type, algorithm, digits, period,
//	                 counter, secret, tags, note, icon, created, updated,
//	                 source, verdict, findings
//
// Lists (tags, findings) are a count followed by their strings.

func appendUvarint(b []byte, n uint64) []byte {
	return binary.AppendUvarint(b, n)
}

func appendBytes(b, s []byte) []byte {
	return append(appendUvarint(b, uint64(len(s))), s...)
}

func appendString(b []byte, s string) []byte {
	return append(appendUvarint(b, uint64(len(s))), s...)
}

func appendStrings(b []byte, s []string) []byte {
	b = appendUvarint(b, uint64(len(s)))
	for _, x := range s {
		b = appendString(b, x)
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return appendUvarint(b, uint64(t.Nanosecond()))
}

// encodePayload returns the plaintext of a vault holding accounts. Its
// buffer is sized for them at once: one grown by append would leave
// copies of the secrets behind that no one clears.
func encodePayload(saved time.Time, accounts []Account) []byte {
	b := appendTime(make([]byte, 0, payloadSize(saved, accounts)), saved)
	b = appendUvarint(b, uint64(len(accounts)))
	for _, a := range accounts {
		b = appendAccount(b, a)
	}
	return b
}

// payloadSize is the length of the payload of accounts, field by field
// as encodePayload writes them.
func payloadSize(saved time.Time, accounts []Account) int {
	n := timeSize(saved) + uvarintLen(uint64(len(accounts)))
	for _, a := range accounts {
		for _, s := range []string{a.ID, a.Issuer, a.Name,
			string(a.OTP.Type), string(a.OTP.Algorithm), a.Note, a.Icon,
			a.Enrolled.Source, a.Enrolled.Verdict} {
			n += stringSize(s)
		}
		n += uvarintLen(uint64(a.OTP.Digits)) +
			uvarintLen(uint64(a.OTP.Period)) + uvarintLen(a.OTP.Counter)
		n += uvarintLen(uint64(len(a.OTP.Secret))) + len(a.OTP.Secret)
		n += stringsSize(a.Tags) + stringsSize(a.Enrolled.Findings)
		n += timeSize(a.Created) + timeSize(a.Updated)
	}
	return n
}

func stringSize(s string) int { return uvarintLen(uint64(len(s))) + len(s) }

func stringsSize(l []string) int {
	n := uvarintLen(uint64(len(l)))
	for _, s := range l {
		n += stringSize(s)
	}
	return n
}

func timeSize(t time.Time) int {
	sec := t.Unix()
	return uvarintLen(uint64(sec)<<1^uint64(sec>>63)) +
		uvarintLen(uint64(t.Nanosecond()))
}

func appendAccount(b []byte, a Account) []byte {
	for _, s := range []string{a.ID, a.Issuer, a.Name,
		string(a.OTP.Type), string(a.OTP.Algorithm)} {
		b = appendString(b, s)
	}
	b = appendUvarint(b, uint64(a.OTP.Digits))
	b = appendUvarint(b, uint64(a.OTP.Period))
	b = appendUvarint(b, a.OTP.Counter)
	b = appendBytes(b, a.OTP.Secret)
	b = appendStrings(b, a.Tags)
	b = appendString(b, a.Note)
	b = appendString(b, a.Icon)
	b = appendTime(b, a.Created)
	b = appendTime(b, a.Updated)
	b = appendString(b, a.Enrolled.Source)
	b = appendString(b, a.Enrolled.Verdict)
	return appendStrings(b, a.Enrolled.Findings)
}

var errPayload = errors.New("decoding accounts: malformed payload")

// decoder reads a payload, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || k != uvarintLen(n) {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) varint() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 || k != uvarintLen(uint64(n)<<1^uint64(n>>63)) {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

// uvarintLen is the length of the shortest encoding of n: only that one
// is accepted, so each payload has exactly one encoding.
func uvarintLen(n uint64) int {
	k := 1
	for ; n >= 0x80; n >>= 7 {
		k++
	}
	return k
}

// small reads a count or size, which can never exceed the bytes left.
func (d *decoder) small() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) bytes() []byte {
	n := d.small()
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) string() string { return string(d.bytes()) }

func (d *decoder) strings() []string {
	n := d.small()
	if n == 0 {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = d.string()
	}
	return s
}

func (d *decoder) time() time.Time {
	sec, nsec := d.varint(), d.uvarint()
	if nsec >= 1e9 {
		d.fail()
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *decoder) int() int {
	n := d.uvarint()
	if n > 1<<31 {
		d.fail()
	}
	return int(n)
}

func (d *decoder) fail() {
	d.err = errPayload
	d.b = nil
}

// decodePayload parses the plaintext of a vault. Secrets are copied out
// of b, which the caller clears.
func decodePayload(b []byte) ([]Account, error) {
	var accounts []Account
	if err := decodeInto(b, &accounts); err != nil {
		return nil, err
	}
	return accounts, nil
}

// decodeInto parses b into *accounts. On an error, the secrets of the
// accounts decoded before it are cleared, since no one will see them.
func decodeInto(b []byte, accounts *[]Account) error {
	d := &decoder{b: b}
	d.time()
	*accounts = make([]Account, d.small())
	for i := range *accounts {
		(*accounts)[i] = d.account()
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errPayload
	}
	if d.err != nil {
		for _, a := range *accounts {
			clear(a.OTP.Secret)
		}
	}
	return d.err
}

func (d *decoder) account() Account {
	var a Account
	a.ID, a.Issuer, a.Name = d.string(), d.string(), d.string()
	a.OTP.Type, a.OTP.Algorithm = Type(d.string()), Algorithm(d.string())
	a.OTP.Digits, a.OTP.Period = d.int(), d.int()
	a.OTP.Counter = d.uvarint()
	a.OTP.Secret = append([]byte(nil), d.bytes()...)
	a.Tags = d.strings()
	a.Note, a.Icon = d.string(), d.string()
	a.Created, a.Updated = d.time(), d.time()
	a.Enrolled.Source, a.Enrolled.Verdict = d.string(), d.string()
	a.Enrolled.Findings = d.strings()
	return a
}
