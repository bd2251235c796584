package main

import (
	"encoding/base32"
	"fmt"
	"math/rand/v2"
	"time"
)

// oathCase is one random account and instant, in tessera's and oathtool's
// spellings.
type oathCase struct {
	desc     string
	uri, at  string
	oathArgs []string
}

// oathCases returns n random TOTP and HOTP cases over the parameters both
// tools support: SHA1, SHA256 and SHA512 (HOTP: SHA1); 6 to 8 digits; several periods;
// secrets of 10 to 64 bytes; instants up to the year 2200. The seed is fixed
// so that a failure can be reproduced.
func oathCases(n int) []oathCase {
	r := rand.New(rand.NewPCG(2026, 12))
	algs := []string{"SHA1", "SHA256", "SHA512"}
	periods := []int{15, 30, 45, 60, 90}
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)

	cases := make([]oathCase, 0, n)
	for i := range n {
		secret := make([]byte, 10+r.IntN(55))
		for j := range secret {
			secret[j] = byte(r.UintN(256))
		}
		b32 := enc.EncodeToString(secret)
		alg := algs[r.IntN(len(algs))]
		digits := 6 + r.IntN(3)
		at := time.Unix(r.Int64N(7258118400), 0).UTC()

		c := oathCase{at: at.Format(time.RFC3339)}
		if i%4 == 3 {
			alg = "SHA1" // oathtool's HOTP mode knows no other hash
			counter := r.Uint64N(1 << 40)
			c.desc = fmt.Sprintf("hotp %s %d digits counter %d", alg,
				digits, counter)
			c.uri = fmt.Sprintf("otpauth://hotp/T:a?secret=%s&algorithm=%s"+
				"&digits=%d&counter=%d", b32, alg, digits, counter)
			c.oathArgs = []string{"--hotp", "-b", "-d",
				fmt.Sprint(digits), "-c", fmt.Sprint(counter), b32}
		} else {
			period := periods[r.IntN(len(periods))]
			c.desc = fmt.Sprintf("totp %s %d digits %ds at %s", alg,
				digits, period, c.at)
			c.uri = fmt.Sprintf("otpauth://totp/T:a?secret=%s&algorithm=%s"+
				"&digits=%d&period=%d", b32, alg, digits, period)
			c.oathArgs = []string{"--totp=" + alg, "-b", "-d",
				fmt.Sprint(digits), "-s", fmt.Sprintf("%ds", period),
				"-N", at.Format("2006-01-02 15:04:05 UTC"), b32}
		}
		cases = append(cases, c)
	}
	return cases
}
