package assets

import _ "embed"

// Icon is Tessera's application icon as a 512-pixel PNG; icon.svg is
// the same design as a vector: a mosaic of tiles, one diagonal lit.
//
//go:embed icon.png
var Icon []byte
