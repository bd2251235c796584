package scanner

import (
	"strings"
	"unicode"
)

// extraConfusables holds letters that pass for Latin ones in common
// fonts but that UTS #39 leaves out of its table, above all the Latin
// small capitals ("ɢoogle"). The lower-case Cyrillic, Greek and
// Cherokee letters that look like small capitals ("м", "к", "т") are
// found through their capitals instead (see prototype).
var extraConfusables = map[rune]string{
	0x0262: "g", // ɢ LATIN LETTER SMALL CAPITAL G
	0x0299: "b", // ʙ
	0x029C: "h", // ʜ
	0x029F: "l", // ʟ
	0x0274: "n", // ɴ
	0x0280: "r", // ʀ
	0x1D00: "a", // ᴀ
	0x1D05: "d", // ᴅ
	0x1D07: "e", // ᴇ
	0x1D0A: "j", // ᴊ
	0x1D0B: "k", // ᴋ
	0x1D0D: "m", // ᴍ
	0x1D18: "p", // ᴘ
	0x1D1B: "t", // ᴛ
	0xA730: "f", // ꜰ
	0xA731: "s", // ꜱ
	0x043F: "n", // п CYRILLIC SMALL LETTER PE, an upright n
	0x03B7: "n", // η GREEK SMALL LETTER ETA
	0x03C9: "w", // ω GREEK SMALL LETTER OMEGA
	0x03B5: "e", // ε GREEK SMALL LETTER EPSILON

	// Letters with a stroke or bar: UTS #39 writes their skeletons
	// with a combining overlay (ø is o and U+0338), which no ASCII name
	// holds, and NFKD does not take them apart. To a reader they are
	// the letter behind the stroke.
	0x00F8: "o", 0x00D8: "O", // ø Ø
	0x0142: "l", 0x0141: "L", // ł Ł
	0x0111: "d", 0x0110: "D", // đ Đ
	0x0127: "h", 0x0126: "H", // ħ Ħ
	0x0167: "t", 0x0166: "T", // ŧ Ŧ
	0x01B6: "z", 0x01B5: "Z", // ƶ Ƶ
	0x0180: "b", 0x0243: "B", // ƀ Ƀ
	0x0268: "i", 0x0197: "I", // ɨ Ɨ
	0x019A: "l", 0x023D: "L", // ƚ Ƚ
	0x0247: "e", 0x0246: "E", // ɇ Ɇ
	0x01E5: "g", 0x01E4: "G", // ǥ Ǥ
	0x0249: "j", 0x0248: "J", // ɉ Ɉ
	0x024D: "r", 0x024C: "R", // ɍ Ɍ
	0x023C: "c", 0x023B: "C", // ȼ Ȼ
	0x024F: "y", 0x024E: "Y", // ɏ Ɏ
	0x0289: "u", 0x0244: "U", // ʉ Ʉ
	0x0275: "o", 0x019F: "O", // ɵ Ɵ
	0x1D7D: "p", 0x2C63: "P", // ᵽ Ᵽ
	0xA741: "k", 0xA740: "K", // ꝁ Ꝁ
}

// prototype returns the Latin letters r looks like, if any: its entry
// in the confusable table or in extraConfusables, else the entry of its
// capital or its small form. Cyrillic "м" has no entry of its own, yet
// its capital "М" is the Latin "M", and a lower-case key reads it as an
// "m"; the same holds for "к", "т", "в", Greek "κ", "τ", "χ" and the
// small Cherokee letters.
func prototype(r rune) (string, bool) {
	if t, ok := confusableTable[r]; ok {
		return t, true
	}
	if r < 0x80 {
		return "", false
	}
	if t, ok := extraConfusables[r]; ok {
		return asciiSkeleton(t), true
	}
	for _, c := range []rune{unicode.ToUpper(r), unicode.ToLower(r)} {
		if c == r || c < 0x80 {
			continue
		}
		if t, ok := confusableTable[c]; ok {
			return asciiSkeleton(strings.ToLower(t)), true
		}
	}
	return "", false
}

// asciiSkeleton maps the ASCII letters of a prototype as skeleton
// maps them, so that a Cyrillic "м", read as "m", reads as "rn" like
// the Latin "m" does.
func asciiSkeleton(t string) string {
	var b strings.Builder
	for _, r := range t {
		if u, ok := confusableTable[r]; ok {
			b.WriteString(u)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
