// Command genindex writes assets/providers.idx, the provider allowlist
// with its lookup indexes computed, from assets/providers.json. It runs
// from the scanner package after genproviders:
//
//	go generate ./scanner
//
// A change to how the scanner matches names (its keys, hashes or brand
// rules) needs only this step, which reads nothing outside the
// repository:
//
//	go generate -run genindex ./scanner
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tessera-auth/tessera/scanner"
)

func main() {
	in := flag.String("in", "", "read the allowlist from `FILE`")
	out := flag.String("out", "", "write the index to `FILE`")
	flag.Parse()
	if *in == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: genindex -in FILE -out FILE")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintf(os.Stderr, "genindex: %v\n", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	list, err := scanner.ParseAllowlist(data)
	if err != nil {
		return err
	}
	b, err := list.MarshalBinary()
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
