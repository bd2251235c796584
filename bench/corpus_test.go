// Package bench measures Tessera's scanner against the public QR corpus
// in ../shared/corpus/qr and against the command-line decoders
// ZXingReader (zxing-cpp) and zbarimg (zbar) when they are installed.
//
// TestCorpus guards the decoder's reads and wrong texts in every "go test"
// run where the corpus is present (about 20 s with the other decoders;
// -short skips it); to see its tables:
//
//	go test -run Corpus -v ./bench/
//
// The timed comparisons run only with TESSERA_BENCH=1, since their
// figures are measurements, not tests.
//
// bench/corpus.sh does the same from the repository's top.
package bench

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tessera-auth/tessera/scanner"
)

// corpusDir finds ../shared/corpus/qr beside the repository's top, or
// the folder named by TESSERA_CORPUS.
func corpusDir(tb testing.TB) string {
	if d := os.Getenv("TESSERA_CORPUS"); d != "" {
		return d
	}
	root, err := repoRoot()
	if err != nil {
		tb.Skipf("corpus: %v", err)
	}
	d := filepath.Join(root, "..", "shared", "corpus", "qr")
	if _, err := os.Stat(d); err != nil {
		tb.Skipf("corpus not found at %s; skipping", d)
	}
	return d
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}

// sample is one corpus picture and the text it holds.
type sample struct {
	set, path, want string
}

// errata maps corpus answers known to be wrong to the file holding the
// right one. zxing's qrcode-2/13.txt says "photograph" where its code
// says "photography", which is what zxing-cpp's copy of the same picture
// (its qrcode-2/13) expects.
var errata = map[string]string{
	"zxing-qrcode-2/13.png": "zxingcpp-qrcode-2/13.txt",
}

// expected returns the text that the corpus picture at path holds.
func expected(dir, path string) (string, error) {
	txt := strings.TrimSuffix(path, filepath.Ext(path)) + ".txt"
	rel, err := filepath.Rel(dir, path)
	if err == nil && errata[filepath.ToSlash(rel)] != "" {
		txt = filepath.Join(dir, errata[filepath.ToSlash(rel)])
	}
	want, err := os.ReadFile(txt)
	return string(want), err
}

// loadCorpus lists every picture of every set with its expected text.
func loadCorpus(tb testing.TB, dir string) []sample {
	sets, err := filepath.Glob(filepath.Join(dir, "*qrcode-*"))
	if err != nil || len(sets) == 0 {
		tb.Skipf("no sets in %s", dir)
	}

	var out []sample
	for _, set := range sets {
		pics, err := scanner.ImagePaths(set)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range pics {
			want, err := expected(dir, p)
			if err != nil {
				tb.Fatalf("reading expected text: %v", err)
			}
			out = append(out, sample{filepath.Base(set), p, want})
		}
	}
	return out
}

// tally counts one decoder's outcomes on one set.
type tally struct {
	read, wrong, other int
	took               time.Duration
}

// outcome is what the decoders made of one picture.
type outcome map[string][]string // decoder name → texts

// score adds the outcome of s for decoder name. A text other than the
// expected one is wrong unless another decoder returned it too: two
// independent decoders agreeing shows the text is in the picture, as
// when the corpus's answer has a typo or the picture holds a second code.
func (t *tally) score(s sample, o outcome, name string) {
	texts := o[name]
	if slices.Contains(texts, s.want) {
		t.read++
	}
	for _, x := range texts {
		if x == s.want {
			continue
		}
		if o.corroborated(name, x) {
			t.other++
		} else {
			t.wrong++
		}
		break
	}
}

func (o outcome) corroborated(name, text string) bool {
	for n, texts := range o {
		if n != name && slices.Contains(texts, text) {
			return true
		}
	}
	return false
}

// decoder is one way of reading a file into texts.
type decoder struct {
	name string
	read func(path string) []string
	webp bool // reads WebP; otherwise it is handed a PNG copy
}

// passes counts the corpus pictures each retry-chain pass read.
var passes = map[string]int{}

func tessera(path string) []string {
	codes, err := scanner.DecodeFile(path)
	if err != nil {
		return nil
	}
	var texts []string
	for _, c := range codes {
		texts = append(texts, c.Text)
	}
	if len(codes) > 0 {
		passes[codes[0].QR.Pass]++
	}
	return texts
}

// passTable lists how many pictures each pass read, most first.
func passTable() string {
	var names []string
	for n := range passes {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		return passes[b] - passes[a]
	})

	var b strings.Builder
	b.WriteString("\n| pass | pictures read |\n|---|---|\n")
	for _, n := range names {
		fmt.Fprintf(&b, "| %s | %d |\n", n, passes[n])
	}
	return b.String()
}

// zxingReader runs zxing-cpp's command-line reader, which prints each
// code's text as `Text:       "..."` followed by a `Bytes:` line.
func zxingReader(path string) []string {
	out, _ := exec.Command("ZXingReader", "-format", "QRCode",
		path).Output()
	var texts []string
	for _, block := range strings.Split(string(out), "\nText:") {
		block = strings.TrimPrefix(block, "Text:")
		end := strings.Index(block, "\nBytes:")
		if end < 0 {
			continue
		}
		t := strings.TrimSpace(block[:end])
		t = strings.TrimSuffix(strings.TrimPrefix(t, `"`), `"`)
		texts = append(texts, t)
	}
	return texts
}

// zbarimg runs zbar's reader; with --raw it prints each text followed by
// a newline, so texts holding newlines are only read right when the
// picture holds a single code, as corpus pictures do.
func zbarimg(path string) []string {
	out, err := exec.Command("zbarimg", "--nodbus", "-q", "--raw",
		"-Sdisable", "-Sqrcode.enable", path).Output()
	if err != nil || len(out) == 0 {
		return nil
	}
	return []string{string(bytes.TrimSuffix(out, []byte("\n")))}
}

func decoders() []decoder {
	ds := []decoder{{"tessera", tessera, true}}
	// zxing-cpp 1.4's reader cannot open WebP files.
	if _, err := exec.LookPath("ZXingReader"); err == nil {
		ds = append(ds, decoder{"ZXingReader", zxingReader, false})
	}
	if _, err := exec.LookPath("zbarimg"); err == nil {
		ds = append(ds, decoder{"zbarimg", zbarimg, true})
	}
	return ds
}

// pngCopy writes the WebP picture at path as a PNG in dir, so that
// decoders without WebP support get the same pixels.
func pngCopy(tb testing.TB, path, dir string) string {
	img, err := scanner.Load(path)
	if err != nil {
		tb.Fatalf("converting corpus picture: %v", err)
	}
	out := filepath.Join(dir, strings.ReplaceAll(path, "/", "_")+".png")
	f, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestCorpus decodes every corpus picture with every decoder and prints
// a table of reads, wrong texts and time per set. It fails when Tessera
// returns a wrong text or reads fewer than minCorpusReads pictures.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes about 20 s; skipped with -short")
	}
	samples := loadCorpus(t, corpusDir(t))
	ds := decoders()

	res := make(map[string]map[string]*tally) // set → decoder → tally
	var sets []string
	tmp := t.TempDir()
	for _, s := range samples {
		if res[s.set] == nil {
			res[s.set] = map[string]*tally{}
			sets = append(sets, s.set)
		}
		o := outcome{}
		for _, d := range ds {
			if res[s.set][d.name] == nil {
				res[s.set][d.name] = &tally{}
			}
			path := s.path
			if !d.webp && filepath.Ext(path) == ".webp" {
				path = pngCopy(t, path, tmp)
			}

			start := time.Now()
			o[d.name] = d.read(path)
			res[s.set][d.name].took += time.Since(start)
		}
		for _, d := range ds {
			res[s.set][d.name].score(s, o, d.name)
		}
		if verbose() {
			reportMiss(t, s, o)
		}
	}

	fmt.Print(table(sets, ds, res, samples))
	fmt.Print(passTable())
	checkTargets(t, sets, res)
}

// minCorpusReads is the target for the 316 corpus pictures.
const minCorpusReads = 280

func checkTargets(t *testing.T, sets []string,
	res map[string]map[string]*tally) {
	var read, wrong int
	for _, set := range sets {
		read += res[set]["tessera"].read
		wrong += res[set]["tessera"].wrong
	}
	if wrong > 0 {
		t.Errorf("tessera returned %d wrong texts, want 0", wrong)
	}
	if read < minCorpusReads {
		t.Errorf("tessera read %d pictures, want at least %d",
			read, minCorpusReads)
	}
}

func verbose() bool { return os.Getenv("TESSERA_BENCH") == "v" }

// reportMiss names a picture Tessera did not read as expected, and which
// decoders did.
func reportMiss(t *testing.T, s sample, o outcome) {
	texts := o["tessera"]
	if slices.Contains(texts, s.want) && len(texts) == 1 {
		return
	}
	var others []string
	for name, texts := range o {
		if name != "tessera" && slices.Contains(texts, s.want) {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	rel := filepath.Join(s.set, filepath.Base(s.path))
	t.Logf("%s: tessera returned %d texts, none expected; read by %v",
		rel, len(texts), others)
}

// table formats the results as a Markdown table.
func table(sets []string, ds []decoder,
	res map[string]map[string]*tally, samples []sample) string {
	var b strings.Builder
	count := map[string]int{}
	for _, s := range samples {
		count[s.set]++
	}

	b.WriteString("| set | pictures |")
	for _, d := range ds {
		fmt.Fprintf(&b, " %s read (wrong) | %s time |", d.name, d.name)
	}
	b.WriteString("\n|---|---|")
	b.WriteString(strings.Repeat("---|---|", len(ds)))
	b.WriteString("\n")

	total := map[string]*tally{}
	for _, set := range sets {
		fmt.Fprintf(&b, "| %s | %d |", set, count[set])
		for _, d := range ds {
			r := res[set][d.name]
			fmt.Fprintf(&b, " %s | %s |", r.cell(), ms(r.took))
			if total[d.name] == nil {
				total[d.name] = &tally{}
			}
			total[d.name].read += r.read
			total[d.name].wrong += r.wrong
			total[d.name].other += r.other
			total[d.name].took += r.took
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "| **all** | %d |", len(samples))
	for _, d := range ds {
		r := total[d.name]
		fmt.Fprintf(&b, " **%s** | %s |", r.cell(), ms(r.took))
	}
	b.WriteString("\n")
	return b.String()
}

// cell shows reads, then wrong texts in brackets and corroborated other
// texts after a plus sign, when there are any.
func (t *tally) cell() string {
	c := fmt.Sprint(t.read)
	if t.wrong > 0 {
		c += fmt.Sprintf(" (%d)", t.wrong)
	}
	if t.other > 0 {
		c += fmt.Sprintf(" +%d", t.other)
	}
	return c
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}
