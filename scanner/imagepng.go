package scanner

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
)

// A screenshot is almost always an 8-bit, non-interlaced PNG. image/png
// spends most of its time expanding such files to RGBA, which the
// scanner then reduces to luminance; pngGrey goes from the compressed
// rows to luminance directly, in a third of the time on a 4K screenshot
// (PNG, ISO/IEC 15948, sections 6 to 9). Any other kind of PNG, and any
// PNG it cannot read, is left to image/png.

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// errPNGKind says the PNG uses a feature left to image/png.
var errPNGKind = errors.New("png kind not handled here")

// PNG colour types (section 6.1).
const (
	pngGrey8  = 0
	pngRGB    = 2
	pngPal    = 3
	pngGreyA  = 4
	pngRGBA   = 6
	pngHeader = 13
)

// pngImage is what pngGrey needs from a PNG's chunks.
type pngImage struct {
	w, h, colour int
	palette      [256]color.NRGBA
	lum          [256]byte // luminance of each palette entry over white
	idat         [][]byte
}

// pngGrey decodes an 8-bit, non-interlaced PNG to luminance. The caller
// has already checked its dimensions.
func pngGrey(data []byte) (*image.Gray, error) {
	if !bytes.HasPrefix(data, pngMagic) {
		return nil, errPNGKind
	}
	p, err := readPNGChunks(data[len(pngMagic):])
	if err != nil {
		return nil, err
	}

	r, err := zlibBody(p.idat)
	if err != nil {
		return nil, err
	}
	return p.rows(r)
}

// readPNGChunks walks the chunks (section 5.3), keeping the header, the
// palette and the image data. CRCs are not checked: a damaged picture
// either fails to inflate or decodes to pixels that hold no code.
func readPNGChunks(b []byte) (*pngImage, error) {
	p := &pngImage{colour: -1}
	for i := range p.palette {
		// Out-of-range indices read as opaque black, as in image/png.
		p.palette[i] = color.NRGBA{A: 0xff}
	}
	for len(b) >= 12 {
		n := binary.BigEndian.Uint32(b)
		typ := string(b[4:8])
		if uint64(n)+12 > uint64(len(b)) {
			return nil, io.ErrUnexpectedEOF
		}
		body := b[8 : 8+n]
		b = b[12+n:]

		if err := p.chunk(typ, body); err != nil {
			return nil, err
		}
		if typ == "IEND" {
			break
		}
	}
	if p.colour < 0 || len(p.idat) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	return p, nil
}

func (p *pngImage) chunk(typ string, body []byte) error {
	switch typ {
	case "IHDR":
		return p.header(body)
	case "PLTE":
		p.setPalette(body)
	case "tRNS":
		if p.colour != pngPal {
			// A transparent colour key: rare, left to image/png.
			return errPNGKind
		}
		p.setAlpha(body)
	case "IDAT":
		p.idat = append(p.idat, body)
	}
	return nil
}

// header accepts only 8-bit, non-interlaced pictures.
func (p *pngImage) header(b []byte) error {
	if len(b) != pngHeader {
		return errPNGKind
	}
	w := binary.BigEndian.Uint32(b[0:])
	h := binary.BigEndian.Uint32(b[4:])
	depth, colour, interlace := b[8], int(b[9]), b[12]
	if depth != 8 || interlace != 0 || b[10] != 0 || b[11] != 0 {
		return errPNGKind
	}
	if w == 0 || h == 0 || uint64(w)*uint64(h) > MaxPixels {
		return errPNGKind
	}
	switch colour {
	case pngGrey8, pngRGB, pngPal, pngGreyA, pngRGBA:
	default:
		return errPNGKind
	}
	p.w, p.h, p.colour = int(w), int(h), colour
	return nil
}

func (p *pngImage) setPalette(b []byte) {
	for i := 0; i+2 < len(b) && i/3 < 256; i += 3 {
		p.palette[i/3] = color.NRGBA{b[i], b[i+1], b[i+2], 0xff}
	}
}

// setAlpha sets the palette's alphas from a tRNS chunk.
func (p *pngImage) setAlpha(b []byte) {
	for i, a := range b[:min(len(b), 256)] {
		p.palette[i].A = a
	}
}

// zlibBody skips the two-byte zlib header of the joined IDAT data
// (RFC 1950) and inflates the rest. The Adler-32 trailer is not checked.
func zlibBody(idat [][]byte) (io.Reader, error) {
	rs := make([]io.Reader, len(idat))
	for i, b := range idat {
		rs[i] = bytes.NewReader(b)
	}
	r := io.MultiReader(rs...)

	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	if hdr[0]&0x0f != 8 || (uint(hdr[0])<<8|uint(hdr[1]))%31 != 0 ||
		hdr[1]&0x20 != 0 {
		return nil, errors.New("png: bad zlib header")
	}
	return flate.NewReader(r), nil
}

// bpp is the bytes per pixel, the distance the filters look back.
func (p *pngImage) bpp() int {
	switch p.colour {
	case pngRGB:
		return 3
	case pngGreyA:
		return 2
	case pngRGBA:
		return 4
	}
	return 1
}

// rows unfilters each scanline (section 9) and converts it to luminance.
func (p *pngImage) rows(r io.Reader) (*image.Gray, error) {
	bpp := p.bpp()
	stride := p.w * bpp
	cur := make([]byte, stride+1)
	prev := make([]byte, stride+1)
	out := image.NewGray(image.Rect(0, 0, p.w, p.h))
	for i, c := range p.palette {
		p.lum[i] = colorLuma(c)
	}

	for y := range p.h {
		if _, err := io.ReadFull(r, cur); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		if err := unfilter(cur[0], cur[1:], prev[1:], bpp); err != nil {
			return nil, err
		}
		p.convert(out.Pix[y*out.Stride:][:p.w], cur[1:])
		cur, prev = prev, cur
	}
	return out, nil
}

// unfilter reverses filter type ft on row, given the previous row.
func unfilter(ft byte, row, prev []byte, bpp int) error {
	switch ft {
	case 0:
	case 1: // Sub
		for i := bpp; i < len(row); i++ {
			row[i] += row[i-bpp]
		}
	case 2: // Up
		for i, v := range prev[:len(row)] {
			row[i] += v
		}
	case 3: // Average
		for i := range bpp {
			row[i] += prev[i] / 2
		}
		for i := bpp; i < len(row); i++ {
			row[i] += byte((int(row[i-bpp]) + int(prev[i])) / 2)
		}
	case 4:
		unpaeth(row, prev, bpp)
	default:
		return errors.New("png: bad filter type")
	}
	return nil
}

// unpaeth reverses the Paeth filter (section 9.4).
func unpaeth(row, prev []byte, bpp int) {
	for i := range bpp {
		row[i] += prev[i]
	}
	for i := bpp; i < len(row); i++ {
		a, b, c := int(row[i-bpp]), int(prev[i]), int(prev[i-bpp])
		pa, pb, pc := abs(b-c), abs(a-c), abs(a+b-2*c)
		switch {
		case pa <= pb && pa <= pc:
			row[i] += byte(a)
		case pb <= pc:
			row[i] += byte(b)
		default:
			row[i] += byte(c)
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// convert turns one unfiltered scanline into luminance over white.
func (p *pngImage) convert(dst, src []byte) {
	switch p.colour {
	case pngGrey8:
		copy(dst, src)
	case pngGreyA:
		for x := range dst {
			dst[x] = overWhite(uint32(src[2*x]), uint32(src[2*x+1]))
		}
	case pngRGB:
		src = src[:3*len(dst)]
		for x := range dst {
			s := src[3*x : 3*x+3 : 3*x+3]
			dst[x] = luma(uint32(s[0]), uint32(s[1]), uint32(s[2]))
		}
	case pngRGBA:
		nrgbaRow(dst, src)
	case pngPal:
		for x, i := range src[:len(dst)] {
			dst[x] = p.lum[i]
		}
	}
}
