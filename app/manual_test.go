package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// manualKey is a form for "Acme" that holds secret and the defaults.
func manualKey(secret string) Manual {
	m := DefaultManual()
	m.Issuer, m.Secret = "Acme", secret
	return m
}

func TestManualSecret(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{testSecret, rfcSecret},
		{strings.ToLower(testSecret), rfcSecret},
		{"GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", rfcSecret},
		{"gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq", rfcSecret},
		{"GEZDGNBVGY3TQOJQ\tGEZDGNBVGY3TQOJQ\n", rfcSecret},
		{"MFRGG===", []byte("abc")},
		{"MFRGG", []byte("abc")},
	}
	for i, tt := range tests {
		e, err := manualKey(tt.in).enrollment()
		if err != nil || !bytes.Equal(e.OTP.Secret, tt.want) {
			t.Errorf("#%d: got %x %v, want %x", i, e.OTP.Secret, err,
				tt.want)
		}
	}
}

// TestManualSecretErrors feeds secrets that cannot be base32, including
// lengths no encoder produces (RFC 4648 section 6), and checks that the
// error never repeats what was typed.
func TestManualSecretErrors(t *testing.T) {
	for i, in := range []string{"", "   ", "----", "====", "ABC1",
		"ÄBCD", "MFRGG=X", "hunter2!", "A", "ABC", "ABCDEF",
		"GEZDGNBVG"} {
		_, err := manualKey(in).enrollment()
		if err == nil {
			t.Errorf("#%d: got nil, want an error", i)
			continue
		}
		if s := strings.TrimSpace(in); len(s) > 1 &&
			strings.Contains(err.Error(), s) {
			t.Errorf("#%d: the error repeats the secret", i)
		}
	}
}

func FuzzManualSecret(f *testing.F) {
	f.Add(testSecret)
	f.Add("gezd gnbv")
	f.Add("gezd-gnbv")
	f.Add("MFRGG===")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := manualKey(s).enrollment()
		if err != nil {
			if len(s) > 3 && strings.Contains(err.Error(), s) {
				t.Fatalf("the error repeats its input")
			}
			return
		}
		if err := e.OTP.Validate(); err != nil {
			t.Fatalf("accepted an account that cannot make codes: %v",
				err)
		}
	})
}

func TestManual(t *testing.T) {
	a := testAdder(t)
	m := DefaultManual()
	m.Issuer, m.Account, m.Secret = "Acme", "erin", "gezd gnbv gy3t qojq"
	rv := a.Manual(m)
	if rv.Err != nil || len(rv.Items) != 1 || rv.Source != FromManual {
		t.Fatalf("got %v %d items", rv.Err, len(rv.Items))
	}
	e := rv.Items[0].enr
	if e.Issuer != "Acme" || e.OTP.Digits != 6 || e.OTP.Period != 30 ||
		!bytes.Equal(e.OTP.Secret, rfcSecret[:10]) {
		t.Errorf("got %+v", e)
	}
	if rv.Report.Codes[0].Text != "" {
		t.Errorf("the report carries the otpauth text")
	}
}

func TestManualSteam(t *testing.T) {
	m := Manual{Issuer: "Steam", Account: "x", Secret: testSecret,
		Type: vault.Steam, Algorithm: vault.SHA256, Digits: 8, Period: 30}
	rv := testAdder(t).Manual(m)
	if rv.Err != nil {
		t.Fatal(rv.Err)
	}
	o := rv.Items[0].enr.OTP
	if o.Digits != 5 || o.Algorithm != vault.SHA1 {
		t.Errorf("got %d digits %s, want 5 SHA1", o.Digits, o.Algorithm)
	}
}

func TestManualErrors(t *testing.T) {
	ok := DefaultManual()
	ok.Issuer, ok.Secret = "Acme", testSecret
	tests := []func(m *Manual){
		func(m *Manual) { m.Issuer = "" },
		func(m *Manual) { m.Secret = "not base32!" },
		func(m *Manual) { m.Digits = 3 },
		func(m *Manual) { m.Digits = 11 },
		func(m *Manual) { m.Period = 0 },
		func(m *Manual) { m.Period = vault.MaxPeriod + 1 },
		func(m *Manual) { m.Type = "motp" },
		func(m *Manual) { m.Algorithm = "MD5" },
	}
	a := testAdder(t)
	for i, change := range tests {
		m := ok
		change(&m)
		rv := a.Manual(m)
		if rv.Err == nil || rv.Action() != NoSave {
			t.Errorf("#%d: got %v, want an error", i, rv.Err)
		}
	}
}

// TestManualURI checks that the text a manual entry stands for parses
// back to the same account.
func TestManualURI(t *testing.T) {
	m := Manual{Issuer: "Acme Corp", Account: "a@b.c", Secret: testSecret,
		Type: vault.HOTP, Algorithm: vault.SHA256, Digits: 7, Counter: 9}
	e, err := m.enrollment()
	if err != nil {
		t.Fatal(err)
	}
	p := scanner.Parse(m.uri(e))
	if p.Err != nil || len(p.Enrollments) != 1 {
		t.Fatalf("got %v", p.Err)
	}
	got := p.Enrollments[0]
	if got.Issuer != "Acme Corp" || got.Account != "a@b.c" ||
		got.OTP.Counter != 9 || got.OTP.Digits != 7 ||
		got.OTP.Algorithm != vault.SHA256 ||
		!bytes.Equal(got.OTP.Secret, rfcSecret) {
		t.Errorf("got %+v", got)
	}
}

// TestManualPeriods checks that the form takes every period the vault
// can store, not a narrower range of its own.
func TestManualPeriods(t *testing.T) {
	for i, p := range []int{1, 30, 3601, vault.MaxPeriod} {
		m := manualKey(testSecret)
		m.Period = p
		e, err := m.enrollment()
		if err != nil || e.OTP.Period != p {
			t.Errorf("#%d: got %d %v, want period %d", i, e.OTP.Period,
				err, p)
		}
	}
}

// TestManualHOTPSaved saves a counter-based key typed by hand: it is
// stored without a period, whatever the form's period box holds, and
// gives RFC 4226 appendix D's code for its counter.
func TestManualHOTPSaved(t *testing.T) {
	m := manualKey(testSecret)
	m.Type, m.Counter, m.Period = vault.HOTP, 1, 30
	a := testAdder(t)
	rv := a.Manual(m)
	if rv.Err != nil {
		t.Fatal(rv.Err)
	}

	s := newStore()
	if _, err := a.Save(s, rv, rv.Action() == SaveConfirm); err != nil {
		t.Fatal(err)
	}
	o := s.accounts[0].OTP
	if o.Type != vault.HOTP || o.Period != 0 || o.Counter != 1 {
		t.Fatalf("got %s period %d counter %d, want hotp 0 1", o.Type,
			o.Period, o.Counter)
	}
	if err := o.Validate(); err != nil {
		t.Fatalf("saved account does not validate: %v", err)
	}
	if code, err := o.Code(time.Time{}); err != nil || code != "287082" {
		t.Errorf("got %s %v, want 287082", code, err)
	}
	checkAudit(t, a.AuditPath, "saved", "manual")
}
