package scanner

import (
	"cmp"
	"image"
	"slices"

	"github.com/makiuchi-d/gozxing"
)

// pass is one attempt of the retry chain: a way of preparing the
// luminance and of binarizing it.
type pass struct {
	name string
	prep func(*grey) (*grey, geom) // nil: as is; returning nil: skip
	bin  binarizer                 // nil: local
	when func(*grey) bool          // nil: always worth trying
}

// binarizer turns luminance into black and white modules.
type binarizer func(*grey) (*gozxing.BitMatrix, error)

// local thresholds each 8×8 block by its neighbourhood, as gozxing's
// HybridBinarizer does; the detectors were tuned on its output.
func local(g *grey) (*gozxing.BitMatrix, error) {
	return localThreshold(g, minRange)
}

// faint is local with low-contrast blocks thresholded too.
func faint(g *grey) (*gozxing.BitMatrix, error) {
	return localThreshold(g, lowRange)
}

// histogram thresholds the whole picture at one level, the valley of its
// luminance histogram: better than local where blocks are blurred.
func histogram(g *grey) (*gozxing.BitMatrix, error) {
	return gozxing.NewGlobalHistgramBinarizer(g.source()).GetBlackMatrix()
}

// chain is the order in which passes are tried. The first pass reads
// ordinary screenshots; the later ones cost time only when it found
// nothing, and stop at the first pass that reads something. Every pass
// returns only codes whose Reed-Solomon check succeeded, so trying more
// of them adds reads, not wrong texts.
var chain = []pass{
	{name: "plain"},
	{name: "inverted", prep: scaled(invert)},
	{name: "histogram", bin: histogram},
	{name: "faint", bin: faint},
	{name: "stretch", prep: scaled(stretch)},
	{name: "stretch-inverted", prep: scaled(stretchInverted)},
	{name: "darken", prep: scaled(darken)},
	{name: "half", prep: half, when: halvable},
	{name: "double", prep: double, when: doublable},
	{name: "histogram-darken", bin: histogram, prep: scaled(darken)},
	{name: "histogram-double", bin: histogram, prep: padDouble,
		when: doublable},
	{name: "levels", bin: levels(200, 1)},
	{name: "levels-fine", bin: levels(2000, 1)},
	{name: "levels-fine-2", bin: levels(2000, 2)},
	{name: "levels-fine-3", bin: levels(2000, 3)},
}

// geom maps a prepared picture back to the original: a point (x, y) of
// the prepared one lies at (x/scale - pad, y/scale - pad).
type geom struct {
	scale, pad float64
}

var identity = geom{scale: 1}

func scaled(f func(*grey) *grey) func(*grey) (*grey, geom) {
	return func(g *grey) (*grey, geom) { return f(g), identity }
}

// decodeGrey runs the retry chain over g, whose top-left pixel is origin
// in the caller's picture.
//
// A picture holding a dark-on-light code and a light-on-dark one yields
// only the first: the inverted pass would double the time of every
// successful read of a large screenshot to find a second code of the
// other polarity, which is rare. The person then sees one code, still
// fully checked, without the several-codes finding.
func decodeGrey(g *grey, origin image.Point) []Code {
	for _, p := range chain {
		if p.when != nil && !p.when(g) {
			continue
		}
		if codes := p.run(g, origin); len(codes) > 0 {
			return codes
		}
	}
	return nil
}

// run applies one pass and converts what it read to picture coordinates.
func (p pass) run(g *grey, origin image.Point) []Code {
	pg, gm := g, identity
	if p.prep != nil {
		pg, gm = p.prep(g)
	}
	if pg == nil {
		return nil // nothing for this pass to try
	}

	bin := p.bin
	if bin == nil {
		bin = local
	}
	m, err := bin(pg)
	if err != nil {
		return nil
	}

	var codes []Code
	for _, f := range readMatrix(m) {
		codes = append(codes, f.toCode(p.name, gm, origin))
	}
	return dedupe(codes)
}

// dedupe drops repeated reads of one code (the multi-code detector may
// pair the same finder patterns twice) and orders the codes by their top
// edge, then their left edge. Equal texts at different places, such as
// one code shown on two monitors, are kept apart.
func dedupe(codes []Code) []Code {
	var out []Code
	for _, c := range codes {
		if !slices.ContainsFunc(out, c.same) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Code) int {
		return cmp.Or(cmp.Compare(a.Position.Min.Y, b.Position.Min.Y),
			cmp.Compare(a.Position.Min.X, b.Position.Min.X))
	})
	return out
}

// same reports whether c and d are one code read twice: the same text
// with the centre of either inside the other.
func (c Code) same(d Code) bool {
	if c.Text != d.Text {
		return false
	}
	return center(c.Position).In(d.Position) ||
		center(d.Position).In(c.Position)
}

func center(r image.Rectangle) image.Point {
	return r.Min.Add(r.Max).Div(2)
}
