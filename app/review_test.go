package app

import (
	"errors"
	"image/color"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// judged builds a review of one code per verdict given, each with one
// account, as the checker would report them.
func judged(vs ...scanner.Verdict) *Review {
	r := scanner.Report{Verdict: scanner.Trusted}
	var ps []scanner.Payload
	for i, v := range vs {
		e := scanner.Enrollment{Issuer: "Issuer" + string(rune('A'+i)),
			Account: "someone", OTP: totp("", "").OTP}
		cr := scanner.CodeReport{Kind: scanner.KindOTPAuth, Verdict: v,
			Enrollments: []scanner.EnrollmentInfo{e.Info()}}
		if v == scanner.Suspicious {
			cr.Findings = []scanner.Finding{{ID: "lookalike",
				Severity: scanner.Danger,
				Message:  "issuer imitates a known provider"}}
		}
		if v.Worse(r.Verdict) {
			r.Verdict = v
		}
		r.Codes = append(r.Codes, cr)
		ps = append(ps, scanner.Payload{Kind: scanner.KindOTPAuth,
			Enrollments: []scanner.Enrollment{e}})
	}
	return newReview(FromFile, r, ps)
}

func TestReviewVerdicts(t *testing.T) {
	tests := []struct {
		v        scanner.Verdict
		action   Action
		headline string
	}{
		{scanner.Trusted, Save, "Trusted: IssuerA"},
		{scanner.Unverified, Save, "Unverified provider"},
		{scanner.Suspicious, SaveConfirm, "Suspicious"},
		{scanner.Blocked, NoSave, "Blocked"},
	}
	for i, tt := range tests {
		rv := judged(tt.v)
		if got := rv.Action(); got != tt.action {
			t.Errorf("#%d: action got %d, want %d", i, got, tt.action)
		}
		if got := rv.Headline(); got != tt.headline {
			t.Errorf("#%d: got %s, want %s", i, got, tt.headline)
		}
		if rv.Explain() == "" {
			t.Errorf("#%d: no explanation", i)
		}
	}
}

func TestVerdictColors(t *testing.T) {
	verdicts := []scanner.Verdict{scanner.Trusted, scanner.Unverified,
		scanner.Suspicious, scanner.Blocked}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight,
		theme.VariantDark} {
		bg := theme.DefaultTheme().Color(
			theme.ColorNameOverlayBackground, variant)
		seen := map[color.NRGBA]scanner.Verdict{}
		for _, v := range verdicts {
			c := VerdictColor(v, variant)
			if w, ok := seen[c]; ok {
				t.Errorf("variant %d: %s and %s share a colour",
					variant, v, w)
			}
			seen[c] = v
			if r := contrast(c, bg); r < 4.5 {
				t.Errorf("variant %d: %s reads at %.2f:1 on the "+
					"card, want 4.5:1", variant, v, r)
			}
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func TestReviewFindingsOrder(t *testing.T) {
	rv := judged(scanner.Trusted, scanner.Suspicious)
	rv.Report.Findings = []scanner.Finding{{ID: "several-codes",
		Severity: scanner.Warning, Message: "two accounts"}}
	rv.Report.Codes[0].Findings = []scanner.Finding{{ID: "known-provider",
		Severity: scanner.Info, Message: "IssuerA is known"}}
	var got []string
	for _, f := range rv.Findings() {
		got = append(got, f.ID)
	}
	want := "lookalike several-codes known-provider"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if !rv.FindingsFirst() {
		t.Error("a suspicious card shows its parameters before why")
	}
	if judged(scanner.Trusted).FindingsFirst() {
		t.Error("a trusted card shows its findings first")
	}
}

func TestReviewSelection(t *testing.T) {
	rv := judged(scanner.Trusted, scanner.Suspicious, scanner.Blocked)
	if rv.Selected() != 2 || rv.Items[2].Selected {
		t.Fatalf("got %d selected, want the two not blocked",
			rv.Selected())
	}
	if rv.Action() != SaveConfirm {
		t.Errorf("with suspicious: got %d, want SaveConfirm", rv.Action())
	}
	rv.Select(1, false)
	if rv.Action() != Save || rv.Headline() != "Trusted: IssuerA" {
		t.Errorf("trusted only: got %d %s", rv.Action(), rv.Headline())
	}
	rv.Select(2, true)
	if rv.Items[2].Selected {
		t.Errorf("a blocked account was selected")
	}
	rv.Select(0, false)
	if rv.Action() != NoSave {
		t.Errorf("none selected: got %d, want NoSave", rv.Action())
	}
}

func TestReviewPictureDanger(t *testing.T) {
	rv := judged(scanner.Trusted, scanner.Trusted)
	rv.Report.Findings = []scanner.Finding{{ID: "several-codes",
		Severity: scanner.Danger, Message: "two codes claim IssuerA"}}
	if rv.Verdict() != scanner.Suspicious || rv.Action() != SaveConfirm {
		t.Errorf("got %s, want suspicious", rv.Verdict())
	}
	if f := rv.Findings(); len(f) != 1 || f[0].ID != "several-codes" {
		t.Errorf("findings: got %v", f)
	}
}

func TestReviewNotEnrollment(t *testing.T) {
	r := scanner.Report{Verdict: scanner.Unverified,
		Codes: []scanner.CodeReport{{Kind: scanner.KindURL,
			URL: "https://evil.example/login?x=1"}}}
	rv := newReview(FromScreen, r, []scanner.Payload{{Kind: scanner.KindURL}})
	if rv.Action() != NoSave || rv.Headline() != "Not an enrollment code" {
		t.Errorf("got %d %s", rv.Action(), rv.Headline())
	}
	if !strings.Contains(rv.Explain(), "evil.example") {
		t.Errorf("got %q, want the link's host", rv.Explain())
	}
	empty := newReview(FromScreen, scanner.Report{}, nil)
	if empty.Headline() != "No code found" || empty.Action() != NoSave {
		t.Errorf("empty: got %s", empty.Headline())
	}
}

func TestSaveRules(t *testing.T) {
	a := &Adder{}
	tests := []struct {
		v         scanner.Verdict
		confirmed bool
		saved     int
	}{
		{scanner.Trusted, false, 1},
		{scanner.Unverified, false, 1},
		{scanner.Suspicious, false, 0},
		{scanner.Suspicious, true, 1},
		{scanner.Blocked, true, 0},
	}
	for i, tt := range tests {
		s := newStore()
		got, err := a.Save(s, judged(tt.v), tt.confirmed)
		if len(s.accounts) != tt.saved || len(got) != tt.saved {
			t.Errorf("#%d: got %d saved (%v), want %d", i,
				len(s.accounts), err, tt.saved)
		}
		if (err == nil) != (tt.saved == 1) {
			t.Errorf("#%d: got error %v", i, err)
		}
	}
	_, err := a.Save(nil, judged(scanner.Trusted), false)
	if !errors.Is(err, vault.ErrLocked) {
		t.Errorf("locked: got %v, want ErrLocked", err)
	}
}

func TestSavedAccount(t *testing.T) {
	s := newStore()
	rv := judged(scanner.Trusted, scanner.Unverified)
	if _, err := (&Adder{}).Save(s, rv, false); err != nil {
		t.Fatal(err)
	}
	got := s.accounts
	if len(got) != 2 || got[0].Icon != "issuera" || got[1].Icon != "" {
		t.Fatalf("got %+v, want an icon for the trusted one only", got)
	}
	if got[0].Enrolled.Source != FromFile ||
		got[0].Enrolled.Verdict != "trusted" {
		t.Errorf("provenance: got %+v", got[0].Enrolled)
	}
	if string(got[0].OTP.Secret) != string(rfcSecret) {
		t.Errorf("secret not carried to the vault")
	}
}

func TestDeleteSource(t *testing.T) {
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "x"))
	rv := &Review{File: p}
	if err := DeleteSource(rv); err != nil {
		t.Fatal(err)
	}
	if err := DeleteSource(rv); err == nil {
		t.Errorf("second delete: got nil, want an error")
	}
	if err := DeleteSource(&Review{}); err == nil {
		t.Errorf("no file: got nil, want an error")
	}
}

func TestTrustedHeadline(t *testing.T) {
	rv := testAdder(t).Text("otpauth://totp/Salesforce:a@b.c?secret="+
		testSecret+"&issuer=Salesforce", FromClipboard)
	if rv.Verdict() != scanner.Trusted {
		t.Skipf("the allowlist does not trust Salesforce: %s",
			rv.Verdict())
	}
	want := "Trusted: Salesforce (salesforce.com)"
	if got := rv.Headline(); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := rv.accounts()[0].Icon; got != "salesforce" {
		t.Errorf("icon got %q, want salesforce", got)
	}
}

// TestWarnedAsks checks that under the "warned" strictness an
// unverified code is saved only once the person confirms.
func TestWarnedAsks(t *testing.T) {
	tests := []struct {
		strict scanner.Strictness
		want   Action
	}{
		{scanner.Allow, Save}, {scanner.Warn, SaveConfirm},
		{"", Save},
	}
	for i, tt := range tests {
		rv := judged(scanner.Unverified)
		rv.Strictness = tt.strict
		if got := rv.Action(); got != tt.want {
			t.Errorf("#%d: got action %d, want %d", i, got, tt.want)
		}
	}
	rv := judged(scanner.Unverified)
	rv.Strictness = scanner.Warn
	s := newStore()
	if _, err := (&Adder{}).Save(s, rv, false); err == nil ||
		len(s.accounts) != 0 {
		t.Errorf("saved an unconfirmed unverified code: %v", err)
	}
	if _, err := (&Adder{}).Save(s, rv, true); err != nil ||
		len(s.accounts) != 1 {
		t.Errorf("confirmed: got %v, %d saved", err, len(s.accounts))
	}
}
