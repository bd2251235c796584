//go:build !wayland && (linux || freebsd || openbsd || netbsd)

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// iconicState is WM_STATE's value for a minimised window (ICCCM 4.1.3.1).
const iconicState = 3

// minimisedCheck returns a function that asks the X server whether the
// window manager has minimised w, and a function that lets go of the
// connection. Fyne does not report minimising; without this a
// minimised window would keep redrawing its codes. Where X cannot be
// asked, the window counts as shown.
func minimisedCheck(w fyne.Window) (check func() bool, done func()) {
	never := func() bool { return false }
	handle := x11Handle(w)
	if handle == 0 {
		return never, func() {}
	}
	c, err := xgb.NewConn()
	if err != nil {
		return never, func() {}
	}
	const name = "WM_STATE"
	atom, err := xproto.InternAtom(c, true, uint16(len(name)), name).Reply()
	if err != nil || atom.Atom == xproto.AtomNone {
		c.Close()
		return never, func() {}
	}
	win := xproto.Window(handle)
	return func() bool {
		r, err := xproto.GetProperty(c, false, win, atom.Atom,
			xproto.GetPropertyTypeAny, 0, 1).Reply()
		if err != nil || len(r.Value) < 4 {
			return false
		}
		return xgb.Get32(r.Value) == iconicState
	}, c.Close
}

func x11Handle(w fyne.Window) uintptr {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return 0
	}
	var h uintptr
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok {
			h = x.WindowHandle
		}
	})
	return h
}
