#!/bin/sh
# make.sh rebuilds the honest and impostor enrollment codes as QR images.
# Secrets are random test secrets, made afresh on every run; they guard
# nothing. Needs qrencode and, for the two-code pictures, ImageMagick.
#
#   cd testdata/providers && sh make.sh
set -eu

secret() { head -c "${1:-20}" /dev/urandom | base32 | tr -d '='; }

# code DIR NAME TEXT writes DIR/NAME.png.
code() {
	mkdir -p "$1"
	qrencode -l M -s 4 -m 4 -o "$1/$2.png" "$3"
}

# totp DIR NAME LABEL ISSUER [SECRET-BYTES] [EXTRA] writes one otpauth
# code; LABEL and ISSUER are already percent-encoded.
totp() {
	code "$1" "$2" "otpauth://totp/$3?secret=$(secret "${5:-20}")&issuer=$4${6:-}"
}

rm -rf honest impostors
h=honest
totp $h 01-google 'Google:alice%40gmail.com' Google
totp $h 02-microsoft 'Microsoft:alice%40outlook.com' Microsoft
totp $h 03-microsoft-tenant 'Contoso:alice%40contoso.com' Microsoft
totp $h 04-amazon 'Amazon:alice%40example.com' Amazon 10
totp $h 05-aws 'Amazon%20Web%20Services:alice%40123456789012' \
	'Amazon%20Web%20Services' 40
totp $h 06-github 'GitHub:alice' GitHub 10
totp $h 07-gitlab 'gitlab.com:alice%40example.com' gitlab.com
totp $h 08-dropbox 'Dropbox:alice%40example.com' Dropbox 10
totp $h 09-facebook 'Facebook:alice%40example.com' Facebook
totp $h 10-instagram 'Instagram:alice' Instagram
totp $h 11-twitter 'Twitter:%40alice' Twitter 10
totp $h 12-discord 'Discord:alice%40example.com' Discord 10
totp $h 13-slack 'Slack%20(acme):alice%40acme.com' Slack
totp $h 14-reddit 'Reddit:alice' Reddit 10
totp $h 15-paypal 'PayPal:alice%40example.com' PayPal
totp $h 16-coinbase 'Coinbase:alice%40example.com' Coinbase
totp $h 17-binance 'Binance.com:alice%40example.com' Binance.com 10
totp $h 18-kraken 'Kraken.com:alice' Kraken.com
totp $h 19-cloudflare 'Cloudflare:alice%40example.com' Cloudflare
totp $h 20-twitch 'Twitch:alice' Twitch 10
totp $h 21-epic-games 'Epic%20Games:alice%40example.com' 'Epic%20Games'
totp $h 22-linkedin 'LinkedIn:alice%40example.com' LinkedIn 10
totp $h 23-zoom 'Zoom:alice%40example.com' Zoom
totp $h 24-npm 'npm:alice' npm
totp $h 25-pypi 'PyPI:alice' PyPI
totp $h 26-docker 'Docker:alice' Docker
totp $h 27-atlassian 'Atlassian:alice%40example.com' Atlassian
totp $h 28-bitbucket 'Bitbucket:alice%40example.com' Bitbucket
totp $h 29-digitalocean 'DigitalOcean:alice%40example.com' DigitalOcean
totp $h 30-heroku 'Heroku:alice%40example.com' Heroku
totp $h 31-proton 'Proton:alice%40proton.me' Proton
totp $h 32-bitwarden 'Bitwarden:alice%40example.com' Bitwarden
totp $h 33-1password '1Password:alice%40example.com' 1Password
totp $h 34-lastpass 'LastPass:alice%40example.com' LastPass
totp $h 35-stripe 'Stripe:alice%40example.com' Stripe
totp $h 36-shopify 'Shopify:alice%40example.com' Shopify
totp $h 37-yahoo 'Yahoo:alice%40yahoo.com' Yahoo
totp $h 38-salesforce 'Salesforce:alice%40acme.com' Salesforce
totp $h 39-okta 'acme.okta.com:alice%40acme.com' acme.okta.com
totp $h 40-nintendo 'Nintendo%20Account:alice' 'Nintendo%20Account'
totp $h 41-tumblr 'Tumblr:alice%40example.com' Tumblr
totp $h 42-snapchat 'Snapchat:alice' Snapchat
totp $h 43-wordpress 'WordPress.com:alice' WordPress.com
totp $h 44-namecheap 'Namecheap:alice' Namecheap
totp $h 45-patreon 'Patreon:alice%40example.com' Patreon
totp $h 46-hubspot 'HubSpot:alice%40example.com' HubSpot

i=impostors
# Homoglyphs from several scripts.
totp $i 01-greek-dropbox 'Dropb%CE%BFx:alice%40example.com' 'Dropb%CE%BFx'
totp $i 02-cyrillic-google 'G%D0%BE%D0%BEgle:alice%40gmail.com' \
	'G%D0%BE%D0%BEgle'
totp $i 03-cyrillic-paypal '%D0%A0ayPal:alice%40example.com' \
	'%D0%A0ayPal'
totp $i 04-armenian-microsoft 'Micr%D6%85soft:alice%40outlook.com' \
	'Micr%D6%85soft'
totp $i 05-cherokee-github '%E1%8F%80itHub:alice' '%E1%8F%80itHub'
totp $i 06-fullwidth-github \
	'%EF%BC%A7%EF%BD%89%EF%BD%94%EF%BC%A8%EF%BD%95%EF%BD%82:alice' \
	'%EF%BC%A7%EF%BD%89%EF%BD%94%EF%BC%A8%EF%BD%95%EF%BD%82'
totp $i 07-math-google \
	'%F0%9D%90%86%F0%9D%90%A8%F0%9D%90%A8%F0%9D%90%A0%F0%9D%90%A5%F0%9D%90%9E:alice' \
	'%F0%9D%90%86%F0%9D%90%A8%F0%9D%90%A8%F0%9D%90%A0%F0%9D%90%A5%F0%9D%90%9E'
totp $i 08-zero-width-paypal 'Pay%E2%80%8BPal:alice%40example.com' \
	'Pay%E2%80%8BPal'
totp $i 09-bidi-coinbase 'Coin%E2%80%AEesab:alice' 'Coin%E2%80%AEesab'
totp $i 10-diacritic-dropbox 'Dr%C3%B6pbox:alice%40example.com' \
	'Dr%C3%B6pbox'
totp $i 11-cyrillic-amazon '%D0%90mazon:alice%40example.com' \
	'%D0%90mazon'
totp $i 12-greek-okta 'acme.%CE%BFkta.com:alice%40acme.com' \
	'acme.%CE%BFkta.com'
# Typosquats: digit and letter swaps, one-letter edits.
totp $i 13-rn-microsoft 'Rnicrosoft:alice%40outlook.com' Rnicrosoft
totp $i 14-zero-google 'G00gle:alice%40gmail.com' G00gle
totp $i 15-one-paypal 'Paypa1:alice%40example.com' Paypa1
totp $i 16-typo-twitter 'Twltter:%40alice' Twltter
totp $i 17-typo-coinbase 'Coinbse:alice%40example.com' Coinbse
totp $i 18-typo-binance 'Binnance:alice%40example.com' Binnance
totp $i 19-typo-cloudflare 'Cloudfalre:alice%40example.com' Cloudfalre
totp $i 20-typo-discord 'Dicsord:alice%40example.com' Dicsord
totp $i 21-capital-i-linkedin 'LInkedln:alice%40example.com' LInkedln
# Brands embedded in names and foreign domains.
totp $i 22-embedded-salesforce 'salesforce-signin.net:alice%40acme.com' \
	salesforce-signin.net
totp $i 23-embedded-paypal 'paypal.com.account-verify.co:alice' \
	paypal.com.account-verify.co
totp $i 24-embedded-github 'github-security.com:alice' \
	github-security.com
totp $i 25-other-tld-dropbox 'dropbox.co:alice%40example.com' dropbox.co
totp $i 26-named-paypal 'PayPal%20Support:alice%40example.com' \
	'PayPal%20Support'
totp $i 27-embedded-okta 'acme-okta.com:alice%40acme.com' acme-okta.com
# Labels that claim a provider the issuer is not.
totp $i 28-label-paypal 'PayPal:alice%40example.com' 'Acme%20Rewards'
totp $i 29-label-google 'Google:alice%40gmail.com' 'Account%20Security'
totp $i 30-label-coinbase 'Coinbase:alice' 'Wallet%20Support'
# Link codes on lookalike hosts.
code $i 31-link-google 'https://accounts.google.com.secure-login.io/signin'
code $i 32-link-dropbox 'https://dropbox-share.co/s/report.pdf'
code $i 33-link-paypal 'https://www.paypa1.com/signin'
code $i 34-link-apple 'https://xn--80ak6aa92e.com/'
code $i 35-link-userinfo 'https://github.com@login-verify.io/session'
# A sticker over a real code: two codes for one account side by side,
# and an enrollment code beside a link.
tmp=$(mktemp -d)
totp "$tmp" a 'GitHub:alice' GitHub
totp "$tmp" b 'GitHub:alice' GitHub
code "$tmp" c 'https://github.example-login.io/'
convert "$tmp/a.png" "$tmp/b.png" +append "$i/36-sticker-github.png"
convert "$tmp/a.png" "$tmp/c.png" +append "$i/37-sticker-link.png"
rm -r "$tmp"
# Short-name typosquats: below six letters only slips that keep every
# letter count, neighbours swapped or digits written for letters.
totp $i 38-swap-slack 'Slakc:alice%40acme.com' Slakc
totp $i 39-digit-slack 'Sl4ck:alice%40acme.com' Sl4ck
totp $i 40-swap-apple 'Appel:alice%40icloud.com' Appel
totp $i 41-digit-steam 'St3am:alice' St3am
totp $i 42-swap-zoom 'Zomo:alice%40example.com' Zomo
totp $i 43-swap-adobe 'Adboe:alice%40example.com' Adboe
totp $i 44-swap-uber 'Ubre:alice%40example.com' Ubre
totp $i 45-digit-twitch 'Tw1tch:alice' Tw1tch
code $i 46-link-slack 'https://sl4ck.com/signin'
