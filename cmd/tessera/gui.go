package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tessera-auth/tessera/app"
)

// runGUI opens the window. TESSERA_OPEN, a list of pictures separated
// like PATH, opens the review card for each as the window appears: a
// file manager's "Open with" and the end-to-end test use it.
func runGUI(e *env) error {
	var open []string
	if s := os.Getenv("TESSERA_OPEN"); s != "" {
		open = filepath.SplitList(s)
	}
	err := app.Run(app.Config{VaultPath: e.vault, Open: open})
	if errors.Is(err, app.ErrShownOther) {
		fmt.Fprintf(e.stderr, "tessera: %v\n", err)
		return nil
	}
	return err
}
