//go:build wayland || !(linux || freebsd || openbsd || netbsd)

package app

import "fyne.io/fyne/v2"

// minimisedCheck cannot ask this platform whether w is minimised; the
// window then keeps its once-a-second redraw while minimised.
func minimisedCheck(w fyne.Window) (check func() bool, done func()) {
	return func() bool { return false }, func() {}
}
