package scanner

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// builtinChecker is a Checker with the built-in allowlist and no policy
// files, whatever the machine running the tests has installed.
func builtinChecker(t testing.TB) *Checker {
	t.Helper()
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return NewChecker(list, MergePolicies(nil))
}

// judgeDir decodes every picture in dir and returns its reports by file
// name. A picture without codes fails the test: the sets are generated
// to be readable.
func judgeDir(t *testing.T, c *Checker, dir string) map[string]Report {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pictures in %s: %v", dir, err)
	}
	out := map[string]Report{}
	for _, name := range names {
		codes, err := DecodeFile(name)
		if err != nil || len(codes) == 0 {
			t.Errorf("%s: decoded %d codes: %v", name, len(codes), err)
			continue
		}
		out[filepath.Base(name)] = c.Check(name, codes, Options{})
	}
	return out
}

func ids(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func reportIDs(r Report) string {
	all := ids(r.Findings)
	for _, c := range r.Codes {
		all = append(all, ids(c.Findings)...)
	}
	sort.Strings(all)
	return strings.Join(all, ",")
}

// TestHonestProviders is the first done-when set: enrollment
// codes of the best-known TOTP services, at least 95% trusted and none
// suspicious.
func TestHonestProviders(t *testing.T) {
	reports := judgeDir(t, builtinChecker(t), "../testdata/providers/honest")

	trusted := 0
	for name, r := range reports {
		switch r.Verdict {
		case Trusted:
			trusted++
		case Suspicious, Blocked:
			t.Errorf("%s: got %s (%s), want trusted", name, r.Verdict,
				reportIDs(r))
		default:
			t.Logf("%s: %s (%s)", name, r.Verdict, reportIDs(r))
		}
	}
	if trusted*100 < 95*len(reports) {
		t.Errorf("got %d of %d trusted, want at least 95%%", trusted,
			len(reports))
	}
	t.Logf("honest: %d of %d trusted", trusted, len(reports))
}

// TestImpostors is the second set: lookalikes built from the honest
// codes, every one suspicious or blocked.
func TestImpostors(t *testing.T) {
	dir := "../testdata/providers/impostors"
	reports := judgeDir(t, builtinChecker(t), dir)

	caught := 0
	for name, r := range reports {
		if r.Verdict == Suspicious || r.Verdict == Blocked {
			caught++
			continue
		}
		t.Errorf("%s: got %s (%s), want suspicious or blocked", name,
			r.Verdict, reportIDs(r))
	}
	t.Logf("impostors: %d of %d suspicious or blocked", caught,
		len(reports))
}

// TestSetsAreThere guards against an empty or half-generated set
// passing the two tests above, and keeps the counts that
// docs/allowlist.md reports in step with make.sh.
func TestSetsAreThere(t *testing.T) {
	for dir, want := range map[string]int{"honest": 46, "impostors": 46} {
		names, _ := filepath.Glob(filepath.Join("../testdata/providers",
			dir, "*.png"))
		if len(names) != want {
			t.Errorf("%s: got %d pictures, want %d (update "+
				"docs/allowlist.md with the count)", dir, len(names), want)
		}
	}
	if _, err := os.Stat("../testdata/providers/make.sh"); err != nil {
		t.Error(err)
	}
}
