package vault

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// tmpInfix marks the temporary files of a save, so that the ones a crash
// left behind can be recognised and removed.
const tmpInfix = ".tmp-"

// BackupPath is where the previous version of the vault at path is kept.
func BackupPath(path string) string { return path + ".bak" }

// lockPath is the lock file of the vault at path. It is never removed:
// removing a lock file lets two processes lock different files.
func lockPath(path string) string { return path + ".lock" }

// readVault reads a vault file, refusing one too large to be a vault.
func readVault(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFile {
		return nil, fmt.Errorf("file is larger than %d MiB", maxFile>>20)
	}
	return b, nil
}

// writeAtomic replaces path with data so that, whatever instant the
// process or machine dies at, path holds either its old or its new
// contents: write a temporary file beside it, flush it to the disk,
// rename it over path, then flush the directory that records the rename.
func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, base+tmpInfix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()

	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = replaceFile(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

// keepBackup makes the backup file a copy of the vault file as it is now
// (whose contents are current). A hard link costs no copy; where links
// are not supported the bytes are written out.
func keepBackup(path string, current []byte) error {
	bak := BackupPath(path)
	tmp := bak + tmpInfix + "link"
	os.Remove(tmp)

	if err := os.Link(path, tmp); err == nil {
		if err := replaceFile(tmp, bak); err != nil {
			os.Remove(tmp)
			return err
		}
		return nil
	}
	return writeAtomic(bak, current)
}

// removeStale deletes the temporary files that interrupted saves left
// next to path. It runs under the vault's lock, so no save is running.
func removeStale(path string) error {
	dir, base := filepath.Split(path)
	names, err := filepath.Glob(filepath.Join(dir, "*"+tmpInfix+"*"))
	if err != nil {
		return err
	}

	var errs []error
	for _, n := range names {
		b := filepath.Base(n)
		if strings.HasPrefix(b, base+tmpInfix) ||
			strings.HasPrefix(b, filepath.Base(BackupPath(path))+tmpInfix) {
			errs = append(errs, os.Remove(n))
		}
	}
	return errors.Join(errs...)
}
