package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	// The formats Tessera reads register themselves with package image.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/webp"
)

// Limits on the pictures the scanner agrees to decode. A hostile picture
// can declare huge dimensions in a few bytes (a decompression bomb), so
// the declared size is checked before any pixel is allocated.
const (
	MaxPixels   = 100_000_000 // 100 megapixels, larger than an 8K screen
	MaxFileSize = 64 << 20    // bytes read from one file or stream
)

// ErrTooLarge is wrapped by the errors for pictures over MaxPixels or
// files over MaxFileSize.
var ErrTooLarge = errors.New("picture too large")

// ErrNotImage is wrapped by the error for input that is not a picture in
// one of the supported formats.
var ErrNotImage = errors.New("not a PNG, JPEG, GIF, BMP or WebP picture")

// imageExts are the file extensions ImagePaths accepts without sniffing.
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true,
	".bmp": true, ".webp": true,
}

// Load reads the picture at path, checking its size and declared
// dimensions before decoding it.
func Load(path string) (image.Image, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return decodeBytes(data, path, false)
}

// readFile reads at most MaxFileSize bytes from the file at path.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading picture: %w", err)
	}
	defer f.Close()

	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading picture: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("reading %s: is a folder", path)
	}
	if st.Size() > MaxFileSize {
		return nil, tooBigFile(path)
	}
	return readAll(f, path)
}

// LoadReader reads a picture from r, which is named name in errors. It
// reads at most MaxFileSize bytes.
func LoadReader(r io.Reader, name string) (image.Image, error) {
	data, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return decodeBytes(data, name, false)
}

func readAll(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooBigFile(name)
	}
	return data, nil
}

func tooBigFile(name string) error {
	return fmt.Errorf("reading %s: file is over the %d MiB limit: %w",
		name, MaxFileSize>>20, ErrTooLarge)
}

// decodeBytes checks the declared dimensions of the picture in data, then
// decodes it. With grey set, a PNG of the common kinds is decoded straight
// to luminance (*image.Gray), all the scanner needs. Decoders of untrusted
// data have panicked before, so a panic is turned into an error rather
// than taking the program down.
func decodeBytes(data []byte, name string, grey bool) (img image.Image,
	err error) {
	defer func() {
		if recover() != nil {
			img, err = nil, fmt.Errorf("decoding %s: corrupt picture", name)
		}
	}()

	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(name, err)
	}
	if err := checkDims(cfg.Width, cfg.Height, name); err != nil {
		return nil, err
	}
	if grey {
		if g, err := pngGrey(data); err == nil {
			return g, nil
		}
		// Anything the fast path did not read, image/png reads or
		// explains.
	}

	img, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(name, err)
	}
	return img, nil
}

func decodeError(name string, err error) error {
	if errors.Is(err, image.ErrFormat) {
		return fmt.Errorf("decoding %s: %w", name, ErrNotImage)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("decoding %s: truncated picture", name)
	}
	if shortData(err) {
		return fmt.Errorf("decoding %s: truncated or damaged picture "+
			"(%v)", name, err)
	}
	return fmt.Errorf("decoding %s: %w", name, err)
}

// shortData reports whether err is a decoder's way of saying that the
// pixel data stopped early, which is what a cut-off download looks like.
// The standard decoders say so only in their messages.
func shortData(err error) bool {
	msg := err.Error()
	for _, s := range []string{
		"not enough pixel data", // image/png
		"not enough image data", // image/gif
		"short Huffman data",    // image/jpeg
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// checkDims refuses empty pictures and pictures over MaxPixels, the
// latter before their pixels are allocated.
func checkDims(w, h int, name string) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("decoding %s: picture has no pixels (%dx%d)",
			name, w, h)
	}
	if int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("decoding %s: %dx%d pixels is over the "+
			"%d-megapixel limit: %w", name, w, h, MaxPixels/1_000_000,
			ErrTooLarge)
	}
	return nil
}

// ImagePaths lists the pictures under root, recursively, in lexical
// order. A file counts as a picture when its extension is one of the
// supported formats' or, lacking a known extension, when its first bytes
// match one of them. Hidden folders are skipped, and so are links to
// folders, so that a link loop cannot trap the walk; links to files
// count as the files they lead to. When root is a file it is returned
// alone, whatever it holds, so that the caller reports on it.
//
// A folder inside root that cannot be read does not stop the walk:
// ImagePaths returns the pictures it found and an error that joins one
// *fs.PathError per folder it had to skip.
func ImagePaths(root string) ([]string, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("listing pictures: %w", err)
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	lst, err := os.Lstat(root)
	if err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not follow a symlinked root; a trailing
		// separator makes the link resolve.
		root += string(filepath.Separator)
	}

	var paths []string
	var skipped []error
	visit := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			skipped = append(skipped, err)
			return skipDir(d)
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if isFile(p, d) && isImageFile(p) {
			paths = append(paths, p)
		}
		return nil
	}
	if err := filepath.WalkDir(root, visit); err != nil {
		return nil, fmt.Errorf("listing pictures in %s: %w", root, err)
	}
	slices.Sort(paths)
	return paths, errors.Join(skipped...)
}

// skipDir is what a walk returns to go past an entry it could not read.
func skipDir(d fs.DirEntry) error {
	if d != nil && d.IsDir() {
		return filepath.SkipDir
	}
	return nil
}

// isFile reports whether the entry at p is a regular file, or a link
// that leads to one.
func isFile(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// isImageFile reports whether p looks like a picture, by its extension or
// else by sniffing its header.
func isImageFile(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	if imageExts[ext] {
		return true
	}
	if ext != "" {
		return false
	}

	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()

	_, _, err = image.DecodeConfig(io.LimitReader(f, 1<<20))
	return err == nil
}
