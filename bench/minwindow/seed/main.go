// Command seed fills a vault with made-up accounts for the GUI
// benchmark and screenshots: seed VAULT N. Their secrets are random and
// belong to nothing.
package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/tessera-auth/tessera/vault"
)

// providers are issuers the allowlist knows; the rest are made up, and
// shown without a provider mark.
var providers = []string{"GitHub", "Google", "Microsoft", "Salesforce",
	"Dropbox", "Amazon Web Services", "GitLab", "Cloudflare", "Okta",
	"Proton", "Mozilla", "Atlassian"}

var others = []string{"Corp VPN", "Home NAS", "Build server",
	"Family wiki"}

var names = []string{"alice@example.com", "bob@example.org",
	"carol", "dan@example.net", "erin.admin"}

var tags = [][]string{{"work"}, {"personal"}, nil, {"work", "admin"}}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: seed VAULT N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed: N must be a number")
		os.Exit(2)
	}
	if err := seed(os.Args[1], n); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func seed(path string, n int) error {
	v, err := vault.Open(path, vault.Options{})
	if err != nil {
		return err
	}
	defer v.Close()

	for i := 0; i < n; i++ {
		if _, err := v.Add(account(i)); err != nil {
			return err
		}
	}
	return nil
}

func account(i int) vault.Account {
	secret := make([]byte, 20)
	rand.Read(secret)
	a := vault.Account{Name: names[i%len(names)], Tags: tags[i%len(tags)],
		OTP: vault.OTP{Type: vault.TOTP, Algorithm: vault.SHA1,
			Digits: 6, Period: 30, Secret: secret}}
	if i%4 == 3 {
		a.Issuer = others[i/4%len(others)]
	} else {
		a.Issuer = providers[i%len(providers)]
		a.Icon = strings.ToLower(a.Issuer)
	}
	switch i % 10 {
	case 7:
		a.OTP.Type, a.OTP.Counter = vault.HOTP, 0
	case 9:
		a.OTP.Type, a.OTP.Digits = vault.Steam, 5
	}
	return a
}
