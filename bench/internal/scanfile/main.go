// Command scanfile decodes the QR codes in each picture named on its
// command line and prints how many it found. bench uses it to time
// Tessera's scanner as a whole process, the way ZXingReader and zbarimg
// are timed; it prints no payloads, which may carry secrets.
package main

import (
	"fmt"
	"os"

	"github.com/tessera-auth/tessera/scanner"
)

func main() {
	status := 0
	for _, path := range os.Args[1:] {
		codes, err := scanner.DecodeFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "scanfile: %v\n", err)
			status = 1
			continue
		}
		fmt.Printf("%s: %d codes\n", path, len(codes))
	}
	os.Exit(status)
}
