package app

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// ErrShownOther is Run's answer when another Tessera window already holds
// the vault: that window was asked to come forward instead of a second
// one opening to say the vault is busy.
var ErrShownOther = errors.New("another Tessera window has this vault " +
	"open; it was brought forward")

// showMessage is all that the socket carries: no secret, nothing else.
const showMessage = "show\n"

// instanceAddr is the socket where the window holding the vault at
// vaultPath listens. It lives in the user's runtime directory, which only
// the user can enter, and is named after the vault, so that windows on
// different vaults do not answer for each other.
func instanceAddr(vaultPath string) string {
	if abs, err := filepath.Abs(vaultPath); err == nil {
		vaultPath = abs
	}
	sum := sha256.Sum256([]byte(vaultPath))
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "tessera-"+hex.EncodeToString(sum[:8])+
		".sock")
}

// listenForOthers calls show whenever another Tessera started on the same
// vault asks for this window. The caller holds the vault's lock, so a
// socket file left there is a crashed window's and is replaced.
func listenForOthers(vaultPath string, show func()) (stop func(),
	err error) {
	addr := instanceAddr(vaultPath)
	os.Remove(addr) // a stale socket; an error means there was none
	l, err := net.Listen("unix", addr)
	if err != nil {
		return nil, fmt.Errorf("listening for other windows: %w", err)
	}
	if err := os.Chmod(addr, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("listening for other windows: %w", err)
	}
	go serveOthers(l, show)
	return func() { l.Close() }, nil
}

func serveOthers(l net.Listener, show func()) {
	for {
		c, err := l.Accept()
		if err != nil {
			return // closed
		}
		c.SetReadDeadline(time.Now().Add(time.Second))
		msg, _ := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if msg == showMessage {
			show()
		}
	}
}

// showOther asks the window holding the vault at vaultPath to come
// forward, and reports whether one answered.
func showOther(vaultPath string) error {
	c, err := dialInstance(vaultPath)
	if err != nil {
		return fmt.Errorf("finding the other window: %w", err)
	}
	defer c.Close()
	c.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte(showMessage)); err != nil {
		return fmt.Errorf("asking the other window: %w", err)
	}
	return nil
}

func dialInstance(vaultPath string) (net.Conn, error) {
	return net.DialTimeout("unix", instanceAddr(vaultPath), time.Second)
}
