#!/bin/sh
# fuzz.sh: runs every fuzz target in the module for FUZZTIME each
# (default 30s), one at a time, since "go test -fuzz" takes one target of
# one package per run. New failing inputs land in the package's
# testdata/fuzz folder, where plain "go test" replays them.
set -eu

cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"

for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzzing $pkg $target for $fuzztime"
		go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" "$pkg"
	done
done
