package app

import (
	"strings"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

// UrgentSeconds is how long before a code expires its countdown turns
// urgent: too little time to type it into another window.
const UrgentSeconds = 5

// Group splits a code into two halves for reading, "123 456". Codes of
// five characters or fewer (Steam's) stay whole.
func Group(code string) string {
	if len(code) <= 5 || strings.Contains(code, " ") {
		return code
	}
	h := len(code) / 2
	return code[:h] + " " + code[h:]
}

// Ungroup removes the spaces Group added, giving what a site expects.
func Ungroup(code string) string { return strings.ReplaceAll(code, " ", "") }

// period is an account's time step; HOTP accounts have none.
func period(o vault.OTP) int {
	if o.Type == vault.HOTP {
		return 0
	}
	if o.Period <= 0 {
		return 30
	}
	return o.Period
}

// remaining is how many whole seconds the code current at t stays valid.
func remaining(o vault.OTP, t time.Time) int {
	p := int64(period(o))
	if p == 0 {
		return 0
	}
	return int(p - t.Unix()%p)
}

// codeCache remembers the codes of the current and next time step so
// that a redraw each second costs no HMAC.
type codeCache struct {
	m map[cacheKey]string
}

type cacheKey struct {
	id   string
	step int64
}

// code returns the TOTP or Steam code of a for the step holding t.
func (c *codeCache) code(a vault.Account, t time.Time) (string, error) {
	step := t.Unix() / int64(period(a.OTP))
	k := cacheKey{a.ID, step}
	if s, ok := c.m[k]; ok {
		return s, nil
	}

	s, err := a.OTP.Code(t)
	if err != nil {
		return "", err
	}
	if c.m == nil || len(c.m) > 4096 {
		c.m = map[cacheKey]string{}
	}
	c.m[k] = s
	return s, nil
}

// forget drops every cached code, after an edit or a lock.
func (c *codeCache) forget() { c.m = nil }
