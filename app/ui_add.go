package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/vault"
)

// addItems are the add paths, shared by the Add button and the menu.
func (u *ui) addItems() []*fyne.MenuItem {
	return []*fyne.MenuItem{
		shortcutItem("Open image…", u.openImage, fyne.KeyO, 0),
		shortcutItem("Paste", u.paste, fyne.KeyV, 0),
		shortcutItem("Scan screen", u.scanScreen, fyne.KeyS,
			fyne.KeyModifierShift),
		shortcutItem("Enter key manually…", u.showManual, fyne.KeyN, 0),
		fyne.NewMenuItem("Import file…", u.importFile),
	}
}

func (u *ui) showAddMenu() {
	items := u.addItems()
	for _, it := range items {
		it.Action = u.whenUnlocked(it.Action)
	}
	m := fyne.NewMenu("", items...)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.addBtn)
	pos = pos.Add(fyne.NewPos(0, u.addBtn.Size().Height))
	widget.ShowPopUpMenuAtPosition(m, u.win.Canvas(), pos)
}

func (u *ui) openImage() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.showReview(u.adder.File(path))
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg",
		".jpeg", ".gif", ".bmp", ".webp"}))
	d.Show()
}

// dropped reviews picture files dropped onto the window.
func (u *ui) dropped(_ fyne.Position, uris []fyne.URI) {
	if u.lock.Locked() {
		u.notify("Unlock Tessera first")
		return
	}
	n := 0
	for _, uri := range uris {
		if uri.Scheme() == "file" && IsPicture(uri.Path()) {
			u.showReview(u.adder.File(uri.Path()))
			n++
		}
	}
	if n == 0 {
		u.notify("Drop a picture file (PNG, JPEG, GIF, BMP or WebP)")
	}
}

// paste reviews a picture on the clipboard, else its otpauth text.
func (u *ui) paste() {
	if u.d.images != nil {
		img, err := u.d.images.Image()
		if err == nil {
			u.showReview(u.adder.Image(img, FromClipboard))
			return
		}
		if !errors.Is(err, ErrNoImage) {
			// Text comes through the same clipboard: one message says
			// what failed and what to do instead.
			u.notify("Cannot paste here (" + err.Error() + "); open " +
				"the picture as a file instead")
			return
		}
	}
	text, err := u.d.clip.Text()
	if err != nil {
		u.notify(err.Error())
		return
	}
	if !strings.HasPrefix(strings.TrimSpace(text), "otpauth") {
		u.notify("The clipboard holds no picture and no otpauth link")
		return
	}
	u.showReview(u.adder.Text(text, FromClipboard))
}

// scanScreen captures every monitor, optionally without Tessera on it,
// and reviews the codes found. The capture is dropped once decoded.
func (u *ui) scanScreen() {
	hide := u.set.HideOnScan && u.visible
	if hide {
		u.win.Hide()
	}
	u.async(func() {
		if hide {
			// Give the window manager time to take the window away.
			time.Sleep(400 * time.Millisecond)
		}
		img, err := u.d.capture()
		fyne.Do(func() {
			if hide {
				u.win.Show()
			}
			if err != nil {
				dialog.ShowError(err, u.win)
				return
			}
			u.showReview(u.adder.Image(img, FromScreen))
		})
	})
}

func (u *ui) importFile() {
	dialog.ShowInformation("Import file", "Importing from other "+
		"authenticator apps is not available yet. Export them as QR "+
		"codes and add those instead.", u.win)
}

// manualForm is the "Enter key manually" form.
type manualForm struct {
	issuer, account, secret *widget.Entry
	digits, period, counter *widget.Entry
	kind, algorithm         *widget.Select
	dlg                     *dialog.FormDialog
}

func (u *ui) showManual() {
	u.touch()
	f := newManualForm()
	u.touchOnChange(f.issuer, f.account, f.secret, f.digits, f.period,
		f.counter)
	items := []*widget.FormItem{
		widget.NewFormItem("Issuer", f.issuer),
		widget.NewFormItem("Account", f.account),
		widget.NewFormItem("Secret key", f.secret),
		widget.NewFormItem("Type", f.kind),
		widget.NewFormItem("Algorithm", f.algorithm),
		widget.NewFormItem("Digits", f.digits),
		widget.NewFormItem("Period (s)", f.period),
		widget.NewFormItem("Counter", f.counter),
	}
	f.dlg = dialog.NewForm("Enter key manually", "Check", "Cancel", items,
		func(ok bool) {
			if !ok {
				return
			}
			m, err := f.value()
			if err != nil {
				dialog.ShowError(err, u.win)
				return
			}
			u.showReview(u.adder.Manual(m))
		}, u.win)
	f.dlg.Resize(fyne.NewSize(420, 0))
	f.dlg.Show()
	u.manual = f
}

func newManualForm() *manualForm {
	d := DefaultManual()
	f := &manualForm{issuer: widget.NewEntry(),
		account: widget.NewEntry(), secret: widget.NewPasswordEntry(),
		digits: widget.NewEntry(), period: widget.NewEntry(),
		counter: widget.NewEntry()}
	f.secret.SetPlaceHolder("base32, e.g. JBSW Y3DP EHPK 3PXP")
	f.kind = widget.NewSelect([]string{"totp", "hotp", "steam"}, nil)
	f.kind.SetSelected(string(d.Type))
	f.algorithm = widget.NewSelect([]string{"SHA1", "SHA256", "SHA512"},
		nil)
	f.algorithm.SetSelected(string(d.Algorithm))
	f.digits.Validator = numberField("Digits", 31)
	f.period.Validator = numberField("Period", 31)
	f.counter.Validator = numberField("Counter", 64)
	f.digits.SetText(strconv.Itoa(d.Digits))
	f.period.SetText(strconv.Itoa(d.Period))
	f.counter.SetText("0")
	return f
}

// value is what the form says. A number field that does not hold a
// whole number is an error naming it: read as 0, "abc" digits would
// come back as a puzzling "digits must be 6 to 10".
func (f *manualForm) value() (Manual, error) {
	m := Manual{Issuer: f.issuer.Text, Account: f.account.Text,
		Secret: f.secret.Text, Type: vault.Type(f.kind.Selected),
		Algorithm: vault.Algorithm(f.algorithm.Selected)}
	digits, err := parseField("Digits", f.digits.Text, 31)
	if err != nil {
		return m, err
	}
	period, err := parseField("Period", f.period.Text, 31)
	if err != nil {
		return m, err
	}
	m.Counter, err = parseField("Counter", f.counter.Text, 64)
	if err != nil {
		return m, err
	}
	m.Digits, m.Period = int(digits), int(period)
	return m, nil
}

// parseField reads a form's whole number of at most bits bits; name is
// the field's label, which the error names. The error does not quote
// the text: a secret pasted into the wrong field must not show again.
func parseField(name, text string, bits int) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(text), 10, bits)
	if err != nil {
		return 0, fmt.Errorf("checking key: %s must be a whole number "+
			"of at most %d bits", strings.ToLower(name), bits)
	}
	return n, nil
}

// numberField validates a number field as the person types, so the
// form says which field is wrong before Check is pressed.
func numberField(name string, bits int) func(string) error {
	return func(s string) error {
		_, err := parseField(name, s, bits)
		return err
	}
}

// nextHOTP advances an HOTP counter and copies the new code.
func (u *ui) nextHOTP(id string) {
	u.touch()
	code, err := u.list.NextHOTP(id)
	if err != nil {
		dialog.ShowError(err, u.win)
	}
	if code == "" {
		return
	}
	u.refreshAll()
	if err := u.copier.Copy(code); err != nil {
		u.notify(err.Error())
		return
	}
	u.notify("Copied the next code")
}

// showEdit opens the edit form of account id, with delete.
func (u *ui) showEdit(id string) {
	i := u.list.Index(id)
	if i < 0 {
		return
	}
	u.touch()
	a := u.list.Account(i)
	issuer, name := widget.NewEntry(), widget.NewEntry()
	tags, note := widget.NewEntry(), widget.NewMultiLineEntry()
	u.touchOnChange(issuer, name, tags, note)
	f := &editForm{issuer: issuer, name: name, tags: tags, note: note}
	issuer.SetText(a.Issuer)
	name.SetText(a.Name)
	tags.SetText(strings.Join(a.Tags, ", "))
	tags.SetPlaceHolder("work, personal")
	note.SetText(a.Note)
	del := widget.NewButton("Delete account…", func() {
		u.confirmDelete(a)
	})
	del.Importance = widget.DangerImportance
	items := []*widget.FormItem{
		widget.NewFormItem("Issuer", issuer),
		widget.NewFormItem("Account", name),
		widget.NewFormItem("Tags", tags),
		widget.NewFormItem("Note", note),
		widget.NewFormItem("", del),
	}
	d := dialog.NewForm("Edit account", "Save", "Cancel", items,
		func(ok bool) {
			if !ok {
				return
			}
			err := u.list.Update(id, Edit{Issuer: issuer.Text,
				Name: name.Text, Tags: ParseTags(tags.Text),
				Note: note.Text})
			if err != nil {
				dialog.ShowError(err, u.win)
			}
			u.refreshAll()
		}, u.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	f.dlg = d
	u.edit = f
}

// editForm is the edit dialog's handles, for tests.
type editForm struct {
	issuer, name, tags, note *widget.Entry
	dlg                      *dialog.FormDialog
}

func (u *ui) confirmDelete(a vault.Account) {
	msg := fmt.Sprintf("Delete %s (%s)? Its codes cannot be recovered: "+
		"make sure you can sign in another way first.", a.Issuer, a.Name)
	d := dialog.NewConfirm("Delete account", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := u.list.Delete(a.ID); err != nil {
			dialog.ShowError(err, u.win)
		}
		if u.edit != nil {
			u.edit.dlg.Hide()
		}
		u.refreshAll()
	}, u.win)
	u.confirm = d
	d.Show()
}
