package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/tessera-auth/tessera/scanner"
)

// runScan decodes and judges the enrollment codes in pictures, changing
// nothing. Exit status: 0 when nothing is suspicious or blocked, 1 when
// something is, 2 when an input could not be read (2 wins).
func runScan(e *env, args []string) error {
	fs := newFlags(e, "scan")
	asJSON := fs.Bool("json", false, "print one JSON object per picture")
	reveal := fs.Bool("reveal", false,
		"include each payload's text, secrets included")
	policy := fs.String("policy", "", "apply the policy in `FILE` too")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitError(2)
	}

	checker, err := loadChecker(e, *policy)
	if err != nil {
		return err
	}
	inputs := scanInputs(fs.Args())

	status := 0
	opt := scanner.Options{Reveal: *reveal}
	for _, in := range inputs {
		r := scanOne(e, checker, in, opt)
		if err := printReport(e.stdout, r, *asJSON); err != nil {
			return err
		}
		status = max(status, reportStatus(r))
	}
	if status != 0 {
		return exitError(status)
	}
	return nil
}

// loadChecker loads the allowlist and the policies in force, and says
// on stderr which providers of the person's own files the managed
// policy leaves untrusted, so that their codes' verdicts surprise
// nobody.
func loadChecker(e *env, policy string) (*scanner.Checker, error) {
	c, err := scanner.LoadChecker(policy)
	if err != nil {
		return nil, inputError{hintError{err,
			"the policy format is described in docs/policy.md"}}
	}
	for _, p := range c.Policy().IgnoredProviders {
		fmt.Fprintf(e.stderr, "tessera: provider \"%s\" not trusted: "+
			"the managed policy does not allow providers from other "+
			"files\n", printable(p.Name))
	}
	return c, nil
}

// scanInput is one picture to scan, or a part of a folder that could
// not be listed, which is reported like an unreadable picture.
type scanInput struct {
	path string
	err  error
}

// scanInputs expands folders into the pictures they hold, in a stable
// order; files and "-" (standard input) stand as given. A folder that
// cannot be read is an input in error, and the rest is still scanned.
func scanInputs(args []string) []scanInput {
	var out []scanInput
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil && carriesURI(a) {
			out = append(out, uriInput)
			continue
		}
		if a == "-" || err != nil || !fi.IsDir() {
			// A missing file is reported in its turn.
			out = append(out, scanInput{path: a})
			continue
		}
		paths, err := scanner.ImagePaths(a)
		for _, p := range paths {
			out = append(out, scanInput{path: p})
		}
		if len(paths) == 0 && err == nil {
			// Exit 0 here would pass a check that scanned nothing.
			err = errors.New("no PNG, JPEG, GIF, BMP or WebP " +
				"pictures in the folder")
		}
		out = append(out, unlisted(a, err)...)
	}
	return out
}

// uriInput stands for an otpauth URI given where a picture belongs. Its
// name is not the argument, which carries a secret.
var uriInput = scanInput{path: "(an otpauth URI)",
	err: errors.New("reading picture: the argument holds an otpauth " +
		"URI, not a picture (not shown: it holds a secret)")}

// unlisted turns the error of listing folder into inputs in error, one
// per part of the folder that could not be read.
func unlisted(folder string, err error) []scanInput {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []scanInput
	for _, e := range errs {
		in := scanInput{path: folder,
			err: fmt.Errorf("listing pictures: %w", e)}
		var pe *fs.PathError
		if errors.As(e, &pe) {
			in.path = pe.Path
		}
		out = append(out, in)
	}
	return out
}

func scanOne(e *env, c *scanner.Checker, in scanInput,
	opt scanner.Options) scanner.Report {
	var codes []scanner.Code
	err := in.err
	switch {
	case err != nil:
	case in.path == "-":
		codes, err = scanner.DecodeReader(e.stdin, "standard input")
	default:
		codes, err = scanner.DecodeFile(in.path)
	}
	if err != nil {
		// Nothing read from an unreadable picture can be saved.
		return scanner.Report{File: in.path, Verdict: scanner.Blocked,
			Findings: []scanner.Finding{}, Codes: []scanner.CodeReport{},
			Error: err.Error()}
	}
	return c.Check(in.path, codes, opt)
}

// reportStatus is the exit status one report calls for.
func reportStatus(r scanner.Report) int {
	switch {
	case r.Error != "":
		return 2
	case r.Verdict == scanner.Suspicious || r.Verdict == scanner.Blocked:
		return 1
	}
	return 0
}

func printReport(w io.Writer, r scanner.Report, asJSON bool) error {
	if asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encoding report for %s: %v", r.File, err)
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	_, err := io.WriteString(w, reportText(r))
	return err
}

// reportText renders a report for people: the picture's verdict, then
// each code with what it would enroll and every finding as a sentence.
func reportText(r scanner.Report) string {
	var b strings.Builder
	if r.Error != "" {
		fmt.Fprintf(&b, "%s: error: %s\n", printable(r.File),
			printable(r.Error))
		return b.String()
	}
	fmt.Fprintf(&b, "%s: %s", printable(r.File), r.Verdict)
	switch len(r.Codes) {
	case 0:
		b.WriteString(" (no QR code found)")
	case 1:
	default:
		fmt.Fprintf(&b, " (%d codes)", len(r.Codes))
	}
	b.WriteString("\n")
	writeFindings(&b, "  ", r.Findings)
	for i, c := range r.Codes {
		writeCode(&b, i+1, c)
	}
	return b.String()
}

func writeCode(b *strings.Builder, n int, c scanner.CodeReport) {
	p := c.Position
	if p == [4]int{} {
		// Not from a picture: a URI typed or piped in has no place.
		fmt.Fprintf(b, "  code %d: %s, %s\n", n, c.Kind, c.Verdict)
	} else {
		fmt.Fprintf(b, "  code %d at (%d,%d)-(%d,%d): %s, %s\n",
			n, p[0], p[1], p[2], p[3], c.Kind, c.Verdict)
	}
	for _, en := range c.Enrollments {
		fmt.Fprintf(b, "    %s\n", enrollmentLine(en))
	}
	if c.URL != "" {
		fmt.Fprintf(b, "    link: %s\n", printable(c.URL))
	}
	if c.Text != "" && c.URL == "" {
		fmt.Fprintf(b, "    text: %s\n", printable(c.Text))
	}
	writeFindings(b, "    ", c.Findings)
}

func enrollmentLine(en scanner.EnrollmentInfo) string {
	who := en.Issuer
	if en.Account != "" {
		who += " / " + en.Account
	}
	if who == "" {
		who = "(no issuer or account)"
	}
	s := fmt.Sprintf("%s: %s %s, %d digits", printable(who),
		strings.ToUpper(string(en.Type)), en.Algorithm, en.Digits)
	if en.Period != 0 {
		s += fmt.Sprintf(", every %d s", en.Period)
	}
	return s + fmt.Sprintf(", %d-bit secret %s", en.SecretBits,
		en.SecretFingerprint)
}

func writeFindings(b *strings.Builder, indent string, fs []scanner.Finding) {
	for _, f := range fs {
		fmt.Fprintf(b, "%s%-7s %s: %s\n", indent, f.Severity, f.ID,
			printable(f.Message))
	}
}
