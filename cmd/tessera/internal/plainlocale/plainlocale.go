// Package plainlocale spells the "C.UTF-8" locale as "C" before Fyne reads
// it. Fyne parses the locale while its packages initialise and logs an
// error for "C.UTF-8", which is Debian's default locale in containers, on
// every run of every subcommand. "C" means the same for messages and Fyne
// accepts it.
//
// Importing this package is enough. Go initialises packages in import-path
// order among those whose imports are ready, and this one imports only the
// standard library, so it runs before Fyne's language package, which waits
// for golang.org/x/text.
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if base, _, ok := strings.Cut(v, "."); ok &&
			(base == "C" || base == "POSIX") {
			os.Setenv(name, base)
		}
		return // the first one set is the one in force
	}
}
