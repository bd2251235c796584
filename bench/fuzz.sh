#!/bin/sh
# fuzz.sh: runs every fuzz target in the module for FUZZTIME each
# (default 30s), one at a time, since "go test -fuzz" takes one target of
# one package per run. New failing inputs land in the package's
# testdata/fuzz folder, where plain "go test" replays them.
set -eu

cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"

for pkg in $(go list ./...); do
	# A package that does not build must stop the run, not be skipped:
	# its targets would go unfuzzed without a word.
	targets=$(go test -list '^Fuzz' "$pkg")
	for target in $(echo "$targets" | grep '^Fuzz' || true); do
		echo "fuzzing $pkg $target for $fuzztime"
		go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" "$pkg"
	done
done
