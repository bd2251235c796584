package main

import (
	"strconv"
	"strings"
)

// printable makes s safe to write to a terminal. An issuer, an account,
// a link or a file name is chosen by whoever made the code or the file,
// and a control character in it (an escape sequence, a carriage return,
// a newline, a bidi override) could rewrite what the person reads, a
// verdict included. Such characters are shown as Go escapes, \x1b or
// \u202e, and everything printable is left as it is.
func printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unprintable(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func unprintable(r rune) bool {
	return r != ' ' && !strconv.IsPrint(r)
}
