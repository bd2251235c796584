package scanner

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"slices"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	mdetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Code is one QR code found in a picture.
type Code struct {
	Text     string          // the payload, exactly as decoded
	Position image.Rectangle // bounding box in the picture's pixels
	QR       QRInfo
}

// QRInfo is what the decoder learnt about a code, for people who test
// enrollment codes before users see them.
type QRInfo struct {
	Version    int           `json:"version"`
	ECLevel    string        `json:"ec_level"` // L, M, Q or H
	Corners    []image.Point `json:"corners"`
	ModuleSize float64       `json:"module_px"` // pixels per module
	Pass       string        `json:"pass"`      // retry-chain pass that read it
}

// MarshalJSON writes the corners as [x, y] pairs, like the code's
// position, rather than as Go's {"X": x, "Y": y} objects.
func (q QRInfo) MarshalJSON() ([]byte, error) {
	corners := make([][2]int, len(q.Corners))
	for i, p := range q.Corners {
		corners[i] = [2]int{p.X, p.Y}
	}
	type plain QRInfo // no MarshalJSON: no recursion
	return json.Marshal(struct {
		plain
		Corners [][2]int `json:"corners"`
	}{plain(q), corners})
}

// Decode returns every QR code in img, ordered by their top edge, then
// their left edge. A picture without a readable code returns no codes and
// no error. Decode tries the retry chain's passes in turn (see QRInfo's
// Pass) and stops at the first that reads something, so an ordinary
// screenshot costs one pass. It refuses pictures over MaxPixels, never
// writes to img, and may be called from several goroutines at once.
func Decode(img image.Image) ([]Code, error) {
	return decodeImage(img, "picture")
}

// decodeImage is Decode naming the picture name in errors.
func decodeImage(img image.Image, name string) (codes []Code, err error) {
	if img == nil {
		return nil, errors.New("decoding picture: no picture")
	}
	b := img.Bounds()
	if err := checkDims(b.Dx(), b.Dy(), name); err != nil {
		return nil, err
	}

	// gozxing is a port that signals some impossible states by panicking;
	// a hostile picture must not take the program down with it.
	defer func() {
		if recover() != nil {
			codes = nil
			err = fmt.Errorf("decoding %s: decoder failed", name)
		}
	}()

	return decodeGrey(toGrey(img), b.Min), nil
}

// DecodeFile reads the picture at path and returns every QR code in it.
func DecodeFile(path string) ([]Code, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return decodePicture(data, path)
}

// DecodeReader reads a picture from r (named name in errors) and returns
// every QR code in it.
func DecodeReader(r io.Reader, name string) ([]Code, error) {
	data, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return decodePicture(data, name)
}

func decodePicture(data []byte, name string) ([]Code, error) {
	img, err := decodeBytes(data, name, true)
	if err != nil {
		return nil, err
	}
	return decodeImage(img, name)
}

// tryHarder makes gozxing scan every row for finder patterns; without it
// small codes in large screenshots are missed.
var tryHarder = map[gozxing.DecodeHintType]any{
	gozxing.DecodeHintType_TRY_HARDER: true,
}

// found is one code read by one pass, in that pass's pixel coordinates.
// Its corners run clockwise from the top-left; t maps module space (the
// code is dim×dim modules) to pixels.
type found struct {
	text    string
	version int
	ecLevel string
	corners [4]point
	t       *common.PerspectiveTransform
}

type point struct{ x, y float64 }

// maxRounds bounds how often readMatrix looks again after erasing the
// codes it read.
const maxRounds = 4

// readMatrix finds and decodes every code in a binarized picture. The
// multi-code detector misses a code whose finder patterns it paired with
// another's, as with a small code nested inside a large one; so after
// each round the finder patterns of the codes read are erased and the
// detectors look again, until a round reads nothing new.
func readMatrix(m *gozxing.BitMatrix) []found {
	var out []found
	for round := range maxRounds {
		var fresh []found
		for _, f := range detectOnce(m, round == 0) {
			if !slices.ContainsFunc(out, f.same) {
				fresh = append(fresh, f)
			}
		}
		if len(fresh) == 0 {
			break
		}

		out = append(out, fresh...)
		for _, f := range fresh {
			f.eraseFinders(m)
		}
	}
	return out
}

// detectOnce runs the multi-code detector and, when it reads nothing and
// single is set, the single-code detector, which pairs finder patterns
// differently.
func detectOnce(m *gozxing.BitMatrix, single bool) []found {
	var out []found
	dets, _ := mdetector.NewMultiDetector(m).DetectMulti(tryHarder)
	for _, d := range dets {
		if f, ok := readDetection(d); ok {
			out = append(out, f)
		}
	}
	if len(out) > 0 || !single {
		return out
	}

	d, err := detector.NewDetector(m).Detect(tryHarder)
	if err != nil {
		return nil
	}
	if f, ok := readDetection(d); ok {
		out = append(out, f)
	}
	return out
}

// same reports whether f and o are one code read twice: the same text
// and the centre of one within the other's outline.
func (f found) same(o found) bool {
	return f.text == o.text &&
		(o.contains(f.centre()) || f.contains(o.centre()))
}

func (f found) centre() point {
	var c point
	for _, p := range f.corners {
		c.x += p.x / 4
		c.y += p.y / 4
	}
	return c
}

// contains reports whether p lies in the bounding box of f's corners.
func (f found) contains(p point) bool {
	lo, hi := f.bounds()
	return p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y
}

func (f found) bounds() (lo, hi point) {
	lo = point{math.Inf(1), math.Inf(1)}
	hi = point{math.Inf(-1), math.Inf(-1)}
	for _, p := range f.corners {
		lo = point{math.Min(lo.x, p.x), math.Min(lo.y, p.y)}
		hi = point{math.Max(hi.x, p.x), math.Max(hi.y, p.y)}
	}
	return lo, hi
}

// eraseFinders clears, in m, the three 8×8-module corners that hold f's
// finder patterns and their separators.
func (f found) eraseFinders(m *gozxing.BitMatrix) {
	d := float64(f.dim())
	for _, o := range []point{{0, 0}, {d - 8, 0}, {0, d - 8}} {
		xy := []float64{o.x, o.y, o.x + 8, o.y, o.x + 8, o.y + 8,
			o.x, o.y + 8}
		f.t.TransformPoints(xy)
		clearBox(m, xy)
	}
}

func (f found) dim() int { return 17 + 4*f.version }

// clearBox unsets the bits of m within the bounding box of the points
// xy (x0, y0, x1, y1, ...).
func clearBox(m *gozxing.BitMatrix, xy []float64) {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for i := 0; i < len(xy); i += 2 {
		x0, x1 = math.Min(x0, xy[i]), math.Max(x1, xy[i])
		y0, y1 = math.Min(y0, xy[i+1]), math.Max(y1, xy[i+1])
	}

	w, h := m.GetWidth(), m.GetHeight()
	for y := max(0, int(y0)); y <= min(h-1, int(y1)); y++ {
		for x := max(0, int(x0)); x <= min(w-1, int(x1)); x++ {
			m.Unset(x, y)
		}
	}
}

// readDetection decodes the sampled modules of one detection and works
// out where the code's outer corners lie in the picture.
func readDetection(d *common.DetectorResult) (found, bool) {
	bits := d.GetBits()
	res, err := decoder.NewDecoder().Decode(bits, tryHarder)
	if err != nil {
		return found{}, false
	}

	pts := d.GetPoints()
	if meta, ok := res.GetOther().(*decoder.QRCodeDecoderMetaData); ok {
		meta.ApplyMirroredCorrection(pts)
	}
	dim := bits.GetWidth()
	t := moduleTransform(pts, dim)
	f := found{
		text:    res.GetText(),
		version: (dim - 17) / 4,
		ecLevel: res.GetECLevel(),
		corners: outerCorners(t, dim),
		t:       t,
	}
	return f, true
}

// moduleTransform is the perspective transform from module space to the
// picture that the detector sampled the code with. pts are the bottom-
// left, top-left and top-right finder centres and optionally the
// alignment pattern.
func moduleTransform(pts []gozxing.ResultPoint,
	dim int) *common.PerspectiveTransform {

	var align *detector.AlignmentPattern
	if len(pts) > 3 {
		align, _ = pts[3].(*detector.AlignmentPattern)
	}
	return detector.Detector_createTransform(pts[1], pts[2], pts[0],
		align, dim)
}

// outerCorners maps the corners of a dim×dim code to the picture.
func outerCorners(t *common.PerspectiveTransform, dim int) [4]point {
	d := float64(dim)
	xy := []float64{0, 0, d, 0, d, d, 0, d}
	t.TransformPoints(xy)

	var c [4]point
	for i := range c {
		c[i] = point{xy[2*i], xy[2*i+1]}
	}
	return c
}

// toCode converts f to the picture's coordinates: gm undoes the pass's
// scaling and padding, origin is the picture's top-left pixel.
func (f found) toCode(pass string, gm geom, origin image.Point) Code {
	var corners []image.Point
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, c := range f.corners {
		x := c.x/gm.scale - gm.pad + float64(origin.X)
		y := c.y/gm.scale - gm.pad + float64(origin.Y)
		corners = append(corners, image.Pt(round(x), round(y)))
		minX, minY = math.Min(minX, x), math.Min(minY, y)
		maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
	}

	dim := float64(17 + 4*f.version)
	module := sideLength(f.corners) / gm.scale / dim
	return Code{
		Text: f.text,
		Position: image.Rect(round(minX), round(minY),
			round(maxX), round(maxY)),
		QR: QRInfo{
			Version:    f.version,
			ECLevel:    f.ecLevel,
			Corners:    corners,
			ModuleSize: math.Round(module*100) / 100,
			Pass:       pass,
		},
	}
}

// sideLength is the mean length of the quadrilateral's four sides.
func sideLength(c [4]point) float64 {
	var sum float64
	for i := range c {
		a, b := c[i], c[(i+1)%4]
		sum += math.Hypot(b.x-a.x, b.y-a.y)
	}
	return sum / 4
}

func round(v float64) int { return int(math.Round(v)) }
