package app

import (
	"errors"
	"testing"
	"time"
)

func newTestCopier(c Clipboard, d time.Duration) (*Copier, *fakeTimers) {
	ft := &fakeTimers{}
	cp := NewCopier(c, func() time.Duration { return d })
	cp.after = ft.after
	return cp, ft
}

func TestCopyClears(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, 30*time.Second)
	if err := cp.Copy("287082"); err != nil {
		t.Fatal(err)
	}
	if c.text != "287082" || len(ft.all) != 1 ||
		ft.all[0].d != 30*time.Second {
		t.Fatalf("got %q and %d timers, want code and one 30 s timer",
			c.text, len(ft.all))
	}
	ft.all[0].f()
	if c.text != "" {
		t.Errorf("after delay: clipboard still holds the code")
	}
}

func TestCopyKeepsOtherText(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, time.Second)
	if err := cp.Copy("287082"); err != nil {
		t.Fatal(err)
	}
	c.text = "the person's own text"
	ft.all[0].f()
	if c.text != "the person's own text" {
		t.Errorf("got %q, want the person's text kept", c.text)
	}
}

func TestCopyAgainRearms(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, time.Second)
	cp.Copy("111111")
	cp.Copy("222222")
	if !ft.all[0].stopped || ft.all[1].stopped {
		t.Errorf("got stopped %v %v, want the first timer stopped",
			ft.all[0].stopped, ft.all[1].stopped)
	}
	ft.all[1].f()
	if c.text != "" {
		t.Errorf("got %q, want cleared", c.text)
	}
}

func TestCopyFlush(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, time.Minute)
	cp.Copy("287082")
	cp.Flush()
	if c.text != "" || !ft.all[0].stopped {
		t.Errorf("after Flush: got %q, timer stopped %v; want cleared "+
			"and stopped", c.text, ft.all[0].stopped)
	}

	// Someone else's text survives a flush, and so does a second one.
	cp.Copy("111111")
	c.text = "the person's own text"
	cp.Flush()
	cp.Flush()
	if c.text != "the person's own text" {
		t.Errorf("got %q, want the person's text kept", c.text)
	}
}

func TestCopyNever(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, 0)
	cp.Copy("111111")
	if len(ft.all) != 0 || c.text != "111111" {
		t.Errorf("got %d timers, want none", len(ft.all))
	}
}

func TestCopyFails(t *testing.T) {
	c := &fakeClip{fail: errClip}
	cp, ft := newTestCopier(c, time.Second)
	err := cp.Copy("123456")
	if !errors.Is(err, errClip) || len(ft.all) != 0 {
		t.Errorf("got %v, %d timers, want errClip and none", err,
			len(ft.all))
	}
}

// A clearing armed for an older copy that fires after a newer one (its
// timer could no longer be stopped) leaves the newer code alone, even
// when the newer code is the same text: its own clearing takes it off.
func TestCopyStaleTimer(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, time.Second)
	cp.Copy("111111")
	cp.Copy("111111")
	ft.all[0].f() // fired as the second copy was made
	if c.text != "111111" {
		t.Errorf("the older clearing took the newer copy: got %q", c.text)
	}
	ft.all[1].f()
	if c.text != "" {
		t.Errorf("got %q, want cleared by the newer clearing", c.text)
	}
}

// A copy that fails leaves the clearing of the code copied before armed.
func TestCopyFailKeepsClearing(t *testing.T) {
	c := &fakeClip{}
	cp, ft := newTestCopier(c, time.Second)
	cp.Copy("111111")
	c.fail = errClip
	if err := cp.Copy("222222"); err == nil {
		t.Fatal("the failed copy reported no error")
	}
	c.fail = nil
	if ft.all[0].stopped {
		t.Fatal("the failed copy stopped the earlier clearing")
	}
	ft.all[0].f()
	if c.text != "" {
		t.Errorf("got %q, want the earlier code cleared", c.text)
	}
}
