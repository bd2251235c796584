package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tessera-auth/tessera/app"
	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// maxStdin bounds what "add -" reads: a picture or a URI.
const maxStdin = 64 << 20

// enrollment is one account a checked code would add.
type enrollment struct {
	scanner.Enrollment
	verdict  scanner.Verdict
	findings []string
}

// runAdd checks an enrollment code like scan does, shows the verdict,
// and saves its accounts: never when blocked, and when suspicious only
// after the person agrees (or --yes). Each account saved or refused goes
// to the audit log.
func runAdd(e *env, args []string) error {
	fs := newFlags(e, "add")
	policy := fs.String("policy", "", "apply the policy in `FILE` too")
	yes := fs.Bool("yes", false, "save a suspicious code without asking")
	source := fs.String("source", "", "record `SOURCE` (file, screen, "+
		"clipboard, manual, import) as where the code came from")
	if err := parseArgs(fs, args, 1); err != nil {
		return err
	}

	checker, err := loadChecker(e, *policy)
	if err != nil {
		return err
	}
	name, codes, src, err := readCodes(e, fs.Arg(0))
	if err != nil {
		return err
	}
	if *source != "" {
		src = *source
	}

	r := checker.Check(name, codes, scanner.Options{})
	fmt.Fprint(e.stdout, reportText(r))
	found := enrollments(r, codes)
	if len(found) == 0 {
		return fmt.Errorf("add: %s holds no enrollment code; nothing "+
			"was saved", name)
	}
	return decide(e, r.Verdict, found, src, *yes)
}

// readCodes reads the codes of arg: an otpauth URI, a picture file, or
// "-" for either on standard input. It also says where the code came
// from, for the audit log.
func readCodes(e *env, arg string) (string, []scanner.Code, string,
	error) {
	if isURI(arg) {
		return "the URI", []scanner.Code{{Text: arg}}, "manual", nil
	}
	if _, err := os.Stat(arg); err != nil && carriesURI(arg) {
		return "", nil, "", usageError{"add: the argument holds an " +
			"otpauth URI inside other text, neither a URI nor a " +
			"picture (not shown: it holds a secret)"}
	}
	if arg != "-" {
		codes, err := scanner.DecodeFile(arg)
		return arg, codes, "file", err
	}

	b, err := io.ReadAll(io.LimitReader(e.stdin, maxStdin))
	if err != nil {
		return "", nil, "", fmt.Errorf("add: reading standard input: %w",
			err)
	}
	if text := string(bytes.TrimSpace(b)); isURI(text) {
		return "the URI", []scanner.Code{{Text: text}}, "manual", nil
	}
	codes, err := scanner.DecodeReader(bytes.NewReader(b),
		"standard input")
	return "standard input", codes, "file", err
}

// isURI reports whether s is an otpauth or otpauth-migration URI, white
// space around it included: such an argument carries a secret, so it
// must never be echoed back as a file name that could not be opened.
func isURI(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "otpauth:") ||
		strings.HasPrefix(s, "otpauth-migration:")
}

// carriesURI reports whether s holds an otpauth URI anywhere, as a
// link that wraps one does, its colon written or escaped: such an
// argument is never echoed either. A file name such as
// "otpauth-codes.png" holds none.
func carriesURI(s string) bool {
	s = strings.ToLower(s)
	for _, scheme := range []string{"otpauth", "otpauth-migration"} {
		if strings.Contains(s, scheme+":") ||
			strings.Contains(s, scheme+"%3a") {
			return true
		}
	}
	return false
}

// enrollments lists the accounts of every well-formed enrollment code in
// r, each judged by the worse of its code's and the picture's verdicts.
func enrollments(r scanner.Report, codes []scanner.Code) []enrollment {
	var out []enrollment
	for i, c := range codes {
		p := scanner.Parse(c.Text)
		if p.Err != nil || i >= len(r.Codes) {
			continue
		}
		cr := r.Codes[i]
		v := cr.Verdict
		if r.Verdict.Worse(v) {
			v = r.Verdict
		}
		ids := findingIDs(r.Findings, cr.Findings)
		for _, en := range p.Enrollments {
			out = append(out, enrollment{en, v, ids})
		}
	}
	return out
}

func findingIDs(lists ...[]scanner.Finding) []string {
	ids := []string{}
	for _, l := range lists {
		for _, f := range l {
			if !slices.Contains(ids, f.ID) {
				ids = append(ids, f.ID)
			}
		}
	}
	return ids
}

// decide refuses, asks about, or saves the enrollments found.
func decide(e *env, verdict scanner.Verdict, found []enrollment,
	src string, yes bool) error {
	p := newPrompter(e)
	switch {
	case verdict == scanner.Blocked:
		return refuse(e, found, src, hintError{
			errors.New("add: the code is blocked; nothing was saved"),
			"the findings above say why"})
	case verdict == scanner.Suspicious && !yes &&
		!p.confirm("This code looks like an attack (see above). Save it "+
			"anyway? [y/N] "):
		return refuse(e, found, src,
			errors.New("add: nothing was saved"))
	}

	v, err := openVault(e, p, false)
	if err != nil {
		return err
	}
	defer v.Close()
	for _, en := range found {
		if err := save(e, v, en, src); err != nil {
			return err
		}
	}
	return nil
}

// refuse logs every enrollment as refused and returns why.
func refuse(e *env, found []enrollment, src string, why error) error {
	path, err := vaultPath(e)
	if err != nil {
		return err
	}
	for _, en := range found {
		err := vault.Audit(vault.AuditPath(path),
			auditEntry("refused", en, src))
		if err != nil {
			return fmt.Errorf("%w; and logging it failed: %v", why, err)
		}
	}
	return why
}

// save adds one enrollment unless the vault already holds it, and logs
// it.
func save(e *env, v *vault.Vault, en enrollment, src string) error {
	for _, a := range v.Accounts() {
		if a.Issuer == en.Issuer && a.Name == en.Account &&
			bytes.Equal(a.OTP.Secret, en.OTP.Secret) {
			fmt.Fprintf(e.stdout, "already saved: %s\n", label(a))
			return nil
		}
	}

	a, err := v.Add(vault.Account{Issuer: en.Issuer, Name: en.Account,
		OTP: en.OTP, Icon: iconKey(en.Issuer, en.verdict),
		Enrolled: vault.Provenance{Source: src,
			Verdict: string(en.verdict), Findings: en.findings}})
	if err := saved(e, err); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "saved %s (%s)\n", label(a), a.ID)

	err = vault.Audit(vault.AuditPath(v.Path()),
		auditEntry("saved", en, src))
	if err != nil {
		return fmt.Errorf("the account was saved, but logging it "+
			"failed: %w", err)
	}
	return nil
}

func auditEntry(action string, en enrollment, src string) vault.AuditEntry {
	return vault.AuditEntry{Time: time.Now().UTC(), Action: action,
		Source: src, Issuer: en.Issuer, Account: en.Account,
		Verdict: string(en.verdict), Findings: en.findings,
		Fingerprint: vault.Fingerprint(en.OTP.Secret)}
}

// iconKey files a trusted issuer's account under its provider's icon, as
// the window does; other accounts get none, so that an impostor never
// wears a real provider's icon.
func iconKey(issuer string, v scanner.Verdict) string {
	if v != scanner.Trusted {
		return ""
	}
	if list, err := scanner.Builtin(); err == nil {
		if p := list.Issuer(issuer); p != nil {
			return app.IconKey(p.Name)
		}
	}
	return app.IconKey(issuer)
}
