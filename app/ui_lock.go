package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/vault"
)

// lockView asks for the password while the vault is locked, or when it
// could not be opened at start.
type lockView struct {
	u        *ui
	box      *fyne.Container
	title    *widget.Label
	why      *widget.Label
	password *widget.Entry
	button   *widget.Button
}

func newLockView(u *ui) *lockView {
	v := &lockView{u: u, title: widget.NewLabel("Tessera is locked"),
		why: widget.NewLabel(""), password: widget.NewPasswordEntry()}
	v.title.TextStyle.Bold = true
	v.why.Wrapping = fyne.TextWrapWord
	v.password.SetPlaceHolder("Password")
	v.password.OnSubmitted = func(string) { v.submit() }
	v.button = widget.NewButton("Unlock", v.submit)
	v.button.Importance = widget.HighImportance
	v.box = container.NewCenter(container.NewVBox(v.title, v.why,
		v.password, v.button))
	v.box.Hide()
	return v
}

// show explains why the password is needed: err is why the vault did
// not open at start, nil after a lock.
func (v *lockView) show(err error) {
	v.why.SetText("Enter the vault's password to see your codes.")
	if err != nil {
		v.why.SetText(openAdvice(err))
	}
	v.password.SetText("")
	v.box.Show()
	v.u.win.Canvas().Focus(v.password)
}

// openAdvice turns a failed open into what the person can do.
func openAdvice(err error) string {
	switch {
	case errors.Is(err, vault.ErrBusy):
		return "Another Tessera has this vault open. Close it first."
	case errors.Is(err, vault.ErrNoKeyring):
		return "No keyring is available (" + err.Error() + "). Enter " +
			"the vault's password, or choose one for a new vault."
	}
	return "The vault did not open: " + err.Error() + ". Enter its " +
		"password to try again."
}

func (v *lockView) submit() {
	pw := []byte(v.password.Text)
	v.password.SetText("")
	err := v.u.lock.Unlock(pw, v.u.d.now())
	clear(pw)
	if err != nil {
		v.why.SetText(err.Error())
		return
	}
	v.u.d.openErr = nil
	v.u.showLocked(false)
}
