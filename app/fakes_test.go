package app

import (
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

// memStore is an in-memory vault for tests.
type memStore struct {
	accounts []vault.Account
	password []byte
	closed   bool
	n        int
	warn     error // returned by every change that is nevertheless made
}

func (m *memStore) Accounts() []vault.Account {
	return append([]vault.Account(nil), m.accounts...)
}

func (m *memStore) Add(a vault.Account) (vault.Account, error) {
	m.n++
	a.ID = fmt.Sprintf("id%d", m.n)
	a.Created = time.Unix(int64(m.n), 0)
	m.accounts = append(m.accounts, a)
	return a, m.warn
}

func (m *memStore) find(id string) int {
	for i, a := range m.accounts {
		if a.ID == id {
			return i
		}
	}
	return -1
}

func (m *memStore) Update(a vault.Account) error {
	i := m.find(a.ID)
	if i < 0 {
		return vault.ErrNotFound
	}
	m.accounts[i] = a
	return m.warn
}

func (m *memStore) Remove(id string) error {
	i := m.find(id)
	if i < 0 {
		return vault.ErrNotFound
	}
	m.accounts = append(m.accounts[:i], m.accounts[i+1:]...)
	return m.warn
}

// NextHOTP saves the advanced counter before computing the code, as the
// real vault does.
func (m *memStore) NextHOTP(id string) (string, error) {
	i := m.find(id)
	if i < 0 {
		return "", vault.ErrNotFound
	}
	o := m.accounts[i].OTP
	m.accounts[i].OTP.Counter++
	c, err := o.Code(time.Time{})
	if err != nil {
		return "", err
	}
	return c, m.warn
}

func (m *memStore) HasPassword() bool          { return m.password != nil }
func (m *memStore) SetPassword(p []byte) error { m.password = p; return nil }
func (m *memStore) Close() error               { m.closed = true; return nil }

// fakeClip is a clipboard in memory.
type fakeClip struct {
	text string
	img  image.Image
	fail error
}

func (c *fakeClip) SetText(s string) error {
	if c.fail != nil {
		return c.fail
	}
	c.text = s
	return nil
}

func (c *fakeClip) Text() (string, error) { return c.text, c.fail }

func (c *fakeClip) Image() (image.Image, error) {
	if c.fail != nil {
		return nil, c.fail
	}
	if c.img == nil {
		return nil, ErrNoImage
	}
	return c.img, nil
}

// fakeTimer collects AfterFunc calls so tests fire them by hand.
type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

type fakeTimers struct{ all []*fakeTimer }

func (ft *fakeTimers) after(d time.Duration, f func()) func() bool {
	t := &fakeTimer{d: d, f: f}
	ft.all = append(ft.all, t)
	return func() bool { t.stopped = true; return true }
}

var errClip = errors.New("no clipboard here")

// rfcSecret is the SHA1 seed of RFC 6238 appendix B.
var rfcSecret = []byte("12345678901234567890")

func totp(issuer, name string, tags ...string) vault.Account {
	return vault.Account{Issuer: issuer, Name: name, Tags: tags,
		OTP: vault.OTP{Type: vault.TOTP, Algorithm: vault.SHA1, Digits: 8,
			Period: 30, Secret: rfcSecret}}
}

func newStore(accs ...vault.Account) *memStore {
	m := &memStore{}
	for _, a := range accs {
		m.Add(a)
	}
	return m
}
