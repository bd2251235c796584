#!/usr/bin/env bash
# gui.sh: Tessera's window with 200 accounts against a minimal Fyne
# window (bench/minwindow), measured the same way in the same run under
# Xvfb: time from launch to the window being mapped, idle CPU over 20 s
# with the window shown, and resident memory. Writes docs/gui.md.
#
# Usage: bench/gui.sh [RUNS]   (default 3; the median is reported)
# It starts its own Xvfb (on the first free display from :140, away
# from the ones the test wrapper uses) and runs itself inside
# .ci/services for a D-Bus session with a keyring, where the vault's key
# lives.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TESSERA_GUI_BENCH_INNER:-}" ]; then
	export TESSERA_GUI_BENCH_INNER=1 LANG=C.UTF-8
	for n in $(seq 140 180); do
		[ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
		break
	done
	Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
	xvfb=$!
	trap 'kill "$xvfb" 2>/dev/null || true' EXIT
	for _ in $(seq 50); do
		[ -e "/tmp/.X11-unix/X$n" ] && break
		sleep 0.1
	done
	DISPLAY=":$n" .ci/services "$0" "$@"
	exit
fi

runs=${1:-3}
idle=${TESSERA_GUI_IDLE:-20}
accounts=200
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Both programs are built as "make build" builds Tessera: without Fyne's
# colour emoji font (see the Makefile).
case " ${GOFLAGS:-} " in
*no_emoji*) ;;
*) export GOFLAGS="-tags=no_emoji ${GOFLAGS:-}" ;;
esac
go build -o "$tmp/tessera" ./cmd/tessera
go build -o "$tmp/minwindow" ./bench/minwindow
go build -o "$tmp/seed" ./bench/minwindow/seed
"$tmp/seed" "$tmp/vault" "$accounts"

# now_ms prints the monotonic-enough wall clock in milliseconds.
now_ms() { date +%s%3N; }

# mapped NAME: whether a viewable top-level window called NAME exists.
mapped() {
	xwininfo -root -tree 2>/dev/null | grep -F "\"$1\"" |
		grep -q . || return 1
	local id
	id=$(xwininfo -root -tree | grep -F "\"$1\"" | head -1 |
		awk '{print $1}')
	xwininfo -id "$id" | grep -q 'Map State: IsViewable'
}

# cpu_ticks PID: user+system clock ticks the process has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME CMD...: prints "first_frame_s idle_cpu_pct rss_mb".
measure() {
	local name=$1
	shift
	local t0 pid
	t0=$(now_ms)
	"$@" >"$tmp/$name.log" 2>&1 &
	pid=$!
	until mapped "$name"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "gui.sh: $name exited; its log:" >&2
			cat "$tmp/$name.log" >&2
			exit 1
		fi
		sleep 0.01
	done
	local first=$(($(now_ms) - t0))
	sleep 3 # let start-up work settle
	local hz c0 c1
	hz=$(getconf CLK_TCK)
	c0=$(cpu_ticks "$pid")
	sleep "$idle"
	c1=$(cpu_ticks "$pid")
	local rss
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	awk -v f="$first" -v c=$((c1 - c0)) -v hz="$hz" -v t="$idle" \
		-v r="$rss" 'BEGIN { printf "%.3f %.2f %.1f\n", f / 1000,
		100 * c / hz / t, r / 1024 }'
}

# median of the numbers on stdin.
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for i in $(seq "$runs"); do
	measure minwindow "$tmp/minwindow" >>"$tmp/min.txt"
	measure Tessera "$tmp/tessera" --vault "$tmp/vault" >>"$tmp/tes.txt"
done

col() { awk -v c="$2" '{print $c}' "$1" | median; }
mf=$(col "$tmp/min.txt" 1) mc=$(col "$tmp/min.txt" 2)
mr=$(col "$tmp/min.txt" 3)
tf=$(col "$tmp/tes.txt" 1) tc=$(col "$tmp/tes.txt" 2)
tr=$(col "$tmp/tes.txt" 3)

report() {
	cat <<MD
# GUI figures

Measured by \`bench/gui.sh\` on $(date -u +%Y-%m-%d): Tessera with
$accounts accounts against \`bench/minwindow\` (a minimal Fyne window of
the same size), each launched $runs times in turn under Xvfb
(1280×800, Mesa llvmpipe), medians shown. $(nproc) cores,
$(go env GOVERSION), Fyne $(go list -m -f '{{.Version}}' fyne.io/fyne/v2).

| measure | minwindow | Tessera | Tessera vs minwindow |
|---|---|---|---|
| launch to window mapped | ${mf} s | ${tf} s | $(awk -v a="$tf" -v b="$mf" 'BEGIN{printf "%.2f×", a/b}') |
| idle CPU over ${idle} s, window shown | ${mc}% | ${tc}% | $(awk -v a="$tc" -v b="$mc" 'BEGIN{printf "%+.2f points", a-b}') |
| resident memory after idling | ${mr} MB | ${tr} MB | $(awk -v a="$tr" -v b="$mr" 'BEGIN{printf "%+.1f MB", a-b}') |

"Launch to window mapped" is the time until X reports the window
viewable (polled every 10 ms with \`xwininfo\`), for both programs alike;
Tessera's includes opening the vault through the keyring. Idle CPU is
the process's user and system time over the idle span, as a share of
one core. Tessera redraws the visible rows once a second, on the second.

Targets (issue 5): first frame within 0.5 s, idle CPU under 1% of one
core, memory within 30 MB of the minimal window.

Every run, in order (launch s, idle CPU %, memory MB):

\`\`\`
minwindow: $(paste -sd ';' "$tmp/min.txt")
Tessera:   $(paste -sd ';' "$tmp/tes.txt")
\`\`\`
MD
}
# Hand-written notes below the marker survive a new run.
notes=""
if [ -f docs/gui.md ]; then
	notes=$(sed -n '/^<!-- notes -->$/,$p' docs/gui.md)
fi
{
	report
	[ -z "$notes" ] || printf '\n%s\n' "$notes"
} >docs/gui.md
cat docs/gui.md
