package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAudit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "vault.tessera.audit.jsonl")
	at := time.Date(2026, 8, 4, 12, 0, 0, 0, time.UTC)
	secret := []byte("12345678901234567890")
	entries := []AuditEntry{
		{Time: at, Action: "saved", Source: "file", Issuer: "GitHub",
			Account: "alice", Verdict: "trusted",
			Findings:    []string{"known-provider"},
			Fingerprint: Fingerprint(secret)},
		{Time: at.Add(time.Minute), Action: "refused", Source: "screen",
			Issuer: "Dropbοx", Account: "alice", Verdict: "suspicious",
			Findings:    []string{"lookalike"},
			Fingerprint: Fingerprint(secret)},
	}
	for _, e := range entries {
		if err := Audit(path, e); err != nil {
			t.Fatal(err)
		}
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("got mode %o, want 600", perm)
	}
	data, _ := os.ReadFile(path)
	if n := bytes.Count(data, []byte("\n")); n != len(entries) {
		t.Errorf("got %d lines, want %d", n, len(entries))
	}
	if bytes.Contains(data, secret) {
		t.Error("the audit log holds the secret")
	}

	got, err := ReadAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		if i >= len(got) || !got[i].Time.Equal(e.Time) ||
			got[i].Issuer != e.Issuer || got[i].Verdict != e.Verdict ||
			got[i].Fingerprint != "6ed645ef0e1abea1" {
			t.Errorf("#%d: got %d entries, want %s by %s", i, len(got),
				e.Verdict, e.Issuer)
		}
	}
}

// TestAuditConcurrent appends from many goroutines: every entry must
// come back whole.
func TestAuditConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := AuditEntry{Action: "saved", Issuer: strings.Repeat("x", i)}
			if err := Audit(path, e); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := ReadAudit(path)
	if err != nil || len(got) != 50 {
		t.Errorf("got %d entries, %v; want 50", len(got), err)
	}
}

func TestReadAuditErrors(t *testing.T) {
	got, err := ReadAudit(filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || got != nil {
		t.Errorf("missing log: got %v, %v; want nothing", got, err)
	}
	_, err = ParseAudit(strings.NewReader("{}\n{oops\n"), "log.jsonl")
	if err == nil || !strings.Contains(err.Error(), "log.jsonl:2") {
		t.Errorf("got %v, want an error at log.jsonl:2", err)
	}
	if err := Audit("/proc/nope/audit.jsonl", AuditEntry{}); err == nil {
		t.Error("got no error writing under /proc")
	}
}

// FuzzParseAudit reads damaged logs: no panic, and an error names the
// file whenever an entry is dropped.
func FuzzParseAudit(f *testing.F) {
	f.Add("{\"time\":\"2026-08-04T12:00:00Z\",\"action\":\"saved\"}\n")
	f.Add("{}\n\n{oops")
	f.Fuzz(func(t *testing.T, text string) {
		_, err := ParseAudit(strings.NewReader(text), "fuzz.jsonl")
		if err != nil && !strings.Contains(err.Error(), "fuzz.jsonl") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
