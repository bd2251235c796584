package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/tessera-auth/tessera/vault"
)

func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123456", "123 456"},
		{"94287082", "9428 7082"},
		{"1234567", "123 4567"},
		{"1234567890", "12345 67890"},
		{"5JQ2K", "5JQ2K"},
		{"1234", "1234"},
		{"", ""},
		{"123 456", "123 456"},
	}
	for i, tt := range tests {
		if got := Group(tt.in); got != tt.want {
			t.Errorf("#%d: got %q, want %q", i, got, tt.want)
		}
		if got := Ungroup(Group(tt.in)); got != Ungroup(tt.in) {
			t.Errorf("#%d: ungroup got %q, want %q", i, got, tt.in)
		}
	}
}

func TestRemaining(t *testing.T) {
	o := vault.OTP{Type: vault.TOTP, Period: 30}
	tests := []struct {
		unix int64
		want int
	}{{0, 30}, {1, 29}, {29, 1}, {30, 30}, {59, 1}, {1111111109, 1}}
	for i, tt := range tests {
		if got := remaining(o, time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("#%d: got %d, want %d", i, got, tt.want)
		}
	}
	if got := remaining(vault.OTP{Type: vault.HOTP}, time.Unix(5, 0)); got != 0 {
		t.Errorf("hotp: got %d, want 0", got)
	}
}

func ExampleGroup() {
	fmt.Println(Group("287082"), Group("94287082"), Group("5JQ2K"))
	// Output: 287 082 9428 7082 5JQ2K
}
