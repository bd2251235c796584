package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

// vaultCommands are the subcommands that read or change the vault.
var vaultCommands = map[string]command{
	"add": {"[--policy FILE] [--yes] [--source SOURCE] (IMAGE|URI|-)",
		"check an enrollment code and save its accounts", runAdd},
	"list": {"[--json]", "list the accounts, without their secrets",
		runList},
	"rename": {"[--issuer ISSUER] [--name NAME] ACCOUNT",
		"change an account's issuer or name", runRename},
	"rm": {"[--yes] ACCOUNT", "remove an account", runRm},
	"passwd": {"[--remove]", "set, change or remove the vault's password",
		runPasswd},
	"lock": {"", "take the vault's key out of the keyring, so that " +
		"only the password opens it", runLock},
	"unlock": {"", "put the vault's key back in the keyring", runUnlock},
}

// vaultPath is the vault the command line names, or the default one.
func vaultPath(e *env) (string, error) {
	if e.vault != "" {
		return e.vault, nil
	}
	return vault.DefaultPath()
}

// openVault opens the vault for a command, asking for its password only
// when the keyring cannot open it, and says so when that happened. A
// vault it creates with no password gets a recovery password offered.
func openVault(e *env, p *prompter, readOnly bool) (*vault.Vault, error) {
	v, err := openVaultOnly(e, p, readOnly)
	if err == nil && v.Created() && !v.HasPassword() {
		offerPassword(e, p, v)
	}
	return v, err
}

// openVaultOnly is openVault without the offer of a password.
func openVaultOnly(e *env, p *prompter, readOnly bool) (*vault.Vault,
	error) {
	path, err := vaultPath(e)
	if err != nil {
		return nil, err
	}
	o := vault.Options{
		Keyring:  e.keyring,
		ReadOnly: readOnly,
		Password: func() ([]byte, error) {
			return p.password("password for " + path + ": ")
		},
		NewPassword: func() ([]byte, error) {
			fmt.Fprintln(e.stderr, "tessera: no keyring can hold the new "+
				"vault's key, so it needs a password (\"tessera "+
				"unlock\" adds the keyring later)")
			return p.newPassword()
		},
	}
	v, err := vault.Open(path, o)
	if err != nil {
		return nil, openHint(err, path)
	}

	switch kerr := v.KeyringErr(); {
	case kerr == nil:
	case v.HasKeyring():
		fmt.Fprintf(e.stderr, "tessera: note: %v; the password opened "+
			"the vault\n", kerr)
	case v.Created():
		fmt.Fprintf(e.stderr, "tessera: note: the keyring could not "+
			"take the key: %v\n", kerr)
	}
	return v, nil
}

// offerPassword warns that a new vault opens only through this
// machine's keyring, and on a terminal offers to add a password at once.
// Declining, or failing to give one, leaves the vault as it is.
func offerPassword(e *env, p *prompter, v *vault.Vault) {
	fmt.Fprintf(e.stderr, "tessera: note: the new vault %s opens only "+
		"through this machine's keyring; if that keyring is wiped or "+
		"lost, so are its accounts\n", v.Path())
	hint := "hint: add a recovery password with \"tessera passwd\"; it " +
		"opens the vault anywhere"
	if p.tty < 0 || !p.confirm("Set a recovery password now? [y/N] ") {
		fmt.Fprintln(e.stderr, hint)
		return
	}

	pw, err := p.newPassword()
	if err == nil {
		err = saved(e, v.SetPassword(pw))
		clear(pw)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "tessera: no password was set: %v\n%s\n",
			err, hint)
		return
	}
	fmt.Fprintln(e.stderr, "tessera: password set: it opens the vault "+
		"wherever the keyring cannot")
}

// saved turns the warning that a change was saved but not flushed to
// disk into a note on stderr: the command did what it was asked, and
// stops no later step (printing what was saved, the audit log).
func saved(e *env, err error) error {
	if errors.Is(err, vault.ErrNotFlushed) {
		fmt.Fprintf(e.stderr, "tessera: warning: %v\n", err)
		return nil
	}
	return err
}

// openHint adds advice to an error of vault.Open.
func openHint(err error, path string) error {
	var hint string
	switch {
	case errors.Is(err, vault.ErrBusy):
		hint = "another tessera (perhaps the window) has it open; " +
			"close it and try again"
	case errors.Is(err, vault.ErrAuth):
		hint = "the file is damaged or was changed; it was left as it " +
			"is, and the previous version is in " + vault.BackupPath(path)
	case errors.Is(err, vault.ErrPassword):
	case errors.Is(err, vault.ErrLocked):
		hint = "it was locked with \"tessera lock\"; give its password " +
			"on a terminal"
	case errors.Is(err, vault.ErrNoKeyring):
		hint = "run tessera in a desktop session with a keyring, or " +
			"set a password with \"tessera passwd\" where one works"
	case errors.Is(err, fs.ErrNotExist):
		// After the keyring: its socket errors can match ErrNotExist.
		err = fmt.Errorf("no vault at %s yet", path)
		hint = `"tessera add" creates it with its first account`
	}
	return hintError{err, hint}
}

// vaultHint advises on an error of any command that changed the vault,
// wherever the change was made.
func vaultHint(err error) string {
	if errors.Is(err, vault.ErrChanged) {
		return "another program changed the vault file while tessera " +
			"had it open, and it was left as it is; run the command " +
			"again to work on the file as it is now"
	}
	return ""
}

// match finds the one account query names.
func match(v *vault.Vault, query string) (vault.Account, error) {
	found := v.Find(query)
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return vault.Account{}, fmt.Errorf("no account matches %q", query)
	}
	return vault.Account{}, hintError{
		fmt.Errorf("%d accounts match %q", len(found), query),
		`name one by its id from "tessera list"`}
}

// label names an account for the terminal, made printable: its issuer
// and name came from a code that anybody could have made.
func label(a vault.Account) string {
	if a.Name == "" {
		return printable(a.Issuer)
	}
	return printable(a.Issuer + " / " + a.Name)
}

// runList prints the accounts, never their secrets.
func runList(e *env, args []string) error {
	fs := newFlags(e, "list")
	asJSON := fs.Bool("json", false, "print one JSON object per account")
	if err := parseArgs(fs, args, 0); err != nil {
		return err
	}

	v, err := openVault(e, newPrompter(e), true)
	if err != nil {
		return err
	}
	defer v.Close()

	if *asJSON {
		return listJSON(e, v.Accounts())
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, a := range v.Accounts() {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", a.ID, label(a), a.OTP.Type,
			strings.Join(a.Tags, ","))
	}
	return w.Flush()
}

// listedAccount is an account as "list --json" prints it.
type listedAccount struct {
	ID          string          `json:"id"`
	Issuer      string          `json:"issuer"`
	Account     string          `json:"account"`
	Type        vault.Type      `json:"type"`
	Algorithm   vault.Algorithm `json:"algorithm"`
	Digits      int             `json:"digits"`
	Period      int             `json:"period,omitempty"`
	Counter     uint64          `json:"counter,omitempty"`
	Fingerprint string          `json:"secret_fingerprint"`
	Tags        []string        `json:"tags"`
	Note        string          `json:"note,omitempty"`
	Icon        string          `json:"icon,omitempty"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
	Source      string          `json:"source,omitempty"`
	Verdict     string          `json:"verdict,omitempty"`
	Findings    []string        `json:"findings"`
}

func listJSON(e *env, accounts []vault.Account) error {
	enc := json.NewEncoder(e.stdout)
	for _, a := range accounts {
		l := listedAccount{ID: a.ID, Issuer: a.Issuer, Account: a.Name,
			Type: a.OTP.Type, Algorithm: a.OTP.Algorithm,
			Digits: a.OTP.Digits, Period: a.OTP.Period,
			Counter:     a.OTP.Counter,
			Fingerprint: vault.Fingerprint(a.OTP.Secret),
			Tags:        nonNil(a.Tags), Note: a.Note, Icon: a.Icon,
			Created: a.Created, Updated: a.Updated,
			Source: a.Enrolled.Source, Verdict: a.Enrolled.Verdict,
			Findings: nonNil(a.Enrolled.Findings)}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// vaultCode prints the codes, at when, of the vault's accounts matching
// query (all of them when it is empty). HOTP codes cost a counter step
// each, so they are produced only for accounts the query names.
func vaultCode(e *env, when time.Time, query string) error {
	p := newPrompter(e)
	v, err := openVault(e, p, true)
	if err != nil {
		return err
	}
	found := v.Find(query)
	if query != "" && len(found) == 1 && hasHOTP(found) {
		// Advancing a counter is a change: take the lock for it.
		v.Close()
		if v, err = openVault(e, p, false); err != nil {
			return err
		}
		found = v.Find(query)
	}
	defer v.Close()

	if query != "" && len(found) == 0 {
		return fmt.Errorf("no account matches %q", query)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	// An HOTP code is made only when the query names that one account:
	// a query matching several would spend a counter step of each.
	advance := len(found) == 1 && query != ""
	for _, a := range found {
		if err := saved(e, printCode(w, v, a, advance, when)); err != nil {
			w.Flush()
			return err
		}
	}
	return w.Flush()
}

func hasHOTP(accounts []vault.Account) bool {
	for _, a := range accounts {
		if a.OTP.Type == vault.HOTP {
			return true
		}
	}
	return false
}

// printCode prints one account's code: a TOTP or Steam code with the
// seconds it has left, or the next HOTP code when advance is set.
func printCode(w *tabwriter.Writer, v *vault.Vault, a vault.Account,
	advance bool, when time.Time) error {
	if a.OTP.Type == vault.HOTP {
		if !advance {
			fmt.Fprintf(w, "%s\t%s\t(hotp: name only this account to "+
				"get its next code)\n", strings.Repeat("-", a.OTP.Digits),
				label(a))
			return nil
		}
		code, err := v.NextHOTP(a.ID)
		if err != nil && code == "" {
			return err
		}
		fmt.Fprintf(w, "%s\t%s\t(hotp, counter %d)\n", code, label(a),
			a.OTP.Counter)
		return err // saved but not flushed, at worst
	}

	code, err := a.OTP.Code(when)
	if err != nil {
		return fmt.Errorf("%s: %w", label(a), err)
	}
	left := int64(a.OTP.Period) - when.Unix()%int64(a.OTP.Period)
	fmt.Fprintf(w, "%s\t%s\t(%d s left)\n", code, label(a), left)
	return nil
}

// runRename changes an account's issuer or name.
func runRename(e *env, args []string) error {
	fs := newFlags(e, "rename")
	issuer := fs.String("issuer", "", "the new `ISSUER`")
	name := fs.String("name", "", "the new account `NAME`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (*issuer == "" && *name == "") {
		fs.Usage()
		return exitError(2)
	}

	v, err := openVault(e, newPrompter(e), false)
	if err != nil {
		return err
	}
	defer v.Close()

	a, err := match(v, fs.Arg(0))
	if err != nil {
		return err
	}
	old := label(a)
	if *issuer != "" {
		a.Issuer = *issuer
	}
	if *name != "" {
		a.Name = *name
	}
	if err := saved(e, v.Update(a)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "renamed %s to %s\n", old, label(a))
	return nil
}

// runRm removes an account after asking, unless --yes.
func runRm(e *env, args []string) error {
	fs := newFlags(e, "rm")
	yes := fs.Bool("yes", false, "remove without asking")
	if err := parseArgs(fs, args, 1); err != nil {
		return err
	}

	p := newPrompter(e)
	v, err := openVault(e, p, false)
	if err != nil {
		return err
	}
	defer v.Close()

	a, err := match(v, fs.Arg(0))
	if err != nil {
		return err
	}
	if !*yes && !p.confirm(fmt.Sprintf("remove %s? Its codes cannot be "+
		"recovered afterwards [y/N] ", label(a))) {
		return errors.New("nothing was removed")
	}
	if err := saved(e, v.Remove(a.ID)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "removed %s\n", label(a))
	return nil
}
