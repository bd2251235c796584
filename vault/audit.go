package vault

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// Audit appends e to the audit log at path as one JSON line, creating
// the log (readable by its owner only) if need be. A zero e.Time becomes
// the current time. Appends of one short line are atomic on local file
// systems, so two Tessera processes do not interleave entries.
func Audit(path string, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Findings == nil {
		e.Findings = []string{}
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("writing audit log: %v", err)
	}

	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("writing audit log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("writing audit log: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing audit log %s: %w", path, err)
	}
	return nil
}

// ReadAudit returns the entries of the audit log at path, oldest first.
// A log that does not exist yet holds no entries.
func ReadAudit(path string) ([]AuditEntry, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading audit log: %w", err)
	}
	defer f.Close()
	return ParseAudit(f, path)
}

// ParseAudit reads audit lines from r; name is the file named in
// errors, which give the line of a damaged entry.
func ParseAudit(r io.Reader, name string) ([]AuditEntry, error) {
	var out []AuditEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var e AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return out, fmt.Errorf("reading audit log %s:%d: %v", name,
				n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("reading audit log %s: %w", name, err)
	}
	return out, nil
}
