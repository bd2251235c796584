package vault

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary re-executes itself as a writer or a lock holder when
// one of these variables names a vault.
const (
	crashWriterEnv = "TESSERA_TEST_CRASH_WRITER"
	lockHolderEnv  = "TESSERA_TEST_LOCK_HOLDER"
)

// childOptions open the vaults the subprocesses share: password only,
// the keyring out of reach as in a headless session.
func childOptions() Options {
	kr := newFakeKeyring()
	kr.fail(errNoBus)
	return Options{Keyring: kr, KDF: cheapKDF, Password: password("pw"),
		NewPassword: password("pw")}
}

// crashWriter saves version after version of the vault at path, each
// with the version number in the first account's note, and reports each
// one on stdout once Update has returned.
func crashWriter(path string) {
	v, err := Open(path, childOptions())
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	a := v.Accounts()[0]
	n, _ := strconv.Atoi(a.Note)
	fmt.Println("ready")
	for {
		n++
		a.Note = strconv.Itoa(n)
		if err := v.Update(a); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("saved", n)
	}
}

// lockHolder opens the vault at path and keeps it open until its input
// ends.
func lockHolder(path string) {
	v, err := Open(path, childOptions())
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	v.Close()
}

func newSharedVault(t *testing.T, accounts int) string {
	t.Helper()
	path := tempVault(t)
	v := mustOpen(t, path, childOptions())
	for i := 0; i < accounts; i++ {
		a := totpAccount("Issuer "+strconv.Itoa(i), "user@example.com")
		a.Note = "0"
		if _, err := v.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	return path
}

// child starts the test binary as a subprocess of role on path and waits
// for its first line.
func child(t *testing.T, env, path, first string) (*exec.Cmd,
	*bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// The lock holder waits for its input to end; Wait closes the pipe
	// once the child is gone.
	if _, err := cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != first {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q, want %q", lines.Text(), first)
	}
	return cmd, lines
}

// TestCrash kills a writer at random instants and opens the vault after
// each kill: it must hold the last version the writer reported, or the
// one it was writing, and the backup the version before.
func TestCrash(t *testing.T) {
	kills := 200
	if testing.Short() {
		kills = 20
	}
	path := newSharedVault(t, 20)
	last, inFlight := 0, 0
	for i := 0; i < kills; i++ {
		cmd, lines := child(t, crashWriterEnv, path, "ready")
		time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
		cmd.Process.Kill()

		saved := last
		for lines.Scan() {
			if _, err := fmt.Sscanf(lines.Text(), "saved %d",
				&saved); err != nil {
				t.Fatalf("#%d: writer said %q", i, lines.Text())
			}
		}
		cmd.Wait()

		got := versionOf(t, path)
		if got != saved && got != saved+1 {
			t.Fatalf("#%d: vault holds version %d, want %d or %d", i,
				got, saved, saved+1)
		}
		// Before the first save the backup holds the vault's creation.
		if got > 0 {
			b := versionOf(t, BackupPath(path))
			if b != got-1 && b != got {
				t.Fatalf("#%d: backup holds %d, want %d or %d", i, b,
					got-1, got)
			}
		}
		if got == saved+1 {
			inFlight++
		}
		last = got
	}
	t.Logf("%d kills, %d versions saved, %d kills after the rename of "+
		"an unreported save", kills, last, inFlight)
}

// versionOf opens the vault at path and returns the version it holds,
// checking that every account carries it.
func versionOf(t *testing.T, path string) int {
	t.Helper()
	o := childOptions()
	o.ReadOnly = true
	v, err := Open(path, o)
	if err != nil {
		t.Fatalf("the vault was damaged: %v", err)
	}
	defer v.Close()

	accounts := v.Accounts()
	if len(accounts) != 20 {
		t.Fatalf("got %d accounts, want 20", len(accounts))
	}
	n, err := strconv.Atoi(accounts[0].Note)
	if err != nil {
		t.Fatalf("note %q", accounts[0].Note)
	}
	return n
}

func TestLockAcrossProcesses(t *testing.T) {
	path := newSharedVault(t, 1)
	cmd, _ := child(t, lockHolderEnv, path, "locked")

	_, err := Open(path, childOptions())
	if !errors.Is(err, ErrBusy) ||
		!strings.Contains(err.Error(), "in use by another tessera") {
		t.Errorf("got %v, want ErrBusy", err)
	}

	// The kernel drops the lock of a killed process.
	cmd.Process.Kill()
	cmd.Wait()
	mustOpen(t, path, childOptions()).Close()
}
