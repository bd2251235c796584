package app

import (
	"fmt"
	"time"
)

// The list the main window shows: search, then read a row's code and
// countdown at an instant (RFC 6238's first SHA1 vector here).
func ExampleList() {
	l := NewList(newStore(totp("Bank", "alice"), totp("GitHub", "octo")))
	l.Search("git")
	r := l.Row(0, time.Unix(59, 0))
	fmt.Println(l.Len(), r.Issuer, r.Code, r.Remaining, r.Urgent)
	// Output: 1 GitHub 9428 7082 1 true
}

// A review card's rules: a suspicious code saves only once confirmed.
func ExampleAdder_Save() {
	a := &Adder{}
	s := newStore()
	rv := judged("suspicious")
	_, err := a.Save(s, rv, false)
	fmt.Println(rv.Headline(), err)
	_, err = a.Save(s, rv, true)
	fmt.Println(len(s.accounts), err)
	// Output:
	// Suspicious saving enrollment: suspicious code not confirmed
	// 1 <nil>
}

// Copying arms a clearing that leaves the clipboard alone if the person
// copied something else meanwhile.
func ExampleCopier() {
	clip := &fakeClip{}
	timers := &fakeTimers{}
	c := NewCopier(clip, func() time.Duration { return DefaultClearAfter })
	c.after = timers.after
	c.Copy("287082")
	timers.all[0].f()
	fmt.Printf("%q\n", clip.text)
	// Output: ""
}
