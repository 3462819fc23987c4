#!/usr/bin/env bash
# Training faults (issue 8): pconv_train killed with SIGKILL at random moments, several of them
# inside a checkpoint write, never leaves an unreadable checkpoint, and --resume continues from a
# step at most one checkpoint interval behind the step reached; a non-finite loss stops with a
# clear message, a non-zero exit and the last good checkpoint intact.
#
#   train_faults.sh PCONV_TRAIN WORK_DIR [SEED]
#
# A tiny net (width 4, 3 layers, 32 px crops) on a few of OpenCV's sample photos (or generated
# pictures when opencv-doc is not installed). Writes are slowed down by the test hook
# PCONV_TRAIN_SLOW_WRITE_MS (tools/train/src/util.cpp: a pause between the complete temporary
# file and the rename) so that kills land inside them.
set -uo pipefail
bin=$1 work=$2 seed=${3:-$RANDOM}
RANDOM=$seed
every=4 # --checkpoint-every
rm -rf "$work"
mkdir -p "$work/data" "$work/val"
out=$work/run
fail() { echo "FAIL: $*"; for f in "$work"/log.*; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done; exit 1; }
echo "train_faults: seed $seed (rerun with: $0 $bin $work $seed)"

# ---- data: a handful of small photos
samples=/usr/share/doc/opencv-doc/examples/data
n=0
for f in fruits.jpg baboon.jpg lena.jpg butterfly.jpg apple.jpg board.jpg; do
    [ -f "$samples/$f" ] && cp "$samples/$f" "$work/data/" && n=$((n + 1))
done
if [ $n -lt 3 ]; then
    # No opencv-doc: plain PPM pictures of gradients, written by the shell.
    for i in 1 2 3 4; do
        { printf 'P6\n48 40\n255\n'
          for ((y = 0; y < 40; y++)); do for ((x = 0; x < 48; x++)); do
              printf "\\x$(printf %02x $(( (x * 5 + i * 40) % 256 )))\\x$(printf %02x $(( (y * 6) % 256 )))\\x$(printf %02x $(( (x * y + i) % 256 )))"
          done; done; } > "$work/data/gen$i.ppm"
    done
fi
cp "$(ls "$work"/data/* | head -1)" "$work/val/"

train() { # train LOGFILE [extra flags...]; runs in the background, sets $pid
    local log=$1; shift
    "$bin" --threads 1 train --data "$work/data" --val-data "$work/val" --out "$out" --image_size 32 --layers 3 \
        --width 4 --batch_size 2 --steps 100000 --checkpoint-every $every --val-every 6 --log-every 1 \
        --resize-min 32 --resize-max 48 --seed 3 --resume "$@" > "$log" 2>&1 &
    pid=$!
}
last_step() { # the last step the log shows as completed
    grep -o 'step [0-9]*/' "$1" | tail -1 | tr -dc 0-9
}
ckpt_step() { # the step of a checkpoint, read by loading it fully (export); fails if unreadable
    local ck=$1 onnx=$work/check.onnx
    rm -f "$onnx"
    "$bin" --threads 1 export --checkpoint "$ck" --output "$onnx" > "$work/export.txt" 2>&1 ||
        fail "$ck is not loadable: $(cat "$work/export.txt")"
    [ -s "$onnx" ] || fail "export of $ck wrote no model"
    grep -o 'step [0-9]*' "$work/export.txt" | tr -dc 0-9
}
check_checkpoints() { # every checkpoint the tool would read loads
    local ck
    for ck in "$out/last.ckpt" "$out/best.ckpt"; do
        [ -e "$ck" ] && ckpt_step "$ck" > /dev/null
    done
    # Temporary files are hidden (.tmp.<pid>.<name>): never the names the tool reads.
    for ck in "$out"/*.ckpt; do
        case $(basename "$ck") in last.ckpt|best.ckpt|'*.ckpt') ;; *) fail "unexpected checkpoint name $ck" ;; esac
    done
    return 0
}

kills=0 inside=0 prev=0
for round in 1 2 3 4 5 6 7 8; do
    log=$work/log.$round
    slow=0
    [ $((round % 2)) -eq 0 ] && slow=$((150 + RANDOM % 250))
    PCONV_TRAIN_SLOW_WRITE_MS=$slow train "$log"
    # Wait until training runs (LibTorch's start takes a moment), then a little more.
    for _ in $(seq 600); do
        grep -q 'step [0-9]*/' "$log" 2>/dev/null && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.05
    done
    kill -0 $pid 2>/dev/null || fail "round $round: pconv_train exited early: $(tail -3 "$log")"
    start=$(grep -o 'steps [0-9]*\.\.' "$log" | tr -dc 0-9)
    if [ $round -gt 1 ]; then
        [ "$start" = "$expected_start" ] || fail "round $round resumed at step $start, the checkpoint holds $expected_start"
    fi
    if [ $slow -gt 0 ]; then
        # Inside a write: the moment the next checkpoint's temporary file appears (the pause keeps it there).
        for _ in $(seq 2000); do
            compgen -G "$out/.tmp.$pid.*.ckpt" > /dev/null && break
            sleep 0.005
        done
        kill -9 $pid
        wait $pid 2>/dev/null
        compgen -G "$out/.tmp.$pid.*.ckpt" > /dev/null && inside=$((inside + 1))
    else
        sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        sleep $((RANDOM % 2))
        kill -9 $pid
        wait $pid 2>/dev/null
    fi
    kills=$((kills + 1))
    reached=$(last_step "$log")
    reached=${reached:-$start}
    check_checkpoints
    expected_start=0
    [ -e "$out/last.ckpt" ] && expected_start=$(ckpt_step "$out/last.ckpt")
    lost=$((reached - expected_start))
    echo "round $round: resumed at $start, killed at step $reached$([ $slow -gt 0 ] && echo " (writes slowed by $slow ms)"), last.ckpt at $expected_start (lost $lost)"
    [ $lost -ge 0 ] || fail "last.ckpt step $expected_start is past the step reached, $reached"
    [ $lost -le $every ] || fail "lost $lost steps, more than one checkpoint interval ($every)"
    [ $expected_start -ge $prev ] || fail "last.ckpt went back from step $prev to $expected_start"
    prev=$expected_start
done
[ $inside -ge 2 ] || fail "only $inside of the kills landed inside a checkpoint write"

# ---- a clean resume to the end removes the stale temporary files and keeps the CSV whole
final=$((prev + 3))
"$bin" --threads 1 train --data "$work/data" --val-data "$work/val" --out "$out" --image_size 32 --layers 3 --width 4 \
    --batch_size 2 --steps $final --checkpoint-every $every --val-every 6 --log-every 1 --resize-min 32 --resize-max 48 \
    --seed 3 --resume > "$work/log.final" 2>&1 || fail "the final resume failed: $(tail -3 "$work/log.final")"
[ "$(ckpt_step "$out/last.ckpt")" = "$final" ] || fail "the final run did not end at step $final"
compgen -G "$out/.tmp.*" > /dev/null && fail "temporary files left after a clean run: $(ls -a "$out")"
cols=$(head -1 "$out/train.csv" | tr -cd , | wc -c)
awk -F, -v c=$((cols + 1)) 'NR > 1 && NF != c { bad = 1 } END { exit bad }' "$out/train.csv" ||
    fail "train.csv holds a torn row"
[ "$(tail -1 "$out/train.csv" | cut -d, -f1)" = "$final" ] || fail "train.csv does not end at step $final"

# ---- a non-finite loss: clear message, non-zero exit, last good checkpoint intact
before=$(sha256sum "$out/last.ckpt" | cut -d' ' -f1)
nan_step=$((final + 2))
PCONV_TRAIN_FAIL_AT_STEP=$nan_step "$bin" --threads 1 train --data "$work/data" --val-data "$work/val" --out "$out" \
    --image_size 32 --layers 3 --width 4 --batch_size 2 --steps $((final + 20)) --checkpoint-every 100 \
    --log-every 1 --resize-min 32 --resize-max 48 --seed 3 --resume > "$work/log.nan" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "a NaN loss exited with code 0"
grep -q "error: the loss became NaN at step $nan_step" "$work/log.nan" || fail "no clear message for the NaN loss"
grep -q "last good checkpoint is $out/last.ckpt" "$work/log.nan" || fail "the message does not name the last good checkpoint"
[ "$(sha256sum "$out/last.ckpt" | cut -d' ' -f1)" = "$before" ] || fail "last.ckpt changed on the NaN stop"
[ "$(ckpt_step "$out/last.ckpt")" = "$final" ] || fail "last.ckpt is not the last good step after the NaN stop"
echo "train_faults: ok: $kills kills ($inside inside a checkpoint write), every checkpoint loadable, at most $every steps lost; NaN stop exit $rc"
