package app

import (
	"hash/fnv"
	"image/color"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
	l.u.touch()
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

// row is one account: avatar, names, code, countdown bar and next code.
// It draws plain canvas objects in one renderer rather than nesting
// labels in containers: Fyne walks every object on screen each time it
// repaints, which it does each second for the countdowns, so a flat
// row keeps that walk short. Every text uses the regular face except
// the code, which is monospaced, so Fyne loads two fonts, not four.
type row struct {
	widget.BaseWidget
	u      *ui
	id     string
	index  int // the account shown, -1 before the first
	issuer string
	name   string
	icon   string // the trusted provider's key, "" for none
	moved  bool   // shows another account since the last layout
	code   *canvas.Text
	next   *canvas.Text
	count  *countdown
	hotp   *widget.Button
	menu   *widget.Button
	rr     *rowRenderer // nil until Fyne asks for the renderer
}

func newRow(u *ui) *row {
	r := &row{u: u, index: -1, count: &countdown{}}
	r.code = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.code.TextStyle.Monospace = true
	r.code.TextSize = 2 * theme.TextSize()
	r.next = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	r.next.TextSize = theme.CaptionTextSize()
	r.hotp = widget.NewButtonWithIcon("Next code",
		theme.MediaSkipNextIcon(), func() { u.nextHOTP(r.id) })
	r.hotp.Hide()
	r.menu = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(),
		func() { u.showEdit(r.id) })
	r.menu.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer makes the row's objects.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	fg := theme.Color(theme.ColorNameForeground)
	rr := &rowRenderer{r: r,
		disc:   canvas.NewCircle(color.Transparent),
		letter: canvas.NewText("", color.White),
		plain:  canvas.NewImageFromResource(theme.AccountIcon()),
		issuer: canvas.NewText("", fg),
		name: canvas.NewText("", theme.Color(
			theme.ColorNamePlaceHolder)),
		bg: canvas.NewRectangle(theme.Color(
			theme.ColorNameInputBackground)),
		fill: canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))}
	rr.letter.TextSize = 1.3 * theme.TextSize()
	rr.letter.Alignment = fyne.TextAlignCenter
	rr.plain.FillMode = canvas.ImageFillContain
	rr.objects = []fyne.CanvasObject{rr.disc, rr.letter, rr.plain,
		rr.issuer, rr.name, r.code, r.hotp, rr.bg, rr.fill, r.next,
		r.menu}
	r.rr = rr
	rr.Refresh()
	return rr
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
		r.issuer, r.name = x.Issuer, rowName(x)
		r.icon, r.moved = x.Icon, true
	}
	r.showCode(x)
}

func rowName(x Row) string {
	if len(x.Tags) == 0 {
		return x.Name
	}
	return x.Name + "  ·  " + strings.Join(x.Tags, ", ")
}

// showCode updates what changes with time. Only the bar moves each
// second; the texts change at a new code, and the row is laid out again
// only then or when it shows another account.
func (r *row) showCode(x Row) {
	code := x.Code
	switch {
	case x.Err != "":
		code = x.Err
	case code == "" && x.Type == vault.HOTP:
		code = "--- ---"
	}
	next := ""
	if x.Next != "" {
		next = "next " + x.Next
	}
	period := x.Period
	c := r.count
	relayout := r.moved || r.code.Text != code || r.next.Text != next ||
		r.hotp.Hidden != (x.Type != vault.HOTP) || c.period != period
	r.moved = false
	r.code.Text, r.next.Text = code, next
	r.hotp.Hidden = x.Type != vault.HOTP
	left := barLeft(x.Remaining, x.Urgent)
	if !relayout && c.left == left && c.urgent == x.Urgent {
		return
	}
	c.left, c.period, c.urgent = left, period, x.Urgent
	if relayout {
		r.Refresh()
		return
	}
	r.refreshBar()
}

// refreshBar redraws the countdown alone.
func (r *row) refreshBar() {
	if r.rr != nil {
		r.rr.layoutBar()
		r.rr.bg.Refresh()
		r.rr.fill.Refresh()
	}
}

// barStep is how many seconds one step of the countdown bar stands for
// until the code turns urgent, when the bar moves every second. Each
// change repaints the whole window, which costs about a hundredth of a
// core each time on a software renderer, so the bar moves six times in
// a 30-second step instead of thirty.
const barStep = 5

// barLeft is the time the bar shows for left seconds remaining: left
// rounded up to a whole step, or left itself once urgent.
func barLeft(left int, urgent bool) int {
	if urgent {
		return left
	}
	return (left + barStep - 1) / barStep * barStep
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

// countdown is the state of a row's bar, which empties as the code ages
// and turns red in its last seconds. The seconds are not written out:
// a number would be a new texture for every row each second.
type countdown struct {
	left, period int
	urgent       bool
}

const (
	barWidth   = 72
	barHeight  = 6
	avatarSize = 40
)

// rowRenderer lays the row out by hand.
type rowRenderer struct {
	r            *row
	disc         *canvas.Circle
	letter       *canvas.Text
	plain        *canvas.Image
	issuer, name *canvas.Text
	bg, fill     *canvas.Rectangle
	objects      []fyne.CanvasObject
	codeX, barY  float32
}

// MinSize fits the avatar, two lines of names and the code column.
func (rr *rowRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	code := codeSize(rr.r.code)
	h := fyne.Max(avatarSize, code.Height+barHeight+2*p)
	w := avatarSize + 2*p + 80 + p + code.Width + p +
		rr.r.menu.MinSize().Width
	if rr.r.hotp.Visible() {
		w += rr.r.hotp.MinSize().Width + p
	}
	return fyne.NewSize(w, h+2*p)
}

// codeSize is the size of the widest code of its length, so that rows
// do not shift as digits change.
func codeSize(t *canvas.Text) fyne.Size {
	n := len([]rune(t.Text))
	if n == 0 {
		n = 9
	}
	return fyne.MeasureText(strings.Repeat("0", n), t.TextSize,
		t.TextStyle)
}

// Layout places everything from both ends towards the names.
func (rr *rowRenderer) Layout(s fyne.Size) {
	r, p := rr.r, theme.Padding()
	ay := (s.Height - avatarSize) / 2
	for _, o := range []fyne.CanvasObject{rr.disc, rr.plain} {
		o.Move(fyne.NewPos(p, ay))
		o.Resize(fyne.NewSize(avatarSize, avatarSize))
	}
	ls := rr.letter.MinSize()
	rr.letter.Move(fyne.NewPos(p, ay+(avatarSize-ls.Height)/2))
	rr.letter.Resize(fyne.NewSize(avatarSize, ls.Height))

	ms := r.menu.MinSize()
	x := s.Width - ms.Width
	r.menu.Move(fyne.NewPos(x, (s.Height-ms.Height)/2))
	r.menu.Resize(ms)

	code := codeSize(r.code)
	colW := fyne.Max(code.Width, barWidth+p+r.next.MinSize().Width)
	x -= p + colW
	rr.codeX = x
	top := (s.Height - code.Height - barHeight - p) / 2
	r.code.Move(fyne.NewPos(x, top))
	r.code.Resize(code)
	rr.barY = top + code.Height + p/2
	ns := r.next.MinSize()
	r.next.Move(fyne.NewPos(x+barWidth+p, rr.barY+
		(barHeight-ns.Height)/2))
	r.next.Resize(ns)
	rr.layoutBar()

	if r.hotp.Visible() {
		hs := r.hotp.MinSize()
		x -= p + hs.Width
		r.hotp.Move(fyne.NewPos(x, (s.Height-hs.Height)/2))
		r.hotp.Resize(hs)
	}

	nx := p + avatarSize + 2*p
	rr.layoutName(rr.issuer, r.issuer, nx, x-p-nx, s.Height/2-2, true)
	rr.layoutName(rr.name, r.name, nx, x-p-nx, s.Height/2+2, false)
}

// layoutName fits text into width at the line above (top) or below
// the middle y, cutting it with an ellipsis when it does not fit.
func (rr *rowRenderer) layoutName(t *canvas.Text, text string, x, width,
	y float32, top bool) {
	t.Text = fit(text, width, t.TextSize, t.TextStyle)
	ts := t.MinSize()
	if top {
		y -= ts.Height
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(ts)
}

// fit shortens s, ending it with an ellipsis, until it is no wider than
// width.
func fit(s string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := strings.TrimRight(string(rs[:n]), " ") + "…"
		if fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return ""
}

// layoutBar sizes the countdown to the seconds left.
func (rr *rowRenderer) layoutBar() {
	c := rr.r.count
	rr.bg.Hidden = c.period == 0
	rr.fill.Hidden = c.period == 0
	frac := float32(0)
	if c.period > 0 {
		frac = float32(c.left) / float32(c.period)
	}
	rr.bg.Move(fyne.NewPos(rr.codeX, rr.barY))
	rr.bg.Resize(fyne.NewSize(barWidth, barHeight))
	rr.fill.Move(fyne.NewPos(rr.codeX, rr.barY))
	rr.fill.Resize(fyne.NewSize(barWidth*frac, barHeight))
	rr.fill.FillColor = theme.Color(theme.ColorNamePrimary)
	if c.urgent {
		rr.fill.FillColor = theme.Color(theme.ColorNameError)
	}
}

// Refresh shows the row's account: the avatar only for a trusted
// issuer, so that an impostor never borrows a real provider's look.
func (rr *rowRenderer) Refresh() {
	r := rr.r
	trusted := r.icon != ""
	rr.disc.Hidden, rr.letter.Hidden = !trusted, !trusted
	rr.plain.Hidden = trusted
	if trusted {
		rr.disc.FillColor = avatarColor(r.icon)
		rr.letter.Text = initial(r.issuer)
	}
	fg := theme.Color(theme.ColorNameForeground)
	rr.issuer.Color, r.code.Color = fg, fg
	rr.name.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.next.Color = rr.name.Color
	rr.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	rr.Layout(r.Size())
	for _, o := range rr.objects {
		o.Refresh()
	}
}

// Objects are everything the row draws.
func (rr *rowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// Destroy has nothing to release.
func (rr *rowRenderer) Destroy() {}

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
