package app

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"
	"github.com/jezek/xgb"
	"github.com/tessera-auth/tessera/scanner"
)

// e2eSecret is the secret of the codes the end-to-end test enrolls; it
// must never be readable from the screen.
const e2eSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// TestEndToEnd builds the real binary, prepares a vault with the
// command line, opens the window on it with a QR picture to review, and
// checks a screenshot: the window is there, and no code on screen
// carries a secret. Screenshots stay in $TESSERA_ARTIFACTS, or
// artifacts/e2e under the repository.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if os.Getenv("DISPLAY") == "" {
		t.Skip("DISPLAY is unset; make test runs this under Xvfb")
	}
	for _, tool := range []string{"xwininfo", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (x11-utils, imagemagick)", tool)
		}
	}
	root := moduleRoot(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "tessera")
	goBuild(t, root, bin, "./cmd/tessera")

	vaultFile := filepath.Join(dir, "vault")
	saved := filepath.Join(dir, "saved.png")
	writeQR(t, saved, "otpauth://totp/GitHub:octo?secret="+e2eSecret+
		"&issuer=GitHub")
	prepareVault(t, bin, vaultFile, saved)

	review := filepath.Join(dir, "review.png")
	writeQR(t, review, "otpauth://totp/Salesforce:alice@example.com"+
		"?secret="+e2eSecret+"&issuer=Salesforce")
	shot := runWindow(t, bin, vaultFile, review, dir)
	checkShot(t, shot)
}

func moduleRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("finding module: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func goBuild(t *testing.T, root, out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", pkg, err, b)
	}
}

// prepareVault saves the code in img with "tessera add".
func prepareVault(t *testing.T, bin, vaultFile, img string) {
	run(t, bin, "--vault", vaultFile, "add", "--yes", img)
}

func run(t *testing.T, name string, args ...string) {
	if b, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), args[0], err, b)
	}
}

// runWindow opens the window with img under review, waits for it to be
// mapped, and returns the screenshot's path.
func runWindow(t *testing.T, bin, vaultFile, img, dir string) string {
	cmd := exec.Command(bin, "--vault", vaultFile)
	cmd.Env = append(os.Environ(), "TESSERA_OPEN="+img,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LANG=C.UTF-8",
		"FYNE_THEME=light")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()

	if !waitWindow("Tessera", 30*time.Second) {
		t.Fatalf("no Tessera window appeared; its output:\n%s", out.String())
	}
	// The review card is painted once its trusted headline shows. Each
	// capture opens an X connection, and xgb logs that Xvfb has no
	// authority file; the tests' output has no use for it.
	xgb.Logger = log.New(io.Discard, "", 0)
	trusted := VerdictColor(scanner.Trusted, theme.VariantLight)
	painted := poll(10*time.Second, func() bool {
		img, _ := captureDirect()
		return img != nil && countColour(img, img.Bounds(), trusted) >= 40
	})
	if !painted {
		t.Fatalf("no review card with a trusted verdict appeared")
	}
	shot := filepath.Join(artifacts(t), "e2e-review.png")
	if b, err := exec.Command("import", "-window", "root",
		shot).CombinedOutput(); err != nil {
		t.Fatalf("taking screenshot: %v\n%s", err, b)
	}
	if strings.Contains(out.String(), e2eSecret) {
		t.Errorf("the secret reached the program's output")
	}
	return shot
}

// waitWindow polls X for a viewable top-level window called name.
func waitWindow(name string, max time.Duration) bool {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		out, _ := exec.Command("xwininfo", "-name", name).Output()
		if bytes.Contains(out, []byte("IsViewable")) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func artifacts(t *testing.T) string {
	dir := os.Getenv("TESSERA_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(moduleRoot(t), "artifacts", "e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkShot decodes the screenshot: the window drew something, and no
// code on screen carries the secret.
func checkShot(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("reading screenshot: %v", err)
	}
	if colours(img, image.Rect(0, 0, 420, 640)) < 8 {
		t.Errorf("the window area is nearly blank")
	}
	codes, _ := scanner.Decode(img) // no code at all is what we hope for
	for _, c := range codes {
		if strings.Contains(strings.ToUpper(c.Text), e2eSecret) ||
			strings.HasPrefix(c.Text, "otpauth") {
			t.Errorf("a code on screen carries a secret")
		}
	}
}

// colours counts the distinct colours in r, up to 64.
func colours(img image.Image, r image.Rectangle) int {
	seen := map[[3]uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
			if len(seen) >= 64 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
