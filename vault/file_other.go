//go:build !unix && !windows

package vault

import "os"

// lockFile opens path without locking it: this system has no file lock
// Tessera knows, so two processes could write the same vault here.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

func replaceFile(from, to string) error { return os.Rename(from, to) }

func syncDir(string) error { return nil }
