package app

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// passwordOpener for tests: the right password reopens s.
func testOpener(s *memStore, right string) Opener {
	return func(pw []byte) (Store, error) {
		if !bytes.Equal(pw, []byte(right)) {
			return nil, errors.New("vault failed to authenticate")
		}
		s.closed = false
		return s, nil
	}
}

func TestLockNeedsPassword(t *testing.T) {
	s := sample()
	l := NewLocker(s, testOpener(s, "pw"), time.Unix(0, 0))
	if l.CanLock() {
		t.Errorf("can lock without a password")
	}
	if err := l.Lock(); !errors.Is(err, ErrNoPassword) || l.Locked() {
		t.Errorf("got %v, locked %v; want ErrNoPassword", err, l.Locked())
	}
}

func TestLockUnlock(t *testing.T) {
	s := sample()
	s.password = []byte("pw")
	l := NewLocker(s, testOpener(s, "pw"), time.Unix(0, 0))
	if err := l.Lock(); err != nil {
		t.Fatal(err)
	}
	if !l.Locked() || !s.closed || l.Store() != nil {
		t.Fatalf("after lock: locked %v closed %v", l.Locked(), s.closed)
	}
	if err := l.Unlock([]byte("wrong"), time.Unix(1, 0)); err == nil {
		t.Errorf("wrong password: got nil, want an error")
	}
	if !l.Locked() {
		t.Errorf("unlocked with the wrong password")
	}
	if err := l.Unlock([]byte("pw"), time.Unix(2, 0)); err != nil {
		t.Fatal(err)
	}
	if l.Locked() || s.closed {
		t.Errorf("right password: still locked")
	}
}

func TestIdleLock(t *testing.T) {
	s := sample()
	s.password = []byte("pw")
	l := NewLocker(s, testOpener(s, "pw"), time.Unix(0, 0))
	if l.Idle(time.Unix(10000, 0)) {
		t.Fatalf("locked with no idle time set")
	}
	l.SetIdle(time.Minute)
	l.Touch(time.Unix(100, 0))
	tests := []struct {
		at   int64
		lock bool
	}{{130, false}, {159, false}, {160, true}, {500, false}}
	for i, tt := range tests {
		if got := l.Idle(time.Unix(tt.at, 0)); got != tt.lock {
			t.Errorf("#%d: got %v, want %v", i, got, tt.lock)
		}
	}
	if !l.Locked() {
		t.Errorf("not locked after the idle time")
	}
}

type mapPrefs struct {
	ints   map[string]int
	strs   map[string]string
	floats map[string]float64
}

func newPrefs() *mapPrefs {
	return &mapPrefs{map[string]int{}, map[string]string{},
		map[string]float64{}}
}

func (p *mapPrefs) IntWithFallback(k string, d int) int {
	if v, ok := p.ints[k]; ok {
		return v
	}
	return d
}
func (p *mapPrefs) SetInt(k string, v int) { p.ints[k] = v }
func (p *mapPrefs) StringWithFallback(k, d string) string {
	if v, ok := p.strs[k]; ok {
		return v
	}
	return d
}
func (p *mapPrefs) SetString(k, v string) { p.strs[k] = v }
func (p *mapPrefs) FloatWithFallback(k string, d float64) float64 {
	if v, ok := p.floats[k]; ok {
		return v
	}
	return d
}
func (p *mapPrefs) SetFloat(k string, v float64) { p.floats[k] = v }

func TestSettings(t *testing.T) {
	p := newPrefs()
	if got := LoadSettings(p); got != DefaultSettings() {
		t.Errorf("empty: got %+v, want defaults", got)
	}
	s := Settings{ClearAfter: 10 * time.Second, AutoLock: 0,
		Theme: "dark", HideOnScan: false, Sort: ByRecent, Width: 500,
		Height: 700}
	s.Save(p)
	if got := LoadSettings(p); got != s {
		t.Errorf("round trip: got %+v, want %+v", got, s)
	}
	p.SetString("theme", "neon")
	p.SetInt("clear_after_s", -5)
	got := LoadSettings(p)
	if got.Theme != "system" || got.ClearAfter != 0 {
		t.Errorf("bad values: got %s %v, want system 0", got.Theme,
			got.ClearAfter)
	}
}
