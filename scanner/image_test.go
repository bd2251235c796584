package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
)

func TestImagePaths(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"b.png":            pngBytes(t, whitePage(4, 4)),
		"a.JPG":            []byte("extension decides"),
		"notes.txt":        []byte("not a picture"),
		"sub/c.webp":       nil,
		"sub/deeper/d.gif": nil,
		"sub/noext":        pngBytes(t, whitePage(2, 2)),
		"sub/plain":        []byte("no extension, not a picture"),
		".hidden/e.png":    nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	got, err := ImagePaths(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.JPG", "b.png", "sub/c.webp", "sub/deeper/d.gif",
		"sub/noext"}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(dir, "sub"), link); err != nil {
		t.Fatal(err)
	}
	got, err = ImagePaths(link)
	wantLinked := []string{filepath.Join(link, "c.webp"),
		filepath.Join(link, "deeper/d.gif"), filepath.Join(link, "noext")}
	if err != nil || !slices.Equal(got, wantLinked) {
		t.Errorf("symlinked folder: got %q, %v; want %q", got, err,
			wantLinked)
	}

	one := filepath.Join(dir, "notes.txt")
	got, err = ImagePaths(one)
	if err != nil || !slices.Equal(got, []string{one}) {
		t.Errorf("a file: got %q, %v; want it alone", got, err)
	}
	if _, err := ImagePaths(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing root: got no error")
	}
}

// TestImagePathsLinks walks a folder holding a link loop, a link to a
// picture and a dangling link: the walk ends, and lists the picture and
// the link to it.
func TestImagePathsLinks(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "b.png"),
		pngBytes(t, whitePage(2, 2)), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"sub/loop": "..",
		"sub/self": "self", "sub/again.png": "b.png",
		"sub/gone.png": "missing.png"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	got, err := ImagePaths(dir)
	want := []string{filepath.Join(sub, "again.png"),
		filepath.Join(sub, "b.png")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

// TestImagePathsUnreadable checks that a folder that cannot be read is
// reported, by path, without hiding the pictures beside it.
func TestImagePathsUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder; run as another user to test this")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	for _, p := range []string{"a.png", "locked/b.png"} {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)

	got, err := ImagePaths(dir)
	want := []string{filepath.Join(dir, "a.png")}
	var pe *fs.PathError
	if !slices.Equal(got, want) || !errors.As(err, &pe) ||
		pe.Path != locked {
		t.Errorf("got %q, %v; want %q and an error for %s", got, err,
			want, locked)
	}
}

func pngBytes(tb testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestToGrey checks the luminance of one pixel of each concrete type:
// BT.601 weights, and transparency composited over white.
func TestToGrey(t *testing.T) {
	cases := []struct {
		img  image.Image
		want byte
	}{
		{fill1(image.NewRGBA, color.RGBA{255, 0, 0, 255}), 76},
		{fill1(image.NewRGBA, color.RGBA{0, 255, 0, 255}), 150},
		{fill1(image.NewRGBA, color.RGBA{0, 0, 255, 255}), 29},
		{fill1(image.NewRGBA, color.RGBA{0, 0, 0, 0}), 255},
		{fill1(image.NewRGBA, color.RGBA{0, 0, 0, 128}), 127},
		{fill1(image.NewNRGBA, color.NRGBA{0, 0, 0, 255}), 0},
		{fill1(image.NewNRGBA, color.NRGBA{0, 0, 0, 0}), 255},
		{fill1(image.NewNRGBA, color.NRGBA{100, 100, 100, 51}), 224},
		{fill1(image.NewGray, color.Gray{77}), 77},
		{fill1(image.NewGray16, color.Gray16{0x8080}), 128},
		{fill1(image.NewRGBA64, color.RGBA64{0, 0, 0, 0xffff}), 0},
		{fill1(image.NewCMYK, color.CMYK{0, 0, 0, 255}), 0},
		{paletted(color.NRGBA{0, 0, 0, 0}), 255},
		{paletted(color.NRGBA{255, 255, 255, 255}), 255},
		{ycbcr(90), 90},
	}
	for i, c := range cases {
		g := toGrey(c.img)
		if g.w != 3 || g.h != 2 {
			t.Fatalf("#%d: got %dx%d, want 3x2", i, g.w, g.h)
		}
		for _, v := range g.pix {
			if v != c.want {
				t.Errorf("#%d %T: got %d, want %d", i, c.img, v, c.want)
				break
			}
		}
	}
}

// TestToGreyMatchesAt checks every concrete type's fast row against
// image.At, the reference, on random pixels at a non-zero origin.
func TestToGreyMatchesAt(t *testing.T) {
	r := image.Rect(3, 5, 40, 29)
	imgs := []image.Image{
		image.NewRGBA(r), image.NewNRGBA(r), image.NewGray(r),
		image.NewGray16(r), image.NewRGBA64(r), image.NewNRGBA64(r),
		image.NewCMYK(r),
		image.NewPaletted(r, palette.Plan9),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, img := range imgs {
		pix := reflect.ValueOf(img).Elem().FieldByName("Pix").Bytes()
		for i := range pix {
			pix[i] = byte(rng.UintN(256))
		}
		if m, ok := img.(*image.RGBA); ok {
			// Premultiplied: no channel may exceed alpha.
			for i := 0; i < len(m.Pix); i += 4 {
				for c := range 3 {
					m.Pix[i+c] = min(m.Pix[i+c], m.Pix[i+3])
				}
			}
		}
		if m, ok := img.(*image.RGBA64); ok {
			for i := 0; i < len(m.Pix); i += 8 {
				for c := 0; c < 6; c += 2 {
					if be16(m.Pix[i+c:]) > be16(m.Pix[i+6:]) {
						copy(m.Pix[i+c:i+c+2], m.Pix[i+6:i+8])
					}
				}
			}
		}

		// nrgbaRow composites before it rounds, and image.At rounds
		// first (it premultiplies): the two may differ by one.
		_, tol := img.(*image.NRGBA)
		g := toGrey(img)
		want := make([]byte, r.Dx())
		for y := range r.Dy() {
			genericRow(want, img, r.Min.X, r.Min.Y+y)
			if got := g.row(y); !within1(got, want, tol) {
				t.Errorf("%T row %d: got %v, want %v", img, y, got,
					want)
				break
			}
		}
	}
}

// within1 reports whether a and b are equal, or within one where tol.
func within1(a, b []byte, tol bool) bool {
	if !tol {
		return bytes.Equal(a, b)
	}
	for i := range a {
		if d := int(a[i]) - int(b[i]); d < -1 || d > 1 {
			return false
		}
	}
	return len(a) == len(b)
}

// fill1 makes a 3×2 picture of type T, at a non-zero origin, in c.
func fill1[T interface {
	image.Image
	Set(x, y int, c color.Color)
}](mk func(image.Rectangle) T, c color.Color) image.Image {
	img := mk(image.Rect(5, 7, 8, 9))
	for y := 7; y < 9; y++ {
		for x := 5; x < 8; x++ {
			img.Set(x, y, c)
		}
	}
	return img
}

func paletted(c color.Color) image.Image {
	return fill1(func(r image.Rectangle) *image.Paletted {
		return image.NewPaletted(r, color.Palette{color.Black, c})
	}, c)
}

func ycbcr(y byte) image.Image {
	img := image.NewYCbCr(image.Rect(5, 7, 8, 9),
		image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = y
	}
	return img
}

// TestPNGGrey checks that the fast PNG path gives exactly the luminance
// image/png and toGrey give, for every colour type it handles and every
// filter the encoder picks on noisy and flat rows.
func TestPNGGrey(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pics := []image.Image{
		noisy(image.NewRGBA(image.Rect(0, 0, 37, 23)), r, true),
		noisy(image.NewNRGBA(image.Rect(0, 0, 64, 9)), r, false),
		noisy(image.NewNRGBA(image.Rect(0, 0, 5, 40)), r, true),
		noisy(image.NewGray(image.Rect(0, 0, 33, 17)), r, true),
		noisy(image.NewPaletted(image.Rect(0, 0, 20, 20), testPalette()),
			r, true),
		desktop(300, 200, 4),
	}
	for i, p := range pics {
		data := pngBytes(t, p)
		got, err := pngGrey(data)
		if err != nil {
			t.Fatalf("#%d %T: %v", i, p, err)
		}
		ref, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if want := toGrey(ref); !bytes.Equal(got.Pix, want.pix) {
			t.Errorf("#%d %T: luminance differs from image/png's", i, p)
		}
	}
}

// TestPNGGreyDeclines checks that kinds left to image/png are declined.
func TestPNGGreyDeclines(t *testing.T) {
	pics := []image.Image{
		image.NewGray16(image.Rect(0, 0, 4, 4)),
		image.NewNRGBA64(image.Rect(0, 0, 4, 4)),
		image.NewPaletted(image.Rect(0, 0, 4, 4), testPalette()[:16]),
	}
	for i, p := range pics {
		if _, err := pngGrey(pngBytes(t, p)); err == nil {
			t.Errorf("#%d %T: got no error, want it declined", i, p)
		}
	}
	if _, err := pngGrey([]byte("GIF89a")); err == nil {
		t.Error("GIF: got no error")
	}
}

// testPalette has more than 16 colours, so that image/png writes it with
// 8 bits per pixel, and some transparent ones, so that it writes tRNS.
func testPalette() color.Palette {
	p := color.Palette{color.Transparent}
	for i := range 39 {
		p = append(p, color.NRGBA{uint8(i * 6), 200, uint8(255 - i*6),
			uint8(60 + i*5)})
	}
	return p
}

// noisy fills img with random colours, or with runs of one colour (which
// the encoder filters differently) when runs is set.
func noisy[T interface {
	image.Image
	Set(x, y int, c color.Color)
}](img T, r *rand.Rand, runs bool) T {
	b := img.Bounds()
	var c color.Color
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c == nil || !runs || r.IntN(8) == 0 {
				c = color.NRGBA{uint8(r.Uint32()), uint8(r.Uint32()),
					uint8(r.Uint32()), uint8(r.Uint32())}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// otherFormats re-encodes the PNG at path as JPEG, GIF and BMP, so that
// the fuzzer starts from a valid file of every format.
func otherFormats(tb testing.TB, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, enc := range []func(io.Writer, image.Image) error{
		func(w io.Writer, m image.Image) error {
			return jpeg.Encode(w, m, nil)
		},
		func(w io.Writer, m image.Image) error {
			return gif.Encode(w, m, nil)
		},
		bmp.Encode,
	} {
		var b bytes.Buffer
		if err := enc(&b, img); err != nil {
			tb.Fatal(err)
		}
		out = append(out, b.Bytes())
	}
	return out
}

// FuzzDecodeReader feeds arbitrary bytes, seeded with valid and broken
// pictures of every format, to the decoder: it must return codes or an
// error, never panic or hang.
func FuzzDecodeReader(f *testing.F) {
	for _, name := range []string{"enroll.png", "enroll-lossless.webp",
		"enroll-lossy.webp"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add(bombPNG(100000, 100000))
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte("BM"))
	for _, b := range otherFormats(f, filepath.Join("testdata",
		"enroll.png")) {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		codes, err := DecodeReader(bytes.NewReader(data), "fuzz")
		if err != nil && len(codes) > 0 {
			t.Errorf("got %d codes with error %v", len(codes), err)
		}
	})
}

// FuzzPNGGrey checks the fast PNG path against image/png on arbitrary
// bytes: where both decode, they agree.
func FuzzPNGGrey(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "enroll.png"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(pngBytes(f, noisy(image.NewNRGBA(image.Rect(0, 0, 9, 5)),
		rand.New(rand.NewPCG(3, 4)), true)))

	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		got, err := pngGrey(data)
		ref, rerr := png.Decode(bytes.NewReader(data))
		if err != nil || rerr != nil {
			return
		}
		if !bytes.Equal(got.Pix, toGrey(ref).pix) {
			t.Error("luminance differs from image/png's")
		}
	})
}

func ExampleDecodeFile() {
	codes, err := DecodeFile("testdata/enroll.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range codes {
		fmt.Println(c.Text)
		fmt.Printf("at %v, version %d, level %s, %.0f px per module\n",
			c.Position, c.QR.Version, c.QR.ECLevel, c.QR.ModuleSize)
	}
	// Output:
	// https://example.com/enroll?team=tessera
	// at (16,16)-(132,132), version 3, level L, 4 px per module
}

func ExampleImagePaths() {
	paths, err := ImagePaths("testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), "enroll") {
			fmt.Println(filepath.ToSlash(p))
		}
	}
	// Output:
	// testdata/enroll-lossless.webp
	// testdata/enroll-lossy.webp
	// testdata/enroll.png
}
