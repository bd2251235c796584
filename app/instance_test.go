package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestShowOther(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	vaultPath := filepath.Join(t.TempDir(), "vault")

	if err := showOther(vaultPath); err == nil {
		t.Fatal("showOther found a window where none listens")
	}

	// A socket file left by a crashed window is replaced.
	addr := instanceAddr(vaultPath)
	if err := os.WriteFile(addr, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	shown := make(chan struct{}, 1)
	stop, err := listenForOthers(vaultPath, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if fi, err := os.Stat(addr); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket: %v, mode %v; want mode 0600", err, fi.Mode())
	}

	if err := showOther(vaultPath); err != nil {
		t.Fatalf("showOther: %v", err)
	}
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		t.Fatal("the listening window was not asked to show itself")
	}

	// A window on another vault does not answer for this one.
	if err := showOther(vaultPath + "2"); err == nil {
		t.Error("showOther reached the window of another vault")
	}
}

func TestShowOtherIgnoresOtherMessages(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	vaultPath := filepath.Join(t.TempDir(), "vault")
	shown := make(chan struct{}, 1)
	stop, err := listenForOthers(vaultPath, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	c, err := dialInstance(vaultPath)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("quit\n"))
	c.Close()
	select {
	case <-shown:
		t.Fatal("a message other than show brought the window forward")
	case <-time.After(300 * time.Millisecond):
	}
}
