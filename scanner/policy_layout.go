package scanner

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// policySpots records where each setting of a policy file starts, so
// that an error names the line of the very value at fault. Paths read
// like "strictness", "providers[0].domains[1]" and "deny.issuers[0]",
// with keys lower-cased as encoding/json matches them.
type policySpots struct {
	data    []byte
	value   map[string]int // path to the offset of its value
	key     map[string]int // path to the offset of its key
	unknown string         // the first key the format does not define
}

// readSpots walks data's JSON tokens once. It stops at the first
// syntax error, which the decoder of the policy reports on its own.
func readSpots(data []byte) *policySpots {
	s := &policySpots{data: data, value: map[string]int{},
		key: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	s.walk(dec, "", true)
	return s
}

// next is the offset of the token after off: the decoder's offset
// points just past the last token, before white space, commas and
// colons.
func (s *policySpots) next(dec *json.Decoder) int {
	off := int(dec.InputOffset())
	for off < len(s.data) && strings.IndexByte(" \t\r\n,:", s.data[off]) >= 0 {
		off++
	}
	return off
}

// walk records the value at path and everything inside it. checked
// says whether path lies where the format defines the keys, so that an
// unknown key is reported as the decoder does: not inside another one.
func (s *policySpots) walk(dec *json.Decoder, path string,
	checked bool) error {
	at := s.next(dec)
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	s.value[path] = at
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			at := s.next(dec)
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			child := strings.ToLower(key)
			if path != "" {
				child = path + "." + child
			}
			s.key[child] = at
			known := checked && policyKey(path, key)
			if checked && !known && s.unknown == "" {
				s.unknown = child
			}
			if err := s.walk(dec, child, known); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			child := path + "[" + strconv.Itoa(i) + "]"
			if err := s.walk(dec, child, checked); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// policyKey reports whether the format defines key inside the object
// at path.
func policyKey(path, key string) bool {
	var keys []string
	switch shape(path) {
	case "":
		keys = []string{"strictness", "providers", "deny",
			"allow_user_providers"}
	case "providers[]":
		keys = []string{"name", "issuers", "domains"}
	case "deny":
		keys = []string{"issuers", "domains"}
	}
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// shape drops the indexes from path: "providers[2]" is "providers[]".
func shape(path string) string {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
			b.WriteRune(r)
		case r == ']':
			skip = false
			b.WriteRune(r)
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// at returns "line:column" of the value at path, or of its key when
// key is set, and whether the file has it.
func (s *policySpots) at(path string, key bool) (string, bool) {
	if s == nil {
		return "", false
	}
	m := s.value
	if key {
		m = s.key
	}
	off, ok := m[path]
	if !ok {
		return "", false
	}
	return position(s.data, off), true
}
