#!/usr/bin/env bash
# package.sh: builds the Linux bundle (a .tar.xz with the binary, the
# icon and the .desktop file) into dist/ with "fyne package".
#
# fyne package rewrites FyneApp.toml (it bumps the build number) and
# reads it from the package it builds, so it runs on a copy of the tree:
# the working tree is never left dirty.
set -euo pipefail
cd "$(dirname "$0")/.."

FYNE_TOOLS=fyne.io/tools/cmd/fyne@v1.7.4
fyne=$(go env GOPATH)/bin/fyne
if ! [ -x "$fyne" ] || ! [[ "$("$fyne" version 2>/dev/null)" == *v1.7.4* ]]; then
	echo "installing $FYNE_TOOLS"
	GOFLAGS= go install "$FYNE_TOOLS"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files -co --exclude-standard -z |
	tar --null -T - -cf - | tar -xf - -C "$tmp"

# The metadata must sit beside the main package; the icon path is made
# absolute so that it still resolves from there.
sed "s|^  Icon = .*|  Icon = \"$tmp/assets/icon.png\"|" FyneApp.toml \
	>"$tmp/cmd/tessera/FyneApp.toml"

# Built like "make build": without Fyne's colour emoji font.
(cd "$tmp/cmd/tessera" && "$fyne" package --os linux --release \
	--tags no_emoji)

mkdir -p dist
cp "$tmp"/cmd/tessera/*.tar.xz dist/
ls -l dist/*.tar.xz
