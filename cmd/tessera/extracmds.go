package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tessera-auth/tessera/vault"
)

// extraCommands are the subcommands of the allowlist and audit work.
var extraCommands = map[string]command{
	"log": {"[--json]",
		"print the log of enrollments saved or refused", runLog},
}

// runLog prints the audit log that belongs with the vault: one line per
// enrollment for people, or the raw JSON lines with --json.
func runLog(e *env, args []string) error {
	fs := newFlags(e, "log")
	asJSON := fs.Bool("json", false, "print the log's JSON lines as kept")
	if err := parseArgs(fs, args, 0); err != nil {
		return err
	}

	path, err := auditPath(e)
	if err != nil {
		return err
	}
	if *asJSON {
		return copyLog(e.stdout, path)
	}
	entries, err := vault.ReadAudit(path)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintf(e.stderr, "tessera: no enrollments logged yet in %s\n",
			path)
		return nil
	}
	for _, en := range entries {
		fmt.Fprintln(e.stdout, logLine(en))
	}
	return nil
}

// auditPath is the log beside the vault chosen by --vault or
// TESSERA_VAULT, or beside the default vault.
func auditPath(e *env) (string, error) {
	v := e.vault
	if v == "" {
		var err error
		if v, err = vault.DefaultPath(); err != nil {
			return "", fmt.Errorf("finding the vault: %w", err)
		}
	}
	return vault.AuditPath(v), nil
}

// copyLog writes the log at path to w unchanged; a log not yet written
// prints nothing.
func copyLog(w io.Writer, path string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading audit log: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("reading audit log %s: %w", path, err)
	}
	return nil
}

// logLine renders one entry for people: when, what, the verdict, who,
// then where it came from, the findings and the secret's fingerprint.
func logLine(en vault.AuditEntry) string {
	who := en.Issuer
	if en.Account != "" {
		who += " / " + en.Account
	}
	if who == "" {
		who = "(no issuer)"
	}
	findings := strings.Join(en.Findings, ",")
	if findings == "" {
		findings = "no findings"
	}
	return fmt.Sprintf("%s  %-7s  %-10s  %s  (%s; %s; secret %s)",
		en.Time.Local().Format("2006-01-02 15:04:05"), en.Action,
		en.Verdict, printable(who), en.Source, findings, en.Fingerprint)
}
