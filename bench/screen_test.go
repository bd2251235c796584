package bench

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/tessera-auth/tessera/scanner"
)

// enrollment is a made-up otpauth URI; its secret protects nothing.
const enrollment = "otpauth://totp/Example:alice@example.com" +
	"?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example"

// screenshot4K paints a 3840×2160 desktop with windows of text-like
// marks and one enrollment code of 3 pixels per module near a corner,
// the way a web page shows it on a 4K screen at 100% zoom.
func screenshot4K(tb testing.TB) *image.RGBA {
	img := desktop4K()
	m := encode(tb, enrollment)
	drawModules(img, m, 2900, 1500, 3)
	return img
}

// desktop4K paints the desktop without a code.
func desktop4K() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 3840, 2160))
	fill(img, img.Bounds(), color.RGBA{52, 84, 120, 255})
	for i := range 5 {
		x, y := 200+i*650, 150+i*300
		win := image.Rect(x, y, x+1400, y+900).Intersect(img.Bounds())
		fill(img, win, color.RGBA{248, 248, 248, 255})
		fill(img, image.Rect(win.Min.X, win.Min.Y, win.Max.X,
			win.Min.Y+30), color.RGBA{50, 50, 60, 255})
		textLines(img, win, i)
	}
	return img
}

// textLines fills win with rows of word-like dark marks.
func textLines(img *image.RGBA, win image.Rectangle, seed int) {
	ink := color.RGBA{30, 30, 30, 255}
	for y := win.Min.Y + 44; y+12 < win.Max.Y; y += 22 {
		x := win.Min.X + 12
		for k := 0; x+50 < win.Max.X; k++ {
			w := 8 + (k*7+y/22+seed*13)%45
			fill(img, image.Rect(x, y, x+w, y+11), ink)
			x += w + 7
		}
	}
}

func fill(img draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// encode makes the module matrix of text, one pixel per module, with the
// standard four-module quiet zone.
func encode(tb testing.TB, text string) *gozxing.BitMatrix {
	m, err := qrcode.NewQRCodeWriter().Encode(text,
		gozxing.BarcodeFormat_QR_CODE, 0, 0, nil)
	if err != nil {
		tb.Fatalf("encoding test code: %v", err)
	}
	return m
}

// drawModules paints m at (x, y) with px pixels per module.
func drawModules(img *image.RGBA, m *gozxing.BitMatrix, x, y, px int) {
	n := m.GetWidth()
	fill(img, image.Rect(x, y, x+n*px, y+n*px), color.White)
	for my := range n {
		for mx := range n {
			if m.Get(mx, my) {
				fill(img, image.Rect(x+mx*px, y+my*px,
					x+(mx+1)*px, y+(my+1)*px), color.Black)
			}
		}
	}
}

func writePNG(tb testing.TB, img image.Image, path string) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		tb.Fatal(err)
	}
}

// checkOne fails unless codes is the one enrollment code.
func checkOne(tb testing.TB, codes []scanner.Code, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	if len(codes) != 1 || codes[0].Text != enrollment {
		tb.Fatalf("got %d codes, want the enrollment code alone",
			len(codes))
	}
}

// BenchmarkCapture4K decodes a 4K screen capture already in memory, as
// the GUI hands it over.
func BenchmarkCapture4K(b *testing.B) {
	img := screenshot4K(b)
	for b.Loop() {
		codes, err := scanner.Decode(img)
		checkOne(b, codes, err)
	}
}

// BenchmarkFile4K decodes the same capture from a PNG file.
func BenchmarkFile4K(b *testing.B) {
	path := filepath.Join(b.TempDir(), "screen.png")
	writePNG(b, screenshot4K(b), path)
	for b.Loop() {
		codes, err := scanner.DecodeFile(path)
		checkOne(b, codes, err)
	}
}

// rounds is how often each way of decoding the 4K screenshot is timed;
// the median of each is compared.
const rounds = 9

// TestScreenshot4K times, in one run and interleaved, the 4K screenshot
// going from PNG file to payload in Tessera (in process and as a whole
// process) and in ZXingReader, and from memory to payload in Tessera.
// It fails when Tessera's file time exceeds ZXingReader's or the capture
// takes 100 ms or more.
func TestScreenshot4K(t *testing.T) {
	if os.Getenv("TESSERA_BENCH") == "" {
		t.Skip("set TESSERA_BENCH=1 to time the 4K screenshot")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "screen.png")
	img := screenshot4K(t)
	writePNG(t, img, path)
	tool := buildScanfile(t, dir)
	blank := desktop4K()

	ways := map[string]func(){
		"tessera capture": func() {
			codes, err := scanner.Decode(img)
			checkOne(t, codes, err)
		},
		"tessera file": func() {
			codes, err := scanner.DecodeFile(path)
			checkOne(t, codes, err)
		},
		"tessera process": func() { run(t, tool, path) },
		"tessera capture, no code": func() {
			codes, err := scanner.Decode(blank)
			if err != nil || len(codes) != 0 {
				t.Fatalf("blank desktop: got %d codes, %v", len(codes), err)
			}
		},
	}
	if _, err := exec.LookPath("ZXingReader"); err == nil {
		ways["ZXingReader process"] = func() {
			run(t, "ZXingReader", "-format", "QRCode", path)
		}
	} else {
		t.Log("ZXingReader is not installed (Debian zxing-cpp-tools): " +
			"the file target, a ratio to it, is not checked")
	}

	times := map[string][]time.Duration{}
	for range rounds {
		for name, f := range ways {
			start := time.Now()
			f()
			times[name] = append(times[name], time.Since(start))
		}
	}
	reportScreenshot(t, times)
}

func buildScanfile(t *testing.T, dir string) string {
	out := filepath.Join(dir, "scanfile")
	cmd := exec.Command("go", "build", "-o", out,
		"github.com/tessera-auth/tessera/bench/internal/scanfile")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building scanfile: %v\n%s", err, msg)
	}
	return out
}

func run(t *testing.T, name string, args ...string) {
	if err := exec.Command(name, args...).Run(); err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// reportScreenshot prints the medians as a Markdown table, with each
// time's ratio to ZXingReader's, and checks the targets.
func reportScreenshot(t *testing.T, times map[string][]time.Duration) {
	ref := median(times["ZXingReader process"])
	names := []string{"tessera capture", "tessera file", "tessera process",
		"ZXingReader process", "tessera capture, no code"}

	t.Logf("| 4K screenshot, one code | median of %d "+
		"| ratio to ZXingReader |", rounds)
	t.Logf("|---|---|---|")
	for _, n := range names {
		if times[n] == nil {
			continue
		}
		m := median(times[n])
		ratio := "-"
		if ref > 0 {
			ratio = fmtRatio(float64(m) / float64(ref))
		}
		t.Logf("| %s | %.1f ms | %s |", n, ms64(m), ratio)
	}

	if c := median(times["tessera capture"]); c >= 100*time.Millisecond {
		t.Errorf("capture took %v, want under 100 ms", c)
	}
	if f := median(times["tessera file"]); ref > 0 && f > ref {
		t.Errorf("file took %v, more than ZXingReader's %v", f, ref)
	}
}

func ms64(d time.Duration) float64 { return float64(d) / 1e6 }

func fmtRatio(r float64) string { return fmt.Sprintf("%.2f", r) }
