package scanner

import (
	"bytes"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// enrollURI is a made-up enrollment; its secret protects nothing, and
// the tests never print it.
const enrollURI = "otpauth://totp/Example:alice@example.com" +
	"?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example"

// The WebP files in testdata were made from testdata/enroll.png, itself
// made by "qrencode -s 4 -m 4 -o enroll.png <enrollTestText>", with
// ImageMagick: "convert enroll.png -define webp:lossless=true
// enroll-lossless.webp" and "convert enroll.png -quality 80
// enroll-lossy.webp". Go has no WebP encoder.
const enrollTestText = "https://example.com/enroll?team=tessera"

// codePage is a white page with one code of px pixels per module at
// (x, y); it returns the page and the code's outline.
func codePage(t *testing.T, w, h, x, y, px int,
	text string) (*image.RGBA, image.Rectangle) {
	img := whitePage(w, h)
	r := drawCode(img, modules(t, text), x, y, px, color.Black, color.White)
	return img, r
}

// wantCodes checks that codes holds exactly the texts want, in order,
// each within tol pixels of its outline when one is given. Texts are
// compared, never printed.
func wantCodes(t *testing.T, codes []Code, want []string,
	outlines []image.Rectangle, tol int) {
	t.Helper()
	if len(codes) != len(want) {
		t.Fatalf("got %d codes, want %d", len(codes), len(want))
	}
	for i, c := range codes {
		if c.Text != want[i] {
			t.Errorf("#%d: got a text of %d bytes, want the %d-byte one",
				i, len(c.Text), len(want[i]))
		}
		if outlines != nil && !near(c.Position, outlines[i], tol) {
			t.Errorf("#%d: got position %v, want %v", i, c.Position,
				outlines[i])
		}
	}
}

func near(a, b image.Rectangle, tol int) bool {
	d := func(p, q int) bool { return p-q <= tol && q-p <= tol }
	return d(a.Min.X, b.Min.X) && d(a.Min.Y, b.Min.Y) &&
		d(a.Max.X, b.Max.X) && d(a.Max.Y, b.Max.Y)
}

func TestDecodeFormats(t *testing.T) {
	img, _ := codePage(t, 300, 300, 40, 40, 5, enrollURI)
	pal := image.NewPaletted(img.Bounds(),
		color.Palette{color.White, color.Black})
	xdraw.Draw(pal, pal.Bounds(), img, image.Point{}, xdraw.Src)

	encoders := []struct {
		name string
		enc  func(*bytes.Buffer) error
	}{
		{"png", func(b *bytes.Buffer) error { return png.Encode(b, img) }},
		{"jpeg", func(b *bytes.Buffer) error {
			return jpeg.Encode(b, img, &jpeg.Options{Quality: 70})
		}},
		{"gif", func(b *bytes.Buffer) error { return gif.Encode(b, pal, nil) }},
		{"bmp", func(b *bytes.Buffer) error { return bmp.Encode(b, img) }},
		{"png-paletted", func(b *bytes.Buffer) error {
			return png.Encode(b, pal)
		}},
	}
	for i, e := range encoders {
		var buf bytes.Buffer
		if err := e.enc(&buf); err != nil {
			t.Fatalf("#%d %s: encoding: %v", i, e.name, err)
		}
		codes, err := DecodeReader(&buf, e.name)
		if err != nil {
			t.Fatalf("#%d %s: %v", i, e.name, err)
		}
		wantCodes(t, codes, []string{enrollURI}, nil, 0)
	}
}

func TestDecodeFileWebP(t *testing.T) {
	files := []string{"enroll.png", "enroll-lossless.webp",
		"enroll-lossy.webp"}
	for i, f := range files {
		codes, err := DecodeFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatalf("#%d %s: %v", i, f, err)
		}
		want := image.Rect(16, 16, 132, 132) // 29 modules of 4 px
		wantCodes(t, codes, []string{enrollTestText},
			[]image.Rectangle{want}, 1)
	}
}

// TestQRInfo checks what the decoder reports about a code it read: a
// 29×29 code is version 3, gozxing's encoder defaults to level L, and
// the corners and module size are those it was drawn with.
func TestQRInfo(t *testing.T) {
	img, r := codePage(t, 400, 300, 100, 50, 6, enrollTestText)
	codes, err := Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes(t, codes, []string{enrollTestText}, []image.Rectangle{r}, 1)

	q := codes[0].QR
	if q.Version != 3 || q.ECLevel != "L" || q.Pass != "plain" {
		t.Errorf("got version %d, level %s, pass %s; want 3, L, plain",
			q.Version, q.ECLevel, q.Pass)
	}
	if math.Abs(q.ModuleSize-6) > 0.1 {
		t.Errorf("got module size %.2f, want 6", q.ModuleSize)
	}
	corners := []image.Point{r.Min, {r.Max.X, r.Min.Y}, r.Max,
		{r.Min.X, r.Max.Y}}
	for i, c := range q.Corners {
		if d := c.Sub(corners[i]); abs(d.X) > 1 || abs(d.Y) > 1 {
			t.Errorf("corner #%d: got %v, want %v", i, c, corners[i])
		}
	}
}

// TestDecodeSubImage reports positions in the coordinates of the
// picture a sub-image was cut from, as a GUI cropping a capture expects.
func TestDecodeSubImage(t *testing.T) {
	img, r := codePage(t, 600, 400, 300, 150, 4, enrollURI)
	sub := img.SubImage(image.Rect(250, 100, 600, 400))
	codes, err := Decode(sub)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes(t, codes, []string{enrollURI}, []image.Rectangle{r}, 1)
}

func TestDecodeTwoCodes(t *testing.T) {
	img := desktop(1920, 1080, 3)
	m1 := modules(t, enrollURI)
	m2 := modules(t, enrollTestText)
	r1 := drawCode(img, m1, 300, 400, 4, color.Black, color.White)
	r2 := drawCode(img, m2, 1300, 200, 5, color.Black, color.White)

	codes, err := Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	// Ordered by top edge: the second code is higher on the screen.
	wantCodes(t, codes, []string{enrollTestText, enrollURI},
		[]image.Rectangle{r2, r1}, 2)
}

// TestDecodeSizes reads a large and a tiny code in one picture, whose
// finder patterns differ in size fivefold.
func TestDecodeSizes(t *testing.T) {
	img := whitePage(1000, 700)
	r1 := drawCode(img, modules(t, enrollTestText), 80, 80, 15,
		color.Black, color.White)
	r2 := drawCode(img, modules(t, enrollURI), 700, 500, 3,
		color.Black, color.White)

	codes, err := Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes(t, codes, []string{enrollTestText, enrollURI},
		[]image.Rectangle{r1, r2}, 3)
}

func TestDecodeDarkMode(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	fill(img, img.Bounds(), color.RGBA{30, 30, 34, 255})
	light := color.RGBA{220, 220, 220, 255}
	dark := color.RGBA{30, 30, 34, 255}
	r := drawCode(img, modules(t, enrollURI), 200, 100, 5, light, dark)

	codes, err := Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes(t, codes, []string{enrollURI}, []image.Rectangle{r}, 2)
	if p := codes[0].QR.Pass; p != "inverted" {
		t.Errorf("got pass %q, want inverted", p)
	}
}

// TestDecodeScreens reads one small code (3 px per module, as a web page
// shows it at 100% zoom) on synthetic desktops: 1080p, 4K, and three
// 1080p monitors side by side with the code on the right-hand one.
func TestDecodeScreens(t *testing.T) {
	screens := []struct {
		w, h, x, y int
	}{
		{1920, 1080, 1500, 700},
		{3840, 2160, 2900, 1500},
		{5760, 1080, 5000, 600},
		{5760, 1080, 100, 100},
	}
	for i, s := range screens {
		img := desktop(s.w, s.h, uint64(i))
		r := drawCode(img, modules(t, enrollURI), s.x, s.y, 3,
			color.Black, color.White)
		codes, err := Decode(img)
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		wantCodes(t, codes, []string{enrollURI}, []image.Rectangle{r}, 2)
	}
}

// TestDecodeSameCodeTwice keeps one code shown on two monitors as two
// codes, at their two places.
func TestDecodeSameCodeTwice(t *testing.T) {
	img := desktop(3840, 1080, 5)
	m := modules(t, enrollURI)
	r1 := drawCode(img, m, 600, 300, 4, color.Black, color.White)
	r2 := drawCode(img, m, 2500, 300, 4, color.Black, color.White)

	codes, err := Decode(img)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes(t, codes, []string{enrollURI, enrollURI},
		[]image.Rectangle{r1, r2}, 2)
}

// TestDecodeTransformed reads codes scaled by fractional factors with
// smoothing (as screenshots of zoomed pages are) and rotated a little
// (as photos are).
func TestDecodeTransformed(t *testing.T) {
	src, _ := codePage(t, 200, 200, 32, 32, 4, enrollURI)
	cases := []struct {
		scale, degrees float64
	}{
		{0.8, 0}, {1.37, 0}, {2.25, 0}, {1.5, 7}, {1, -12}, {2, 25},
	}
	for i, c := range cases {
		img := transform(src, c.scale, c.degrees)
		codes, err := Decode(img)
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if len(codes) != 1 || codes[0].Text != enrollURI {
			t.Errorf("#%d: scale %.2f, %.0f°: got %d codes, want 1",
				i, c.scale, c.degrees, len(codes))
		}
	}
}

// transform scales src by s and rotates it by deg degrees about its
// centre onto a white page, with bilinear smoothing.
func transform(src image.Image, s, deg float64) *image.RGBA {
	b := src.Bounds()
	side := int(float64(b.Dx()) * s * 1.5)
	dst := whitePage(side, side)

	rad := deg * math.Pi / 180
	cos, sin := math.Cos(rad)*s, math.Sin(rad)*s
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	half := float64(side) / 2
	m := f64.Aff3{
		cos, -sin, half - cos*cx + sin*cy,
		sin, cos, half - sin*cx - cos*cy,
	}
	xdraw.BiLinear.Transform(dst, m, src, b, xdraw.Over, nil)
	return dst
}

// TestDecodeGreyOnGrey reads codes of #777 modules on #999, with the
// #999 quiet zone set in a white page: the page makes every binarizer
// see the quiet zone as ink. Plain, resampled to 80% (antialiased) and
// saved as JPEG.
func TestDecodeGreyOnGrey(t *testing.T) {
	img := whitePage(900, 700)
	g7 := color.RGBA{0x77, 0x77, 0x77, 255}
	g9 := color.RGBA{0x99, 0x99, 0x99, 255}
	drawCode(img, modules(t, enrollURI), 300, 200, 3, g7, g9)

	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	fromJPEG, err := jpeg.Decode(&jpg)
	if err != nil {
		t.Fatal(err)
	}

	pics := []image.Image{img, transform(img, 0.8, 0), fromJPEG}
	for i, pic := range pics {
		codes, err := Decode(pic)
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if len(codes) != 1 || codes[0].Text != enrollURI {
			t.Errorf("#%d: got %d codes, want 1", i, len(codes))
		}
	}
}

func TestDecodeNothing(t *testing.T) {
	pics := []image.Image{
		whitePage(300, 200),
		desktop(1280, 720, 9),
		image.NewGray(image.Rect(0, 0, 1, 1)),
	}
	for i, p := range pics {
		codes, err := Decode(p)
		if err != nil || len(codes) != 0 {
			t.Errorf("#%d: got %d codes and error %v, want none",
				i, len(codes), err)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	if _, err := Decode(nil); err == nil {
		t.Error("nil picture: got no error")
	}
	empty := image.NewRGBA(image.Rect(0, 0, 0, 10))
	if _, err := Decode(empty); err == nil {
		t.Error("empty picture: got no error")
	}
}

func TestDecodeBadFiles(t *testing.T) {
	img, _ := codePage(t, 200, 200, 30, 30, 4, enrollURI)
	var pngData, jpegData, gifData bytes.Buffer
	png.Encode(&pngData, img)
	jpeg.Encode(&jpegData, img, nil)
	gif.Encode(&gifData, img, nil)

	cases := []struct {
		name string
		data []byte
		want string // part of the error
		is   error
	}{
		{"notes.txt", []byte("just some text\n"), "notes.txt", ErrNotImage},
		{"empty.png", nil, "empty.png", ErrNotImage},
		{"cut.png", pngData.Bytes()[:pngData.Len()/2], "cut.png: truncated",
			nil},
		{"cut.jpg", jpegData.Bytes()[:jpegData.Len()/3], "cut.jpg: truncated",
			nil},
		{"cut.gif", gifData.Bytes()[:gifData.Len()/2], "cut.gif: truncated",
			nil},
		{"header.png", pngData.Bytes()[:30], "header.png: truncated", nil},
		{"bomb.png", bombPNG(100000, 100000), "100000x100000", ErrTooLarge},
		{"wide.png", bombPNG(1<<30, 1), "wide.png", ErrTooLarge},
	}
	for i, c := range cases {
		codes, err := DecodeReader(bytes.NewReader(c.data), c.name)
		if err == nil {
			t.Errorf("#%d %s: got %d codes and no error", i, c.name,
				len(codes))
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("#%d: got error %q, want it to name %q", i, err, c.want)
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("#%d: got error %q, want it to wrap %q", i, err, c.is)
		}
	}
}

// bombPNG is a complete, tiny PNG whose header declares w×h pixels: a
// decompression bomb if the decoder believed it.
func bombPNG(w, h uint32) []byte {
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	data := buf.Bytes()

	// IHDR's width and height follow the 8-byte signature and the
	// chunk's length and type; its CRC follows its 13 bytes.
	be32(data[16:], w)
	be32(data[20:], h)
	be32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func be32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

func TestLoadFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.png")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size is checked before anything is read.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()

	_, err = DecodeFile(big)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), big) {
		t.Errorf("huge file: got error %v, want ErrTooLarge naming it", err)
	}

	_, err = DecodeFile(filepath.Join(dir, "missing.png"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got error %v, want ErrNotExist", err)
	}
	if _, err := DecodeFile(dir); err == nil {
		t.Error("folder: got no error")
	}
}

// TestToCodeGeom checks that codes read from a scaled or padded pass
// come back in the picture's coordinates.
func TestToCodeGeom(t *testing.T) {
	// A version 1 code (21 modules) 42 px wide at (100, 60) in the pass.
	f := found{text: "x", version: 1, corners: [4]point{
		{100, 60}, {142, 60}, {142, 102}, {100, 102}}}
	cases := []struct {
		gm     geom
		origin image.Point
		want   image.Rectangle
		module float64
	}{
		{identity, image.Point{}, image.Rect(100, 60, 142, 102), 2},
		{geom{scale: 2}, image.Point{}, image.Rect(50, 30, 71, 51), 1},
		{geom{scale: 0.5}, image.Pt(5, 7), image.Rect(205, 127, 289, 211), 4},
		{geom{scale: 2, pad: 10}, image.Point{}, image.Rect(40, 20, 61, 41), 1},
	}
	for i, c := range cases {
		code := f.toCode("p", c.gm, c.origin)
		if code.Position != c.want {
			t.Errorf("#%d: got %v, want %v", i, code.Position, c.want)
		}
		if code.QR.ModuleSize != c.module {
			t.Errorf("#%d: got module %.2f, want %.2f", i,
				code.QR.ModuleSize, c.module)
		}
		if code.QR.Corners[2] != c.want.Max {
			t.Errorf("#%d: got corner %v, want %v", i, code.QR.Corners[2],
				c.want.Max)
		}
	}
}
