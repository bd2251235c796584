package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/zalando/go-keyring"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tessera": func() {
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScript runs the command-line scripts in testdata/script. Each runs
// with its own home and config directories; the Secret Service and the
// display of the surrounding session (see .ci/services) pass through.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:   filepath.Join("..", "..", "testdata", "script"),
		Setup: scriptSetup,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"qrpng":    cmdQRPNG,
			"pngbomb":  cmdPNGBomb,
			"truncate": cmdTruncate,
		},
		Condition: scriptCondition,
	})
}

func scriptSetup(env *testscript.Env) error {
	work := env.WorkDir
	env.Setenv("HOME", filepath.Join(work, "home"))
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, "config"))
	env.Setenv("TESSERA_MANAGED_POLICY", filepath.Join(work, "managed.json"))
	env.Setenv("LANG", "C.UTF-8")
	for _, k := range []string{"DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
		"XDG_RUNTIME_DIR", "XDG_DATA_HOME"} {
		if v, ok := os.LookupEnv(k); ok {
			env.Setenv(k, v)
		}
	}
	return nil
}

// scriptCondition adds [keyring]: a Secret Service answers. Where
// TESSERA_TEST_KEYRING=required (.ci/services sets it), a keyring that
// does not answer is an error rather than a quiet false.
func scriptCondition(cond string) (bool, error) {
	if cond != "keyring" {
		return false, nil // unknown: testscript reports it
	}
	err := keyringWorks()
	if err != nil && os.Getenv("TESSERA_TEST_KEYRING") == "required" {
		return false, fmt.Errorf("TESSERA_TEST_KEYRING=required, but "+
			"the OS keyring does not answer: %v", err)
	}
	return err == nil, nil
}

// keyringWorks stores and deletes a probe item in the OS keyring.
func keyringWorks() error {
	const svc, user = "tessera-test-probe", "probe"
	if err := keyring.Set(svc, user, "x"); err != nil {
		return err
	}
	keyring.Delete(svc, user)
	return nil
}

// cmdQRPNG writes a PNG holding one QR code: qrpng FILE TEXT. TEXT may be
// @NAME to read the text from a file of the script, so that scripts can
// hold URIs with spaces or percent signs.
func cmdQRPNG(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: qrpng FILE TEXT")
	}
	text := args[1]
	if name, ok := strings.CutPrefix(text, "@"); ok {
		text = strings.TrimRight(ts.ReadFile(name), "\n")
	}
	b, err := qrPNG(text)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
}

// qrPNG encodes text as a 300-pixel QR code in a PNG.
func qrPNG(text string) ([]byte, error) {
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_MARGIN: 4,
	}
	bm, err := qrcode.NewQRCodeWriter().Encode(text,
		gozxing.BarcodeFormat_QR_CODE, 300, 300, hints)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, bm); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cmdPNGBomb writes a PNG of a few dozen bytes that declares WIDTH x
// HEIGHT pixels, the way a decompression bomb does: pngbomb FILE WIDTH
// HEIGHT. Its pixel data is one compressed row of zeros, so a decoder
// that trusted the header would allocate the whole picture first.
func cmdPNGBomb(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: pngbomb FILE WIDTH HEIGHT")
	}
	w, err := strconv.ParseUint(args[1], 10, 32)
	ts.Check(err)
	h, err := strconv.ParseUint(args[2], 10, 32)
	ts.Check(err)

	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey, no interlace
	var idat bytes.Buffer
	z := zlib.NewWriter(&idat)
	_, err = z.Write(make([]byte, 1024))
	ts.Check(err)
	ts.Check(z.Close())

	b := []byte("\x89PNG\r\n\x1a\n")
	b = pngChunk(b, "IHDR", ihdr)
	b = pngChunk(b, "IDAT", idat.Bytes())
	b = pngChunk(b, "IEND", nil)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
}

func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// cmdTruncate cuts a file to its first N bytes, as an interrupted
// download leaves it: truncate FILE N.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE N")
	}
	n, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	ts.Check(os.Truncate(ts.MkAbs(args[0]), n))
}

// TestOathtoolAgreement checks "tessera code --uri" against oathtool, the
// reference implementation, over random secrets and parameters.
func TestOathtoolAgreement(t *testing.T) {
	if _, err := exec.LookPath("oathtool"); err != nil {
		t.Skip("oathtool is not installed; make test installs it")
	}
	for i, c := range oathCases(200) {
		var out, errb bytes.Buffer
		st := run([]string{"code", "--at", c.at, "--uri", c.uri},
			nil, &out, &errb)
		want, err := exec.Command("oathtool", c.oathArgs...).Output()
		if err != nil {
			t.Fatalf("#%d: oathtool failed: %v", i, err)
		}
		if st != 0 {
			t.Fatalf("#%d: tessera code exited %d: %s", i, st, errb.String())
		}
		// Both outputs are codes for test secrets made up by this test.
		got, w := strings.TrimSpace(out.String()), strings.TrimSpace(string(want))
		if got != w {
			t.Errorf("#%d (%s): got %s, want %s", i, c.desc, got, w)
		}
	}
}

// Where the keyring is required, [keyring] on a keyring that does not
// answer is an error saying why, not a quiet false that skips lines.
func TestKeyringConditionRequired(t *testing.T) {
	if os.Getenv("TESSERA_TEST_PROBE") == "1" {
		_, err := scriptCondition("keyring")
		fmt.Printf("condition: %v\n", err)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("a dead session bus stands for a missing keyring on " +
			"Linux only")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringConditionRequired$")
	cmd.Env = append(os.Environ(), "TESSERA_TEST_PROBE=1",
		"TESSERA_TEST_KEYRING=required",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-bus")
	out, err := cmd.CombinedOutput()
	want := "condition: TESSERA_TEST_KEYRING=required, but the OS " +
		"keyring does not answer"
	if err != nil || !strings.Contains(string(out), want) {
		t.Errorf("got %v, %s; want %q", err, out, want)
	}
}
