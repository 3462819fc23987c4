#!/usr/bin/env bash
# Drives samples/inpaint_interactive as a user would, on a private virtual X server:
# brush one step larger (]), method 2 (2), one horizontal stroke from (60,100) to (200,100) in
# window pixels, fill (space), save (s), quit (q).
#
#   xvfb_drive_interactive.sh DEMO IMAGE WORKDIR [extra demo arguments...]
#
# The demo writes WORKDIR/result.png and WORKDIR/mask.png; the caller checks them. With
# XWD_OUT=path the window is also captured (xwd) after the fill, for the documentation; METHOD_KEY
# and STROKE ("x,y x,y ...", window pixels, one drag through all points) change the key and path.
# Exit codes: 0 done, 77 Xvfb or xdotool is not installed (the test reports SKIPPED), 1 failure.
# Every wait is bounded; the X server and the demo are stopped on every exit path.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 DEMO IMAGE WORKDIR [demo arguments...]" >&2
    exit 1
fi
demo=$1 image=$2 work=$3
shift 3

for tool in Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (Debian packages xvfb, xdotool; scripts/bootstrap.sh installs them)"
        exit 77
    fi
done
if [ -n "${XWD_OUT:-}" ] && ! command -v xwd >/dev/null 2>&1; then
    echo "XWD_OUT needs xwd (Debian package x11-apps)" >&2
    exit 1
fi

mkdir -p "$work"
xvfb_pid="" demo_pid=""
cleanup() {
    # Only the two processes started here, by their ids.
    [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "--- demo output:"; cat "$work/demo.log" 2>/dev/null
    echo "--- Xvfb output:"; tail -5 "$work/xvfb.log" 2>/dev/null
    exit 1
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds.
wait_for() {
    local limit=$(( $1 * 10 )) i=0
    shift
    until "$@"; do
        i=$(( i + 1 ))
        [ "$i" -ge "$limit" ] && return 1
        sleep 0.1
    done
}

# The X server picks a free display itself and writes its number to fd 9 once it accepts clients.
rm -f "$work/display"
Xvfb -displayfd 9 -screen 0 1280x1024x24 -nolisten tcp -noreset 9>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
wait_for 15 grep -q '[0-9]' "$work/display" || fail "Xvfb did not start"
export DISPLAY=":$(tr -dc '0-9' < "$work/display")"

# A headless run has no D-Bus session: Qt would still try one (accessibility bridge) and libdbus
# leaks a buffer on the failure, which LeakSanitizer reports when the suite runs sanitized.
# strict_string_checks (if the caller's ASAN_OPTIONS sets it) is switched off for the demo only:
# Qt's xcb plugin calls libxkbcommon-x11, which strndup()s length-delimited, unterminated strings
# of X replies; legal for strndup, but the strict check assumes terminated strings. Our own code
# in the demo is PaintSession, which the unit tests run under the sanitizers with the strict checks.
asan_options="${ASAN_OPTIONS:-}"
case "$asan_options" in *strict_string_checks=1*) asan_options="$asan_options:strict_string_checks=0" ;; esac
ASAN_OPTIONS="$asan_options" DBUS_SESSION_BUS_ADDRESS="disabled:" QT_ACCESSIBILITY=0 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=0 \
QT_QPA_PLATFORM=xcb "$demo" --image="$image" --output="$work/result.png" --mask-output="$work/mask.png" \
    --method=telea --brush=8 "$@" >"$work/demo.log" 2>&1 &
demo_pid=$!

wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^inpaint_interactive$' 2>/dev/null | head -n 1)
[ -n "$wid" ] || fail "the demo's window did not appear within 30 s"
# Let the first frame be drawn and the mouse callback be installed.
wait_for 10 grep -q 'methods:' "$work/demo.log" || fail "the demo did not start"
sleep 0.5

# Without a window manager the focus follows the pointer: keep it over the window.
xdotool mousemove --window "$wid" 20 20
xdotool windowfocus --sync "$wid" 2>/dev/null
sleep 0.2
xdotool key --delay 100 bracketright "${METHOD_KEY:-2}"
sleep 0.2

points=${STROKE:-"60,100 70,100 80,100 90,100 100,100 110,100 120,100 130,100 140,100 150,100 160,100 170,100 180,100 190,100 200,100"}
first=1
for p in $points; do
    xdotool mousemove --window "$wid" "${p%,*}" "${p#*,}"
    if [ "$first" = 1 ]; then
        sleep 0.1
        xdotool mousedown 1
        first=0
    fi
    sleep 0.03
done
xdotool mouseup 1
sleep 0.2

xdotool key space
if [ -n "${XWD_OUT:-}" ]; then
    wait_for 60 grep -q '^filled' "$work/demo.log" || fail "no fill within 60 s"
    xdotool mousemove --window "$wid" 120 150
    sleep 0.5
    xwd -id "$wid" -silent -out "$XWD_OUT" || fail "xwd failed"
fi
xdotool key s
wait_for 60 test -s "$work/result.png" -a -s "$work/mask.png" || fail "result.png and mask.png were not saved within 60 s"

xdotool key q
wait_for 10 sh -c "! kill -0 $demo_pid 2>/dev/null" || fail "the demo did not quit on q"
wait "$demo_pid"
rc=$?
demo_pid=""
[ "$rc" -eq 0 ] || fail "the demo exited with $rc"
cat "$work/demo.log"
exit 0
