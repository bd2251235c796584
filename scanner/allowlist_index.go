package scanner

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
)

// Reading the allowlist's JSON and computing its lookalike keys costs
// tens of milliseconds at every start, most of it hashing and inserting
// some 45,000 map entries. The index of the built-in list is computed
// once, by go generate, and written to assets/providers.idx: sorted key
// tables that are searched where they lie, so reading it allocates a
// few slices and builds no map. TestIndexCurrent keeps the file equal to
// what ParseAllowlist builds from assets/providers.json.

// index maps keys to positions in an Allowlist's providers or hits. A
// list read from its generated form holds sorted keys searched in
// O(log n); keys added later (a policy's providers) go into a map. The
// first position put under a key keeps it.
type index[K cmp.Ordered] struct {
	keys []K // sorted
	vals []int32
	m    map[K]int32
}

func (x *index[K]) get(k K) (int32, bool) {
	if v, ok := x.m[k]; ok {
		return v, true
	}
	if i, ok := slices.BinarySearch(x.keys, k); ok {
		return x.vals[i], true
	}
	return 0, false
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
		for i, k := range x.keys {
			if !yield(k, x.vals[i]) {
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
	keys = append(keys, x.keys...)
	slices.Sort(keys)
	vals := make([]int32, len(keys))
	for i, k := range keys {
		vals[i], _ = x.get(k)
	}
	return keys, vals
}

// indexMagic starts the generated index; its last byte is the format's
// version, raised whenever the layout or the meaning of a key changes.
const indexMagic = "tessera-providers-index\x01"

// Provider flags in the index.
const (
	flagTOTP = 1 << iota
	flagTenantLabel
	flagSelfHosted
	flagCurated
	flagPolicy
)

// MarshalBinary writes a in the form ParseAllowlistIndex reads: a table
// of distinct strings, the providers, the hits, then each index as keys
// in order with their positions. Every number is a uvarint except the
// hashes of the near index, which are 8 bytes, little-endian.
func (a *Allowlist) MarshalBinary() ([]byte, error) {
	w := indexWriter{at: map[string]uint64{}}
	w.collect(a)

	b := append([]byte(indexMagic), w.table...)
	b = appendProviders(b, a, &w)
	pos := make(map[*Provider]int, len(a.providers))
	for i, p := range a.providers {
		pos[p] = i
	}
	b = binary.AppendUvarint(b, uint64(len(a.hits)))
	for _, h := range a.hits {
		n, ok := pos[h.p]
		if !ok {
			return nil, fmt.Errorf("writing provider index: %s's "+
				"name is indexed but it is not listed", h.p.Name)
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, w.at[h.name])
		b = binary.AppendUvarint(b, w.at[h.key])
	}
	for _, x := range a.stringIndexes() {
		keys, vals := x.sorted()
		b = binary.AppendUvarint(b, uint64(len(keys)))
		for i, k := range keys {
			b = binary.AppendUvarint(b, w.at[k])
			b = binary.AppendUvarint(b, uint64(vals[i]))
		}
	}
	keys, vals := a.near.sorted()
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for i, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
		b = binary.AppendUvarint(b, uint64(vals[i]))
	}
	return b, nil
}

func (a *Allowlist) stringIndexes() []*index[string] {
	return []*index[string]{&a.byName, &a.byLoose, &a.byDomain,
		&a.brands, &a.byLook}
}

// indexWriter numbers the distinct strings of an allowlist in the order
// they are first met.
type indexWriter struct {
	at    map[string]uint64
	n     uint64
	table []byte // count, then each string as length and bytes
	body  []byte
}

func (w *indexWriter) add(s string) {
	if _, ok := w.at[s]; ok {
		return
	}
	w.at[s] = w.n
	w.n++
	w.body = binary.AppendUvarint(w.body, uint64(len(s)))
	w.body = append(w.body, s...)
}

func (w *indexWriter) collect(a *Allowlist) {
	for _, p := range a.providers {
		w.add(p.Name)
		for _, s := range p.Issuers {
			w.add(s)
		}
		for _, s := range p.Domains {
			w.add(s)
		}
	}
	for _, h := range a.hits {
		w.add(h.name)
		w.add(h.key)
	}
	for _, x := range a.stringIndexes() {
		keys, _ := x.sorted()
		for _, k := range keys {
			w.add(k)
		}
	}
	w.table = binary.AppendUvarint(nil, w.n)
	w.table = append(w.table, w.body...)
}

func appendProviders(b []byte, a *Allowlist, w *indexWriter) []byte {
	b = binary.AppendUvarint(b, uint64(len(a.providers)))
	for _, p := range a.providers {
		b = binary.AppendUvarint(b, w.at[p.Name])
		b = append(b, providerFlags(p))
		b = binary.AppendUvarint(b, uint64(len(p.Issuers)))
		for _, s := range p.Issuers {
			b = binary.AppendUvarint(b, w.at[s])
		}
		b = binary.AppendUvarint(b, uint64(len(p.Domains)))
		for _, s := range p.Domains {
			b = binary.AppendUvarint(b, w.at[s])
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

// ParseAllowlistIndex reads an allowlist written by MarshalBinary.
// Its strings share one copy of data, and its indexes are searched in
// place, so reading costs about as much as copying data once.
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
	data string
	strs []string
	err  error
}

var errIndexShort = errors.New("cut off")

func (r *indexReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint([]byte(r.data[:min(len(r.data), 10)]))
	if n <= 0 {
		r.fail(errIndexShort)
		return 0
	}
	r.data = r.data[n:]
	return v
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

func (r *indexReader) str() string { return r.strs[r.ref(len(r.strs))] }

func (r *indexReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *indexReader) allowlist() *Allowlist {
	r.table()
	a := &Allowlist{}
	a.providers = r.providers()
	a.hits = r.hits(a.providers)
	for _, x := range a.stringIndexes() {
		n := len(a.providers)
		if x == &a.byLook {
			n = len(a.hits)
		}
		x.keys, x.vals = r.stringKeys(n)
	}
	a.near.keys, a.near.vals = r.hashKeys(len(a.hits))
	return a
}

func (r *indexReader) table() {
	r.strs = make([]string, r.count(1))
	for i := range r.strs {
		n := r.uvarint()
		if n > uint64(len(r.data)) {
			r.fail(errIndexShort)
		}
		if r.err != nil {
			r.strs = []string{""}
			return
		}
		r.strs[i], r.data = r.data[:n], r.data[n:]
	}
	if len(r.strs) == 0 {
		r.strs = []string{""} // so that str never indexes an empty table
	}
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
		p.Issuers, names = r.strs1(names)
		p.Domains, names = r.strs1(names)
	}
	out := make([]*Provider, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// strs1 reads a list of strings onto the end of buf and returns the
// list (nil when empty, as JSON leaves an omitted list) and buf.
func (r *indexReader) strs1(buf []string) ([]string, []string) {
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

func (r *indexReader) byte() byte {
	if r.err != nil || r.data == "" {
		r.fail(errIndexShort)
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
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

// stringKeys reads an index of strings whose positions are below n.
// The keys must be in strictly increasing order for binary search.
func (r *indexReader) stringKeys(n int) ([]string, []int32) {
	keys := make([]string, r.count(2))
	vals := make([]int32, len(keys))
	for i := range keys {
		keys[i], vals[i] = r.str(), int32(r.ref(n))
		if i > 0 && keys[i] <= keys[i-1] {
			r.fail(errors.New("keys out of order"))
		}
	}
	return keys, vals
}

func (r *indexReader) hashKeys(n int) ([]uint64, []int32) {
	keys := make([]uint64, r.count(9))
	vals := make([]int32, len(keys))
	for i := range keys {
		if r.err != nil || len(r.data) < 8 {
			r.fail(errIndexShort)
			break
		}
		for j := range 8 {
			keys[i] |= uint64(r.data[j]) << (8 * j)
		}
		r.data = r.data[8:]
		vals[i] = int32(r.ref(n))
		if i > 0 && keys[i] <= keys[i-1] {
			r.fail(errors.New("keys out of order"))
		}
	}
	return keys, vals
}
