package scanner

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldName is how issuers compare when they match: case-insensitively,
// in canonical composition, with runs of white space made one space.
func foldName(s string) string {
	s = norm.NFC.String(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// looseName keeps only the letters and digits of an ASCII name, so that
// "Git Hub" and "git-hub" meet "GitHub". Names with other characters get
// "": loosening them could hide a lookalike.
func looseName(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 0x80 {
			return ""
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// skeleton maps s to the characters it looks like (UTS #39): each
// character becomes its prototype from the confusable table, after
// decomposition, with diacritics and invisible characters dropped. It
// decomposes compatibility forms too (NFKD, where UTS #39 uses NFD), as
// the table lacks many fullwidth and ligature forms.
// Two strings with the same skeleton look alike to a person.
func skeleton(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || invisible(r) {
			continue
		}
		if t, ok := prototype(r); ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lookKeys returns the keys under which s meets the names it imitates:
// the letters and digits of its skeleton, lower-cased, taken both before
// and after lower-casing s (so that a capital I still looks like an l).
//
// The keys also fold "i" into "l". UTS #39 keeps them apart, but in the
// lower case of many fonts a dotless stroke passes for either, and the
// Cyrillic palochka ("ӏ"), which UTS #39 maps to "i", is the classic
// stand-in for "l" in lookalike domains. They write "w" as "vv", as
// UTS #39 writes "m" as "rn": "Bitvvarden" is Bitwarden to the eye.
func lookKeys(s string) [2]string {
	k := lookKey(s)
	lower := strings.ToLower(s)
	if lower == s {
		return [2]string{k, k}
	}
	return [2]string{k, lookKey(lower)}
}

func lookKey(s string) string {
	if isASCII(s) {
		return lookKeyASCII(s)
	}
	k := strings.ReplaceAll(alnumLower(skeleton(s)), "i", "l")
	return strings.ReplaceAll(k, "w", "vv")
}

// lookKeyASCII is lookKey for ASCII s, without the tables: most names
// are ASCII, and loading the allowlist computes thousands of keys. The
// cases are the ASCII entries of confusableTable (0, 1, I, m, |) and
// the i-to-l and w-to-vv folds; TestLookKeyASCII holds it to the general path.
func lookKeyASCII(s string) string {
	b := make([]byte, 0, len(s)+2)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '0':
			b = append(b, 'o')
		case c == '1' || c == 'I' || c == 'i' || c == '|':
			b = append(b, 'l')
		case c == 'm':
			b = append(b, 'r', 'n')
		case c == 'w' || c == 'W':
			b = append(b, 'v', 'v')
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z' || c >= '2' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

func alnumLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// invisible reports whether r draws nothing: format characters (zero
// width spaces and joiners, bidirectional controls, the byte order mark)
// and the blank fillers that are letters in Unicode's eyes.
func invisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F:
		return true
	}
	return unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// bidiControl reports whether r changes the direction text is shown in,
// which can make a name display as something other than what it is.
func bidiControl(r rune) bool {
	return r == 0x200E || r == 0x200F || r == 0x061C ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// hidden lists the invisible characters in s, described for people.
func hidden(s string) (names []string, bidi bool) {
	for _, r := range s {
		if invisible(r) {
			names = append(names, fmt.Sprintf("U+%04X", r))
			bidi = bidi || bidiControl(r)
		}
	}
	return names, bidi
}

// stripInvisible removes the characters hidden finds.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// scriptOf names the script of r, as in "Cyrillic".
func scriptOf(r rune) string {
	for _, name := range []string{"Latin", "Cyrillic", "Greek",
		"Armenian", "Cherokee", "Common", "Inherited"} {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	for name, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return name
		}
	}
	return "unassigned"
}

// oddChars describes the characters of s that are not plain ASCII, the
// way a message names them: `a Greek "ο"`, `a fullwidth "Ｄ"`.
func oddChars(s string) []string {
	var out []string
	seen := map[rune]bool{}
	for _, r := range s {
		if r < 0x80 || seen[r] || invisible(r) {
			continue
		}
		seen[r] = true
		out = append(out, describeRune(r))
	}
	return out
}

func describeRune(r rune) string {
	kind := scriptOf(r)
	switch {
	case r >= 0xFF00 && r <= 0xFFEF:
		kind = "fullwidth"
	case r >= 0x1D400 && r <= 0x1D7FF:
		kind = "mathematical"
	case kind == "Common" || kind == "Inherited":
		kind = "symbol"
	}
	art := "a"
	if strings.ContainsRune("AEIOUaeiou", rune(kind[0])) {
		art = "an"
	}
	return fmt.Sprintf("%s %s %q (U+%04X)", art, kind, string(r), r)
}

// asciiSwap describes how an ASCII lookalike of name differs from it, as
// in `"0" for "o"` or `"rn" for "m"`, or returns "" when it cannot tell.
func asciiSwap(s, name string) string {
	a, b := looseName(s), looseName(name)
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i >= len(a) || i >= len(b) {
		return ""
	}
	if strings.HasPrefix(a[i:], "rn") && b[i] == 'm' {
		return `"rn" for "m"`
	}
	if strings.HasPrefix(b[i:], "rn") && a[i] == 'm' {
		return `"m" for "rn"`
	}
	if strings.HasPrefix(a[i:], "vv") && b[i] == 'w' {
		return `"vv" for "w"`
	}
	return fmt.Sprintf("%q for %q", nthAlnum(s, i), string(b[i]))
}

// nthAlnum returns the i-th ASCII letter or digit of s, as written.
func nthAlnum(s string, i int) string {
	for _, c := range []byte(s) {
		if looseName(string(c)) == "" {
			continue
		}
		if i == 0 {
			return string(c)
		}
		i--
	}
	return ""
}
