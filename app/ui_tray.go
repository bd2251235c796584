package app

import (
	"bytes"
	"image"
	"image/png"

	"fyne.io/fyne/v2"

	"github.com/tessera-auth/tessera/assets"
)

// trayRecent is how many accounts the tray menu lists.
const trayRecent = 8

// setTray rebuilds the tray menu: the recent accounts, a click copies.
func (u *ui) setTray() {
	d, ok := u.tray()
	if !ok || u.list == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, a := range u.list.Recent(trayRecent) {
		id := a.ID
		label := a.Issuer
		if a.Name != "" {
			label += " (" + a.Name + ")"
		}
		items = append(items, fyne.NewMenuItem(label, func() {
			u.copyByID(id)
		}))
	}
	if len(items) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	items = append(items, fyne.NewMenuItem("Show Tessera", func() {
		u.setVisible(true)
	}), fyne.NewMenuItem("Hide Tessera", func() {
		u.setVisible(false)
	}))
	d.SetSystemTrayMenu(fyne.NewMenu("Tessera", items...))
	if !u.trayIcon {
		d.SetSystemTrayIcon(fyne.NewStaticResource("tray.png",
			smallIcon(64)))
		u.trayIcon = true
	}
}

// smallIcon is the app icon at size pixels: the tray shows it small,
// and the tray library keeps a converted copy of whatever it is given.
func smallIcon(size int) []byte {
	src, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		return assets.Icon
	}
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dst.Set(x, y, src.At(b.Min.X+x*b.Dx()/size,
				b.Min.Y+y*b.Dy()/size))
		}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return assets.Icon
	}
	return out.Bytes()
}

func (u *ui) copyByID(id string) {
	if i := u.list.Index(id); i >= 0 {
		u.copyAt(i)
		return
	}
	// The account is hidden by the search: copy it anyway.
	u.list.Search("")
	u.search.SetText("")
	u.copyAt(u.list.Index(id))
}
