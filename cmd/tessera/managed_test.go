package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManagedPolicyNotRedirected checks that the real binary, unlike the
// test binary the scripts run, ignores TESSERA_MANAGED_POLICY: the managed
// policy is the one a user must not be able to swap out.
func TestManagedPolicyNotRedirected(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tessera binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tessera")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building tessera: %v\n%s", err, out)
	}

	deny := filepath.Join(dir, "deny.json")
	err := os.WriteFile(deny, []byte(`{"deny":{"issuers":["Acme"]}}`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	pic := filepath.Join(dir, "acme.png")
	png, err := qrPNG("otpauth://totp/Acme:alice?issuer=Acme&" +
		"secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if err == nil {
		err = os.WriteFile(pic, png, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "scan", "--json", pic)
	cmd.Env = append(os.Environ(), "TESSERA_MANAGED_POLICY="+deny,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, _ := cmd.Output()
	if strings.Contains(string(out), "policy-denied") {
		t.Errorf("the tessera binary applied the policy named by " +
			"TESSERA_MANAGED_POLICY")
	}
	if !strings.Contains(string(out), `"kind":"otpauth"`) {
		t.Errorf("scan did not read the code: %q; stderr: %s",
			firstLine(out), stderr.String())
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}
