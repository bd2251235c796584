package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tessera-auth/tessera/scanner/migrationpb"
	"google.golang.org/protobuf/proto"
)

// The key sets of the scan JSON contract (issue "Read any enrollment
// code from any picture"). A key outside them, or one missing, breaks
// the scripts that read Tessera's output. Optional keys are present in
// exactly the cases listed beside them.
var (
	reportKeys     = []string{"file", "verdict", "findings", "codes"}
	codeKeys       = []string{"kind", "verdict", "findings", "enrollments", "position", "qr"}
	findingKeys    = []string{"id", "severity", "message"}
	enrollmentKeys = []string{"type", "issuer", "account", "algorithm",
		"digits", "period", "counter", "secret_bits", "secret_fingerprint"}
)

// scanSecret is a made-up secret; no output may hold it.
const scanSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// TestScanJSONContract runs "tessera scan --json" on one picture of each
// kind and checks every object's keys strictly, the arrays that must
// never be null, and that no secret-bearing text is shown unasked.
func TestScanJSONContract(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"otpauth.png": "otpauth://totp/GitHub:alice?secret=" + scanSecret +
			"&issuer=GitHub",
		"migration.png": migrationText(t),
		"url.png":       "https://example.com/welcome",
		"text.png":      "call the help desk",
	}
	for name, text := range files {
		b, err := qrPNG(text)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), b)
	}
	var blank bytes.Buffer
	png.Encode(&blank, image.NewGray(image.Rect(0, 0, 40, 40)))
	writeFile(t, filepath.Join(dir, "blank.png"), blank.Bytes())

	tests := []struct {
		file     string
		reveal   bool
		codeKeys []string // beyond codeKeys; nil for no code
		kind     string
		enrolled int
	}{
		{"otpauth.png", false, []string{}, "otpauth", 1},
		{"otpauth.png", true, []string{"text"}, "otpauth", 1},
		{"migration.png", false, []string{"batch"}, "otpauth-migration", 2},
		{"migration.png", true, []string{"batch", "text"},
			"otpauth-migration", 2},
		{"url.png", false, []string{"url", "text"}, "url", 0},
		{"text.png", false, []string{"text"}, "text", 0},
		{"blank.png", false, nil, "", 0},
	}
	for i, tt := range tests {
		args := []string{"scan", "--json"}
		if tt.reveal {
			args = append(args, "--reveal")
		}
		out := runJSON(t, append(args, filepath.Join(dir, tt.file)))
		if len(out) != 1 {
			t.Fatalf("#%d %s: got %d objects, want 1", i, tt.file, len(out))
		}
		r := out[0]
		checkKeys(t, i, "report", r, reportKeys)
		checkFindings(t, i, r["findings"])
		codes := array(t, i, "codes", r["codes"])
		checkVerdicts(t, i, r, codes)
		if tt.codeKeys == nil {
			if len(codes) != 0 {
				t.Errorf("#%d: got %d codes, want none", i, len(codes))
			}
			continue
		}
		if len(codes) != 1 {
			t.Fatalf("#%d %s: got %d codes, want 1", i, tt.file, len(codes))
		}
		c := object(t, i, "code", codes[0])
		checkKeys(t, i, "code", c, append(tt.codeKeys, codeKeys...))
		if c["kind"] != tt.kind {
			t.Errorf("#%d: got kind %v, want %s", i, c["kind"], tt.kind)
		}
		checkFindings(t, i, c["findings"])
		en := array(t, i, "enrollments", c["enrollments"])
		if len(en) != tt.enrolled {
			t.Errorf("#%d: got %d enrollments, want %d", i, len(en),
				tt.enrolled)
		}
		for _, e := range en {
			m := object(t, i, "enrollment", e)
			checkKeys(t, i, "enrollment", m, enrollmentKeys)
			checkEnrollment(t, i, m)
		}
		if pos := array(t, i, "position", c["position"]); len(pos) != 4 {
			t.Errorf("#%d: got position %v, want 4 numbers", i, pos)
		}
	}
}

// TestScanJSONError checks the report on an unreadable picture: the
// contract's keys plus error, and empty arrays, not null.
func TestScanJSONError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.png")
	out := runJSON(t, []string{"scan", "--json", missing})
	if len(out) != 1 {
		t.Fatalf("got %d objects, want 1", len(out))
	}
	r := out[0]
	checkKeys(t, 0, "report", r, append([]string{"error"}, reportKeys...))
	if e, _ := r["error"].(string); !strings.Contains(e, missing) {
		t.Errorf("got error %q, want it to name %s", e, missing)
	}
	if r["verdict"] != "blocked" {
		t.Errorf("got verdict %v, want blocked", r["verdict"])
	}
	checkFindings(t, 0, r["findings"])
	if codes := array(t, 0, "codes", r["codes"]); len(codes) != 0 {
		t.Errorf("got %d codes, want none", len(codes))
	}
}

// migrationText is a Google Authenticator export of two accounts; the
// first secret is scanSecret's bytes.
func migrationText(t *testing.T) string {
	m := &migrationpb.Payload{Version: 1, BatchSize: 1, BatchId: 7,
		OtpParameters: []*migrationpb.Payload_OtpParameters{
			{Secret: []byte("12345678901234567890"), Name: "alice",
				Issuer: "GitHub", Type: migrationpb.Payload_OTP_TYPE_TOTP},
			{Secret: []byte("abcdefghijklmnopqrst"), Name: "bob",
				Issuer: "GitLab", Type: migrationpb.Payload_OTP_TYPE_TOTP},
		}}
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return "otpauth-migration://offline?data=" +
		url.QueryEscape(base64.StdEncoding.EncodeToString(b))
}

// runJSON runs tessera and decodes each line of its output. The output
// must hold no secret, whatever the flags.
func runJSON(t *testing.T, args []string) []map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	run(args, nil, &stdout, &stderr)
	if !slices.Contains(args, "--reveal") {
		for _, s := range []string{scanSecret, "secret=", "data="} {
			if strings.Contains(stdout.String(), s) {
				t.Errorf("%v: the output shows %q", args, s)
			}
		}
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()),
		"\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%v: line %q: %v (stderr %q)", args, line, err,
				stderr.String())
		}
		out = append(out, m)
	}
	return out
}

func checkKeys(t *testing.T, i int, what string, m map[string]any,
	want []string) {
	t.Helper()
	got := make([]string, 0, len(m))
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("#%d %s: got keys %q, want %q", i, what, got, want)
	}
}

func checkFindings(t *testing.T, i int, v any) {
	t.Helper()
	for _, f := range array(t, i, "findings", v) {
		m := object(t, i, "finding", f)
		checkKeys(t, i, "finding", m, findingKeys)
		if !slices.Contains(severities, m["severity"]) {
			t.Errorf("#%d: got severity %v, want one of %q", i,
				m["severity"], severities)
		}
		if id, _ := m["id"].(string); id == "" {
			t.Errorf("#%d: got finding id %v, want a name", i, m["id"])
		}
	}
}

// The contract's values, the verdicts from best to worst.
var (
	verdicts   = []any{"trusted", "unverified", "suspicious", "blocked"}
	severities = []any{"info", "warning", "danger"}
	otpTypes   = []any{"totp", "hotp", "steam"}
	algorithms = []any{"SHA1", "SHA256", "SHA512"}
)

// checkVerdicts checks that every verdict is one of the contract's and
// that the picture's is no better than the worst of its codes'.
func checkVerdicts(t *testing.T, i int, r map[string]any, codes []any) {
	t.Helper()
	top := slices.Index(verdicts, r["verdict"])
	if top < 0 {
		t.Errorf("#%d: got verdict %v, want one of %q", i, r["verdict"],
			verdicts)
	}
	for _, c := range codes {
		v := object(t, i, "code", c)["verdict"]
		n := slices.Index(verdicts, v)
		if n < 0 {
			t.Errorf("#%d: got code verdict %v, want one of %q", i, v,
				verdicts)
		}
		if n > top {
			t.Errorf("#%d: got picture verdict %v, better than its "+
				"code's %v", i, r["verdict"], v)
		}
	}
}

// checkEnrollment checks an enrollment's values: its kind and
// algorithm from the contract's lists, and a fingerprint of 8 bytes in
// hex.
func checkEnrollment(t *testing.T, i int, m map[string]any) {
	t.Helper()
	if !slices.Contains(otpTypes, m["type"]) {
		t.Errorf("#%d: got type %v, want one of %q", i, m["type"], otpTypes)
	}
	if !slices.Contains(algorithms, m["algorithm"]) {
		t.Errorf("#%d: got algorithm %v, want one of %q", i,
			m["algorithm"], algorithms)
	}
	if d, _ := m["digits"].(float64); d < 4 || d > 10 {
		t.Errorf("#%d: got digits %v, want 4 to 10", i, m["digits"])
	}
	if b, _ := m["secret_bits"].(float64); b <= 0 {
		t.Errorf("#%d: got secret_bits %v, want a count of bits", i,
			m["secret_bits"])
	}
	fp, _ := m["secret_fingerprint"].(string)
	if _, err := hex.DecodeString(fp); err != nil || len(fp) != 16 {
		t.Errorf("#%d: got secret_fingerprint %q, want 16 hex digits",
			i, fp)
	}
}

// array returns v as a JSON array; null is an error, since the
// contract's arrays are never null.
func array(t *testing.T, i int, what string, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("#%d: %s is %v, want an array", i, what, v)
	}
	return a
}

func object(t *testing.T, i int, what string, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("#%d: %s is %v, want an object", i, what, v)
	}
	return m
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
