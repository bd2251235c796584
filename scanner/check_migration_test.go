package scanner

import (
	"encoding/base64"
	"net/url"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/tessera-auth/tessera/scanner/migrationpb"
)

// exportURI builds a Google Authenticator export holding one TOTP
// account per issuer, each with a made-up secret.
func exportURI(t *testing.T, issuers ...string) string {
	t.Helper()
	m := &migrationpb.Payload{Version: 1, BatchSize: 1}
	for i, is := range issuers {
		m.OtpParameters = append(m.OtpParameters,
			&migrationpb.Payload_OtpParameters{
				Secret:    []byte("0123456789abcdef012" + string(rune('a'+i))),
				Name:      is + ":alice@example.com",
				Issuer:    is,
				Algorithm: migrationpb.Payload_ALGORITHM_SHA1,
				Digits:    migrationpb.Payload_DIGIT_COUNT_SIX,
				Type:      migrationpb.Payload_OTP_TYPE_TOTP,
			})
	}
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return "otpauth-migration://offline?data=" +
		url.QueryEscape(base64.StdEncoding.EncodeToString(data))
}

// TestCheckMigration checks every account of an export: one impostor
// among honest accounts makes the whole code suspicious.
func TestCheckMigration(t *testing.T) {
	tests := []struct {
		issuers []string
		want    Verdict
		id      string
	}{
		{[]string{"GitHub", "Google", "Dropbox"}, Trusted, FindKnown},
		{[]string{"GitHub", "Acme VPN"}, Unverified, FindUnverified},
		{[]string{"GitHub", "Dropbοx", "Google"}, Suspicious, FindLookalike},
	}
	c := builtinChecker(t)
	for i, tt := range tests {
		p := Parse(exportURI(t, tt.issuers...))
		if p.Err != nil || len(p.Enrollments) != len(tt.issuers) {
			t.Fatalf("#%d: got %d accounts, %v", i, len(p.Enrollments),
				p.Err)
		}
		r := c.CheckPayload(p, Options{})
		if r.Verdict != tt.want {
			t.Errorf("#%d: got %s, want %s (%s)", i, r.Verdict, tt.want,
				findingList(r.Findings))
		}
		if _, ok := findingByID(r.Findings, tt.id); !ok {
			t.Errorf("#%d: got %s, want %s", i, findingList(r.Findings),
				tt.id)
		}
		if r.Text != "" || len(r.Enrollments) != len(tt.issuers) {
			t.Errorf("#%d: got text %v and %d enrollments", i,
				r.Text != "", len(r.Enrollments))
		}
	}
}
