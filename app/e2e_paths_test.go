package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"
	"github.com/jezek/xgb"
	"golang.design/x/clipboard"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// The end-to-end tests of the paste and scan-screen paths drive the real
// binary under Xvfb from the keyboard, as a person would: xdotool types
// the menu shortcut, the review card is recognised on screen by its
// verdict colour, and Tab, Tab, Space presses its save button. What the
// card decided is then read back from the audit log, and what was saved
// from "tessera list --json" once the window has closed.

// TestEndToEndPaste puts a picture of a GitHub code on the X clipboard,
// presses Ctrl+V in the window, and saves the trusted code it reviews.
func TestEndToEndPaste(t *testing.T) {
	e := newE2E(t)
	if err := clipInit(); err != nil {
		t.Skipf("no X clipboard: %v", err)
	}
	var pic bytes.Buffer
	uri := "otpauth://totp/GitHub:octo-paste?secret=" + e2eSecret +
		"&issuer=GitHub"
	if err := png.Encode(&pic, qrImage(t, uri)); err != nil {
		t.Fatal(err)
	}
	clipboard.Write(clipboard.FmtImage, pic.Bytes())

	w := e.start(t)
	w.keys(t, "ctrl+v")
	trusted := VerdictColor(scanner.Trusted, theme.VariantLight)
	shot, ok := w.waitColour(trusted, 5*time.Second)
	if !ok {
		// Fyne turns Ctrl+V into fyne.ShortcutPaste, which the canvas
		// shortcut (ui_menu.go) catches only while no text field has
		// focus; if one took it, the key pasted text there instead. The
		// Add menu reaches the same paste: Alt opens the menu bar, Right
		// moves to Add.
		t.Error("Ctrl+V opened no review card; trying Add > Paste")
		w.keys(t, "alt", "Right", "Down", "Down", "Return")
		shot = w.mustColour(t, trusted, "trusted")
	}
	w.saveShot(t, shot, "e2e-paste-review.png")

	w.keys(t, "Tab", "Tab", "space")
	got := e.waitAudit(t, 1)
	want := vault.AuditEntry{Action: "saved", Source: FromClipboard,
		Issuer: "GitHub", Account: "octo-paste",
		Verdict: string(scanner.Trusted)}
	checkDecision(t, got[0], want)
	w.stop(t)
	e.wantAccount(t, want)
}

// TestEndToEndScan shows a QR code of a lookalike Dropbox on screen,
// presses Ctrl+Shift+S, and checks that the card says Suspicious and
// saves nothing until the person confirms.
func TestEndToEndScan(t *testing.T) {
	e := newE2E(t, "display")
	issuer := "Dropb\u03bfx" // a Greek omicron for the o
	pic := filepath.Join(e.dir, "lookalike.png")
	writeQR(t, pic, "otpauth://totp/"+url.PathEscape(issuer)+
		":victim@example.com?secret="+e2eSecret+"&issuer="+
		url.QueryEscape(issuer))

	w := e.start(t)
	qr := showPicture(t, pic, "tessera-e2e-qr")
	w.keys(t, "ctrl+shift+s")
	suspicious := VerdictColor(scanner.Suspicious, theme.VariantLight)
	w.mustColour(t, suspicious, "suspicious")
	qr.stop() // the secret leaves the screen before any screenshot
	shot := w.mustColour(t, suspicious, "suspicious")
	w.saveShot(t, shot, "e2e-scan-review.png")

	// "Save anyway…" asks first; declining saves nothing.
	w.keys(t, "Tab", "Tab", "space")
	ask := w.waitChange(t, shot)
	w.saveShot(t, ask, "e2e-scan-confirm.png")
	w.keys(t, "Tab", "space")
	card := w.waitChange(t, ask)
	if got := e.audit(t); len(got) != 0 {
		t.Fatalf("declining the confirmation logged %d entries, want 0",
			len(got))
	}

	// Asked again and confirmed, the code is saved as suspicious.
	w.keys(t, "space")
	w.waitChange(t, card)
	w.keys(t, "Tab", "Tab", "space")
	got := e.waitAudit(t, 1)
	want := vault.AuditEntry{Action: "saved", Source: FromScreen,
		Issuer: issuer, Account: "victim@example.com",
		Verdict: string(scanner.Suspicious)}
	checkDecision(t, got[0], want)
	w.stop(t)
	e.wantAccount(t, want)
}

// e2e is a built binary and a vault prepared with one account.
type e2e struct {
	root, dir, bin, vault string
	logged                int // audit entries before the window opened
}

// newE2E skips without a display or the tools, else builds the binary
// and prepares a vault holding a Salesforce account.
func newE2E(t *testing.T, tools ...string) *e2e {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if os.Getenv("DISPLAY") == "" {
		t.Skip("DISPLAY is unset; make test runs this under Xvfb")
	}
	need := map[string]string{"xwininfo": "x11-utils",
		"xdotool": "xdotool", "display": "imagemagick"}
	for _, tool := range append([]string{"xwininfo", "xdotool"},
		tools...) {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian package %s)", tool,
				need[tool])
		}
	}

	// Each screen capture opens an X connection, and xgb logs that
	// Xvfb has no authority file; the tests' output has no use for it.
	xgb.Logger = log.New(io.Discard, "", 0)

	e := &e2e{root: moduleRoot(t), dir: t.TempDir()}
	e.bin = filepath.Join(e.dir, "tessera")
	goBuild(t, e.root, e.bin, "./cmd/tessera")
	e.vault = filepath.Join(e.dir, "vault")
	seed := filepath.Join(e.dir, "seed.png")
	writeQR(t, seed, "otpauth://totp/Salesforce:alice@example.com"+
		"?secret="+e2eSecret+"&issuer=Salesforce")
	prepareVault(t, e.bin, e.vault, seed)
	e.logged = len(e.readAudit(t))
	return e
}

func (e *e2e) readAudit(t *testing.T) []vault.AuditEntry {
	got, err := vault.ReadAudit(vault.AuditPath(e.vault))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// audit returns the entries the window wrote.
func (e *e2e) audit(t *testing.T) []vault.AuditEntry {
	return e.readAudit(t)[e.logged:]
}

// waitAudit polls the audit log until the window has written n entries.
func (e *e2e) waitAudit(t *testing.T, n int) []vault.AuditEntry {
	var got []vault.AuditEntry
	ok := poll(5*time.Second, func() bool {
		got = e.audit(t)
		return len(got) >= n
	})
	if !ok {
		t.Fatalf("the window logged %d entries, want %d", len(got), n)
	}
	return got
}

// checkDecision compares the fields that say what was decided.
func checkDecision(t *testing.T, got, want vault.AuditEntry) {
	t.Helper()
	g := []string{got.Action, got.Source, got.Issuer, got.Account,
		got.Verdict}
	w := []string{want.Action, want.Source, want.Issuer, want.Account,
		want.Verdict}
	if strings.Join(g, "|") != strings.Join(w, "|") {
		t.Errorf("audit entry: got %q, want %q", g, w)
	}
}

// wantAccount checks with "tessera list --json", once the window has
// released the vault, that the account was saved with its provenance.
func (e *e2e) wantAccount(t *testing.T, want vault.AuditEntry) {
	t.Helper()
	cmd := exec.Command(e.bin, "--vault", e.vault, "list", "--json")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tessera list: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	n := 0
	for sc.Scan() {
		var a listedAccount
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("reading tessera list --json: %v", err)
		}
		n++
		if a.Issuer == want.Issuer && a.Account == want.Account &&
			a.Source == want.Source && a.Verdict == want.Verdict {
			return
		}
	}
	t.Errorf("%d accounts in the vault, none is %s / %s from the %s "+
		"marked %s", n, want.Issuer, want.Account, want.Source,
		want.Verdict)
}

// listedAccount is the part of "tessera list --json" the tests read.
type listedAccount struct {
	Issuer, Account, Source, Verdict string
}

// window is a running Tessera.
type window struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	id   string
	rect image.Rectangle
	done bool
}

// start opens the window on the vault with fresh settings, and waits
// for it to be mapped.
func (e *e2e) start(t *testing.T) *window {
	w := &window{cmd: exec.Command(e.bin, "--vault", e.vault),
		out: &lockedBuffer{}}
	w.cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "FYNE_THEME=light",
		"XDG_CONFIG_HOME="+filepath.Join(e.dir, "config"))
	w.cmd.Stdout, w.cmd.Stderr = w.out, w.out
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.stop(t) })

	if !waitWindow("Tessera", 30*time.Second) {
		t.Fatalf("no Tessera window appeared; its output:\n%s", w.out)
	}
	out, err := exec.Command("xdotool", "search", "--onlyvisible",
		"--name", "^Tessera$").Output()
	if err != nil {
		t.Fatalf("finding the window: %v", err)
	}
	w.id = strings.Fields(string(out))[0]
	w.rect = windowRect(t, w.id)
	return w
}

// stop closes the window and checks that nothing secret reached its
// output. It is safe to call twice.
func (w *window) stop(t *testing.T) {
	if w.done {
		return
	}
	w.done = true
	w.cmd.Process.Kill()
	w.cmd.Wait()
	s := w.out.String()
	if strings.Contains(s, e2eSecret) || strings.Contains(s, "otpauth") {
		t.Errorf("a secret reached the program's output")
	}
}

// keys focuses the window and types keys, named as xdotool names them.
func (w *window) keys(t *testing.T, keys ...string) {
	t.Helper()
	focus := exec.Command("xdotool", "windowfocus", "--sync", w.id)
	if b, err := focus.CombinedOutput(); err != nil {
		t.Fatalf("focusing the window: %v\n%s", err, b)
	}
	args := append([]string{"key", "--delay", "60"}, keys...)
	b, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("typing %s: %v\n%s", keys, err, b)
	}
}

// waitColour polls the screen until the window shows a headline in c.
func (w *window) waitColour(c color.NRGBA, max time.Duration) (
	image.Image, bool) {
	var img image.Image
	ok := poll(max, func() bool {
		img, _ = captureDirect()
		return img != nil && countColour(img, w.rect, c) >= 40
	})
	return img, ok
}

// mustColour is waitColour that gives up on the test after 10 s.
func (w *window) mustColour(t *testing.T, c color.NRGBA,
	verdict string) image.Image {
	t.Helper()
	img, ok := w.waitColour(c, 10*time.Second)
	if !ok {
		t.Fatalf("no review card with a %s verdict appeared", verdict)
	}
	return img
}

// waitChange polls the screen until the window looks different from
// before, as when a dialog opens or closes.
func (w *window) waitChange(t *testing.T, before image.Image) image.Image {
	t.Helper()
	var img image.Image
	ok := poll(5*time.Second, func() bool {
		img, _ = captureDirect()
		return img != nil && differ(before, img, w.rect) > 500
	})
	if !ok {
		t.Fatalf("the window did not change")
	}
	return w.settle(t, img)
}

// settle polls the screen until two captures in a row agree, so that a
// button's tap animation has ended before the next key or screenshot.
func (w *window) settle(t *testing.T, last image.Image) image.Image {
	t.Helper()
	ok := poll(3*time.Second, func() bool {
		img, _ := captureDirect()
		same := img != nil && differ(last, img, w.rect) == 0
		if img != nil {
			last = img
		}
		return same
	})
	if !ok {
		t.Fatalf("the window did not settle")
	}
	return last
}

// saveShot keeps img as an artefact and checks that no code on it
// carries a secret.
func (w *window) saveShot(t *testing.T, img image.Image, name string) {
	t.Helper()
	path := filepath.Join(artifacts(t), name)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkShot(t, path)
}

// windowRect is where window id sits on the screen.
func windowRect(t *testing.T, id string) image.Rectangle {
	out, err := exec.Command("xwininfo", "-id", id).Output()
	if err != nil {
		t.Fatalf("xwininfo: %v", err)
	}
	v := map[string]int{}
	for _, line := range strings.Split(string(out), "\n") {
		k, s, ok := strings.Cut(strings.TrimSpace(line), ":")
		if n, err := strconv.Atoi(strings.TrimSpace(s)); ok && err == nil {
			v[k] = n
		}
	}
	x, y := v["Absolute upper-left X"], v["Absolute upper-left Y"]
	return image.Rect(x, y, x+v["Width"], y+v["Height"])
}

// picture is a picture shown in its own window by ImageMagick's display.
type picture struct{ cmd *exec.Cmd }

// showPicture opens path at the right of the screen, clear of Tessera,
// and waits until a code on it can be read from the screen.
func showPicture(t *testing.T, path, title string) *picture {
	p := &picture{cmd: exec.Command("display", "-title", title,
		"-geometry", "+700+120", path)}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("display: %v", err)
	}
	t.Cleanup(p.stop)
	shown := poll(10*time.Second, func() bool {
		img, _ := captureDirect()
		if img == nil {
			return false
		}
		codes, _ := scanner.Decode(img)
		return len(codes) > 0
	})
	if !shown {
		t.Fatalf("the picture did not appear on screen")
	}
	return p
}

func (p *picture) stop() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// poll calls ok every 50 ms until it holds or max has passed.
func poll(max time.Duration, ok func() bool) bool {
	end := time.Now().Add(max)
	for {
		if ok() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// countColour counts the pixels of r within a few steps of c.
func countColour(img image.Image, r image.Rectangle, c color.NRGBA) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if near(p.R, c.R) && near(p.G, c.G) && near(p.B, c.B) {
				n++
			}
		}
	}
	return n
}

func near(a, b uint8) bool { return a-b < 6 || b-a < 6 }

// differ counts the pixels of r that differ between a and b.
func differ(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

// lockedBuffer collects a program's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
