package app

import (
	"fmt"
	"image"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// The sources an enrollment comes from, as the audit log names them.
const (
	FromFile      = "file"
	FromScreen    = "screen"
	FromClipboard = "clipboard"
	FromManual    = "manual"
	FromImport    = "import"
)

// Review is what the review card shows before anything is saved: every
// account found, the verdict, and what the person may do about it.
type Review struct {
	Source string         // one of the From constants
	File   string         // the picture's path when it came from a file
	Report scanner.Report // the verdict, free of secrets
	Items  []Item         // one per account found, across every code
	Size   image.Point    // the picture's size, for marking positions
	Err    error          // why nothing could be read

	// Strictness is the policy's word on unknown providers: under
	// "warned" an unverified code is saved only once confirmed.
	Strictness scanner.Strictness

	// known names a trusted issuer's provider and its domain.
	known func(issuer string) (name, domain string)
}

// Item is one account a code would add.
type Item struct {
	Code     int // index into Report.Codes
	Info     scanner.EnrollmentInfo
	Verdict  scanner.Verdict
	Selected bool
	enr      scanner.Enrollment // carries the secret; never shown
}

// Action is what the review card lets a person do.
type Action int

// The actions, from most to least permissive.
const (
	Save        Action = iota // save at once
	SaveConfirm               // save only after an explicit confirmation
	NoSave                    // nothing can be saved
)

// newReview pairs a secret-free report with the payloads it judged.
func newReview(src string, r scanner.Report, ps []scanner.Payload) *Review {
	rv := &Review{Source: src, Report: r}
	for i, p := range ps {
		if i >= len(r.Codes) {
			break
		}
		cr := r.Codes[i]
		for j, e := range p.Enrollments {
			it := Item{Code: i, Info: e.Info(), Verdict: cr.Verdict,
				enr: e}
			if j < len(cr.Enrollments) {
				it.Info = cr.Enrollments[j]
			}
			it.Selected = cr.Verdict != scanner.Blocked
			rv.Items = append(rv.Items, it)
		}
	}
	return rv
}

// Verdict is the verdict that governs saving what is selected: the worst
// of the selected accounts, and suspicious at least when the picture as
// a whole shows danger (a sticker over a real code).
func (r *Review) Verdict() scanner.Verdict {
	v := scanner.Trusted
	some := false
	for _, it := range r.Items {
		if it.Selected {
			some = true
			if it.Verdict.Worse(v) {
				v = it.Verdict
			}
		}
	}
	if !some {
		return r.Report.Verdict
	}
	for _, f := range r.Report.Findings {
		if f.Severity == scanner.Danger && scanner.Suspicious.Worse(v) {
			v = scanner.Suspicious
		}
	}
	return v
}

// Action says what the card allows for the current selection.
func (r *Review) Action() Action {
	if r.Err != nil || r.Selected() == 0 {
		return NoSave
	}
	switch r.Verdict() {
	case scanner.Trusted:
		return Save
	case scanner.Unverified:
		if r.Strictness == scanner.Warn {
			return SaveConfirm
		}
		return Save
	case scanner.Suspicious:
		return SaveConfirm
	}
	return NoSave
}

// Discard wipes the secrets the review holds and leaves nothing to
// save: the card was closed without a decision, by the lock.
func (r *Review) Discard() {
	for i := range r.Items {
		clear(r.Items[i].enr.OTP.Secret)
		r.Items[i].enr = scanner.Enrollment{}
		r.Items[i].Selected = false
	}
	r.Items = nil
}

// Selected counts the accounts ticked for saving.
func (r *Review) Selected() int {
	n := 0
	for _, it := range r.Items {
		if it.Selected {
			n++
		}
	}
	return n
}

// Select ticks or unticks item i; blocked accounts stay unticked.
func (r *Review) Select(i int, on bool) {
	if r.Items[i].Verdict == scanner.Blocked {
		on = false
	}
	r.Items[i].Selected = on
}

// Headline is the verdict in words, e.g. "Trusted: Salesforce".
func (r *Review) Headline() string {
	if r.Err != nil {
		return "Nothing could be read"
	}
	if len(r.Report.Codes) == 0 {
		return "No code found"
	}
	if len(r.Items) == 0 {
		return "Not an enrollment code"
	}
	return VerdictText(r.Verdict(), r.trustedIssuer())
}

func (r *Review) trustedIssuer() string {
	var names []string
	for _, it := range r.Items {
		if it.Selected && it.Verdict == scanner.Trusted {
			names = appendNew(names, r.providerText(it.Info.Issuer))
		}
	}
	return strings.Join(names, ", ")
}

// providerText is "Salesforce (salesforce.com)" for a known issuer.
func (r *Review) providerText(issuer string) string {
	if r.known == nil {
		return issuer
	}
	name, domain := r.known(issuer)
	switch {
	case name == "":
		return issuer
	case domain == "":
		return name
	}
	return name + " (" + domain + ")"
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// VerdictText puts a verdict in words; issuer names the provider of a
// trusted code.
func VerdictText(v scanner.Verdict, issuer string) string {
	switch v {
	case scanner.Trusted:
		if issuer == "" {
			return "Trusted provider"
		}
		return "Trusted: " + issuer
	case scanner.Unverified:
		return "Unverified provider"
	case scanner.Suspicious:
		return "Suspicious"
	case scanner.Blocked:
		return "Blocked"
	}
	return string(v)
}

// Explain is the sentence under the headline that says what to do.
func (r *Review) Explain() string {
	switch {
	case r.Err != nil:
		return r.Err.Error()
	case len(r.Report.Codes) == 0:
		return "No QR code was found. Try a larger or sharper picture."
	case len(r.Items) == 0:
		return r.notEnrollment()
	}
	switch r.Verdict() {
	case scanner.Trusted:
		return "This code comes from a provider Tessera knows."
	case scanner.Unverified:
		return "Tessera does not know this provider. Save it only if " +
			"you started this enrollment yourself."
	case scanner.Suspicious:
		return "This code looks like an attempt to take over an " +
			"account. Do not save it unless you are sure."
	}
	return "Your policy or a broken code forbids saving this."
}

func (r *Review) notEnrollment() string {
	c := r.Report.Codes[0]
	if c.URL != "" {
		return fmt.Sprintf("This code is a link to %s, not an "+
			"enrollment code.", linkHost(c.URL))
	}
	return "This code holds text, not an enrollment code."
}

func linkHost(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// Findings returns every finding as a sentence, the gravest first (the
// picture's before its codes' among equals).
func (r *Review) Findings() []scanner.Finding {
	out := append([]scanner.Finding(nil), r.Report.Findings...)
	for _, c := range r.Report.Codes {
		out = append(out, c.Findings...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return severityRank(out[i].Severity) > severityRank(out[j].Severity)
	})
	return out
}

func severityRank(s scanner.Severity) int {
	switch s {
	case scanner.Danger:
		return 2
	case scanner.Warning:
		return 1
	}
	return 0
}

// FindingsFirst reports whether the card shows the findings before the
// accounts' parameters: when they are the reason nothing, or nothing
// without a second thought, should be saved.
func (r *Review) FindingsFirst() bool {
	v := r.Verdict()
	return v == scanner.Suspicious || v == scanner.Blocked
}

// Migration reports whether the accounts came from an authenticator
// export, which the card shows as a checklist.
func (r *Review) Migration() bool {
	for _, c := range r.Report.Codes {
		if c.Kind == scanner.KindMigration {
			return true
		}
	}
	return false
}

// VerdictColor is the colour a verdict is shown in, on the dialog
// background of the theme variant v. Each reads at 4.5:1 or better on
// that background (the text contrast WCAG asks for), so the dark
// variant takes lighter shades of the same hues.
func VerdictColor(verdict scanner.Verdict, v fyne.ThemeVariant) color.NRGBA {
	dark := v == theme.VariantDark
	pick := func(light, onDark color.NRGBA) color.NRGBA {
		if dark {
			return onDark
		}
		return light
	}
	switch verdict {
	case scanner.Trusted:
		return pick(color.NRGBA{R: 0x15, G: 0x80, B: 0x3d, A: 0xff},
			color.NRGBA{R: 0x4a, G: 0xde, B: 0x80, A: 0xff})
	case scanner.Unverified:
		return pick(color.NRGBA{R: 0x94, G: 0x5a, B: 0x00, A: 0xff},
			color.NRGBA{R: 0xfb, G: 0xbf, B: 0x24, A: 0xff})
	case scanner.Suspicious:
		return pick(color.NRGBA{R: 0xc2, G: 0x41, B: 0x0c, A: 0xff},
			color.NRGBA{R: 0xfb, G: 0x92, B: 0x3c, A: 0xff})
	}
	return pick(color.NRGBA{R: 0x9f, G: 0x12, B: 0x39, A: 0xff},
		color.NRGBA{R: 0xfb, G: 0x71, B: 0x85, A: 0xff})
}

// accounts returns the selected items as accounts ready for the vault.
func (r *Review) accounts() []vault.Account {
	var out []vault.Account
	for _, it := range r.Items {
		if !it.Selected {
			continue
		}
		a := vault.Account{Issuer: it.enr.Issuer, Name: it.enr.Account,
			OTP: it.enr.OTP, Enrolled: r.provenance(it)}
		if it.Verdict == scanner.Trusted {
			a.Icon = IconKey(r.providerName(it.enr.Issuer))
		}
		out = append(out, a)
	}
	return out
}

func (r *Review) provenance(it Item) vault.Provenance {
	p := vault.Provenance{Source: r.Source, Verdict: string(it.Verdict)}
	for _, f := range r.Report.Findings {
		p.Findings = append(p.Findings, f.ID)
	}
	for _, f := range r.Report.Codes[it.Code].Findings {
		p.Findings = append(p.Findings, f.ID)
	}
	return p
}

func (r *Review) providerName(issuer string) string {
	if r.known != nil {
		if name, _ := r.known(issuer); name != "" {
			return name
		}
	}
	return issuer
}

// IconKey is the provider key a trusted issuer's icon is filed under.
func IconKey(issuer string) string {
	return strings.ToLower(strings.Join(strings.Fields(issuer), " "))
}
