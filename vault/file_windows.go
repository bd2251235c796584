//go:build windows

package vault

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on path without waiting. Windows
// drops it when the process dies.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}

	const flags = windows.LOCKFILE_EXCLUSIVE_LOCK |
		windows.LOCKFILE_FAIL_IMMEDIATELY
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		f.Close()
		return nil, ErrBusy
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// replaceFile renames from over to. Virus scanners and indexers open
// files briefly without sharing, which makes a replace fail with a
// sharing violation or access denied; those are retried for a while.
func replaceFile(from, to string) error {
	var err error
	for wait := 5 * time.Millisecond; wait < 2*time.Second; wait *= 2 {
		err = os.Rename(from, to)
		if !errors.Is(err, windows.ERROR_SHARING_VIOLATION) &&
			!errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			return err
		}
		time.Sleep(wait)
	}
	return err
}

// syncDir does nothing: Windows offers no directory flush, and
// MoveFileEx's replace is recorded by NTFS's journal.
func syncDir(string) error { return nil }
