package app

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// testUI opens the window over s with a fake clipboard, at a fixed
// instant: Unix 59, RFC 6238's first vector.
func testUI(t *testing.T, s *memStore) (*ui, *fakeClip) {
	t.Helper()
	a := test.NewTempApp(t)
	clip := &fakeClip{}
	c, err := scanner.LoadChecker("")
	if err != nil {
		t.Fatal(err)
	}
	d := deps{store: s, open: testOpener(s, "correct horse"),
		policy: c.Policy(), clip: clip,
		checker: func() (*scanner.Checker, error) { return c, nil },
		images:  clip, vaultPath: "test.vault",
		now:     func() time.Time { return time.Unix(59, 0) },
		capture: nil}
	if s == nil {
		d.store = nil
	}
	u := newUI(a, d)
	u.win.Resize(fyne.NewSize(420, 640))
	u.win.Show()
	t.Cleanup(u.shutdown)
	return u, clip
}

// buttons finds the buttons labelled label in the window and its
// overlays (dialogs).
func buttons(u *ui, label string) []*widget.Button {
	var out []*widget.Button
	objs := test.LaidOutObjects(u.win.Content())
	for _, o := range u.win.Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Text == label &&
			b.Visible() {
			out = append(out, b)
		}
	}
	return out
}

func tapButton(t *testing.T, u *ui, label string) {
	t.Helper()
	bs := buttons(u, label)
	if len(bs) == 0 {
		t.Fatalf("no button %q on screen", label)
	}
	test.Tap(bs[0])
}

func TestUICopy(t *testing.T) {
	u, clip := testUI(t, newStore(totp("RFC", "6238")))
	u.accounts.Select(0)
	if clip.text != "94287082" {
		t.Fatalf("clipboard got %q, want 94287082", clip.text)
	}
	if !u.toast.Visible() || !strings.Contains(u.toast.Text, "RFC") {
		t.Errorf("toast got %q, want the copy confirmed", u.toast.Text)
	}
}

func TestUISearchEnter(t *testing.T) {
	u, clip := testUI(t, sample())
	test.Type(u.search, "bank")
	if u.list.Len() != 1 || u.list.Account(0).Issuer != "Bank" {
		t.Fatalf("search got %d accounts, want Bank", u.list.Len())
	}
	u.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if clip.text != "94287082" {
		t.Errorf("enter: clipboard got %q, want the code", clip.text)
	}
}

func TestUIKeyboard(t *testing.T) {
	u, clip := testUI(t, sample())
	u.win.Canvas().Focus(u.accounts)
	u.accounts.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	u.accounts.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.accounts.cursor != 1 || clip.text == "" {
		t.Errorf("got cursor %d clip %q, want the second row copied",
			u.accounts.cursor, clip.text)
	}
	if got := u.list.Recent(1)[0].Issuer; got != "Bank" {
		t.Errorf("copied %s, want Bank (second by issuer)", got)
	}
}

func TestUIPasteImage(t *testing.T) {
	s := newStore()
	u, clip := testUI(t, s)
	clip.img = qrImage(t, otpURI("Acme", "pasted"))
	u.paste()
	if u.review == nil || u.review.rv.Source != FromClipboard {
		t.Fatalf("no review card for the pasted picture")
	}
	confirmSave(t, u)
	if len(s.accounts) != 1 || s.accounts[0].Name != "pasted" {
		t.Fatalf("got %d accounts, want the pasted one", len(s.accounts))
	}
	if u.list.Len() != 1 {
		t.Errorf("the list shows %d accounts, want 1", u.list.Len())
	}
}

func TestUIPasteText(t *testing.T) {
	s := newStore()
	u, clip := testUI(t, s)
	clip.text = otpURI("Acme", "texted")
	u.paste()
	if u.review == nil || len(u.review.rv.Items) != 1 {
		t.Fatalf("no review card for the pasted text")
	}
	clip.text = "hello"
	u.review = nil
	u.paste()
	if u.review != nil || !strings.Contains(u.toast.Text, "otpauth") {
		t.Errorf("plain text: got a card or toast %q", u.toast.Text)
	}
}

// Where the clipboard cannot be opened, pasting says so once, plainly,
// and points to opening the picture instead.
func TestUIPasteNoClipboard(t *testing.T) {
	u, clip := testUI(t, newStore())
	clip.fail = errClip
	u.paste()
	if u.review != nil || !strings.Contains(u.toast.Text, "Cannot paste") ||
		!strings.Contains(u.toast.Text, "open the picture as a file") {
		t.Errorf("got a card or toast %q", u.toast.Text)
	}
}

func TestUIDropThenDelete(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "dropped"))
	u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(p)})
	if u.review == nil || u.review.rv.File != p {
		t.Fatalf("no review card for the dropped file")
	}
	confirmSave(t, u)
	if len(s.accounts) != 1 {
		t.Fatalf("got %d accounts, want 1", len(s.accounts))
	}
	tapButton(t, u, "Delete the picture")
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("the picture is still there: %v", err)
	}
}

// A card that saved its accounts and now offers to delete the picture
// saves nothing again, whatever is ticked or redrawn.
func TestUIReviewSavedOnce(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	rv := judged(scanner.Trusted, scanner.Trusted)
	rv.File = filepath.Join(t.TempDir(), "two.png")
	u.showReview(rv)
	c := u.review
	tapButton(t, u, "Save 2 accounts")
	if len(s.accounts) != 2 {
		t.Fatalf("got %d accounts, want 2", len(s.accounts))
	}
	c.checks[0].SetChecked(false)
	c.checks[0].SetChecked(true)
	applyTheme(u.app, "dark")
	if c.save.Visible() || !c.checks[0].Disabled() {
		t.Errorf("save shown %v, checks enabled %v after saving",
			c.save.Visible(), !c.checks[0].Disabled())
	}
	if len(buttons(u, "Delete the picture")) != 1 {
		t.Error("the card no longer offers to delete the picture")
	}
}

func TestUIDropNotPicture(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI("/a.txt")})
	if u.review != nil || !strings.Contains(u.toast.Text, "picture") {
		t.Errorf("got card %v toast %q", u.review != nil, u.toast.Text)
	}
}

func TestUIManual(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	u.showManual()
	f := u.manual
	test.Type(f.issuer, "Acme")
	test.Type(f.account, "typed")
	test.Type(f.secret, testSecret)
	f.dlg.Submit()
	if u.review == nil || u.review.rv.Source != FromManual {
		t.Fatalf("no review card for the typed key")
	}
	confirmSave(t, u)
	if len(s.accounts) != 1 || s.accounts[0].Name != "typed" {
		t.Fatalf("got %+v, want the typed account", s.accounts)
	}
}

// confirmSave saves the unverified code on the card: the default
// policy ("warned") asks first.
func confirmSave(t *testing.T, u *ui) {
	t.Helper()
	c := u.review
	tapButton(t, u, "Save…")
	if c.confirm == nil {
		t.Fatal("an unverified code was saved without asking")
	}
	c.confirm.Confirm()
}

func TestUIReviewSuspicious(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	u.showReview(judged(scanner.Suspicious))
	c := u.review
	if c.headline.Text != "Suspicious" ||
		c.headline.Color != VerdictColor(scanner.Suspicious,
			themeVariant(u.app)) {
		t.Errorf("got %q in %v", c.headline.Text, c.headline.Color)
	}
	if len(c.findings) != 1 || !strings.Contains(c.findings[0].Text,
		"imitates") {
		t.Errorf("findings not shown as sentences")
	}
	tapButton(t, u, "Save anyway…")
	if len(s.accounts) != 0 || c.confirm == nil {
		t.Fatalf("saved before confirmation")
	}
	c.confirm.Confirm()
	if len(s.accounts) != 1 {
		t.Errorf("got %d accounts after confirming, want 1",
			len(s.accounts))
	}
}

func TestUIReviewBlockedAndTrusted(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.showReview(judged(scanner.Blocked))
	if len(buttons(u, "Save")) != 0 || len(buttons(u, "Save anyway…")) != 0 {
		t.Errorf("a blocked code offers saving")
	}
	u.review.dlg.Hide()
	u.showReview(judged(scanner.Trusted))
	if u.review.headline.Text != "Trusted: IssuerA" ||
		len(buttons(u, "Save")) != 1 {
		t.Errorf("trusted: got %q", u.review.headline.Text)
	}
}

func TestUIMigrationChecklist(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	rv := judged(scanner.Trusted, scanner.Unverified, scanner.Trusted)
	u.showReview(rv)
	if len(u.review.checks) != 3 {
		t.Fatalf("got %d checks, want 3", len(u.review.checks))
	}
	u.review.checks[1].SetChecked(false)
	tapButton(t, u, "Save 2 accounts")
	if len(s.accounts) != 2 {
		t.Errorf("got %d saved, want the 2 ticked", len(s.accounts))
	}
}

func TestUIHOTP(t *testing.T) {
	a := totp("Counter", "c")
	a.OTP.Type, a.OTP.Digits = vault.HOTP, 6
	s := newStore(a)
	u, clip := testUI(t, s)
	tapButton(t, u, "Next code")
	if clip.text != "755224" || s.accounts[0].OTP.Counter != 1 {
		t.Errorf("got %q counter %d, want 755224 and 1", clip.text,
			s.accounts[0].OTP.Counter)
	}
}

func TestUILock(t *testing.T) {
	s := sample()
	s.password = []byte("correct horse")
	u, _ := testUI(t, s)
	if u.lockBtn.Hidden {
		t.Fatalf("no lock button with a password set")
	}
	test.Tap(u.lockBtn)
	if !u.lock.Locked() || u.unlock.box.Hidden || u.list.Len() != 0 {
		t.Fatalf("not locked: %v", u.lock.Locked())
	}
	test.Type(u.unlock.password, "wrong")
	test.Tap(u.unlock.button)
	if !u.lock.Locked() || u.unlock.password.Text != "" {
		t.Errorf("wrong password unlocked or stayed in the entry")
	}
	test.Type(u.unlock.password, "correct horse")
	test.Tap(u.unlock.button)
	if u.lock.Locked() || u.list.Len() != 4 {
		t.Errorf("right password: locked %v, %d accounts",
			u.lock.Locked(), u.list.Len())
	}
}

func TestUINoPasswordNoLock(t *testing.T) {
	u, _ := testUI(t, sample())
	if !u.lockBtn.Hidden {
		t.Errorf("lock offered without a password")
	}
	u.lockNow()
	if u.lock.Locked() || !strings.Contains(u.toast.Text, "password") {
		t.Errorf("got locked %v toast %q", u.lock.Locked(), u.toast.Text)
	}
}

func TestUIEditDelete(t *testing.T) {
	s := sample()
	u, _ := testUI(t, s)
	id := s.accounts[0].ID
	u.showEdit(id)
	u.confirmDelete(s.accounts[0])
	u.confirm.Confirm()
	if len(s.accounts) != 3 || u.list.Index(id) != -1 {
		t.Errorf("got %d accounts, want 3", len(s.accounts))
	}
}

func TestUISettings(t *testing.T) {
	u, _ := testUI(t, sample())
	u.showSettings()
	u.settings.clear.SetSelected("10 seconds")
	u.settings.theme.SetSelected("dark")
	got := LoadSettings(u.app.Preferences())
	if got.ClearAfter != 10*time.Second || got.Theme != "dark" {
		t.Errorf("got %v %s, want 10s dark", got.ClearAfter, got.Theme)
	}
	if u.copier.delay() != 10*time.Second {
		t.Errorf("the copier still uses %v", u.copier.delay())
	}
}

func TestPolicyText(t *testing.T) {
	no := false
	in := scanner.MergePolicies([]scanner.PolicyFile{
		{Path: "/etc/tessera/policy.json", Managed: true,
			Policy: scanner.Policy{Strictness: scanner.Block,
				AllowUserProviders: &no}},
		{Path: "mine.json", Policy: scanner.Policy{
			Providers: []scanner.PolicyProvider{{Name: "Acme"}}}}})
	got := policyText(in)
	for _, want := range []string{"/etc/tessera/policy.json, mine.json",
		"unverified providers: blocked", "Managed by your organisation",
		"providers from your own files: 1 not trusted"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want %q in it", got, want)
		}
	}
}

// TestUIReviewThemeChange: the verdict's colour follows the theme, so
// that it stays legible on the card's background.
func TestUIReviewThemeChange(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.showReview(judged(scanner.Trusted))
	c := u.review
	applyTheme(u.app, "dark")
	if want := VerdictColor(scanner.Trusted, theme.VariantDark); c.headline.Color != want {
		t.Errorf("dark: got %v, want %v", c.headline.Color, want)
	}
	applyTheme(u.app, "light")
	if want := VerdictColor(scanner.Trusted, theme.VariantLight); c.headline.Color != want {
		t.Errorf("light: got %v, want %v", c.headline.Color, want)
	}
}

func TestUIImportNotYet(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.importFile()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Errorf("no message about importing")
	}
}

func TestUIRemembersSize(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.win.Resize(fyne.NewSize(500, 700))
	u.shutdown()
	u.stopTick = make(chan struct{}) // the cleanup closes it again
	got := LoadSettings(u.app.Preferences())
	if got.Width != 500 || got.Height != 700 {
		t.Errorf("got %vx%v, want 500x700", got.Width, got.Height)
	}
}

func TestSmallIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(smallIcon(64)))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != image.Pt(64, 64) {
		t.Errorf("got %v, want 64x64", got)
	}
}

func TestUIScanScreen(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	shots := 0
	u.d.capture = func() (image.Image, error) {
		shots++
		return qrImage(t, otpURI("Acme", "screen")), nil
	}
	u.async = func(f func()) { f() }
	u.scanScreen()
	if u.review == nil || shots != 1 {
		t.Fatalf("no review card after scanning (%d captures)", shots)
	}
	rv := u.review.rv
	if !u.visible || !u.win.Content().Visible() {
		t.Errorf("the window did not come back after the capture")
	}
	if rv.Source != FromScreen || len(rv.Items) != 1 ||
		rv.Items[0].Info.Account != "screen" {
		t.Errorf("got source %s items %+v", rv.Source, rv.Items)
	}
}

func TestUITick(t *testing.T) {
	u, _ := testUI(t, newStore(totp("RFC", "6238")))
	at := int64(59)
	u.d.now = func() time.Time { return time.Unix(at, 0) }
	u.tick()
	var r *row
	for _, x := range u.accounts.rows {
		if x.index == 0 {
			r = x
		}
	}
	if r == nil || r.code.Text != "9428 7082" || r.count.left != 1 ||
		!r.count.urgent {
		t.Fatalf("at 59: row %+v", r)
	}
	at = 1111111111
	u.tick()
	// 29 s left: the bar shows its whole first 5-second step.
	if r.code.Text != "1405 0471" || r.count.left != 30 || r.count.urgent {
		t.Errorf("at 1111111111: got %s %d", r.code.Text, r.count.left)
	}
	u.visible = false
	at = 1234567890
	u.tick()
	if r.code.Text != "1405 0471" {
		t.Errorf("hidden: the row was redrawn")
	}
}

func TestUITester(t *testing.T) {
	s := newStore()
	u, _ := testUI(t, s)
	u.showTester()
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "tested"))
	u.tester.show(u.tester.t.File(p))
	out := u.tester.out.Text
	for _, want := range []string{"code.png", "otpauth", "Acme",
		"QR version"} {
		if !strings.Contains(out, want) {
			t.Errorf("tester output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, testSecret) || len(s.accounts) != 0 {
		t.Errorf("the tester showed the secret or saved an account")
	}
}

// TestUICheckerLazy checks that the window loads the provider list only
// when a review needs it, and once.
func TestUICheckerLazy(t *testing.T) {
	u, _ := testUI(t, newStore(totp("RFC", "6238")))
	loads := 0
	c := u.adder.Load
	u.adder.Load = func() (*scanner.Checker, error) {
		loads++
		return c()
	}
	u.tick()
	if loads != 0 {
		t.Fatalf("got %d loads before any review, want 0", loads)
	}
	u.showReview(u.adder.Text(otpURI("Acme", "lazy"), FromClipboard))
	u.showReview(u.adder.Text(otpURI("Acme", "again"), FromClipboard))
	if loads != 1 || u.review == nil || u.review.rv.Err != nil {
		t.Errorf("got %d loads, want 1 and a review card", loads)
	}
}

func TestFit(t *testing.T) {
	test.NewTempApp(t)
	size, style := theme.TextSize(), fyne.TextStyle{}
	name := "Amazon Web Services"
	full := fyne.MeasureText(name, size, style).Width
	if got := fit(name, full, size, style); got != name {
		t.Errorf("wide enough: got %q, want %q", got, name)
	}
	got := fit(name, full/2, size, style)
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(name,
		strings.TrimSuffix(got, "…")) ||
		fyne.MeasureText(got, size, style).Width > full/2 {
		t.Errorf("half width: got %q", got)
	}
	if got := fit(name, 1, size, style); got != "" {
		t.Errorf("no room: got %q, want nothing", got)
	}
}

func TestBarLeft(t *testing.T) {
	tests := []struct {
		left   int
		urgent bool
		want   int
	}{{30, false, 30}, {29, false, 30}, {26, false, 30}, {25, false, 25},
		{6, false, 10}, {5, true, 5}, {1, true, 1}, {59, false, 60}}
	for i, tt := range tests {
		if got := barLeft(tt.left, tt.urgent); got != tt.want {
			t.Errorf("#%d: got %d, want %d", i, got, tt.want)
		}
	}
}

// TestUIManualNumbers checks that a number field holding something else
// stops the form with an error naming the field, instead of reading 0.
func TestUIManualNumbers(t *testing.T) {
	u, _ := testUI(t, newStore())
	u.showManual()
	f := u.manual
	test.Type(f.issuer, "Acme")
	test.Type(f.secret, testSecret)
	f.digits.SetText("abc")
	if err := f.digits.Validate(); err == nil ||
		!strings.Contains(err.Error(), "digits") {
		t.Errorf("validator: got %v, want an error naming digits", err)
	}
	f.dlg.Submit()
	if u.review != nil {
		t.Fatalf("the form was checked with digits %q", f.digits.Text)
	}
	_, err := f.value()
	if err == nil || !strings.Contains(err.Error(), "digits") {
		t.Errorf("value: got %v, want an error naming digits", err)
	}
	// A secret pasted into a number field is not shown back.
	f.period.SetText(testSecret)
	if _, err := f.value(); err == nil ||
		strings.Contains(err.Error(), testSecret[:8]) {
		t.Errorf("period: the error quotes what was typed")
	}
	f.period.SetText("30")
	f.digits.SetText("8")
	f.counter.SetText("-1")
	if _, err := f.value(); err == nil ||
		!strings.Contains(err.Error(), "counter") {
		t.Errorf("counter -1: got %v", err)
	}
}
