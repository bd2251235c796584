// Package scanner turns pictures into enrollment codes and judges them
// before anything is saved.
//
// It works in three steps:
//
//  1. Decode, DecodeFile and DecodeReader return every QR code in a
//     picture (PNG, JPEG, GIF, BMP or WebP) with its position and what the
//     decoder learnt of it (QRInfo). A first pass reads ordinary codes;
//     only when it finds nothing does a retry chain try inverted,
//     re-binarised, contrast-stretched and rescaled versions of the
//     picture, which reads dark-mode and grey-on-grey codes. Pictures over
//     MaxPixels or files over MaxFileSize are refused from their headers,
//     before any pixel is decoded.
//
//  2. Parse classifies each payload: an otpauth:// Key URI (TOTP, HOTP,
//     Steam), a Google Authenticator export (otpauth-migration://, whose
//     batches MergeBatches reassembles), a web link, or plain text. The
//     parsers are strict, and their errors name the parameter at fault
//     without ever quoting a value, since the values carry the secret.
//
//  3. A Checker, from LoadChecker, compares each code with the built-in
//     allowlist of providers and the policies in force, and returns a
//     Report: a verdict (trusted, unverified, suspicious, blocked) and
//     findings with stable ids and plain-sentence messages. Report is the
//     JSON that "tessera scan --json" prints.
//
// A typical use:
//
//	codes, err := scanner.DecodeFile("enroll.png")
//	if err != nil {
//		return err
//	}
//	c, err := scanner.LoadChecker("")
//	if err != nil {
//		return err
//	}
//	r := c.Check("enroll.png", codes, scanner.Options{})
//
// Caveats: the allowlist knows the providers of a public directory and
// the curated brands in docs/allowlist.md, not every service; a code from
// an unknown provider is "unverified", which is not an accusation. A
// picture with no readable code runs the whole retry chain, which takes
// most of a second on a 4K screenshot.
//
// The package never logs and never puts a secret in an error or a Report
// unless the caller asks for the payload text with Options.Reveal.
package scanner
