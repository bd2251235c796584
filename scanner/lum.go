package scanner

import (
	"image"
	"image/color"
	"runtime"
	"sync"

	"github.com/makiuchi-d/gozxing"
)

// grey is an 8-bit luminance picture, row-major without padding: the one
// form every pass of the decoder works on.
type grey struct {
	w, h int
	pix  []byte
}

func newGrey(w, h int) *grey {
	return &grey{w: w, h: h, pix: make([]byte, w*h)}
}

// source wraps g for gozxing without copying its pixels.
func (g *grey) source() gozxing.LuminanceSource {
	src, err := gozxing.NewPlanarYUVLuminanceSource(
		g.pix, g.w, g.h, 0, 0, g.w, g.h, false)
	if err != nil {
		// Unreachable: the crop rectangle is the whole buffer.
		panic(err)
	}
	return src
}

// luma is the ITU-R BT.601 luminance of an 8-bit RGB colour, in 16-bit
// fixed point so that it costs three multiplications.
func luma(r, g, b uint32) byte {
	return byte((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
}

// overWhite composites luminance y with alpha a (both 0..255, y not
// premultiplied) over a white page: transparent enrollment codes are
// drawn dark on a transparent background and must read as dark on white.
func overWhite(y, a uint32) byte {
	return byte((y*a + 255*(255-a) + 127) / 255)
}

// toGrey converts img to luminance. The common concrete types are read
// straight from their pixel slices; going through image.At costs more
// than the rest of the decoding on a large screenshot.
func toGrey(img image.Image) *grey {
	b := img.Bounds()
	if m, ok := img.(*image.Gray); ok && m.Stride == b.Dx() &&
		len(m.Pix) == b.Dx()*b.Dy() {
		// Passes never write to their input, so the pixels are shared.
		return &grey{w: b.Dx(), h: b.Dy(), pix: m.Pix}
	}
	g := newGrey(b.Dx(), b.Dy())

	x0, y0 := b.Min.X, b.Min.Y
	var row func(y int)
	switch m := img.(type) {
	case *image.Gray:
		row = func(y int) {
			copy(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.YCbCr:
		// JPEG and lossy WebP: the Y plane is the luminance.
		row = func(y int) { copy(g.row(y), m.Y[m.YOffset(x0, y0+y):]) }
	case *image.NYCbCrA:
		row = func(y int) { nycbcraRow(g.row(y), m, x0, y0+y) }
	case *image.RGBA:
		row = func(y int) {
			rgbaRow(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.NRGBA:
		row = func(y int) {
			nrgbaRow(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.Paletted:
		row = palettedRows(g, m)
	case *image.Gray16:
		row = func(y int) {
			gray16Row(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.RGBA64:
		row = func(y int) {
			rgba64Row(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.NRGBA64:
		row = func(y int) {
			nrgba64Row(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	case *image.CMYK:
		row = func(y int) {
			cmykRow(g.row(y), m.Pix[m.PixOffset(x0, y0+y):])
		}
	default:
		row = func(y int) { genericRow(g.row(y), img, x0, y0+y) }
	}

	parallelRows(g.h, row)
	return g
}

func (g *grey) row(y int) []byte {
	return g.pix[y*g.w : (y+1)*g.w]
}

func rgbaRow(dst, src []byte) {
	src = src[:4*len(dst)]
	for x := range dst {
		p := (*[4]byte)(src[4*x:])
		y := uint32(luma(uint32(p[0]), uint32(p[1]), uint32(p[2])))
		if p[3] != 0xff {
			// Premultiplied: adding the uncovered white composites.
			y = min(y+255-uint32(p[3]), 255)
		}
		dst[x] = byte(y)
	}
}

func nrgbaRow(dst, src []byte) {
	for x := range dst {
		p := (*[4]byte)(src[4*x:])
		y := luma(uint32(p[0]), uint32(p[1]), uint32(p[2]))
		if p[3] != 0xff {
			y = overWhite(uint32(y), uint32(p[3]))
		}
		dst[x] = y
	}
}

func nycbcraRow(dst []byte, m *image.NYCbCrA, x0, y int) {
	ys := m.Y[m.YOffset(x0, y):]
	as := m.A[m.AOffset(x0, y):]
	for x := range dst {
		dst[x] = overWhite(uint32(ys[x]), uint32(as[x]))
	}
}

// palettedRows converts each palette entry once, then maps indices.
func palettedRows(g *grey, m *image.Paletted) func(y int) {
	var table [256]byte
	for i, c := range m.Palette {
		table[i] = colorLuma(c)
	}

	b := m.Bounds()
	return func(y int) {
		src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
		dst := g.row(y)
		for x := range dst {
			dst[x] = table[src[x]]
		}
	}
}

// The 16-bit and CMYK rows (16-bit PNGs, CMYK JPEGs) build each pixel's
// concrete colour and call its RGBA method, which is what image.At would
// return without the interface allocation, so they agree with
// genericRow to the bit.

func gray16Row(dst, src []byte) {
	for x := range dst {
		dst[x] = src[2*x] // the high byte: luma of a grey is itself
	}
}

func rgba64Row(dst, src []byte) {
	for x := range dst {
		p := src[8*x:]
		dst[x] = lumaOver(color.RGBA64{be16(p), be16(p[2:]),
			be16(p[4:]), be16(p[6:])}.RGBA())
	}
}

func nrgba64Row(dst, src []byte) {
	for x := range dst {
		p := src[8*x:]
		dst[x] = lumaOver(color.NRGBA64{be16(p), be16(p[2:]),
			be16(p[4:]), be16(p[6:])}.RGBA())
	}
}

func cmykRow(dst, src []byte) {
	for x := range dst {
		p := src[4*x:]
		dst[x] = lumaOver(color.CMYK{p[0], p[1], p[2], p[3]}.RGBA())
	}
}

func be16(p []byte) uint16 {
	return uint16(p[0])<<8 | uint16(p[1])
}

// genericRow serves any other type through image.At, which allocates
// but is always correct.
func genericRow(dst []byte, img image.Image, x0, y int) {
	for x := range dst {
		dst[x] = colorLuma(img.At(x0+x, y))
	}
}

// colorLuma is the luminance of c over a white page.
func colorLuma(c color.Color) byte {
	return lumaOver(c.RGBA())
}

// lumaOver is the luminance of a premultiplied 16-bit colour over a
// white page.
func lumaOver(r, g, b, a uint32) byte {
	y := luma(r>>8, g>>8, b>>8)
	return byte(min(uint32(y)+(0xffff-a)>>8, 255))
}

// parallelRows calls fn for every row in [0, h), spreading rows over the
// available cores; fn must only write its own row.
func parallelRows(h int, fn func(y int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, h/64))
	if workers == 1 {
		for y := range h {
			fn(y)
		}
		return
	}

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		crashed any
	)
	chunk := (h + workers - 1) / workers
	for y0 := 0; y0 < h; y0 += chunk {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					crashed = r
					mu.Unlock()
				}
			}()
			for y := y0; y < y1; y++ {
				fn(y)
			}
		}(y0, min(y0+chunk, h))
	}
	wg.Wait()

	// A malformed in-memory image (a Pix slice shorter than its bounds)
	// panics in a worker; re-raise it where the caller can recover it.
	if crashed != nil {
		panic(crashed)
	}
}
