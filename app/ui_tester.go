package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tessera-auth/tessera/scanner"
)

// testerWindow shows what "tessera scan" would say about pictures.
type testerWindow struct {
	u      *ui
	t      *Tester
	win    fyne.Window
	out    *widget.Label
	lines  []string
	open   *widget.Button
	folder *widget.Button
	paste  *widget.Button
}

func (u *ui) showTester() {
	if u.tester != nil {
		u.tester.win.RequestFocus() // one tester: the lock closes it
		return
	}
	c, err := u.d.checker()
	if err != nil {
		dialog.ShowError(err, u.win)
		return
	}
	w := &testerWindow{u: u, t: NewTester(c),
		win: u.app.NewWindow("Enrollment tester")}
	w.out = widget.NewLabel("Drop pictures here, paste one, or pick " +
		"a folder. Nothing is saved.")
	w.out.TextStyle.Monospace = true
	w.out.Wrapping = fyne.TextWrapBreak
	w.open = widget.NewButton("Open pictures…", w.pickFile)
	w.folder = widget.NewButton("Pick folder…", w.pickFolder)
	w.paste = widget.NewButton("Paste", w.pasteImage)
	bar := container.NewHBox(w.open, w.folder, w.paste)
	w.win.SetContent(container.NewBorder(bar, nil, nil, nil,
		container.NewVScroll(w.out)))
	w.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, uri := range uris {
			w.show(w.t.File(uri.Path()))
		}
	})
	w.win.SetOnClosed(func() {
		if u.tester == w {
			u.tester = nil
		}
	})
	w.win.Resize(fyne.NewSize(640, 480))
	w.win.Show()
	u.tester = w
}

// show adds one report to the window.
func (w *testerWindow) show(r scanner.Report) {
	w.u.touch() // working in the tester is activity too
	if w.lines == nil {
		w.out.SetText("")
	}
	w.lines = append(w.lines, Describe(r)...)
	w.lines = append(w.lines, "")
	w.out.SetText(strings.Join(w.lines, "\n"))
}

func (w *testerWindow) pickFile() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.show(w.t.File(path))
	}, w.win)
}

func (w *testerWindow) pickFolder() {
	dialog.ShowFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		rs, err := w.t.Folder(l.Path())
		for _, r := range rs {
			w.show(r)
		}
		if err != nil {
			dialog.ShowError(err, w.win)
		}
	}, w.win)
}

func (w *testerWindow) pasteImage() {
	if w.u.d.images == nil {
		return
	}
	img, err := w.u.d.images.Image()
	if err != nil {
		dialog.ShowError(err, w.win)
		return
	}
	codes, err := scanner.Decode(img)
	r := scanner.Report{File: "pasted picture", Verdict: scanner.Blocked,
		Findings: []scanner.Finding{}, Codes: []scanner.CodeReport{}}
	if err != nil {
		r.Error = err.Error()
	} else {
		r = w.t.Checker.Check("pasted picture", codes, scanner.Options{})
	}
	w.show(r)
}
