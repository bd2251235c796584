package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// lockedUI opens the window over a vault with a password, at a clock
// the test moves.
func lockedUI(t *testing.T) (*ui, *time.Time) {
	t.Helper()
	s := sample()
	s.password = []byte("correct horse")
	u, _ := testUI(t, s)
	now := time.Unix(59, 0)
	u.d.now = func() time.Time { return now }
	u.lock.Touch(now)
	return u, &now
}

// TestUILockDismisses checks that locking takes down every dialog, the
// review cards (wiping the secret they held) and the tester window.
func TestUILockDismisses(t *testing.T) {
	u, _ := lockedUI(t)
	u.showTester()
	tester := u.tester.win
	u.showEdit(u.list.Account(0).ID)
	test.Type(u.edit.note, "recovery codes: 1234 5678")
	u.showSettings()
	u.showManual()
	manual := u.manual
	test.Type(manual.secret, testSecret)
	rv := u.adder.Text(otpURI("Acme", "pending"), FromClipboard)
	secret := rv.Items[0].enr.OTP.Secret
	u.showReview(rv)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog open before locking")
	}

	u.lockNow()
	if !u.lock.Locked() {
		t.Fatal("not locked")
	}
	if o := u.win.Canvas().Overlays().List(); len(o) != 0 {
		t.Errorf("%d overlays still over the lock screen", len(o))
	}
	if u.tester != nil || windowOpen(tester) {
		t.Errorf("the enrollment tester stayed open")
	}
	if manual.secret.Text != "" {
		t.Errorf("the manual form kept the secret in its entry")
	}
	if len(rv.Items) != 0 || rv.Action() != NoSave {
		t.Errorf("the pending review can still be saved")
	}
	for i, b := range secret {
		if b != 0 {
			t.Fatalf("secret byte %d not wiped", i)
		}
	}
	if len(u.cards) != 0 || u.review != nil {
		t.Errorf("review cards still tracked: %d", len(u.cards))
	}
}

// windowOpen reports whether w is still among the app's windows.
func windowOpen(w fyne.Window) bool {
	for _, x := range fyne.CurrentApp().Driver().AllWindows() {
		if x == w {
			return true
		}
	}
	return false
}

// TestUITypingKeepsUnlocked checks that typing in a dialog counts as
// activity for the idle lock.
func TestUITypingKeepsUnlocked(t *testing.T) {
	u, now := lockedUI(t)
	u.lock.SetIdle(5 * time.Minute)
	*now = now.Add(4 * time.Minute)
	u.showEdit(u.list.Account(0).ID)
	*now = now.Add(4 * time.Minute)
	test.Type(u.edit.note, "x")
	*now = now.Add(4 * time.Minute)
	u.tick()
	if u.lock.Locked() {
		t.Fatal("locked while the person was typing in Edit")
	}
	u.showSettings()
	*now = now.Add(4 * time.Minute)
	u.settings.lock.SetSelected("15 minutes")
	*now = now.Add(10 * time.Minute)
	u.tick()
	if u.lock.Locked() {
		t.Fatal("locked while the person was changing settings")
	}
	*now = now.Add(16 * time.Minute)
	u.tick()
	if !u.lock.Locked() {
		t.Error("not locked after 16 idle minutes")
	}
}

// While locked, no menu item, shortcut or drop opens anything over the
// lock screen: settings could turn the idle lock off without the
// password, and a card or the tester would stand beside it.
func TestUILockedMenus(t *testing.T) {
	s := sample()
	s.password = []byte("correct horse")
	u, _ := testUI(t, s)
	u.lockNow()
	if !u.lock.Locked() {
		t.Fatal("not locked")
	}
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Action != nil {
				it.Action()
			}
		}
	}
	p := filepath.Join(t.TempDir(), "code.png")
	writeQR(t, p, otpURI("Acme", "dropped"))
	u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(p)})
	if u.settings != nil || u.tester != nil || u.manual != nil ||
		u.review != nil || len(u.win.Canvas().Overlays().List()) != 0 {
		t.Errorf("opened while locked: settings %v, tester %v, manual "+
			"%v, review %v, %d overlays", u.settings != nil,
			u.tester != nil, u.manual != nil, u.review != nil,
			len(u.win.Canvas().Overlays().List()))
	}
	if !strings.Contains(u.toast.Text, "Unlock") {
		t.Errorf("toast %q, want to be told to unlock", u.toast.Text)
	}
}

// The tester opens once; the lock closes it.
func TestUITesterOnce(t *testing.T) {
	s := sample()
	s.password = []byte("correct horse")
	u, _ := testUI(t, s)
	u.showTester()
	first := u.tester
	u.showTester()
	if u.tester != first {
		t.Fatal("a second tester window opened")
	}
	u.lockNow()
	if u.tester != nil {
		t.Error("the tester is still open after locking")
	}
	u.unlock.password.SetText("correct horse")
	test.Tap(u.unlock.button)
	u.showTester()
	u.tester.win.Close()
	if u.tester != nil {
		t.Error("a closed tester is still held")
	}
}
