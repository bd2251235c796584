package app

import (
	"fmt"
	"sync"
	"time"
)

// Clipboard is the text clipboard.
type Clipboard interface {
	SetText(s string) error
	Text() (string, error)
}

// DefaultClearAfter is how long a copied code stays on the clipboard.
const DefaultClearAfter = 30 * time.Second

// Copier puts codes on the clipboard and takes them off again after a
// delay, unless the person has copied something else meanwhile: clearing
// their own text would lose it.
type Copier struct {
	clip  Clipboard
	delay func() time.Duration
	after func(time.Duration, func()) func() bool

	// mu orders copies, clearings and flushes: the check that the
	// clipboard still holds a code and the clearing must not straddle a
	// newer copy. gen counts copies, so that a timer armed for an older
	// one does nothing.
	mu      sync.Mutex
	gen     uint64
	stop    func() bool
	pending string // the code the armed clearing will take off
}

// NewCopier returns a Copier that clears clip after delay() (asked at
// each copy, so a changed setting applies at once); 0 never clears.
func NewCopier(clip Clipboard, delay func() time.Duration) *Copier {
	return &Copier{clip: clip, delay: delay, after: realAfter}
}

func realAfter(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// Copy puts code on the clipboard and arms the clearing.
func (c *Copier) Copy(code string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.clip.SetText(code); err != nil {
		// The code copied before, if any, keeps its clearing.
		return fmt.Errorf("copying code: %w", err)
	}
	c.disarm()
	if d := c.delay(); d > 0 {
		gen := c.gen
		c.stop = c.after(d, func() { c.expire(gen) })
		c.pending = code
	}
	return nil
}

// Flush clears at once what an armed clearing would clear later, for
// Tessera quitting: a clipboard manager would otherwise keep the code
// after the window is gone.
func (c *Copier) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code := c.pending; c.stop != nil && c.stop() {
		c.clear(code) // the timer had not fired yet
	}
	c.disarm()
}

// disarm forgets the armed clearing; the caller holds c.mu.
func (c *Copier) disarm() {
	if c.stop != nil {
		c.stop()
	}
	c.stop, c.pending = nil, ""
	c.gen++
}

// expire is the armed clearing of copy number gen.
func (c *Copier) expire(gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // a newer copy or a flush took over
	}
	c.clear(c.pending)
	c.stop, c.pending = nil, ""
}

// clear empties the clipboard if it still holds code; the caller holds
// c.mu.
func (c *Copier) clear(code string) {
	if s, err := c.clip.Text(); err != nil || s != code {
		return
	}
	// A failed clear leaves the code on the clipboard; there is no one
	// to tell at this point, and the next copy replaces it anyway.
	_ = c.clip.SetText("")
}
