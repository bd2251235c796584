package main

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// runCode prints codes: for one otpauth URI given on the command line (the
// reference path that cross-checks use), or for the vault's accounts.
func runCode(e *env, args []string) error {
	if !hasFlag(args, "uri") {
		return vaultCode(e, args)
	}
	fs := newFlags(e, "code")
	at := fs.String("at", "", "compute the code for `TIME` (Unix seconds or RFC 3339)")
	counter := fs.String("counter", "", "use counter `N` for an HOTP URI")
	uri := fs.String("uri", "", "the otpauth `URI`; - reads it from standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"code: --uri takes no account names"}
	}

	when, err := parseTime(*at)
	if err != nil {
		return usageError{err.Error()}
	}
	text, err := readURI(e, *uri)
	if err != nil {
		return err
	}
	o, err := uriOTP(text)
	if err != nil {
		return err
	}
	if *counter != "" {
		n, err := strconv.ParseUint(*counter, 10, 64)
		if err != nil {
			return usageError{fmt.Sprintf("code: --counter %q is not a "+
				"whole number", *counter)}
		}
		o.Counter = n
	}
	code, err := o.Code(when)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, code)
	return nil
}

// hasFlag reports whether args name the flag, in any of Go's spellings.
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		a = strings.TrimLeft(a, "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// parseTime reads --at: Unix seconds or RFC 3339; "" is now.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("code: --at %q is neither Unix "+
			"seconds nor an RFC 3339 time", s)
	}
	return t, nil
}

// readURI returns the URI given to --uri, reading standard input for "-"
// so that the secret need not appear in the process list.
func readURI(e *env, uri string) (string, error) {
	if uri != "-" {
		return uri, nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("code: reading the URI from standard input: " +
			"nothing was given")
	}
	return strings.TrimSpace(line), nil
}

// uriOTP parses an otpauth URI into its code parameters. Its errors name
// the problem but never repeat the URI, which carries the secret.
func uriOTP(text string) (vault.OTP, error) {
	p := scanner.Parse(text)
	switch {
	case p.Kind != scanner.KindOTPAuth:
		return vault.OTP{}, usageError{fmt.Sprintf("code: --uri is %s, "+
			"not an otpauth:// URI", kindPhrase(p.Kind))}
	case p.Err != nil:
		return vault.OTP{}, usageError{"code: --uri: " + p.Err.Error()}
	}
	return p.Enrollments[0].OTP, nil
}

func kindPhrase(k scanner.Kind) string {
	switch k {
	case scanner.KindMigration:
		return "an authenticator export (otpauth-migration)"
	case scanner.KindURL:
		return "a web link"
	}
	return "plain text"
}
