// Command minwindow is the reference for Tessera's GUI figures: the
// smallest Fyne program that opens a window of Tessera's default size,
// measured by bench/gui.sh the same way as Tessera in the same run.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.tessera_auth.minwindow")
	w := a.NewWindow("minwindow")
	w.SetContent(widget.NewLabel("A minimal Fyne window"))
	w.Resize(fyne.NewSize(420, 640))
	w.ShowAndRun()
}
