// Package app is Tessera's desktop window.
package app

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// Config says how to open the window.
type Config struct {
	VaultPath string // "" for the default vault
}

// Run opens the window and returns when it is closed.
func Run(c Config) error {
	a := fyneapp.NewWithID("io.github.tessera-auth.tessera")
	w := a.NewWindow("Tessera")
	w.SetContent(widget.NewLabel("Tessera"))
	w.ShowAndRun()
	return nil
}
