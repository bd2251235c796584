package app

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

// Sort orders the account list.
type Sort int

// The orders the list offers.
const (
	ByIssuer Sort = iota // issuer, then account name
	ByName               // account name, then issuer
	ByAdded              // oldest first, the vault's own order
	ByRecent             // most recently copied first
)

// Sorts names each order for the sort menu.
var Sorts = []string{"Issuer", "Account", "Date added", "Recently used"}

// Row is what one line of the account list shows at one instant.
type Row struct {
	ID        string
	Issuer    string
	Name      string
	Tags      []string
	Icon      string // provider key, set only for a trusted issuer
	Type      vault.Type
	Code      string // grouped for reading; "" for HOTP until advanced
	Next      string // the code after this one, grouped; TOTP and Steam
	Remaining int    // seconds the code stays valid
	Period    int    // seconds; 0 for HOTP
	Urgent    bool   // the countdown is in its last seconds
	Err       string // why no code could be computed
}

// List is the main window's account list: the vault's accounts filtered
// by a search and a tag, sorted, with their codes.
type List struct {
	store  Store
	all    []vault.Account
	shown  []vault.Account
	query  string
	tag    string
	order  Sort
	cache  codeCache
	hotp   map[string]string    // last HOTP code shown, by id
	used   map[string]time.Time // last copy, by id
	loaded bool
}

// NewList returns the list of s's accounts, sorted by issuer.
func NewList(s Store) *List {
	l := &List{store: s, hotp: map[string]string{},
		used: map[string]time.Time{}}
	l.Reload()
	return l
}

// Reload reads the accounts again after the vault changed.
func (l *List) Reload() {
	l.all = nil
	if l.store != nil {
		l.all = l.store.Accounts()
	}
	l.cache.forget()
	l.apply()
}

// SetStore replaces the vault, nil when it is locked.
func (l *List) SetStore(s Store) {
	l.store = s
	l.hotp = map[string]string{}
	l.Reload()
}

// Search shows only accounts whose issuer, name or tags contain q,
// ignoring case.
func (l *List) Search(q string) {
	l.query = strings.ToLower(strings.TrimSpace(q))
	l.apply()
}

// FilterTag shows only accounts carrying tag; "" shows all.
func (l *List) FilterTag(tag string) {
	l.tag = tag
	l.apply()
}

// SortBy changes the order.
func (l *List) SortBy(s Sort) {
	l.order = s
	l.apply()
}

// Len is the number of accounts shown.
func (l *List) Len() int { return len(l.shown) }

// Account returns the i-th account shown.
func (l *List) Account(i int) vault.Account { return l.shown[i] }

// Index returns the position of the account id among those shown, or -1.
func (l *List) Index(id string) int {
	for i, a := range l.shown {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// Tags returns every tag in the vault, sorted.
func (l *List) Tags() []string {
	seen := map[string]bool{}
	var tags []string
	for _, a := range l.all {
		for _, t := range a.Tags {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	sort.Strings(tags)
	return tags
}

func (l *List) apply() {
	l.shown = l.shown[:0]
	for _, a := range l.all {
		if l.matches(a) {
			l.shown = append(l.shown, a)
		}
	}
	sort.SliceStable(l.shown, l.less)
}

func (l *List) matches(a vault.Account) bool {
	if l.tag != "" && !hasTag(a, l.tag) {
		return false
	}
	if l.query == "" {
		return true
	}
	if contains(a.Issuer, l.query) || contains(a.Name, l.query) {
		return true
	}
	for _, t := range a.Tags {
		if contains(t, l.query) {
			return true
		}
	}
	return false
}

func hasTag(a vault.Account, tag string) bool {
	for _, t := range a.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

func contains(s, lowerQuery string) bool {
	return strings.Contains(strings.ToLower(s), lowerQuery)
}

func (l *List) less(i, j int) bool {
	a, b := l.shown[i], l.shown[j]
	switch l.order {
	case ByName:
		return pairLess(a.Name, a.Issuer, b.Name, b.Issuer)
	case ByAdded:
		return a.Created.Before(b.Created)
	case ByRecent:
		return l.used[a.ID].After(l.used[b.ID])
	}
	return pairLess(a.Issuer, a.Name, b.Issuer, b.Name)
}

func pairLess(a1, a2, b1, b2 string) bool {
	x, y := strings.ToLower(a1), strings.ToLower(b1)
	if x != y {
		return x < y
	}
	return strings.ToLower(a2) < strings.ToLower(b2)
}

// Row returns what the i-th account shows at instant t.
func (l *List) Row(i int, t time.Time) Row {
	a := l.shown[i]
	r := Row{ID: a.ID, Issuer: a.Issuer, Name: a.Name, Tags: a.Tags,
		Icon: a.Icon, Type: a.OTP.Type, Period: period(a.OTP)}
	if a.OTP.Type == vault.HOTP {
		r.Code = l.hotp[a.ID]
		return r
	}

	r.Remaining = remaining(a.OTP, t)
	r.Urgent = r.Remaining <= UrgentSeconds
	code, err := l.cache.code(a, t)
	if err != nil {
		r.Err = "cannot compute this code"
		return r
	}
	next, err := l.cache.code(a, t.Add(time.Duration(r.Period)*time.Second))
	if err == nil {
		r.Next = Group(next)
	}
	r.Code = Group(code)
	return r
}

// Code returns the code to copy for account id at instant t, without
// spaces. HOTP accounts give the code last shown, or an error before the
// counter was advanced: copying must never move the counter by itself.
func (l *List) Code(id string, t time.Time) (string, error) {
	i := l.Index(id)
	if i < 0 {
		return "", fmt.Errorf("copying code of account %s: %w", id,
			vault.ErrNotFound)
	}
	r := l.Row(i, t)
	if r.Code == "" {
		return "", errNoCode
	}
	l.used[id] = t
	return Ungroup(r.Code), nil
}

var errNoCode = errors.New("no code yet: press the button for the next one")

// NextHOTP advances the counter of HOTP account id, which the vault saves
// before handing back the code, and shows that code.
func (l *List) NextHOTP(id string) (string, error) {
	if l.store == nil {
		return "", vault.ErrLocked
	}
	c, err := l.store.NextHOTP(id)
	if err != nil && c == "" {
		return "", fmt.Errorf("advancing counter: %w", err)
	}
	l.hotp[id] = Group(c)
	l.all = l.store.Accounts()
	l.apply()
	if err != nil { // saved, though not flushed: the code is good
		return c, fmt.Errorf("advancing counter: %w", err)
	}
	return c, nil
}

// Recent returns up to n accounts, most recently copied first, then in
// list order; the tray menu shows them.
func (l *List) Recent(n int) []vault.Account {
	acc := append([]vault.Account(nil), l.all...)
	sort.SliceStable(acc, func(i, j int) bool {
		return l.used[acc[i].ID].After(l.used[acc[j].ID])
	})
	if len(acc) > n {
		acc = acc[:n]
	}
	return acc
}

// Edit is the part of an account a person may change.
type Edit struct {
	Issuer string
	Name   string
	Tags   []string
	Note   string
}

// Update saves e over account id.
func (l *List) Update(id string, e Edit) error {
	i := l.Index(id)
	if i < 0 || l.store == nil {
		return fmt.Errorf("editing account %s: %w", id, vault.ErrNotFound)
	}
	a := l.shown[i]
	a.Icon = keptIcon(a, e.Issuer)
	a.Issuer, a.Name, a.Note = e.Issuer, e.Name, e.Note
	a.Tags = cleanTags(e.Tags)
	err := l.store.Update(a)
	if err != nil && !errors.Is(err, vault.ErrNotFlushed) {
		return fmt.Errorf("editing account %s: %w", id, err)
	}
	l.Reload() // saved, though perhaps with a warning to show
	return err
}

// keptIcon is the trusted avatar a renamed account keeps: its own only
// while the issuer still names the same provider (the same words, or the
// provider's own name), so that no other name wears the trusted look. A
// new issuer that happens to be another trusted provider loses the icon
// too: the allowlist was checked against the code, not against a name
// typed in later.
func keptIcon(a vault.Account, issuer string) string {
	k := IconKey(issuer)
	if a.Icon == "" || (k != IconKey(a.Issuer) && k != a.Icon) {
		return ""
	}
	return a.Icon
}

// ParseTags splits a comma-separated list of tags.
func ParseTags(s string) []string { return cleanTags(strings.Split(s, ",")) }

func cleanTags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Delete removes account id from the vault.
func (l *List) Delete(id string) error {
	if l.store == nil {
		return vault.ErrLocked
	}
	err := l.store.Remove(id)
	if err != nil && !errors.Is(err, vault.ErrNotFlushed) {
		return fmt.Errorf("deleting account %s: %w", id, err)
	}
	delete(l.hotp, id)
	l.Reload() // removed, though perhaps with a warning to show
	return err
}
