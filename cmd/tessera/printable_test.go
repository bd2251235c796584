package main

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GitHub / octocat", "GitHub / octocat"},
		{"Dropbοx", "Dropbοx"}, // a Greek omicron is printable
		{"Evil\x1b[2J", `Evil\x1b[2J`},
		{"bob\r\ntrusted", `bob\r\ntrusted`},
		{"a\tb", `a\tb`},
		{"Pay\u202elaP", `Pay\u202elaP`},
		{"Git\u200bHub", `Git\u200bHub`},
		{"", ""},
	}
	for i, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("#%d: got %q, want %q", i, got, tt.want)
		}
	}
}
