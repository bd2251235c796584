// Command tessera is a desktop authenticator that checks every enrollment
// code before it keeps it.
//
// With no arguments it opens the window. Subcommands work from a
// terminal; run "tessera help" for the list and "tessera CMD -h" for one.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	_ "github.com/tessera-auth/tessera/cmd/tessera/internal/plainlocale"
	"github.com/tessera-auth/tessera/vault"
)

// env is what a subcommand may touch, so that tests can run it in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	vault  string // vault path from --vault or TESSERA_VAULT; "" for the default

	keyring vault.Keyring // nil for the OS keyring; tests set their own
}

type command struct {
	usage   string // the argument synopsis
	summary string
	run     func(e *env, args []string) error
}

// commands is filled here rather than by init functions so that the whole
// command line can be read in one place.
var commands map[string]command

func init() {
	commands = map[string]command{
		"scan": {"[--json] [--reveal] [--policy FILE] PATH...",
			"check enrollment codes in pictures, changing nothing", runScan},
		"code": {"[--at TIME] [--counter N] --uri URI | [NAME]",
			"print current codes", runCode},
	}
	for name, c := range vaultCommands {
		commands[name] = c
	}
	for name, c := range extraCommands {
		commands[name] = c
	}
}

// exitError carries an exit status with no further message.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// inputError is an input that could not be read, such as a broken policy
// file: exit status 2, like a usage error.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// hintError adds a line of advice under the error.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr,
		vault: os.Getenv("TESSERA_VAULT")}
	return e.run(args)
}

// run parses the global flags and runs the subcommand args name.
func (e *env) run(args []string) int {
	stdout, stderr := e.stdout, e.stderr
	fs := flag.NewFlagSet("tessera", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&e.vault, "vault", e.vault, "use the vault at `PATH`")
	fs.Usage = func() { printUsage(stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	args = fs.Args()
	if len(args) == 0 {
		return report(stderr, runGUI(e))
	}
	if args[0] == "help" {
		printUsage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tessera: unknown command %q\n", args[0])
		fmt.Fprintln(stderr, "hint: run \"tessera help\" for the list")
		return 2
	}
	return report(stderr, c.run(e, args[1:]))
}

// report prints err the way every subcommand does and returns the exit
// status it stands for.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var code exitError
	if errors.As(err, &code) {
		return int(code)
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "tessera: %v\n", err)
	var h hintError
	if errors.As(err, &h) && h.hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", h.hint)
	} else if hint := vaultHint(err); hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", hint)
	}
	var u usageError
	var in inputError
	if errors.As(err, &u) || errors.As(err, &in) {
		return 2
	}
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: tessera [--vault PATH] [COMMAND [ARGS]]")
	fmt.Fprintln(w, "\nWith no command, tessera opens its window. Commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nThe vault is also chosen by TESSERA_VAULT.")
}

// newFlags returns a flag set for subcommand name whose -h prints the
// synopsis and the flags.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		c := commands[name]
		fmt.Fprintf(e.stderr, "usage: tessera %s %s\n\n%s.\n", name,
			c.usage, upperFirst(c.summary))
		if hasFlags(fs) {
			fmt.Fprintln(e.stderr)
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, turning a bad flag into a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitError(2)
	}
	return nil
}

// parseArgs parses args and insists on exactly n operands after the flags.
func parseArgs(fs *flag.FlagSet, args []string, n int) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != n {
		fs.Usage()
		return exitError(2)
	}
	return nil
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
