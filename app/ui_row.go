package app

import (
	"hash/fnv"
	"image/color"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/vault"
)

// accountList is the list widget: a tap or Enter copies, arrows move.
type accountList struct {
	widget.List
	u      *ui
	cursor int
	rows   []*row // every row widget made; the list reuses them
}

func newAccountList(u *ui) *accountList {
	l := &accountList{u: u}
	l.Length = u.list.Len
	l.CreateItem = func() fyne.CanvasObject {
		r := newRow(u)
		l.rows = append(l.rows, r)
		return r
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		o.(*row).show(i)
	}
	l.OnSelected = func(i widget.ListItemID) {
		l.cursor = i
		l.Unselect(i)
		u.copyAt(i)
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey adds Enter (copy) to the list's own arrow keys.
func (l *accountList) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.u.copyAt(l.cursor)
		return
	case fyne.KeyDown:
		if l.cursor < l.u.list.Len()-1 {
			l.cursor++
		}
	case fyne.KeyUp:
		if l.cursor > 0 {
			l.cursor--
		}
	}
	l.List.TypedKey(e)
}

// tick updates the rows on screen in place, without laying the list out
// again: the codes come from the cache, and only the objects whose
// text or countdown changed are refreshed.
func (l *accountList) tick() {
	now := l.u.d.now()
	n := l.u.list.Len()
	for _, r := range l.rows {
		if r.index >= 0 && r.index < n && r.Visible() {
			r.showAt(r.index, now)
		}
	}
}

// row is one account: avatar, names, code, countdown and next code.
type row struct {
	widget.BaseWidget
	u      *ui
	id     string
	index  int // the account shown, -1 before the first
	avatar *avatar
	issuer *widget.Label
	name   *widget.Label
	code   *canvas.Text
	next   *widget.Label
	count  *countdown
	hotp   *widget.Button
	menu   *widget.Button
}

func newRow(u *ui) *row {
	r := &row{u: u, index: -1, avatar: newAvatar(), issuer: widget.NewLabel(""),
		name: widget.NewLabel(""), next: widget.NewLabel(""),
		count: newCountdown()}
	r.issuer.TextStyle.Bold = true
	r.issuer.Truncation = fyne.TextTruncateEllipsis
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.code = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.code.TextStyle.Monospace = true
	r.code.TextSize = 2 * theme.TextSize()
	r.hotp = widget.NewButtonWithIcon("Next code",
		theme.MediaSkipNextIcon(), func() { u.nextHOTP(r.id) })
	r.menu = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(),
		func() { u.showEdit(r.id) })
	r.menu.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer lays the row out.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	names := container.NewVBox(r.issuer, r.name)
	codes := container.NewVBox(container.NewHBox(r.code, r.hotp),
		container.NewHBox(r.count, r.next))
	c := container.NewBorder(nil, nil, container.NewCenter(r.avatar),
		container.NewHBox(codes, r.menu), names)
	return widget.NewSimpleRenderer(c)
}

// show fills the row with the i-th account at the current second.
func (r *row) show(i int) { r.showAt(i, r.u.d.now()) }

func (r *row) showAt(i int, now time.Time) {
	if i >= r.u.list.Len() {
		return
	}
	r.index = i
	x := r.u.list.Row(i, now)
	if r.id != x.ID {
		r.id = x.ID
		r.issuer.SetText(x.Issuer)
		r.name.SetText(rowName(x))
		r.avatar.set(x.Issuer, x.Icon)
	}
	r.showCode(x)
}

func rowName(x Row) string {
	if len(x.Tags) == 0 {
		return x.Name
	}
	return x.Name + "  ·  " + strings.Join(x.Tags, ", ")
}

func (r *row) showCode(x Row) {
	code := x.Code
	switch {
	case x.Err != "":
		code = x.Err
	case code == "" && x.Type == vault.HOTP:
		code = "--- ---"
	}
	if r.code.Text != code {
		r.code.Text = code
		r.code.Refresh()
	}
	setHidden(r.hotp, x.Type != vault.HOTP)
	setHidden(r.count, x.Period == 0)
	next := ""
	if x.Next != "" {
		next = "next " + x.Next
	}
	if r.next.Text != next {
		r.next.SetText(next)
	}
	r.count.set(x.Remaining, x.Period, x.Urgent)
}

func setHidden(o fyne.CanvasObject, hide bool) {
	if o.Visible() == hide {
		if hide {
			o.Hide()
		} else {
			o.Show()
		}
	}
}

// countdown is a bar that empties as the code ages and turns red in its
// last seconds, with the seconds left written beside it.
type countdown struct {
	widget.BaseWidget
	bg, fill *canvas.Rectangle
	text     *canvas.Text
	left     int
	period   int
	urgent   bool
}

func newCountdown() *countdown {
	c := &countdown{bg: canvas.NewRectangle(theme.Color(
		theme.ColorNameInputBackground)),
		fill: canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)),
		text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.text.TextSize = theme.CaptionTextSize()
	c.text.TextStyle.Monospace = true
	c.ExtendBaseWidget(c)
	return c
}

func (c *countdown) set(left, period int, urgent bool) {
	if c.left == left && c.period == period && c.urgent == urgent {
		return
	}
	c.left, c.period, c.urgent = left, period, urgent
	c.Refresh()
}

// CreateRenderer draws the bar.
func (c *countdown) CreateRenderer() fyne.WidgetRenderer {
	return &countdownRenderer{c: c}
}

type countdownRenderer struct{ c *countdown }

const barWidth = 60

// Layout places the bar and the seconds left.
func (r *countdownRenderer) Layout(s fyne.Size) {
	c := r.c
	h := float32(6)
	y := (s.Height - h) / 2
	c.bg.Move(fyne.NewPos(0, y))
	c.bg.Resize(fyne.NewSize(barWidth, h))
	frac := float32(0)
	if c.period > 0 {
		frac = float32(c.left) / float32(c.period)
	}
	c.fill.Move(fyne.NewPos(0, y))
	c.fill.Resize(fyne.NewSize(barWidth*frac, h))
	ts := c.text.MinSize()
	c.text.Move(fyne.NewPos(barWidth+4, (s.Height-ts.Height)/2))
	c.text.Resize(ts)
}

// MinSize fits the bar and two digits.
func (r *countdownRenderer) MinSize() fyne.Size {
	ts := canvas.NewText("00 s", color.Black)
	ts.TextSize = theme.CaptionTextSize()
	ts.TextStyle.Monospace = true
	m := ts.MinSize()
	return fyne.NewSize(barWidth+4+m.Width, m.Height)
}

// Refresh recolours the bar when urgent and redraws it.
func (r *countdownRenderer) Refresh() {
	c := r.c
	c.fill.FillColor = theme.Color(theme.ColorNamePrimary)
	c.text.Color = theme.Color(theme.ColorNameForeground)
	if c.urgent {
		c.fill.FillColor = theme.Color(theme.ColorNameError)
		c.text.Color = theme.Color(theme.ColorNameError)
	}
	c.text.Text = itoa(c.left) + " s"
	r.Layout(c.Size())
	canvas.Refresh(c)
}

// Objects are the background, the fill and the text.
func (r *countdownRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.bg, r.c.fill, r.c.text}
}

// Destroy has nothing to release.
func (r *countdownRenderer) Destroy() {}

func itoa(n int) string {
	if n < 10 {
		return " " + string(rune('0'+n))
	}
	return string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}

// avatar is the provider mark: a coloured disc with the issuer's
// initial for a trusted issuer, a neutral key for anyone else, so an
// impostor never borrows a real provider's look.
type avatar struct {
	widget.BaseWidget
	disc   *canvas.Circle
	letter *canvas.Text
	plain  *widget.Icon
}

func newAvatar() *avatar {
	a := &avatar{disc: canvas.NewCircle(color.Transparent),
		letter: canvas.NewText("", color.White),
		plain:  widget.NewIcon(theme.AccountIcon())}
	a.letter.TextStyle.Bold = true
	a.letter.Alignment = fyne.TextAlignCenter
	a.letter.TextSize = 1.3 * theme.TextSize()
	a.ExtendBaseWidget(a)
	return a
}

func (a *avatar) set(issuer, icon string) {
	trusted := icon != ""
	setHidden(a.disc, !trusted)
	setHidden(a.letter, !trusted)
	setHidden(a.plain, trusted)
	if trusted {
		a.disc.FillColor = avatarColor(icon)
		a.letter.Text = initial(issuer)
	}
	a.Refresh()
}

// CreateRenderer stacks the disc, the letter and the plain icon.
func (a *avatar) CreateRenderer() fyne.WidgetRenderer {
	c := container.NewStack(a.disc, container.NewCenter(a.letter),
		container.NewPadded(a.plain))
	return widget.NewSimpleRenderer(c)
}

// MinSize keeps avatars square.
func (a *avatar) MinSize() fyne.Size { return fyne.NewSize(40, 40) }

func initial(s string) string {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(unicode.ToUpper(r))
		}
	}
	return "?"
}

// avatarColor picks a stable colour for a provider key.
func avatarColor(key string) color.NRGBA {
	h := fnv.New32a()
	h.Write([]byte(key))
	palette := []color.NRGBA{
		{R: 0x1e, G: 0x64, B: 0xc8, A: 0xff},
		{R: 0x1b, G: 0x8a, B: 0x3c, A: 0xff},
		{R: 0x8a, G: 0x2b, B: 0xb0, A: 0xff},
		{R: 0xc0, G: 0x4a, B: 0x10, A: 0xff},
		{R: 0x00, G: 0x7c, B: 0x89, A: 0xff},
		{R: 0x5d, G: 0x4a, B: 0x9c, A: 0xff},
	}
	return palette[h.Sum32()%uint32(len(palette))]
}
