package app

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/scanner"
)

// delayChoices are the clipboard and lock delays offered.
var (
	clearChoices = []time.Duration{10 * time.Second, 20 * time.Second,
		30 * time.Second, time.Minute, 2 * time.Minute, 0}
	lockChoices = []time.Duration{time.Minute, 5 * time.Minute,
		15 * time.Minute, time.Hour, 0}
)

func durationLabel(d time.Duration) string {
	switch {
	case d == 0:
		return "Never"
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return fmt.Sprintf("%d hours", int(d/time.Hour))
}

func durationSelect(choices []time.Duration, cur time.Duration,
	set func(time.Duration)) *widget.Select {
	var labels []string
	for _, d := range choices {
		labels = append(labels, durationLabel(d))
	}
	s := widget.NewSelect(labels, func(l string) {
		for _, d := range choices {
			if durationLabel(d) == l {
				set(d)
			}
		}
	})
	s.SetSelected(durationLabel(cur))
	return s
}

// settingsForm holds the settings widgets for tests.
type settingsForm struct {
	clear, lock, theme *widget.Select
	hide               *widget.Check
	password           *widget.Button
}

func (u *ui) showSettings() {
	u.touch()
	f := &settingsForm{}
	f.clear = durationSelect(clearChoices, u.set.ClearAfter,
		func(d time.Duration) { u.set.ClearAfter = d; u.saveSettings() })
	f.lock = durationSelect(lockChoices, u.set.AutoLock,
		func(d time.Duration) {
			u.set.AutoLock = d
			u.lock.SetIdle(d)
			u.saveSettings()
		})
	f.theme = widget.NewSelect(Themes, func(t string) {
		u.set.Theme = t
		applyTheme(u.app, t)
		u.saveSettings()
	})
	f.theme.SetSelected(u.set.Theme)
	f.hide = widget.NewCheck("Hide Tessera while scanning the screen",
		func(on bool) { u.set.HideOnScan = on; u.saveSettings() })
	f.hide.SetChecked(u.set.HideOnScan)
	f.password = widget.NewButton(u.passwordLabel(), u.showPassword)
	u.settings = f

	items := []*widget.FormItem{
		widget.NewFormItem("Clear clipboard after", f.clear),
		widget.NewFormItem("Lock after idle", f.lock),
		widget.NewFormItem("Theme", f.theme),
		widget.NewFormItem("Screen scan", f.hide),
		widget.NewFormItem("Policy", wrapped(policyText(u.d.policy))),
		widget.NewFormItem("Password", f.password),
		widget.NewFormItem("Vault", wrapped(u.d.vaultPath)),
	}
	d := dialog.NewForm("Settings", "Close", "", items, func(bool) {},
		u.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapBreak
	return l
}

// saveSettings keeps a changed setting, which counts as activity.
func (u *ui) saveSettings() {
	u.touch()
	u.set.Save(u.app.Preferences())
}

// policyText says which policy is in force. It is shown, never edited
// here: a managed one is the organisation's, and the person's own is a
// file they edit themselves.
func policyText(p scanner.PolicyInForce) string {
	var files []string
	for _, f := range p.Files {
		files = append(files, f.Path)
	}
	s := "Built-in provider list"
	if len(files) > 0 {
		s += ", with " + strings.Join(files, ", ")
	}
	if p.Strictness != "" {
		s += "; unverified providers: " + string(p.Strictness)
	}
	if p.Managed {
		s += ". Managed by your organisation; it cannot be changed here"
	}
	if n := len(p.IgnoredProviders); n > 0 {
		s += fmt.Sprintf(". Your organisation does not allow providers "+
			"from your own files: %d not trusted", n)
	}
	return s + "."
}

func (u *ui) passwordLabel() string {
	if s := u.lock.Store(); s != nil && s.HasPassword() {
		return "Change password…"
	}
	return "Set a password…"
}

// showPassword sets or changes the password slot.
func (u *ui) showPassword() {
	u.touch()
	pw, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	u.touchOnChange(pw, again)
	items := []*widget.FormItem{
		widget.NewFormItem("New password", pw),
		widget.NewFormItem("Repeat it", again),
	}
	dialog.ShowForm(u.passwordLabel(), "Save", "Cancel", items,
		func(ok bool) {
			if ok {
				u.setPassword([]byte(pw.Text), []byte(again.Text))
			}
		}, u.win)
}

func (u *ui) setPassword(pw, again []byte) {
	defer clear(pw)
	defer clear(again)
	s := u.lock.Store()
	switch {
	case s == nil:
		u.notify("Unlock the vault first")
	case len(pw) < 8:
		u.notify("Choose a password of at least 8 characters")
	case !bytes.Equal(pw, again):
		u.notify("The two passwords differ")
	default:
		if err := s.SetPassword(pw); err != nil {
			dialog.ShowError(err, u.win)
			return
		}
		u.notify("Password saved; Tessera can now lock")
		u.refreshAll()
	}
}
