package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

func TestRowCodes(t *testing.T) {
	l := NewList(newStore(totp("RFC", "6238")))
	// RFC 6238 appendix B, SHA1.
	tests := []struct {
		unix   int64
		code   string
		left   int
		urgent bool
	}{
		{59, "9428 7082", 1, true},
		{1111111109, "0708 1804", 1, true},
		{1111111111, "1405 0471", 29, false},
		{1234567890, "8900 5924", 30, false},
		{2000000000, "6927 9037", 10, false},
		{20000000000, "6535 3130", 10, false},
	}
	for i, tt := range tests {
		r := l.Row(0, time.Unix(tt.unix, 0))
		if r.Code != tt.code || r.Remaining != tt.left ||
			r.Urgent != tt.urgent {
			t.Errorf("#%d: got %s %d %v, want %s %d %v", i, r.Code,
				r.Remaining, r.Urgent, tt.code, tt.left, tt.urgent)
		}
	}
}

func TestRowNext(t *testing.T) {
	a := totp("RFC", "6238")
	l := NewList(newStore(a))
	at := time.Unix(1111111109, 0)
	want, err := a.OTP.Code(at.Add(30 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Row(0, at).Next; got != Group(want) {
		t.Errorf("got %s, want %s", got, Group(want))
	}
}

func TestRowError(t *testing.T) {
	a := totp("Broken", "x")
	a.OTP.Digits = 99
	l := NewList(newStore(a))
	r := l.Row(0, time.Unix(59, 0))
	if r.Err == "" || r.Code != "" {
		t.Errorf("got code %q err %q, want an error", r.Code, r.Err)
	}
}

func names(l *List) string {
	var s []string
	for i := 0; i < l.Len(); i++ {
		s = append(s, l.Account(i).Issuer)
	}
	return strings.Join(s, ",")
}

func sample() *memStore {
	return newStore(totp("GitHub", "zed", "work"),
		totp("amazon", "yve", "shop"), totp("Bank", "alice", "money"),
		totp("Corp VPN", "bob", "work"))
}

func TestSearch(t *testing.T) {
	l := NewList(sample())
	tests := []struct{ q, want string }{
		{"", "amazon,Bank,Corp VPN,GitHub"},
		{"git", "GitHub"},
		{"GIT", "GitHub"},
		{"ali", "Bank"},
		{"work", "Corp VPN,GitHub"},
		{"  shop ", "amazon"},
		{"nothing", ""},
	}
	for i, tt := range tests {
		l.Search(tt.q)
		if got := names(l); got != tt.want {
			t.Errorf("#%d: got %s, want %s", i, got, tt.want)
		}
	}
}

func TestSortAndTags(t *testing.T) {
	l := NewList(sample())
	tests := []struct {
		s    Sort
		tag  string
		want string
	}{
		{ByIssuer, "", "amazon,Bank,Corp VPN,GitHub"},
		{ByName, "", "Bank,Corp VPN,amazon,GitHub"},
		{ByAdded, "", "GitHub,amazon,Bank,Corp VPN"},
		{ByIssuer, "work", "Corp VPN,GitHub"},
		{ByIssuer, "none", ""},
	}
	for i, tt := range tests {
		l.SortBy(tt.s)
		l.FilterTag(tt.tag)
		if got := names(l); got != tt.want {
			t.Errorf("#%d: got %s, want %s", i, got, tt.want)
		}
	}
	if got := strings.Join(l.Tags(), ","); got != "money,shop,work" {
		t.Errorf("tags: got %s, want money,shop,work", got)
	}
}

func TestRecentSort(t *testing.T) {
	l := NewList(sample())
	for _, issuer := range []string{"Bank", "GitHub"} {
		l.Search(issuer)
		id := l.Account(0).ID
		if _, err := l.Code(id, time.Unix(int64(len(issuer)), 0)); err != nil {
			t.Fatal(err)
		}
	}
	l.Search("")
	l.SortBy(ByRecent)
	if got := names(l); !strings.HasPrefix(got, "GitHub,Bank,") {
		t.Errorf("got %s, want GitHub,Bank first", got)
	}
	if got := l.Recent(2); len(got) != 2 || got[0].Issuer != "GitHub" {
		t.Errorf("recent: got %v, want GitHub first of 2", got)
	}
}

func TestHOTP(t *testing.T) {
	a := totp("Counter", "c")
	a.OTP.Type, a.OTP.Digits = vault.HOTP, 6
	s := newStore(a)
	l := NewList(s)
	id := l.Account(0).ID
	if r := l.Row(0, time.Now()); r.Code != "" || r.Period != 0 {
		t.Errorf("before: got %q period %d, want no code", r.Code,
			r.Period)
	}
	if _, err := l.Code(id, time.Now()); !errors.Is(err, errNoCode) {
		t.Errorf("copy before advance: got %v, want errNoCode", err)
	}
	// RFC 4226 appendix D, counters 0 and 1.
	for i, want := range []string{"755224", "287082"} {
		got, err := l.NextHOTP(id)
		if err != nil || got != want {
			t.Fatalf("#%d: got %s %v, want %s", i, got, err, want)
		}
		if c := s.accounts[0].OTP.Counter; c != uint64(i+1) {
			t.Errorf("#%d: stored counter got %d, want %d", i, c, i+1)
		}
		if r := l.Row(0, time.Now()); r.Code != Group(want) {
			t.Errorf("#%d: row got %s, want %s", i, r.Code, Group(want))
		}
	}
	code, err := l.Code(id, time.Now())
	if err != nil || code != "287082" {
		t.Errorf("copy: got %s %v, want 287082", code, err)
	}
}

func TestEditDelete(t *testing.T) {
	s := sample()
	l := NewList(s)
	id := s.accounts[0].ID
	err := l.Update(id, Edit{Issuer: "GitHub", Name: "zed2",
		Tags: []string{" a ", "", "b", "a"}, Note: "n"})
	if err != nil {
		t.Fatal(err)
	}
	got := s.accounts[0]
	if got.Name != "zed2" || strings.Join(got.Tags, ",") != "a,b" ||
		got.Note != "n" {
		t.Errorf("got %+v, want zed2 a,b n", got)
	}
	if err := l.Delete(id); err != nil {
		t.Fatal(err)
	}
	if l.Len() != 3 || l.Index(id) != -1 {
		t.Errorf("after delete: got %d accounts, want 3", l.Len())
	}
	if err := l.Delete(id); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("second delete: got %v, want ErrNotFound", err)
	}
	if err := l.Update("nope", Edit{}); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("update missing: got %v, want ErrNotFound", err)
	}
}

// A change saved but not flushed to disk is shown as made, with the
// warning passed on: the list must not keep showing what was changed.
func TestNotFlushedShown(t *testing.T) {
	s := sample()
	l := NewList(s)
	s.warn = vault.ErrNotFlushed
	id := s.accounts[0].ID
	err := l.Update(id, Edit{Issuer: "GitHub", Name: "renamed"})
	if !errors.Is(err, vault.ErrNotFlushed) ||
		l.Account(l.Index(id)).Name != "renamed" {
		t.Errorf("update: got %v, the list shows %q", err,
			l.Account(l.Index(id)).Name)
	}
	if err := l.Delete(id); !errors.Is(err, vault.ErrNotFlushed) ||
		l.Index(id) != -1 {
		t.Errorf("delete: got %v, the list still shows the account", err)
	}

	a := totp("Counter", "c")
	a.OTP.Type, a.OTP.Digits = vault.HOTP, 6
	h := newStore(a)
	h.warn = vault.ErrNotFlushed
	hl := NewList(h)
	code, err := hl.NextHOTP(hl.Account(0).ID)
	if code != "755224" || !errors.Is(err, vault.ErrNotFlushed) {
		t.Errorf("next: got %q %v, want 755224 with the warning", code,
			err)
	}
}

func TestLockedList(t *testing.T) {
	l := NewList(sample())
	l.SetStore(nil)
	if l.Len() != 0 {
		t.Errorf("locked: got %d accounts, want 0", l.Len())
	}
	if _, err := l.NextHOTP("x"); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("got %v, want ErrLocked", err)
	}
}

// TestRenameDropsIcon checks that a trusted avatar stays only while the
// issuer still names its provider.
func TestRenameDropsIcon(t *testing.T) {
	tests := []struct {
		issuer, icon, renamed, want string
	}{
		{"Salesforce", "salesforce", "salesforce ", "salesforce"},
		{"salesforce.com", "salesforce", "Salesforce", "salesforce"},
		{"Salesforce", "salesforce", "Salesforc\u0435", ""},
		{"Salesforce", "salesforce", "GitHub", ""},
		{"Acme", "", "Salesforce", ""},
	}
	for i, tt := range tests {
		a := totp(tt.issuer, "me")
		a.Icon = tt.icon
		s := newStore(a)
		l := NewList(s)
		err := l.Update(s.accounts[0].ID, Edit{Issuer: tt.renamed,
			Name: "me"})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.accounts[0].Icon; got != tt.want {
			t.Errorf("#%d: got icon %q, want %q", i, got, tt.want)
		}
		if got := l.Row(0, time.Unix(59, 0)).Icon; got != tt.want {
			t.Errorf("#%d: row shows icon %q, want %q", i, got, tt.want)
		}
	}
}
