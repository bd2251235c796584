package vault

import (
	"errors"
	"time"
)

// AuditEntry records one enrollment Tessera saved or refused. It never
// holds the secret, only its fingerprint.
type AuditEntry struct {
	Time        time.Time `json:"time"`
	Action      string    `json:"action"` // saved, refused
	Source      string    `json:"source"` // file, screen, clipboard, manual, import
	Issuer      string    `json:"issuer"`
	Account     string    `json:"account"`
	Verdict     string    `json:"verdict"`
	Findings    []string  `json:"findings"`
	Fingerprint string    `json:"secret_fingerprint"`
}

// AuditPath is the audit log that belongs with the vault at vaultPath.
func AuditPath(vaultPath string) string { return vaultPath + ".audit.jsonl" }

// Audit appends e to the audit log at path.
func Audit(path string, e AuditEntry) error { return errors.New("not implemented") }
