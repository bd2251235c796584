package app

import (
	"errors"
	"fmt"
	"image"
	"os"
	"strings"
	"time"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// Adder turns every way of adding an account into a Review, and saves
// what the person accepts. It keeps no picture: the review holds only
// the report, the secrets it would save and the picture's size.
type Adder struct {
	// Checker judges what was found. When it is nil, Load supplies it
	// at the first review, so a window that reviews nothing never
	// loads the provider list.
	Checker    *scanner.Checker
	Load       func() (*scanner.Checker, error)
	DecodeFile func(path string) ([]scanner.Code, error)
	Decode     func(img image.Image) ([]scanner.Code, error)
	AuditPath  string // "" keeps no audit log
	Now        func() time.Time

	// Known names the provider of a trusted issuer; nil names none.
	Known func(issuer string) (name, domain string)
}

// NewAdder returns an Adder that uses the scanner and checks with c.
func NewAdder(c *scanner.Checker, auditPath string) *Adder {
	return &Adder{Checker: c, DecodeFile: scanner.DecodeFile,
		Decode: scanner.Decode, AuditPath: auditPath, Now: time.Now,
		Known: builtinProvider()}
}

// builtinProvider looks issuers up in the allowlist Tessera ships,
// loading it at the first look-up rather than at start.
func builtinProvider() func(string) (string, string) {
	return func(issuer string) (string, string) {
		list, err := scanner.Builtin()
		if err != nil {
			return "", ""
		}
		p := list.Issuer(issuer)
		if p == nil {
			return "", ""
		}
		return p.Name, p.Domain()
	}
}

// checker returns a.Checker, loading it first if need be.
func (a *Adder) checker() (*scanner.Checker, error) {
	if a.Checker != nil {
		return a.Checker, nil
	}
	if a.Load == nil {
		return nil, errors.New("checking code: no provider list")
	}
	c, err := a.Load()
	if err != nil {
		return nil, fmt.Errorf("checking code: %w", err)
	}
	a.Checker = c
	return c, nil
}

// File reviews the picture at path.
func (a *Adder) File(path string) *Review {
	codes, err := a.DecodeFile(path)
	rv := a.review(FromFile, path, codes, err)
	rv.known = a.Known
	rv.File = path
	rv.Size = pictureSize(path)
	return rv
}

// Image reviews a picture already in memory: a screen capture or a
// pasted image. src says which.
func (a *Adder) Image(img image.Image, src string) *Review {
	codes, err := a.Decode(img)
	rv := a.review(src, "", codes, err)
	rv.known = a.Known
	rv.Size = img.Bounds().Size()
	return rv
}

func (a *Adder) review(src, file string, codes []scanner.Code,
	err error) *Review {
	var c *scanner.Checker
	if err == nil {
		c, err = a.checker()
	}
	if err != nil {
		return &Review{Source: src, Err: err,
			Report: scanner.Report{File: file, Verdict: scanner.Blocked}}
	}
	r := c.Check(file, codes, scanner.Options{})
	ps := make([]scanner.Payload, len(codes))
	for i, c := range codes {
		ps[i] = scanner.Parse(c.Text)
	}
	rv := newReview(src, r, ps)
	rv.Strictness = c.Policy().Strictness
	return rv
}

// Text reviews pasted text: an otpauth or migration URI.
func (a *Adder) Text(text, src string) *Review {
	p := scanner.Parse(strings.TrimSpace(text))
	return a.payload(p, src)
}

func (a *Adder) payload(p scanner.Payload, src string) *Review {
	c, err := a.checker()
	if err != nil {
		return &Review{Source: src, Err: err,
			Report: scanner.Report{Verdict: scanner.Blocked}}
	}
	cr := c.CheckPayload(p, scanner.Options{})
	r := scanner.Report{Verdict: cr.Verdict, Findings: []scanner.Finding{},
		Codes: []scanner.CodeReport{cr}}
	rv := newReview(src, r, []scanner.Payload{p})
	rv.known = a.Known
	rv.Strictness = c.Policy().Strictness
	return rv
}

// Save adds the selected accounts to s and records them in the audit
// log. A review that needs confirmation is saved only when confirmed is
// true; a blocked one never.
func (a *Adder) Save(s Store, rv *Review, confirmed bool) ([]vault.Account,
	error) {
	switch rv.Action() {
	case NoSave:
		return nil, errors.New("saving enrollment: nothing may be saved")
	case SaveConfirm:
		if !confirmed {
			return nil, fmt.Errorf("saving enrollment: %s code "+
				"not confirmed", rv.Verdict())
		}
	}
	if s == nil {
		return nil, fmt.Errorf("saving enrollment: %w", vault.ErrLocked)
	}

	var saved []vault.Account
	var warn error
	for _, acc := range rv.accounts() {
		got, err := s.Add(acc)
		switch {
		case errors.Is(err, vault.ErrNotFlushed):
			warn = err // saved all the same
		case err != nil:
			return saved, fmt.Errorf("saving %s: %w", acc.Issuer, err)
		}
		saved = append(saved, got)
	}
	return saved, errors.Join(a.audit(rv, "saved"), warn)
}

// Refuse records in the audit log that the person, or the verdict,
// turned the enrollment down.
func (a *Adder) Refuse(rv *Review) error { return a.audit(rv, "refused") }

func (a *Adder) audit(rv *Review, action string) error {
	if a.AuditPath == "" {
		return nil
	}
	for _, it := range rv.Items {
		if action == "saved" && !it.Selected {
			continue
		}
		e := vault.AuditEntry{Time: a.Now().UTC(), Action: action,
			Source: rv.Source, Issuer: it.Info.Issuer,
			Account: it.Info.Account, Verdict: string(it.Verdict),
			Findings:    rv.provenance(it).Findings,
			Fingerprint: it.Info.SecretFingerprint}
		if err := vault.Audit(a.AuditPath, e); err != nil {
			return fmt.Errorf("writing audit log: %w", err)
		}
	}
	return nil
}

// pictureSize reads only the header of the picture at path.
func pictureSize(path string) image.Point {
	f, err := os.Open(path)
	if err != nil {
		return image.Point{}
	}
	defer f.Close()
	c, _, err := image.DecodeConfig(f)
	if err != nil {
		return image.Point{}
	}
	return image.Pt(c.Width, c.Height)
}

// DeleteSource removes the picture a review was read from: after saving,
// it is a copy of the secret lying on disk.
func DeleteSource(rv *Review) error {
	if rv.File == "" {
		return errors.New("deleting picture: the code came from no file")
	}
	if err := os.Remove(rv.File); err != nil {
		return fmt.Errorf("deleting picture: %w", err)
	}
	return nil
}
