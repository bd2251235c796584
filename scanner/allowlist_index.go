package scanner

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"sort"
)

// Reading the allowlist's JSON and computing its lookalike keys costs
// tens of milliseconds at every start, most of it hashing and inserting
// some 45,000 map entries. The index of the built-in list is computed
// once, by go generate, and written to assets/providers.idx as sorted
// tables of fixed-size records that are searched where they lie:
// reading it checks the tables once, decodes the providers and builds
// no map. TestIndexCurrent keeps the file equal to what ParseAllowlist
// builds from assets/providers.json.

// index maps keys to positions in an Allowlist's providers or hits. A
// list read from its generated form holds n sorted keys, read with at
// and searched in O(log n); keys added later (a policy's providers) go
// into a map. The first position put under a key keeps it.
type index[K cmp.Ordered] struct {
	n  int
	at func(i int) (K, int32)
	m  map[K]int32
}

func (x *index[K]) get(k K) (int32, bool) {
	if v, ok := x.m[k]; ok {
		return v, true
	}
	i, ok := sort.Find(x.n, func(i int) int {
		ki, _ := x.at(i)
		return cmp.Compare(k, ki)
	})
	if !ok {
		return 0, false
	}
	_, v := x.at(i)
	return v, true
}

// put adds k unless it is the zero key ("" for names) or already held.
func (x *index[K]) put(k K, v int32) {
	var zero K
	if k == zero {
		return
	}
	if _, ok := x.get(k); ok {
		return
	}
	if x.m == nil {
		x.m = map[K]int32{}
	}
	x.m[k] = v
}

// all yields every key and position, in no particular order.
func (x *index[K]) all() iter.Seq2[K, int32] {
	return func(yield func(K, int32) bool) {
		for i := range x.n {
			if !yield(x.at(i)) {
				return
			}
		}
		for k, v := range x.m {
			if !yield(k, v) {
				return
			}
		}
	}
}

// sorted returns the keys of x in order, with their positions.
func (x *index[K]) sorted() ([]K, []int32) {
	keys := slices.Collect(maps.Keys(x.m))
	for i := range x.n {
		k, _ := x.at(i)
		keys = append(keys, k)
	}
	slices.Sort(keys)
	vals := make([]int32, len(keys))
	for i, k := range keys {
		vals[i], _ = x.get(k)
	}
	return keys, vals
}

// indexMagic starts the generated index; its last byte is the format's
// version, raised whenever the layout or the meaning of a key changes.
const indexMagic = "tessera-providers-index\x04"

// Provider flags in the index.
const (
	flagTOTP = 1 << iota
	flagTenantLabel
	flagSelfHosted
	flagCurated
	flagPolicy
)

// Sizes of the fixed records: a string's offset and a position, or a
// hash and a position, all little-endian.
const (
	nameRecord = 4 + 4
	hashRecord = 8 + 4
)

// MarshalBinary writes a in the form ParseAllowlistIndex reads: the
// licence notice, as a uvarint length and its bytes; a blob of distinct
// strings, each a uvarint length and its bytes; the
// providers and the hits, with strings given by their offset in the
// blob; then each index as a count and its records in key order.
// Counts, offsets in providers and hits, and flags are uvarints.
func (a *Allowlist) MarshalBinary() ([]byte, error) {
	w := blobWriter{at: map[string]int{}}
	b := []byte(indexMagic)
	body := appendProviders(nil, a, &w)

	pos := make(map[*Provider]int, len(a.providers))
	for i, p := range a.providers {
		pos[p] = i
	}
	body = binary.AppendUvarint(body, uint64(len(a.hits)))
	for _, h := range a.hits {
		n, ok := pos[h.p]
		if !ok {
			return nil, fmt.Errorf("writing provider index: %s's "+
				"name is indexed but it is not listed", h.p.Name)
		}
		body = binary.AppendUvarint(body, uint64(n))
		body = binary.AppendUvarint(body, w.add(h.name))
		body = binary.AppendUvarint(body, w.add(h.key))
	}

	for _, x := range a.nameIndexes() {
		keys, vals := x.sorted()
		body = binary.AppendUvarint(body, uint64(len(keys)))
		for i, k := range keys {
			body = binary.LittleEndian.AppendUint32(body, uint32(w.add(k)))
			body = binary.LittleEndian.AppendUint32(body, uint32(vals[i]))
		}
	}
	keys, vals := a.near.sorted()
	body = binary.AppendUvarint(body, uint64(len(keys)))
	for i, k := range keys {
		body = binary.LittleEndian.AppendUint64(body, k)
		body = binary.LittleEndian.AppendUint32(body, uint32(vals[i]))
	}

	if len(w.blob) > math.MaxUint32 {
		return nil, errors.New("writing provider index: too many names")
	}
	b = binary.AppendUvarint(b, uint64(len(a.license)))
	b = append(b, a.license...)
	b = binary.AppendUvarint(b, uint64(len(w.blob)))
	b = append(b, w.blob...)
	return append(b, body...), nil
}

func (a *Allowlist) nameIndexes() []*index[string] {
	return []*index[string]{&a.byName, &a.byLoose, &a.byDomain,
		&a.brands, &a.byLook}
}

// blobWriter keeps each distinct string once and returns its offset.
type blobWriter struct {
	at   map[string]int
	blob []byte
}

func (w *blobWriter) add(s string) uint64 {
	if off, ok := w.at[s]; ok {
		return uint64(off)
	}
	off := len(w.blob)
	w.at[s] = off
	w.blob = binary.AppendUvarint(w.blob, uint64(len(s)))
	w.blob = append(w.blob, s...)
	return uint64(off)
}

func appendProviders(b []byte, a *Allowlist, w *blobWriter) []byte {
	b = binary.AppendUvarint(b, uint64(len(a.providers)))
	for _, p := range a.providers {
		b = binary.AppendUvarint(b, w.add(p.Name))
		b = append(b, providerFlags(p))
		b = binary.AppendUvarint(b, uint64(len(p.Issuers)))
		for _, s := range p.Issuers {
			b = binary.AppendUvarint(b, w.add(s))
		}
		b = binary.AppendUvarint(b, uint64(len(p.Domains)))
		for _, s := range p.Domains {
			b = binary.AppendUvarint(b, w.add(s))
		}
	}
	return b
}

func providerFlags(p *Provider) byte {
	var f byte
	for _, x := range []struct {
		on   bool
		flag byte
	}{{p.TOTP, flagTOTP}, {p.TenantLabel, flagTenantLabel},
		{p.SelfHosted, flagSelfHosted}, {p.Curated, flagCurated},
		{p.Policy, flagPolicy}} {
		if x.on {
			f |= x.flag
		}
	}
	return f
}

// ParseAllowlistIndex reads an allowlist written by MarshalBinary. Its
// strings share one copy of data, and its indexes are searched in
// place after one pass that checks their order and offsets.
func ParseAllowlistIndex(data []byte) (*Allowlist, error) {
	if len(data) < len(indexMagic) ||
		string(data[:len(indexMagic)]) != indexMagic {
		return nil, errors.New("reading provider index: not an index " +
			"of this version; run go generate ./scanner")
	}
	r := indexReader{data: string(data[len(indexMagic):])}
	a := r.allowlist()
	if r.err == nil && r.data != "" {
		r.err = errors.New("data after the end")
	}
	if r.err != nil {
		return nil, fmt.Errorf("reading provider index: %v", r.err)
	}
	return a, nil
}

// indexReader decodes an index. The first error sticks: later reads
// return zeros, and the caller checks err once.
type indexReader struct {
	data string // what is left to read
	blob string
	err  error
}

var errIndexShort = errors.New("cut off")

func (r *indexReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// uvarint reads what binary.AppendUvarint wrote.
func (r *indexReader) uvarint() uint64 {
	v, n := stringUvarint(r.data)
	if n <= 0 {
		r.fail(errIndexShort)
		return 0
	}
	r.data = r.data[n:]
	return v
}

// stringUvarint is binary.Uvarint for a string, which it would
// otherwise have to copy.
func stringUvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			return 0, -1 // more than 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// count reads a number of items, each of which takes at least size
// bytes, so that a damaged count cannot ask for a huge allocation.
func (r *indexReader) count(size int) int {
	n := r.uvarint()
	if n > uint64(len(r.data)/size) {
		r.fail(errIndexShort)
		return 0
	}
	return int(n)
}

// ref reads a position below n.
func (r *indexReader) ref(n int) int {
	v := r.uvarint()
	if v >= uint64(n) {
		r.fail(errors.New("a position is out of range"))
		return 0
	}
	return int(v)
}

func (r *indexReader) byte() byte {
	if r.err != nil || r.data == "" {
		r.fail(errIndexShort)
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

// str reads a string's offset and returns the string.
func (r *indexReader) str() string {
	off := r.uvarint()
	s, ok := blobString(r.blob, off)
	if !ok {
		r.fail(errors.New("a name is out of range"))
	}
	return s
}

// blobString returns the string at offset off of blob.
func blobString(blob string, off uint64) (string, bool) {
	if off >= uint64(len(blob)) {
		return "", false
	}
	rest := blob[off:]
	n, k := stringUvarint(rest)
	if k <= 0 || n > uint64(len(rest)-k) {
		return "", false
	}
	return rest[k : k+int(n)], true
}

func (r *indexReader) allowlist() *Allowlist {
	a := &Allowlist{}
	n := r.count(1)
	a.license, r.data = r.data[:n], r.data[n:]
	n = r.count(1)
	if r.err != nil {
		return nil
	}
	r.blob, r.data = r.data[:n], r.data[n:]

	a.providers = r.providers()
	a.hits = r.hits(a.providers)
	for _, x := range a.nameIndexes() {
		limit := len(a.providers)
		if x == &a.byLook {
			limit = len(a.hits)
		}
		r.names(x, limit)
	}
	r.hashes(&a.near, len(a.hits))
	return a
}

// providers reads the providers into one array, and their issuers and
// domains into one slice of strings, to keep allocations few.
func (r *indexReader) providers() []*Provider {
	ps := make([]Provider, r.count(4))
	var names []string
	for i := range ps {
		p := &ps[i]
		p.Name = r.str()
		f := r.byte()
		p.TOTP, p.TenantLabel = f&flagTOTP != 0, f&flagTenantLabel != 0
		p.SelfHosted, p.Curated = f&flagSelfHosted != 0, f&flagCurated != 0
		p.Policy = f&flagPolicy != 0
		p.Issuers, names = r.list(names)
		p.Domains, names = r.list(names)
	}
	out := make([]*Provider, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// list reads a list of strings onto the end of buf and returns the
// list (nil when empty, as JSON leaves an omitted list) and buf.
func (r *indexReader) list(buf []string) ([]string, []string) {
	n := r.count(1)
	if n == 0 {
		return nil, buf
	}
	start := len(buf)
	for range n {
		buf = append(buf, r.str())
	}
	return buf[start:len(buf):len(buf)], buf
}

func (r *indexReader) hits(ps []*Provider) []hit {
	hs := make([]hit, r.count(3))
	for i := range hs {
		n := r.ref(len(ps))
		if r.err != nil {
			return nil
		}
		hs[i] = hit{ps[n], r.str(), r.str()}
	}
	return hs
}

// records reads a count and that many records of size bytes.
func (r *indexReader) records(size int) (string, int) {
	n := r.count(size)
	recs := r.data[:n*size]
	r.data = r.data[n*size:]
	return recs, n
}

// names reads an index of strings whose positions are below limit,
// checking that every record can be read and that the keys ascend.
func (r *indexReader) names(x *index[string], limit int) {
	recs, n := r.records(nameRecord)
	blob := r.blob
	at := func(i int) (string, int32) {
		rec := recs[i*nameRecord:]
		s, _ := blobString(blob, uint64(le32(rec)))
		return s, int32(le32(rec[4:]))
	}
	for i := range n {
		rec := recs[i*nameRecord:]
		k, ok := blobString(blob, uint64(le32(rec)))
		prev, _ := at(max(i-1, 0))
		if !ok || le32(rec[4:]) >= uint32(limit) || i > 0 && k <= prev {
			r.fail(errors.New("a name index is damaged"))
			return
		}
	}
	x.n, x.at = n, at
}

// hashes reads the near index, checked as names checks the others.
func (r *indexReader) hashes(x *index[uint64], limit int) {
	recs, n := r.records(hashRecord)
	at := func(i int) (uint64, int32) {
		rec := recs[i*hashRecord:]
		return uint64(le32(rec)) | uint64(le32(rec[4:]))<<32,
			int32(le32(rec[8:]))
	}
	for i := range n {
		k, v := at(i)
		prev, _ := at(max(i-1, 0))
		if v < 0 || v >= int32(limit) || i > 0 && k <= prev {
			r.fail(errors.New("the near index is damaged"))
			return
		}
	}
	x.n, x.at = n, at
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 |
		uint32(s[3])<<24
}
