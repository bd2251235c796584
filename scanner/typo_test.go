package scanner

import (
	"strings"
	"testing"
)

func TestShortTypos(t *testing.T) {
	c := builtinChecker(t)
	tests := []struct{ issuer, msg string }{
		{"Slakc", `swaps two letters of "Slack"`},
		{"Sl4ck", `writes "4" for "a"`},
		{"Adboe", `swaps two letters of "Adobe"`},
		{"Appel", `swaps two letters of "Apple"`},
		{"St3am", `imitates Steam`},
		{"Staem", `imitates Steam`},
		{"Zoiom", ""},
		{"Zomo", `swaps two letters of "Zoom"`},
		{"C01nb4se", `imitates Coinbase`},
		{"Ap9le", ""},
		{"Sl4ck Team", ""},
	}
	for i, tt := range tests {
		r := c.CheckPayload(Parse(totpURI("alice", tt.issuer, "")),
			Options{})
		f, ok := findingByID(r.Findings, FindLookalike)
		if tt.msg == "" {
			if ok {
				t.Errorf("#%d %s: got %q, want no lookalike", i, tt.issuer,
					f.Message)
			}
			continue
		}
		if !ok || !strings.Contains(f.Message, tt.msg) {
			t.Errorf("#%d %s: got %s, want a lookalike that %s", i,
				tt.issuer, findingList(r.Findings), tt.msg)
		}
	}
}

// honestNames are names of the kind small and self-hosted services put
// in their codes, none of them in the allowlist. TestTypoFalseAlarms
// counts how many the typo checks take for an imitation.
var honestNames = []string{
	"Acme", "Acme VPN", "Aurora", "Basecamp HQ", "Birch", "Bloom",
	"Brick", "Cedar", "Citadel",
	"Coral", "Crest", "Dahlia", "Delta Wiki", "Dune", "Echo",
	"Ember", "Falcon", "Fern", "Flint", "Forge", "Garnet", "Glade",
	"Granite", "Grove", "Harbor", "Hazel", "Helix", "Heron", "Indigo",
	"Iris", "Jasper", "Juniper", "Kelp", "Kestrel", "Lark", "Lattice",
	"Ledger Co", "Lumen", "Lynx", "Maple", "Marble", "Meadow", "Mesa",
	"Moss", "Nimbus", "Nova", "Oak", "Onyx", "Opal", "Orbit",
	"Otter", "Pebble", "Pine", "Plaid Labs", "Prism", "Quartz",
	"Quill", "Raven", "Reef", "Ridge", "Robin", "Sable", "Sage",
	"Sequoia", "Slate", "Sparrow", "Spruce", "Summit",
	"Swift HR", "Thistle", "Tide", "Timber", "Topaz", "Tundra",
	"Umber", "Vale", "Vertex", "Violet", "Willow", "Wren", "Yarrow",
	"Zephyr", "Zinc", "homelab", "nas01", "pihole", "router",
	"backup-server", "intranet", "wiki", "vpn", "mailcow", "unraid",
	"truenas", "proxmox01", "jellyfin", "gitea.home.arpa",
	"Stack", "Slick", "Apply", "Adore", "Steal", "Steep", "Zoomy",
	"Plain", "Vault", "Nexus", "Pixel", "Haven", "Form", "From",
	"Teams HQ", "Untie", "Lemon", "Melon", "Angle", "Angel",
	"Ocean", "Canoe", "Trail", "Trial", "Dairy", "Diary", "Sword",
	"Words", "Caret", "React", "Early", "Layer", "Relay", "Stone",
	"Notes", "Onset", "Tenso", "Web3 Club", "K8s Lab", "Area 51",
	"Route 66", "Studio 54", "Team 42", "Class 7B", "Site 3",
	"Kiosk 4", "Lab 5", "Shop 24", "Dev 3",
	// Ordinary words that are some directory entry's domain label.
	"Eagle Credit Union", "Acme Access", "Cobalt Labs", "Falcon",
	"Summit Credit Union", "Harbor Bank", "Pioneer Labs", "Atlas Labs",
	"Beacon Health", "Anchor Savings", "Compass Group", "Frontier Labs",
	"Keystone Bank", "Mercury Labs", "Phoenix Studio", "Pilot Works",
}

// TestTypoFalseAlarms measures the typo checks on names that imitate
// nobody: every name of the allowlist against the others, and a list of
// honest small-service names. docs/allowlist.md reports the counts.
func TestTypoFalseAlarms(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	names := 0
	for _, p := range list.Providers() {
		for _, n := range providerNames(p) {
			names++
			if m := list.typo(n); m != nil && m.p != p {
				counts[typoRule(m)]++
				t.Logf("allowlist: %q %s", n, m.message("name", n))
			}
		}
	}
	t.Logf("allowlist: %d names, false alarms by rule: %v", names, counts)

	honest := map[string]int{}
	for _, n := range honestNames {
		if list.Issuer(n) != nil {
			t.Errorf("%q is in the allowlist; pick another honest name", n)
			continue
		}
		if m := list.imitates(n); m != nil {
			honest[typoRule(m)]++
			t.Logf("honest: %s", m.message("issuer", n))
		}
	}
	t.Logf("honest: %d names, false alarms by rule: %v", len(honestNames),
		honest)

	// The short-name rules as measured when they were added: Boots and
	// Boost in the allowlist, Angle (angel.co) among the honest names.
	if n := counts["swap"] + counts["digit"]; n > 3 {
		t.Errorf("allowlist: got %d false alarms from swaps and digits, "+
			"want at most 3", n)
	}
	if n := honest["swap"] + honest["digit"]; n > 1 {
		t.Errorf("honest: got %d false alarms from swaps and digits, "+
			"want at most 1", n)
	}
	// A word that is some entry's domain label is no brand claim.
	if n := honest["embedded"] + honest["other"]; n > 0 {
		t.Errorf("honest: got %d false alarms from embedded brands and "+
			"skeletons, want none", n)
	}
}

// TestOwnLabels checks every provider's main domain label as an
// issuer ("Fidelity" for fidelity.com): it is that provider, never a
// lookalike of it or of anyone else.
func TestOwnLabels(t *testing.T) {
	c := builtinChecker(t)
	list := c.builtin
	n, bad := 0, 0
	for _, p := range list.Providers() {
		d, _ := registrableDomain(p.Domain()) // aws.amazon.com: amazon.com
		label := domainLabel(d)
		if len(label) < minShort || genericLabel[label] ||
			list.Issuer(label) == nil && looseName(label) == "" {
			continue
		}
		n++
		is := strings.ToUpper(label[:1]) + label[1:]
		r := c.CheckPayload(Parse(totpURI("alice", is, "")), Options{})
		if r.Verdict == Suspicious {
			bad++
			t.Errorf("%q (%s): got %s %s", is, p.Name, r.Verdict,
				findingList(r.Findings))
		}
	}
	t.Logf("%d main domain labels as issuers, %d suspicious", n, bad)
}

func providerNames(p *Provider) []string {
	out := append([]string{p.Name}, p.Issuers...)
	for _, d := range p.Domains {
		out = append(out, domainLabel(d))
	}
	return out
}

func typoRule(m *imitation) string {
	switch {
	case strings.HasPrefix(m.how, "swaps"):
		return "swap"
	case strings.HasPrefix(m.how, "writes"):
		return "digit"
	case strings.HasPrefix(m.how, "is one letter"):
		return "one-edit"
	case strings.HasPrefix(m.how, "names "):
		return "embedded"
	}
	return "other"
}
