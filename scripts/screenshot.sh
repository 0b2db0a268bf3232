#!/usr/bin/env bash
# Takes a screenshot of the real Découpage window under a virtual X server.
#
#   scripts/screenshot.sh OUT.png [STEP ...] [-- DECOUPAGE ARGS ...]
#
# Steps run in order once the window is up, each followed by a short pause:
#   --click X,Y     click at X,Y (pixels, relative to the window)
#   --key KEYS      press keys, xdotool names: Down, ctrl+f, Escape ...
#   --type TEXT     type text into the focused widget
#   --resize W,H    resize the window
#   --sleep SECS    wait longer
# Options:
#   --no-build      use the existing target/release/decoupage
#   --full          keep the whole 1400x900 screen instead of the window
#
# Examples:
#   scripts/screenshot.sh shots/start.png
#   scripts/screenshot.sh shots/search.png --key ctrl+f --type archives
#   scripts/screenshot.sh shots/other.png -- projects/stakhanov.ron
#
# Screenshots belong in shots/, which git ignores. The display is :99, or the
# next free one when another screenshot is being taken at the same time.
set -euo pipefail

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

[[ $# -ge 1 ]] || usage
case "$1" in -h | --help) usage ;; esac
out=$1
shift

build=1
full=0
steps=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --) shift; break ;;
    --no-build) build=0; shift ;;
    --full) full=1; shift ;;
    --click | --key | --type | --resize | --sleep)
        [[ $# -ge 2 ]] || { echo "screenshot.sh: $1 needs a value" >&2; exit 2; }
        steps+=("$1" "$2")
        shift 2
        ;;
    *) echo "screenshot.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
app_args=("$@")

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The tools: install what is missing, refreshing the package lists only when
# a first install fails.
missing=0
for tool in Xvfb import xdotool xwininfo; do
    command -v "$tool" > /dev/null || missing=1
done
if [[ $missing == 1 ]]; then
    sudo=""
    [[ $(id -u) == 0 ]] || sudo="sudo"
    packages=(xvfb x11-apps imagemagick xdotool x11-utils)
    echo "screenshot.sh: installing ${packages[*]}" >&2
    $sudo apt-get install -y "${packages[@]}" > /dev/null ||
        { $sudo apt-get update > /dev/null && $sudo apt-get install -y "${packages[@]}" > /dev/null; }
fi

if [[ $build == 1 ]]; then
    cargo build --release --quiet
fi
binary=$root/target/release/decoupage
[[ -x $binary ]] || { echo "screenshot.sh: $binary is missing; build it first" >&2; exit 1; }

display=99
while [[ -e /tmp/.X$display-lock || -e /tmp/.X11-unix/X$display ]]; do
    display=$((display + 1))
done

xvfb_pid=""
app_pid=""
log=$(mktemp)
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2> /dev/null || true
    [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2> /dev/null || true
    wait 2> /dev/null || true
    rm -f "$log"
}
trap cleanup EXIT

Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp > /dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$display"
for _ in $(seq 100); do
    [[ -e /tmp/.X11-unix/X$display ]] && break
    sleep 0.1
done
[[ -e /tmp/.X11-unix/X$display ]] || { echo "screenshot.sh: Xvfb did not start on :$display" >&2; exit 1; }

# Software OpenGL: there is no GPU under Xvfb.
LIBGL_ALWAYS_SOFTWARE=1 "$binary" "${app_args[@]}" > "$log" 2>&1 &
app_pid=$!

window=""
for _ in $(seq 300); do
    if ! kill -0 "$app_pid" 2> /dev/null; then
        echo "screenshot.sh: decoupage exited before its window appeared:" >&2
        cat "$log" >&2
        exit 1
    fi
    window=$(xdotool search --onlyvisible --pid "$app_pid" 2> /dev/null | head -n 1 || true)
    [[ -n $window ]] && break
    sleep 0.1
done
[[ -n $window ]] || { echo "screenshot.sh: no window after 30 s" >&2; cat "$log" >&2; exit 1; }

# Let the first frames paint, then give the window the keyboard: there is
# no window manager to do it.
sleep 1.5
xdotool windowfocus --sync "$window" 2> /dev/null || true

i=0
while [[ $i -lt ${#steps[@]} ]]; do
    step=${steps[$i]}
    value=${steps[$((i + 1))]}
    case "$step" in
    --click)
        IFS=, read -r x y <<< "$value"
        xdotool mousemove --window "$window" "$x" "$y"
        sleep 0.2
        xdotool click 1
        ;;
    --key) xdotool key --clearmodifiers "$value" ;;
    --type) xdotool type --delay 30 "$value" ;;
    --resize)
        IFS=, read -r w h <<< "$value"
        xdotool windowsize "$window" "$w" "$h"
        ;;
    --sleep) sleep "$value" ;;
    esac
    sleep 0.6
    i=$((i + 2))
done
sleep 0.5

if ! kill -0 "$app_pid" 2> /dev/null; then
    echo "screenshot.sh: decoupage exited during the steps:" >&2
    cat "$log" >&2
    exit 1
fi

mkdir -p "$(dirname "$out")"
if [[ $full == 1 ]]; then
    import -window root "$out"
else
    # The window alone: the screen around it is black.
    eval "$(xdotool getwindowgeometry --shell "$window")"
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out"
fi
echo "$out"
