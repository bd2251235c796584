package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// prompter asks the person at the terminal: passwords without echo,
// and yes-or-no questions. When standard input is not a terminal it
// reads answers from it one line at a time, for scripts and tests.
type prompter struct {
	e   *env
	in  *bufio.Reader
	tty int // the terminal's descriptor, or -1
}

func newPrompter(e *env) *prompter {
	p := &prompter{e: e, tty: -1}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = int(f.Fd())
	}
	return p
}

// line reads one answer from standard input, without its line end.
func (p *prompter) line() (string, error) {
	if p.in == nil {
		p.in = bufio.NewReader(p.e.stdin)
	}
	s, err := p.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// password asks for a password after prompt.
func (p *prompter) password(prompt string) ([]byte, error) {
	fmt.Fprint(p.e.stderr, prompt)
	if p.tty >= 0 {
		pw, err := term.ReadPassword(p.tty)
		fmt.Fprintln(p.e.stderr)
		return pw, err
	}

	// The line is a Go string, which cannot be cleared, and the reader's
	// buffer keeps a copy: this path serves scripts and tests, while a
	// terminal's password is read into bytes that callers clear.
	s, err := p.line()
	fmt.Fprintln(p.e.stderr) // end the prompt's line as the tty would
	if err != nil {
		return nil, errors.New("reading password: standard input " +
			"ended before one was given")
	}
	return []byte(s), nil
}

// newPassword asks for a new password twice.
func (p *prompter) newPassword() ([]byte, error) {
	pw, err := p.password("new password: ")
	if err != nil {
		return nil, err
	}
	if len(pw) == 0 {
		return nil, errors.New("setting password: it is empty")
	}
	again, err := p.password("the same password again: ")
	defer clear(again)
	if err != nil {
		clear(pw)
		return nil, err
	}
	if !bytes.Equal(again, pw) {
		clear(pw)
		return nil, errors.New("setting password: the two passwords " +
			"differ")
	}
	return pw, nil
}

// confirm asks a yes-or-no question; anything but yes is no.
func (p *prompter) confirm(question string) bool {
	fmt.Fprint(p.e.stderr, question)
	s, err := p.line()
	if err != nil {
		fmt.Fprintln(p.e.stderr)
		return false
	}
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "y" || s == "yes"
}

// runPasswd sets, changes or removes the vault's password slot.
func runPasswd(e *env, args []string) error {
	fs := newFlags(e, "passwd")
	remove := fs.Bool("remove", false, "remove the password; the "+
		"keyring stays the only key")
	if err := parseArgs(fs, args, 0); err != nil {
		return err
	}

	// No offer of a password: this command sets one.
	p := newPrompter(e)
	v, err := openVaultOnly(e, p, false)
	if err != nil {
		return err
	}
	defer v.Close()

	if *remove {
		if err := saved(e, v.RemovePassword()); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "password removed: the keyring alone "+
			"opens the vault")
		return nil
	}
	had := v.HasPassword()
	pw, err := p.newPassword()
	if err != nil {
		return err
	}
	defer clear(pw)
	if err := saved(e, v.SetPassword(pw)); err != nil {
		return err
	}
	if had {
		fmt.Fprintln(e.stdout, "password changed, and the vault's key "+
			"with it")
	} else {
		fmt.Fprintln(e.stdout, "password set: it opens the vault "+
			"wherever the keyring cannot")
	}
	return nil
}

// runLock takes the vault's key out of the keyring.
func runLock(e *env, args []string) error {
	fs := newFlags(e, "lock")
	if err := parseArgs(fs, args, 0); err != nil {
		return err
	}

	v, err := openVault(e, newPrompter(e), false)
	if err != nil {
		return err
	}
	defer v.Close()

	if !v.HasPassword() {
		return hintError{errors.New("lock: the vault has no password, " +
			"so the keyring is its only key"),
			`set one first with "tessera passwd"`}
	}
	if err := saved(e, v.RemoveKeyring()); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "locked: only the password opens the vault now")
	return nil
}

// runUnlock puts the vault's key back in the keyring.
func runUnlock(e *env, args []string) error {
	fs := newFlags(e, "unlock")
	if err := parseArgs(fs, args, 0); err != nil {
		return err
	}

	v, err := openVault(e, newPrompter(e), false)
	if err != nil {
		return err
	}
	defer v.Close()

	if err := saved(e, v.AddKeyring()); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "unlocked: the keyring opens the vault again")
	return nil
}
