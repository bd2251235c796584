package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tessera-auth/tessera/scanner"
)

// Tester is the enrollment tester: administrators check the codes they
// are about to hand out and see everything "tessera scan" reports.
// Nothing it reads is saved.
type Tester struct {
	Checker    *scanner.Checker
	DecodeFile func(path string) ([]scanner.Code, error)
}

// NewTester returns a Tester that checks with c.
func NewTester(c *scanner.Checker) *Tester {
	return &Tester{Checker: c, DecodeFile: scanner.DecodeFile}
}

// File reports on the picture at path.
func (t *Tester) File(path string) scanner.Report {
	codes, err := t.DecodeFile(path)
	if err != nil {
		return scanner.Report{File: path, Verdict: scanner.Blocked,
			Findings: []scanner.Finding{}, Codes: []scanner.CodeReport{},
			Error: err.Error()}
	}
	return t.Checker.Check(path, codes, scanner.Options{})
}

// Folder reports on every picture under dir, in path order. A folder
// inside dir that cannot be read does not stop it: the pictures found
// elsewhere are reported, and the error names each folder it skipped.
func (t *Tester) Folder(dir string) ([]scanner.Report, error) {
	paths, err := scanner.ImagePaths(dir)
	out := make([]scanner.Report, len(paths))
	for i, p := range paths {
		out[i] = t.File(p)
	}
	return out, err
}

// IsPicture reports whether path names a picture Tessera can read.
func IsPicture(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp":
		return true
	}
	return false
}

// Describe renders a report as the lines the tester shows, without any
// secret.
func Describe(r scanner.Report) []string {
	lines := []string{fmt.Sprintf("%s: %s", filepath.Base(r.File),
		VerdictText(r.Verdict, ""))}
	if r.Error != "" {
		return append(lines, "  error: "+r.Error)
	}
	lines = append(lines, findingLines("  ", r.Findings)...)
	if len(r.Codes) == 0 {
		lines = append(lines, "  no code found")
	}
	for i, c := range r.Codes {
		lines = append(lines, describeCode(i, c)...)
	}
	return lines
}

func describeCode(i int, c scanner.CodeReport) []string {
	p := c.Position
	lines := []string{fmt.Sprintf("  code %d: %s, %s, at (%d,%d)-(%d,%d)",
		i+1, c.Kind, c.Verdict, p[0], p[1], p[2], p[3])}
	if c.QR != nil {
		lines = append(lines, fmt.Sprintf("    QR version %d, level %s, "+
			"%.1f px/module, pass %s", c.QR.Version, c.QR.ECLevel,
			c.QR.ModuleSize, c.QR.Pass))
	}
	if c.URL != "" {
		lines = append(lines, "    link: "+c.URL)
	}
	for _, e := range c.Enrollments {
		lines = append(lines, "    "+describeEnrollment(e))
	}
	return append(lines, findingLines("    ", c.Findings)...)
}

func describeEnrollment(e scanner.EnrollmentInfo) string {
	s := fmt.Sprintf("%s %q / %q: %s, %d digits", e.Type, e.Issuer,
		e.Account, e.Algorithm, e.Digits)
	if e.Period > 0 {
		s += fmt.Sprintf(", %d s", e.Period)
	}
	return s + fmt.Sprintf(", %d-bit secret %s", e.SecretBits,
		e.SecretFingerprint)
}

func findingLines(indent string, fs []scanner.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s%s [%s] %s", indent,
			f.Severity, f.ID, f.Message))
	}
	return out
}
