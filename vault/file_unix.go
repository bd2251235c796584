//go:build unix

package vault

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive advisory lock on path without waiting. The
// kernel drops it when the process dies, so a crash leaves no stale lock.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}

	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		f.Close()
		return nil, ErrBusy
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func replaceFile(from, to string) error { return os.Rename(from, to) }

// syncDir flushes a directory so that a rename in it survives a power
// loss.
func syncDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, unix.EINVAL) {
		// Some file systems (FUSE, some network mounts) cannot flush a
		// directory at all; the rename is as durable as they make it,
		// and a warning on every save would tell the person nothing
		// they could act on.
		err = nil
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
