# Tessera's build. On a fresh Debian 12 machine with Go, git and make,
# "make run" and "make test" install whatever else they need.

GO        ?= go
BIN       := bin/tessera
export LANG ?= C.UTF-8

# Debian packages: building the GUI (cgo, GL, X11), and the reference
# tools and services the tests use.
BUILD_DEBS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev \
	libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_DEBS  := $(BUILD_DEBS) oathtool qrencode zbar-tools zxing-cpp-tools \
	dbus dbus-daemon gnome-keyring xvfb xauth x11-utils imagemagick \
	xdotool

# Fyne's no_emoji tag leaves out the 4.2 MB colour emoji font that Fyne
# would otherwise parse once per text style: about 25 MB of the window's
# memory, for glyphs an authenticator has no use for. Every go command
# run by make, and the scripts it calls, builds this way.
export GOFLAGS := -tags=no_emoji $(GOFLAGS)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build run test bench bench-gui fuzz deps-build deps-test \
	generate package clean

all: build

# deps-% installs the packages of one list that are not installed yet,
# updating the package index once and only when something is missing.
define install_debs
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
			--no-install-recommends $$missing; \
	fi
endef

deps-build:
	$(call install_debs,$(BUILD_DEBS))

deps-test:
	$(call install_debs,$(TEST_DEBS))

build: deps-build
	$(GO) build -o $(BIN) ./cmd/tessera

run: build
	./$(BIN)

# The tests run inside a private D-Bus session with an unlocked
# gnome-keyring (the real Secret Service) and an Xvfb display.
test: deps-test
	$(GO) vet ./...
	.ci/services $(GO) test -count=1 -timeout 30m ./...

bench: deps-test
	.ci/services $(GO) test -run '^$$' -bench . -benchmem ./...
	bench/corpus.sh

# Launch time, idle CPU and memory of the window with 200 accounts, beside
# a minimal Fyne window, under Xvfb; writes docs/gui.md.
bench-gui: deps-test
	bench/gui.sh

fuzz: deps-build
	bench/fuzz.sh

# A Linux bundle (.tar.xz with the .desktop file) in dist/, made by
# fyne package on a copy of the tree (it rewrites FyneApp.toml).
package: deps-build
	.ci/package.sh

generate:
	$(GO) generate ./...

clean:
	rm -rf bin
