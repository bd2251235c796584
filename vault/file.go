package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
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

	// Sized from the file, the buffer is read into once rather than
	// grown and copied: every save reads the vault back to check it.
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Size() <= maxFile {
		size = fi.Size()
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, maxFile+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxFile {
		return nil, fmt.Errorf("file is larger than %d MiB", maxFile>>20)
	}
	return buf.Bytes(), nil
}

// writeAtomic replaces path with data so that, whatever instant the
// process or machine dies at, path holds either its old or its new
// contents: write a temporary file beside it, flush it to the disk,
// rename it over path, then flush the directory that records the rename.
func writeAtomic(path string, data []byte) error {
	p, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := p.commit(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// pending is a new version of a file, written beside it and flushed but
// not yet renamed over it.
type pending struct{ tmp, path string }

// writeTemp writes data to a temporary file beside path and flushes it.
func writeTemp(path string, data []byte) (*pending, error) {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, base+tmpInfix+"*")
	if err != nil {
		return nil, err
	}
	p := &pending{tmp: f.Name(), path: path}

	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		p.discard()
		return nil, err
	}
	return p, nil
}

// commit renames the new version over its file. The caller then flushes
// the directory (syncDir), so that the rename survives a power loss.
func (p *pending) commit() error {
	err := replaceFile(p.tmp, p.path)
	if err != nil {
		p.discard()
	}
	return err
}

// discard removes the new version; after a commit there is none left.
func (p *pending) discard() { os.Remove(p.tmp) }

// keepBackup makes the backup file hold current, the version this vault
// read or last wrote, once it has checked that the vault file still
// holds exactly that. A file that another program replaced or edited
// since is neither written over (the caller stops) nor kept as the
// backup in place of the good one. A hard link to the checked file costs
// no copy; where links are not supported the bytes are written out.
func keepBackup(path string, current []byte) error {
	bak := BackupPath(path)
	tmp := bak + tmpInfix + "link"
	os.Remove(tmp)

	if err := os.Link(path, tmp); err != nil {
		if err := checkUnchanged(path, path, current); err != nil {
			return err
		}
		return writeAtomic(bak, current)
	}
	// The link is the file that will become the backup, so it is what is
	// checked: a rename over path after this leaves the link alone.
	err := checkUnchanged(tmp, path, current)
	if err == nil {
		err = replaceFile(tmp, bak)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// checkUnchanged reads file, the vault at path or a link to it, and
// fails with ErrChanged unless it holds want.
func checkUnchanged(file, path string, want []byte) error {
	got, err := readVault(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return changedErr(path, "removed")
	case err != nil:
		return fmt.Errorf("checking %s before saving: %w", path, err)
	case !bytes.Equal(got, want):
		return changedErr(path, "replaced or edited")
	}
	return nil
}

func changedErr(path, how string) error {
	return fmt.Errorf("%w: %s is not the file this tessera opened or "+
		"last saved (another program %s it); nothing was written, and "+
		"the backup was kept", ErrChanged, path, how)
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
