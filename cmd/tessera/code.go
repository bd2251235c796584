package main

import (
	"bufio"
	"errors"
	"flag"
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
	fs := newFlags(e, "code")
	at := fs.String("at", "", "compute codes for `TIME` (Unix seconds or RFC 3339)")
	counter := fs.String("counter", "", "use counter `N` for an HOTP URI (with --uri)")
	uri := fs.String("uri", "", "compute the code of the otpauth `URI` instead of "+
		"the vault's; - reads it from standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	when, err := parseTime(*at)
	if err != nil {
		return usageError{err.Error()}
	}
	if !flagSet(fs, "uri") {
		if *counter != "" {
			return usageError{"code: --counter needs --uri; a vault's " +
				"HOTP account keeps its own counter"}
		}
		return vaultCode(e, when, strings.Join(fs.Args(), " "))
	}
	if fs.NArg() > 0 {
		return usageError{"code: --uri takes no account names"}
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

// flagSet reports whether the command line set the named flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseTime reads --at: Unix seconds or RFC 3339; "" is now.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if n, nerr := strconv.ParseInt(s, 10, 64); nerr == nil {
		t, err = time.Unix(n, 0), nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("code: --at %q is neither Unix "+
			"seconds nor an RFC 3339 time", s)
	}
	if t.Before(time.Unix(0, 0)) {
		// RFC 6238 counts time steps from the Unix epoch.
		return time.Time{}, fmt.Errorf("code: --at %q is before 1970, "+
			"where time-based codes start", s)
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
