// Package app is Tessera's desktop window: the account list with its
// rolling codes, every way of adding an account, the review card that
// shows the scanner's verdict before anything is saved, settings, the
// lock, the tray menu and the enrollment tester.
//
// The logic lives in plain types (List, Adder, Review, Copier, Locker,
// Settings, Tester) that tests drive without a window; the widgets in
// the ui*.go files are thin and keep handles that fyne.io/fyne/v2/test
// can tap.
//
// Caveats: Fyne's clipboard holds only text, so pictures are pasted
// through golang.design/x/clipboard, which needs a display. On Wayland
// the screen is captured through the desktop portal, which may ask the
// person first. The window stops redrawing when hidden to the tray or
// minimised; Fyne does not report minimising, so on X11 Tessera asks the
// server for the window's WM_STATE each second, and elsewhere a
// minimised window keeps its once-a-second redraw.
package app

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/tessera-auth/tessera/scanner"
	"github.com/tessera-auth/tessera/vault"
)

// ID is the application id, the same as in FyneApp.toml.
const ID = "io.github.tessera_auth.tessera"

// Config says how to open the window.
type Config struct {
	VaultPath string   // "" for the default vault
	Policy    string   // an extra policy file, "" for none
	Open      []string // pictures to review as soon as the window shows
}

// Run opens the window and returns when it is closed.
func Run(c Config) error {
	path, err := vaultPath(c.VaultPath)
	if err != nil {
		return err
	}
	// The policy is read now, so that a broken one stops Tessera at
	// once; the provider list waits for the first review.
	policy, err := scanner.LoadPolicies(c.Policy)
	if err != nil {
		return fmt.Errorf("loading policy: %w", err)
	}

	a := fyneapp.NewWithID(ID)
	d := deps{vaultPath: path, policy: policy,
		checker: lazyChecker(policy), clip: sysClipboard{},
		images: sysClipboard{}, capture: CaptureScreens, now: time.Now,
		audit: vault.AuditPath(path), open: passwordOpener(path)}
	s, err := vault.Open(path, vault.Options{})
	switch {
	case err == nil:
		d.store = s
	case errors.Is(err, vault.ErrBusy) && showOther(path) == nil:
		return ErrShownOther
	default:
		d.openErr = err
	}

	u := newUI(a, d)
	if s != nil {
		stop, err := listenForOthers(path, u.bringForward)
		if err == nil {
			defer stop()
		}
		// Without the socket a second Tessera on this vault says the
		// vault is busy instead of bringing this window forward.
	}
	go u.ticker()
	u.openLater(c.Open)
	u.win.ShowAndRun()
	u.shutdown()
	return nil
}

func vaultPath(p string) (string, error) {
	if p != "" {
		return p, nil
	}
	p, err := vault.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("finding vault: %w", err)
	}
	return p, nil
}

// passwordOpener opens the vault with a password alone, ignoring the
// keyring: unlocking must prove the person knows the password.
func passwordOpener(path string) Opener {
	return func(pw []byte) (Store, error) {
		give := func() ([]byte, error) {
			return append([]byte(nil), pw...), nil
		}
		o := vault.Options{Password: give, NewPassword: give}
		if _, err := os.Stat(path); err == nil {
			o.Keyring = noKeyring{}
		}
		v, err := vault.Open(path, o)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
}

// lazyChecker returns a function that builds the checker the first time
// it is called. The provider list it searches is needed only by a review
// card or the tester, so the window does not load it at start; the list
// shows trusted avatars from what each account stored when saved.
func lazyChecker(p scanner.PolicyInForce) func() (*scanner.Checker,
	error) {
	return sync.OnceValues(func() (*scanner.Checker, error) {
		list, err := scanner.Builtin()
		if err != nil {
			return nil, fmt.Errorf("loading provider list: %w", err)
		}
		return scanner.NewChecker(list, p), nil
	})
}

// noKeyring holds nothing, so a vault opened through it needs its
// password.
type noKeyring struct{}

// Set refuses: unlocking never writes the keyring.
func (noKeyring) Set(service, user, secret string) error {
	return errors.New("keyring skipped while unlocking")
}

// Get finds nothing, so the vault asks for its password.
func (noKeyring) Get(service, user string) (string, error) {
	return "", vault.ErrKeyNotFound
}

// Delete has nothing to delete.
func (noKeyring) Delete(service, user string) error { return nil }

// deps are what the window works with, so tests can give fakes.
type deps struct {
	store     Store
	openErr   error // why the vault did not open at start
	open      Opener
	policy    scanner.PolicyInForce
	checker   func() (*scanner.Checker, error) // loads on first use
	audit     string
	vaultPath string
	clip      Clipboard
	images    ImageClipboard
	capture   Capturer
	now       func() time.Time
}
