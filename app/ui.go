package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// ui is the main window. Its fields are the handles tests tap.
type ui struct {
	app  fyne.App
	win  fyne.Window
	d    deps
	set  Settings
	list *List
	lock *Locker

	adder  *Adder
	copier *Copier

	search   *widget.Entry
	tags     *widget.Select
	sorter   *widget.Select
	accounts *accountList
	empty    *widget.Label
	toast    *widget.Label
	addBtn   *widget.Button
	lockBtn  *widget.Button
	body     *fyne.Container
	unlock   *lockView
	review   *reviewCard   // the card last shown, nil if none
	cards    []*reviewCard // every card not yet closed
	manual   *manualForm
	settings *settingsForm
	tester   *testerWindow
	edit     *editForm
	confirm  *dialog.ConfirmDialog

	visible  bool
	trayIcon bool
	async    func(func()) // runs slow work off the main goroutine

	// minimised asks the window system; set up at the first tick, once
	// the native window exists.
	minimised   func() bool
	unminimised func()
	stopTick    chan struct{}
	toastGen    int
}

// newUI builds the main window over d.
func newUI(a fyne.App, d deps) *ui {
	u := &ui{app: a, d: d, set: LoadSettings(a.Preferences()),
		visible: true, stopTick: make(chan struct{}),
		async: func(f func()) { go f() }}
	u.adder = NewAdder(nil, d.audit)
	u.adder.Load = d.checker
	u.copier = NewCopier(d.clip, func() time.Duration {
		return u.set.ClearAfter
	})
	u.lock = NewLocker(d.store, d.open, d.now())
	u.lock.SetIdle(u.set.AutoLock)
	u.list = NewList(d.store)
	u.list.SortBy(u.set.Sort)
	applyTheme(a, u.set.Theme)
	// Verdict colours are chosen per variant, so open cards follow a
	// change of theme, whether made here or by the system.
	a.Settings().AddListener(func(fyne.Settings) {
		for _, c := range u.cards {
			c.update()
		}
	})

	u.win = a.NewWindow("Tessera")
	u.win.SetContent(u.build())
	u.win.SetMainMenu(u.menu())
	u.addShortcuts()
	u.watchIdle()
	u.win.SetOnDropped(u.dropped)
	u.win.Resize(fyne.NewSize(u.set.Width, u.set.Height))
	u.win.SetCloseIntercept(u.quit)
	u.setTray()
	u.showLocked(d.store == nil)
	return u
}

func (u *ui) build() fyne.CanvasObject {
	u.search = widget.NewEntry()
	u.search.SetPlaceHolder("Search issuer, account or tag")
	u.search.OnChanged = u.searched
	u.search.OnSubmitted = func(string) { u.copyAt(u.accounts.cursor) }
	u.tags = widget.NewSelect(nil, u.tagChosen)
	u.tags.PlaceHolder = "All tags"
	u.sorter = widget.NewSelect(Sorts, nil)
	u.sorter.SetSelectedIndex(int(u.set.Sort))
	u.sorter.OnChanged = u.sortChosen
	u.addBtn = widget.NewButton("Add", u.showAddMenu)
	u.addBtn.Importance = widget.HighImportance
	u.lockBtn = widget.NewButton("Lock", u.lockNow)

	u.accounts = newAccountList(u)
	u.empty = widget.NewLabel("No accounts yet. Add one from a " +
		"picture, the clipboard, the screen, or by hand.")
	u.empty.Wrapping = fyne.TextWrapWord
	u.toast = widget.NewLabel("")
	u.toast.Hide()

	top := container.NewBorder(nil, nil, u.addBtn, u.lockBtn, u.search)
	filters := container.NewGridWithColumns(2, u.tags, u.sorter)
	main := container.NewBorder(container.NewVBox(top, filters), u.toast,
		nil, nil, container.NewStack(u.accounts, u.empty))
	u.unlock = newLockView(u)
	u.body = container.NewStack(main, u.unlock.box)
	u.refreshAll()
	return u.body
}

// refreshAll redraws the list after the accounts changed.
func (u *ui) refreshAll() {
	u.tags.Options = append([]string{"All tags"}, u.list.Tags()...)
	u.tags.Refresh()
	u.empty.Hidden = u.list.Len() > 0 || u.lock.Locked()
	u.empty.Refresh()
	u.accounts.Refresh()
	u.setTray()
	u.lockBtn.Hidden = !u.lock.CanLock()
	u.lockBtn.Refresh()
}

func (u *ui) searched(q string) {
	u.touch()
	u.list.Search(q)
	u.accounts.cursor = 0
	u.refreshAll()
}

func (u *ui) tagChosen(t string) {
	if t == "All tags" {
		t = ""
	}
	u.list.FilterTag(t)
	u.refreshAll()
}

func (u *ui) sortChosen(s string) {
	for i, name := range Sorts {
		if name == s {
			u.set.Sort = Sort(i)
		}
	}
	u.list.SortBy(u.set.Sort)
	u.set.Save(u.app.Preferences())
	u.refreshAll()
}

// copyAt copies the code of the i-th account shown.
func (u *ui) copyAt(i int) {
	if i < 0 || i >= u.list.Len() {
		return
	}
	u.touch()
	a := u.list.Account(i)
	code, err := u.list.Code(a.ID, u.d.now())
	if err == nil {
		err = u.copier.Copy(code)
	}
	if err != nil {
		u.notify(err.Error())
		return
	}
	u.notify(u.copiedText(a.Issuer))
	u.setTray()
}

func (u *ui) copiedText(issuer string) string {
	s := fmt.Sprintf("Copied the %s code", issuer)
	if d := u.set.ClearAfter; d > 0 {
		s += fmt.Sprintf("; the clipboard clears in %d s",
			int(d/time.Second))
	}
	return s
}

// notify shows a short message at the bottom for a few seconds.
func (u *ui) notify(msg string) {
	u.toastGen++
	gen := u.toastGen
	u.toast.SetText(msg)
	u.toast.Show()
	time.AfterFunc(4*time.Second, func() {
		fyne.Do(func() {
			if u.toastGen == gen {
				u.toast.Hide()
			}
		})
	})
}

func (u *ui) touch() { u.lock.Touch(u.d.now()) }

// touchOnChange makes typing in each entry count as activity, so that
// the idle lock never falls while someone edits a note or a setting.
// Fyne hands keys to the focused widget alone (the canvas's own key
// hooks fire only when nothing has focus), so each entry reports its
// own changes.
func (u *ui) touchOnChange(entries ...*widget.Entry) {
	for _, e := range entries {
		then := e.OnChanged
		e.OnChanged = func(s string) {
			u.touch()
			if then != nil {
				then(s)
			}
		}
	}
}

// watchIdle counts keys typed while no widget has focus as activity.
// Taps reach the widgets tapped, which touch when they act.
func (u *ui) watchIdle() {
	c := u.win.Canvas()
	c.SetOnTypedKey(func(*fyne.KeyEvent) { u.touch() })
	c.SetOnTypedRune(func(rune) { u.touch() })
}

// ticker redraws once a second, on the second, while the window shows,
// and checks the idle lock even while it does not.
func (u *ui) ticker() {
	for {
		now := time.Now()
		wait := now.Truncate(time.Second).Add(time.Second).Sub(now)
		select {
		case <-u.stopTick:
			return
		case <-time.After(wait):
		}
		fyne.Do(u.tick)
	}
}

func (u *ui) tick() {
	if u.lock.Idle(u.d.now()) {
		u.showLocked(true)
		return
	}
	if !u.visible || u.lock.Locked() {
		return
	}
	if u.minimised == nil {
		u.minimised, u.unminimised = minimisedCheck(u.win)
	}
	if !u.minimised() {
		u.accounts.tick()
	}
}

func (u *ui) setVisible(v bool) {
	u.visible = v
	if v {
		u.win.Show()
		u.accounts.tick()
		return
	}
	u.win.Hide()
}

// bringForward shows the window, from the tray too, and asks for focus:
// what a second Tessera started on the same vault wants.
func (u *ui) bringForward() {
	fyne.Do(func() {
		u.setVisible(true)
		u.win.RequestFocus()
	})
}

// quit leaves, however the window was closed.
func (u *ui) quit() { u.app.Quit() }

// shutdown remembers the window size, stops the ticker and closes the
// vault once the window is gone.
func (u *ui) shutdown() {
	if s := u.win.Canvas().Size(); s.Width > 0 && s.Height > 0 {
		u.set.Width, u.set.Height = s.Width, s.Height
		u.saveSettings()
	}
	close(u.stopTick)
	u.copier.Flush()
	if u.unminimised != nil {
		u.unminimised()
	}
	if s := u.lock.Store(); s != nil {
		// Closing releases the vault's lock file; an error here means
		// another Tessera may wait for it, which the next start reports.
		_ = s.Close()
	}
}

// showLocked switches between the account list and the unlock form.
func (u *ui) showLocked(locked bool) {
	if locked {
		u.dismissAll()
		u.list.SetStore(nil)
		u.unlock.show(u.d.openErr)
	} else {
		u.list.SetStore(u.lock.Store())
		u.unlock.box.Hide()
	}
	u.body.Objects[0].(*fyne.Container).Hidden = locked
	u.body.Refresh()
	u.refreshAll()
}

// dismissAll takes down everything that could show an account or a
// secret over or beside the lock screen: every dialog and menu on the
// window (an edit form's note may hold recovery codes, the manual form
// a secret), the review cards, whose unsaved secrets are wiped, and the
// enrollment tester.
func (u *ui) dismissAll() {
	for _, c := range u.cards {
		c.discard()
	}
	u.cards, u.review = nil, nil
	if u.manual != nil {
		u.manual.secret.SetText("")
		u.manual = nil
	}
	ov := u.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		o.Hide() // a dialog's or menu's pop-up leaves the overlays
		if ov.Top() == o {
			ov.Remove(o)
		}
	}
	u.edit, u.confirm, u.settings = nil, nil, nil
	if u.tester != nil {
		u.tester.win.Close()
		u.tester = nil
	}
}

func (u *ui) lockNow() {
	if err := u.lock.Lock(); err != nil {
		u.notify(err.Error())
		return
	}
	u.d.openErr = nil
	u.showLocked(true)
}

func (u *ui) openLater(paths []string) {
	if len(paths) > 0 && u.lock.Locked() {
		u.notify("Unlock Tessera first, then open the picture again")
		return
	}
	for _, p := range paths {
		u.showReview(u.adder.File(p))
	}
}

// tray returns the desktop app when the platform has a tray.
func (u *ui) tray() (desktop.App, bool) {
	d, ok := u.app.(desktop.App)
	return d, ok
}
