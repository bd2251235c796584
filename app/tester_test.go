package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tessera-auth/tessera/vault"
)

func TestTesterFolder(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o700)
	writeQR(t, filepath.Join(dir, "b.png"), otpURI("Acme", "b"))
	writeQR(t, filepath.Join(dir, "sub", "a.png"), "https://example.com/x")
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hi"), 0o600)
	os.WriteFile(filepath.Join(dir, "broken.jpg"), []byte("xx"), 0o600)

	tr := NewTester(testAdder(t).Checker)
	rs, err := tr.Folder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, filepath.Base(r.File))
	}
	if strings.Join(got, ",") != "b.png,broken.jpg,a.png" {
		t.Fatalf("got %v, want b.png,broken.jpg,a.png", got)
	}
	if rs[1].Error == "" {
		t.Errorf("broken picture: no error")
	}
	text := strings.Join(Describe(rs[0]), "\n")
	for _, want := range []string{"otpauth", "Acme",
		vault.Fingerprint(rfcSecret), "160-bit", "QR version"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, testSecret) {
		t.Errorf("the report shows the secret")
	}
	if !strings.Contains(strings.Join(Describe(rs[2]), "\n"),
		"https://example.com/x") {
		t.Errorf("the link is not shown: %v", Describe(rs[2]))
	}
	if _, err := tr.Folder(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("missing folder: got nil, want an error")
	}
}

// TestTesterFolderSkips checks that a folder the walk cannot read is
// reported and does not hide the pictures beside it. The folder is one
// nested too deep for its path to be opened, which stops root as surely
// as permissions stop anyone else.
func TestTesterFolderSkips(t *testing.T) {
	dir := t.TempDir()
	writeQR(t, filepath.Join(dir, "a.png"), otpURI("Acme", "a"))
	os.Mkdir(filepath.Join(dir, "z"), 0o700)
	writeQR(t, filepath.Join(dir, "z", "b.png"), otpURI("Acme", "b"))
	tooDeep(t, filepath.Join(dir, "m"))

	rs, err := NewTester(testAdder(t).Checker).Folder(dir)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("got error %v, want the skipped folder", err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, filepath.Base(r.File))
	}
	if strings.Join(got, ",") != "a.png,b.png" {
		t.Fatalf("got %v, want a.png,b.png", got)
	}
	if rs[1].Error != "" || len(rs[1].Codes) != 1 {
		t.Errorf("b.png: got %q and %d codes", rs[1].Error,
			len(rs[1].Codes))
	}
}

// tooDeep makes a chain of folders under dir whose full path is longer
// than any system accepts, building it one level at a time through an
// os.Root so that no call names the whole path.
func tooDeep(t *testing.T, dir string) {
	t.Helper()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	for range 40 { // 8,000 bytes of path
		if err := r.Mkdir(name, 0o700); err != nil {
			t.Fatal(err)
		}
		next, err := r.OpenRoot(name)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		r = next
	}
	r.Close()
}

func TestIsPicture(t *testing.T) {
	tests := []struct {
		p    string
		want bool
	}{{"a.PNG", true}, {"b.jpeg", true}, {"c.webp", true},
		{"d.txt", false}, {"png", false}, {"e.svg", false}}
	for i, tt := range tests {
		if got := IsPicture(tt.p); got != tt.want {
			t.Errorf("#%d: got %v, want %v", i, got, tt.want)
		}
	}
}
