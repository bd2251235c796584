package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// shortcutItem is a menu item whose shortcut the menu shows; mod is
// added to the platform's Ctrl or Cmd.
func shortcutItem(label string, f func(), key fyne.KeyName,
	mod fyne.KeyModifier) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, f)
	it.Shortcut = &desktop.CustomShortcut{KeyName: key,
		Modifier: fyne.KeyModifierShortcutDefault | mod}
	return it
}

func (u *ui) menu() *fyne.MainMenu {
	file := fyne.NewMenu("Tessera",
		shortcutItem("Settings…", u.showSettings, fyne.KeyComma, 0),
		shortcutItem("Enrollment tester…", u.showTester, fyne.KeyT, 0),
		shortcutItem("Lock", u.lockNow, fyne.KeyL, 0),
	)
	add := fyne.NewMenu("Add", u.addItems()...)
	view := fyne.NewMenu("View",
		shortcutItem("Search", u.focusSearch, fyne.KeyF, 0),
		fyne.NewMenuItemSeparator(),
	)
	for i, name := range Sorts {
		s := Sort(i)
		view.Items = append(view.Items, fyne.NewMenuItem("Sort by "+name,
			func() { u.sorter.SetSelectedIndex(int(s)) }))
	}
	for _, m := range []*fyne.Menu{file, add, view} {
		for _, it := range m.Items {
			if it.Action != nil {
				it.Action = u.whenUnlocked(it.Action)
			}
		}
	}
	return fyne.NewMainMenu(file, add, view)
}

// whenUnlocked wraps a menu item's or a shortcut's action: while the
// vault is locked, what it would open (settings, the tester, a review
// card) would stand over the lock screen, so it only says to unlock.
func (u *ui) whenUnlocked(f func()) func() {
	return func() {
		if u.lock.Locked() {
			u.notify("Unlock Tessera first")
			return
		}
		f()
	}
}

// addShortcuts makes the menus' shortcuts work wherever the focus is.
func (u *ui) addShortcuts() {
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut == nil {
				continue
			}
			f := it.Action
			u.win.Canvas().AddShortcut(it.Shortcut,
				func(fyne.Shortcut) { f() })
		}
	}
	// Fyne turns Ctrl+V (Cmd+V) into its own paste shortcut, never into
	// the menu's custom one, so the menu's binding alone never fires. It
	// reaches here only when no text field has focus, so pasting into
	// the search box still pastes text.
	paste := u.whenUnlocked(u.paste)
	u.win.Canvas().AddShortcut(&fyne.ShortcutPaste{},
		func(fyne.Shortcut) { paste() })
}

func (u *ui) focusSearch() { u.win.Canvas().Focus(u.search) }
