package scanner

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// parseLink reads an http or https address the way a browser does, not
// as strictly as RFC 3986: a phone hands a scanned link to its browser,
// which takes backslashes for slashes, forgives stray percent signs,
// decodes a percent-encoded host and reads the full stops of other
// scripts (。．｡) as dots. A link that url.Parse refused would otherwise
// pass for plain text and escape every check of where it leads. It
// returns nil when s names no host.
func parseLink(s string) *url.URL {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return nil
	}
	// Browsers drop tabs and line breaks anywhere in an address.
	rest := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s[i+1:])
	rest = strings.ReplaceAll(rest, `\`, "/")
	rest = strings.TrimLeft(rest, "/")
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	auth, tail := rest[:end], rest[end:]

	u := &url.URL{Scheme: strings.ToLower(s[:i])}
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		name, pw, ok := strings.Cut(looseUnescape(auth[:at]), ":")
		u.User = url.User(name)
		if ok {
			u.User = url.UserPassword(name, pw)
		}
		auth = auth[at+1:]
	}
	host, port := splitPort(auth)
	host = linkHost(looseUnescape(host))
	if host == "" || len(host) > maxHost {
		return nil // no browser would find it
	}
	if _, err := strconv.ParseUint(port, 10, 16); port != "" && err != nil {
		return nil // browsers refuse such a port
	}
	u.Host = host
	if port != "" {
		u.Host += ":" + port
	}

	// The rest is split by hand: url.Parse would read a path that
	// starts with "//" as another host.
	tail, u.Fragment, _ = strings.Cut(tail, "#")
	tail, query, _ := strings.Cut(tail, "?")
	u.RawQuery = escapeControls(query)
	u.Path = tail
	if p, err := url.PathUnescape(tail); err == nil {
		u.Path = p // else shown escaped: it is only where the link goes
	}
	return u
}

// forbiddenHostRune reports the characters that no resolvable host
// holds: ASCII other than letters, digits, hyphens, dots and
// underscores. Other scripts stay, for the lookalike checks to judge.
func forbiddenHostRune(r rune) bool {
	switch {
	case r >= 0x80, r == '-', r == '.', r == '_',
		'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	return true
}

// escapeControls percent-encodes the spaces and control characters of
// a query, as browsers send them.
func escapeControls(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitPort parts a host and its port, minding IPv6 literals.
func splitPort(auth string) (host, port string) {
	if strings.HasPrefix(auth, "[") {
		if j := strings.IndexByte(auth, ']'); j > 0 {
			host, rest := auth[:j+1], auth[j+1:]
			return host, strings.TrimPrefix(rest, ":")
		}
		return auth, ""
	}
	if j := strings.LastIndexByte(auth, ':'); j >= 0 {
		return auth[:j], auth[j+1:]
	}
	return auth, ""
}

// linkHost maps a host as a browser's address bar does (UTS #46: full
// stops of other scripts become dots, fullwidth letters ASCII, case is
// folded) and writes it in ASCII, punycode included, the form that is
// hard to dress up. A host that mapping refuses is still lower-cased
// with its dots mapped, so that it is judged rather than dropped. Empty
// labels are dropped: "github.com..evil.io" reads as what it imitates.
// It returns "" for what no browser would open.
func linkHost(h string) string {
	if strings.HasPrefix(h, "[") {
		// An IPv6 literal, or nothing a browser would open.
		ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
		if err != nil || !ip.Is6() || !strings.HasSuffix(h, "]") {
			return ""
		}
		return "[" + ip.String() + "]"
	}
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		h = a
	} else {
		h = fullStops.Replace(h)
		h = strings.ToLower(h)
	}
	if strings.ContainsFunc(h, forbiddenHostRune) {
		return ""
	}
	labels := strings.FieldsFunc(h, func(r rune) bool { return r == '.' })
	return strings.Join(labels, ".")
}

// looseUnescape decodes the percent escapes of s that are well formed
// and keeps the rest as written, as browsers do.
func looseUnescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' ||
		'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
