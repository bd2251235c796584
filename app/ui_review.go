package app

import (
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/scanner"
)

// reviewCard is the card every add path ends in.
type reviewCard struct {
	rv       *Review
	dlg      *dialog.CustomDialog
	headline *canvas.Text
	explain  *widget.Label
	checks   []*widget.Check
	findings []*widget.Label
	save     *widget.Button // Save, or Save…/Save anyway… to confirm
	cancel   *widget.Button
	confirm  *dialog.ConfirmDialog // the save-anyway question
	remove   *widget.Button        // deletes the source picture after saving
	saved    bool
}

// showReview puts rv on screen as a card over the main window.
func (u *ui) showReview(rv *Review) {
	u.touch()
	c := &reviewCard{rv: rv}
	u.review = c
	u.cards = append(u.cards, c)
	content := c.build(u)
	c.dlg = dialog.NewCustomWithoutButtons("Review", content, u.win)
	c.dlg.Resize(fyne.NewSize(460, 0))
	c.dlg.Show()
}

func (c *reviewCard) build(u *ui) fyne.CanvasObject {
	c.headline = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	c.headline.TextStyle.Bold = true
	c.headline.TextSize = 1.5 * theme.TextSize()
	c.explain = widget.NewLabel("")
	c.explain.Wrapping = fyne.TextWrapWord
	c.save = widget.NewButton("Save", func() { c.saveTapped(u) })
	c.save.Importance = widget.HighImportance
	c.cancel = widget.NewButton("Cancel", func() { c.cancelTapped(u) })
	c.remove = widget.NewButton("Delete the picture", func() {
		c.removeTapped(u)
	})
	c.remove.Hide()

	findings := container.NewVBox()
	for _, f := range c.rv.Findings() {
		findings.Add(c.finding(f))
	}
	box := container.NewVBox(c.headline, c.explain)
	if c.rv.FindingsFirst() {
		box.Add(findings)
	}
	if t := c.thumbnail(); t != nil {
		box.Add(t)
	}
	box.Add(c.itemList())
	if !c.rv.FindingsFirst() {
		box.Add(findings)
	}
	c.update()
	buttons := container.NewHBox(c.remove, layout.NewSpacer(), c.cancel,
		c.save)
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(420, 320))
	return container.NewBorder(nil, buttons, nil, nil, scroll)
}

// update follows the selection: headline, colour, and which button.
// A saved card asks only about the picture, and stays so.
func (c *reviewCard) update() {
	if c.saved {
		return
	}
	v := c.rv.Verdict()
	c.headline.Text = c.rv.Headline()
	c.headline.Color = VerdictColor(v, themeVariant(fyne.CurrentApp()))
	if c.rv.Err != nil || len(c.rv.Items) == 0 {
		c.headline.Color = theme.Color(theme.ColorNameForeground)
	}
	c.headline.Refresh()
	c.explain.SetText(c.rv.Explain())

	switch c.rv.Action() {
	case Save:
		c.save.SetText(saveLabel(c.rv.Selected()))
		c.save.Importance = widget.HighImportance
		c.save.Show()
	case SaveConfirm:
		c.save.SetText("Save anyway…")
		c.save.Importance = widget.DangerImportance
		if v == scanner.Unverified {
			c.save.SetText("Save…")
			c.save.Importance = widget.WarningImportance
		}
		c.save.Show()
	default:
		c.save.Hide()
	}
	c.save.Refresh()
}

func saveLabel(n int) string {
	if n == 1 {
		return "Save"
	}
	return fmt.Sprintf("Save %d accounts", n)
}

// thumbnail marks where each code sits when a picture holds several.
func (c *reviewCard) thumbnail() fyne.CanvasObject {
	codes := c.rv.Report.Codes
	if len(codes) < 2 || c.rv.Size == (image.Point{}) {
		return nil
	}
	img := canvas.NewImageFromImage(Thumbnail(c.rv.Size, codes, 240))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(240, 150))
	return img
}

func (c *reviewCard) itemList() fyne.CanvasObject {
	box := container.NewVBox()
	several := len(c.rv.Items) > 1 || c.rv.Migration()
	for i, it := range c.rv.Items {
		if !several {
			box.Add(details(it))
			continue
		}
		box.Add(c.itemCheck(i, it))
	}
	return box
}

func (c *reviewCard) itemCheck(i int, it Item) fyne.CanvasObject {
	ch := widget.NewCheck(itemLabel(it), func(on bool) {
		c.rv.Select(i, on)
		c.update()
	})
	ch.SetChecked(it.Selected)
	if it.Verdict == scanner.Blocked {
		ch.Disable()
	}
	c.checks = append(c.checks, ch)
	mark := canvas.NewRectangle(MarkColor(it.Code))
	mark.SetMinSize(fyne.NewSize(8, 8))
	return container.NewBorder(nil, nil, container.NewCenter(mark), nil,
		ch)
}

func itemLabel(it Item) string {
	e := it.Info
	return fmt.Sprintf("Code %d: %s — %s (%s, %s)", it.Code+1, e.Issuer,
		e.Account, params(e), VerdictText(it.Verdict, ""))
}

func params(e scanner.EnrollmentInfo) string {
	s := fmt.Sprintf("%s, %d digits", e.Type, e.Digits)
	if e.Period > 0 {
		s += fmt.Sprintf(", %d s", e.Period)
	}
	return s
}

// details lists one account's parameters, without its secret.
func details(it Item) fyne.CanvasObject {
	e := it.Info
	f := widget.NewForm(
		widget.NewFormItem("Issuer", widget.NewLabel(e.Issuer)),
		widget.NewFormItem("Account", widget.NewLabel(e.Account)),
		widget.NewFormItem("Type", widget.NewLabel(params(e))),
		widget.NewFormItem("Algorithm",
			widget.NewLabel(string(e.Algorithm))))
	return f
}

func (c *reviewCard) finding(f scanner.Finding) fyne.CanvasObject {
	l := widget.NewLabel(f.Message)
	l.Wrapping = fyne.TextWrapWord
	c.findings = append(c.findings, l)
	icon := theme.InfoIcon()
	switch f.Severity {
	case scanner.Warning:
		icon = theme.WarningIcon()
	case scanner.Danger:
		icon = theme.ErrorIcon()
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, l)
}

func (c *reviewCard) saveTapped(u *ui) {
	if c.rv.Action() != SaveConfirm {
		c.commit(u, false)
		return
	}
	title, text := confirmText(c.rv.Verdict())
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, "Save anyway",
		"Cancel", msg, func(ok bool) {
			if ok {
				c.commit(u, true)
			}
		}, u.win)
	d.Resize(fyne.NewSize(400, 0))
	c.confirm = d
	d.Show()
}

// confirmText is the question asked before saving a code of verdict v.
func confirmText(v scanner.Verdict) (title, text string) {
	if v == scanner.Unverified {
		return "Save a code from an unknown provider?", "Your policy " +
			"asks you to confirm codes from providers Tessera does " +
			"not know. Save it only if you started this enrollment " +
			"yourself, on that service's own site."
	}
	return "Save a suspicious code?", "Tessera thinks this code may " +
		"hand your account to someone else. Save it only if you are " +
		"sure the site you are enrolling with showed it to you."
}

func (c *reviewCard) commit(u *ui, confirmed bool) {
	saved, err := u.adder.Save(u.lock.Store(), c.rv, confirmed)
	u.list.Reload()
	u.refreshAll()
	if err != nil {
		dialog.ShowError(err, u.win)
		return
	}
	u.notify(fmt.Sprintf("Saved %d account(s)", len(saved)))
	if c.rv.File == "" {
		c.close(u)
		return
	}
	c.offerRemove()
}

// offerRemove turns the card into the question of deleting the picture,
// which still holds the secret.
func (c *reviewCard) offerRemove() {
	c.headline.Text = "Saved"
	c.headline.Refresh()
	c.explain.SetText("The picture " + c.rv.File + " still holds the " +
		"secret. Delete it unless you need it as a backup.")
	c.save.Hide()
	c.cancel.SetText("Keep it")
	c.remove.Show()
	for _, ch := range c.checks {
		ch.Disable() // what was saved is saved
	}
	c.saved = true
}

func (c *reviewCard) cancelTapped(u *ui) {
	if !c.saved && c.rv.Err == nil && len(c.rv.Items) > 0 {
		if err := u.adder.Refuse(c.rv); err != nil {
			u.notify(err.Error())
		}
	}
	c.close(u)
}

func (c *reviewCard) removeTapped(u *ui) {
	if err := DeleteSource(c.rv); err != nil {
		dialog.ShowError(err, u.win)
		return
	}
	u.notify("Deleted the picture")
	c.close(u)
}

// close takes the card down once the person is done with it.
func (c *reviewCard) close(u *ui) {
	c.dlg.Hide()
	for i, x := range u.cards {
		if x == c {
			u.cards = append(u.cards[:i], u.cards[i+1:]...)
			break
		}
	}
	if u.review == c {
		u.review = nil
	}
}

// discard takes the card down without saving, as locking does, and
// wipes the secrets it was holding for a save that will not come.
func (c *reviewCard) discard() {
	c.rv.Discard()
	if c.confirm != nil {
		c.confirm.Hide()
	}
	c.dlg.Hide()
}
