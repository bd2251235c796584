package app

import (
	"bufio"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// testSecret is RFC 6238's SHA1 seed in base32.
const testSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func otpURI(issuer, acct string) string {
	return "otpauth://totp/" + issuer + ":" + acct + "?secret=" +
		testSecret + "&issuer=" + issuer + "&digits=8"
}

func qrImage(t testing.TB, text string) image.Image {
	t.Helper()
	c, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	c, err = barcode.Scale(c, 300, 300)
	if err != nil {
		t.Fatal(err)
	}
	// A white margin, as on any real screen.
	img := image.NewRGBA(image.Rect(0, 0, 360, 360))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := 0; y < 300; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x+30, y+30, c.At(x, y))
		}
	}
	return img
}

func writeQR(t testing.TB, path, text string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, qrImage(t, text)); err != nil {
		t.Fatal(err)
	}
}

func testAdder(t *testing.T) *Adder {
	c, err := scanner.LoadChecker("")
	if err != nil {
		t.Fatal(err)
	}
	return NewAdder(c, filepath.Join(t.TempDir(), "audit.jsonl"))
}

func TestAddFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "alice"))
	a := testAdder(t)
	rv := a.File(p)
	if rv.Err != nil || len(rv.Items) != 1 {
		t.Fatalf("got %v and %d items, want one account", rv.Err,
			len(rv.Items))
	}
	if rv.File != p || rv.Size != image.Pt(360, 360) ||
		rv.Source != FromFile {
		t.Errorf("got file %q size %v source %s", rv.File, rv.Size,
			rv.Source)
	}
	it := rv.Items[0].Info
	if it.Issuer != "Acme" || it.Account != "alice" || it.Digits != 8 {
		t.Errorf("got %+v, want Acme alice 8 digits", it)
	}
	s := newStore()
	confirmed := rv.Action() == SaveConfirm
	if _, err := a.Save(s, rv, confirmed); err != nil {
		t.Fatal(err)
	}
	code, err := s.accounts[0].OTP.Code(time.Unix(59, 0))
	if err != nil || code != "94287082" {
		t.Errorf("saved account: got %s %v, want 94287082", code, err)
	}
	checkAudit(t, a.AuditPath, "saved", "file")
}

// A save that is made but not flushed still returns every account and
// writes the audit log; the warning comes with them.
func TestAddSaveNotFlushed(t *testing.T) {
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "alice"))
	a := testAdder(t)
	rv := a.File(p)
	s := newStore()
	s.warn = vault.ErrNotFlushed
	got, err := a.Save(s, rv, rv.Action() == SaveConfirm)
	if len(got) != 1 || !errors.Is(err, vault.ErrNotFlushed) {
		t.Fatalf("got %d accounts and %v, want 1 and the warning",
			len(got), err)
	}
	checkAudit(t, a.AuditPath, "saved", "file")
}

// checkAudit reads the audit log: the entry is there, the secret not.
func checkAudit(t *testing.T, path, action, source string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading audit log: %v", err)
	}
	if strings.Contains(string(b), testSecret) ||
		strings.Contains(string(b), "otpauth") {
		t.Fatalf("the audit log holds the secret")
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		var e vault.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Action == action && e.Source == source &&
			e.Fingerprint == vault.Fingerprint(rfcSecret) {
			return
		}
	}
	t.Errorf("no %s %s entry with the fingerprint in the log", action,
		source)
}

func TestAddFileErrors(t *testing.T) {
	dir := t.TempDir()
	notPic := filepath.Join(dir, "x.png")
	os.WriteFile(notPic, []byte("not a picture"), 0o600)
	blank := filepath.Join(dir, "blank.png")
	f, _ := os.Create(blank)
	png.Encode(f, image.NewGray(image.Rect(0, 0, 50, 50)))
	f.Close()
	a := testAdder(t)
	for i, p := range []string{filepath.Join(dir, "missing.png"), notPic,
		blank} {
		rv := a.File(p)
		if rv.Action() != NoSave {
			t.Errorf("#%d: got action %d, want NoSave", i, rv.Action())
		}
		if rv.Err == nil && rv.Headline() != "No code found" {
			t.Errorf("#%d: got %s, want an error or no code", i,
				rv.Headline())
		}
	}
}

func TestAddImage(t *testing.T) {
	a := testAdder(t)
	rv := a.Image(qrImage(t, otpURI("Acme", "bob")), FromClipboard)
	if len(rv.Items) != 1 || rv.Items[0].Info.Account != "bob" ||
		rv.Source != FromClipboard || rv.File != "" {
		t.Fatalf("got %+v, want bob from the clipboard", rv.Items)
	}
}

func TestAddSeveral(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 800, 400))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for i, who := range []string{"one", "two"} {
		q := qrImage(t, otpURI("Acme", who))
		for y := 0; y < 360; y++ {
			for x := 0; x < 360; x++ {
				img.Set(x+20+400*i, y+20, q.At(x, y))
			}
		}
	}
	rv := testAdder(t).Image(img, FromScreen)
	if len(rv.Items) != 2 || len(rv.Report.Codes) != 2 {
		t.Fatalf("got %d items, want 2", len(rv.Items))
	}
	th := Thumbnail(rv.Size, rv.Report.Codes, 200)
	for i, c := range rv.Report.Codes {
		p := c.Position
		x, y := (p[0]+p[2])/2/4, (p[1]+p[3])/2/4
		if got := th.NRGBAAt(x, y); got != MarkColor(i) {
			t.Errorf("#%d: thumbnail at %d,%d got %v, want %v", i, x, y,
				got, MarkColor(i))
		}
	}
}

func TestAddText(t *testing.T) {
	a := testAdder(t)
	rv := a.Text("  "+otpURI("Acme", "carol")+"\n", FromClipboard)
	if len(rv.Items) != 1 || rv.Items[0].Info.Account != "carol" {
		t.Fatalf("got %+v, want carol", rv.Items)
	}
	bad := a.Text("otpauth://totp/Acme:x?secret=!!!", FromClipboard)
	if bad.Action() != NoSave || bad.Report.Verdict != scanner.Blocked {
		t.Errorf("malformed: got %d %s, want blocked", bad.Action(),
			bad.Report.Verdict)
	}
	if strings.Contains(strings.Join(Describe(bad.Report), "\n"), "!!!") {
		t.Errorf("the report repeats the secret")
	}
}

func TestRefuseAudited(t *testing.T) {
	a := testAdder(t)
	rv := a.Text(otpURI("Acme", "dan"), FromClipboard)
	if err := a.Refuse(rv); err != nil {
		t.Fatal(err)
	}
	checkAudit(t, a.AuditPath, "refused", "clipboard")
}
