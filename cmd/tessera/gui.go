package main

import "github.com/tessera-auth/tessera/app"

func runGUI(e *env) error { return app.Run(app.Config{VaultPath: e.vault}) }
